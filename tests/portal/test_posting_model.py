"""The Content Posting model without HTTP: URL properties, chunk rules, status progression."""

from __future__ import annotations

import pytest

from pytest_tiktok_sandbox import App, InvalidURLProperty, Portal, PostingRefused, Sandbox, UploadRefused
from pytest_tiktok_sandbox.portal.creators import disabled_interactions, max_video_duration
from pytest_tiktok_sandbox.portal.uploads import MB, check_chunks
from pytest_tiktok_sandbox.portal.url_properties import url_is_verified


# -- URL properties --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "stored"),
    [("Example.COM", "example.com"), ("https://cdn.example.com/media/", "https://cdn.example.com/media/")],
)
def test_url_properties_are_domains_or_https_prefixes(app: App, value: str, stored: str) -> None:
    assert app.verify_url_property(value) == stored
    assert app.verify_url_property(value) == stored  # verifying twice keeps one
    assert app.url_properties == (stored,)
    app.remove_url_property(value)
    assert app.url_properties == ()


@pytest.mark.parametrize(
    "value",
    [
        "http://example.com/media/",
        "https://example.com/media",  # a prefix ends with '/'
        "https://203.0.113.9/",
        "203.0.113.9",
        "localhost",
        "example.com/media/",
        "",
        "https://example.com/?x=1",
    ],
)
def test_bad_url_properties_are_refused(app: App, value: str) -> None:
    with pytest.raises(InvalidURLProperty):
        app.verify_url_property(value)
    assert app.url_properties == ()


def test_removing_an_unknown_property_is_refused(app: App) -> None:
    with pytest.raises(InvalidURLProperty, match="not a URL property"):
        app.remove_url_property("example.com")


@pytest.mark.parametrize(
    ("url", "verified"),
    [
        ("https://example.com/a.mp4", True),
        ("https://videos.example.com/a.mp4", True),  # a domain covers its subdomains
        ("https://badexample.com/a.mp4", False),
        ("https://cdn.other.org/media/a.mp4", True),
        ("https://cdn.other.org/mediax/a.mp4", False),
        ("http://example.com/a.mp4", False),
        ("https://[2001:db8::1]/a.mp4", False),
        ("not a url", False),
    ],
)
def test_url_matching(url: str, verified: bool) -> None:
    assert url_is_verified(url, ["example.com", "https://cdn.other.org/media/"]) is verified


# -- chunk rules ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("video_size", "chunk_size", "count"),
    [
        (1, 1, 1),
        (5 * MB - 1, 5 * MB - 1, 1),
        (5 * MB, 5 * MB, 1),
        (64 * MB, 64 * MB, 1),
        (50_000_123, 10_000_000, 5),  # TikTok's example: the last chunk is 10,000,123 bytes
        (819 * 5 * MB, 5 * MB, 819),  # near 4 GB (1000 chunks of 5 MB would exceed it)
        (64 * MB * 2 + 64 * MB - 1, 64 * MB, 2),  # a last chunk of 128 MB - 1
    ],
)
def test_chunk_layouts_tiktok_accepts(video_size: int, chunk_size: int, count: int) -> None:
    check_chunks(video_size, chunk_size, count)


@pytest.mark.parametrize(
    ("video_size", "chunk_size", "count"),
    [
        (1001 * 5 * MB, 5 * MB, 1001),  # more than 1000 chunks
        (64 * MB * 3 + 10, 64 * MB * 2, 1),  # a chunk over 64 MB
        (64 * MB + 1, 64 * MB + 1, 1),  # over 64 MB must be chunked
        (50_000_123, 10_000_000, 6),  # rounded up
        (10 * MB, -1, 1),
    ],
)
def test_chunk_layouts_tiktok_refuses(video_size: int, chunk_size: int, count: int) -> None:
    with pytest.raises(PostingRefused) as refused:
        check_chunks(video_size, chunk_size, count)
    assert refused.value.code == "invalid_params"


# -- status progression, straight on the model -------------------------------------------------------------------
@pytest.fixture
def posting_sandbox(sandbox: Sandbox) -> Sandbox:
    sandbox.configure(products=["content_posting_api"], scopes=["video.publish", "video.upload"])
    return sandbox


def test_a_publish_progresses_on_the_clock(portal: Portal, posting_sandbox: Sandbox) -> None:
    account = portal.create_account(is_private=True)
    publish = portal.posting.start(
        posting_sandbox, account, media_type="VIDEO", post_mode="DIRECT_POST", source="FILE_UPLOAD",
        privacy_level="SELF_ONLY", video_size=12 * MB, chunk_size=5 * MB, total_chunk_count=2,
    )  # fmt: skip
    upload = publish.upload
    assert upload is not None and publish.status == "PROCESSING_UPLOAD"
    assert upload.receive(0, 5 * MB - 1, 12 * MB, 5 * MB, portal.clock.now()) is False
    with pytest.raises(UploadRefused) as refused:
        upload.receive(0, 5 * MB - 1, 12 * MB, 5 * MB, portal.clock.now())
    assert refused.value.reason == "out_of_order"
    assert upload.receive(5 * MB, 12 * MB - 1, 12 * MB, 7 * MB, portal.clock.now()) is True
    assert publish.status == "PROCESSING_UPLOAD"
    portal.clock.advance(60)
    assert publish.status == "PUBLISH_COMPLETE"
    assert account.videos[0].id == str(publish.post_id)
    assert publish.publicly_available_post_ids == []  # SELF_ONLY never becomes public
    assert len(portal.posting) == 1 and list(portal.posting) == [publish]


def test_failing_with_an_unknown_reason_is_refused(portal: Portal, posting_sandbox: Sandbox) -> None:
    account = portal.create_account(is_private=True)
    publish = portal.posting.start(
        posting_sandbox, account, media_type="VIDEO", post_mode="MEDIA_UPLOAD", source="PULL_FROM_URL",
        urls=["https://example.com/a.mp4"], url_properties=["example.com"],
    )  # fmt: skip
    with pytest.raises(PostingRefused):
        publish.fail("because")
    publish.fail("internal")
    portal.clock.advance(60)
    assert (publish.status, publish.fail_reason) == ("FAILED", "internal")
    with pytest.raises(PostingRefused):
        publish.post_from_inbox()


# -- the creator's settings ----------------------------------------------------------------------------------
def test_a_direct_post_gets_the_creators_interactions_turned_off(portal: Portal, posting_sandbox: Sandbox) -> None:
    # Direct Post reference: "The TikTok server disables" comments, duets and stitches set to "No one"
    # (and duets and stitches of private accounts).
    account = portal.create_account(is_private=False, comment_disabled=True, duet_disabled=False, stitch_disabled=False)
    assert disabled_interactions(account) == {"comment": True, "duet": False, "stitch": False}
    account.is_private = True
    assert disabled_interactions(account) == {"comment": True, "duet": True, "stitch": True}
    publish = portal.posting.start(
        posting_sandbox, account, media_type="VIDEO", post_mode="DIRECT_POST", source="PULL_FROM_URL",
        privacy_level="SELF_ONLY", interactions={"comment": False, "duet": False},
        urls=["https://example.com/a.mp4"], url_properties=["example.com"],
    )  # fmt: skip
    assert (publish.disable_comment, publish.disable_duet, publish.disable_stitch) == (True, True, True)
    with pytest.raises(PostingRefused, match=r"post_info\.disable_comment and post_info\.disable_duet") as refused:
        portal.posting.start(
            posting_sandbox, account, media_type="VIDEO", post_mode="DIRECT_POST", source="PULL_FROM_URL",
            privacy_level="SELF_ONLY", interactions={"comment": False, "duet": False, "stitch": True},
            refuse_disabled_interactions=True, urls=["https://example.com/a.mp4"], url_properties=["example.com"],
        )  # fmt: skip
    assert refused.value.code == "invalid_params"
    assert len(portal.posting) == 1


def test_an_inbox_upload_leaves_interactions_to_the_creator(portal: Portal, posting_sandbox: Sandbox) -> None:
    account = portal.create_account(is_private=True, comment_disabled=True)
    publish = portal.posting.start(
        posting_sandbox, account, media_type="VIDEO", post_mode="MEDIA_UPLOAD", source="PULL_FROM_URL",
        refuse_disabled_interactions=True, urls=["https://example.com/a.mp4"], url_properties=["example.com"],
    )  # fmt: skip
    assert (publish.disable_comment, publish.disable_duet, publish.disable_stitch) == (False, False, False)


@pytest.mark.parametrize(("maximum", "duration", "fails"), [(180, 180, False), (180, 181, True), (3600, 601, True)])
def test_a_pulled_video_longer_than_the_creator_may_post_fails(
    portal: Portal, posting_sandbox: Sandbox, maximum: int, duration: int, fails: bool
) -> None:
    # Creator info reference: max_video_post_duration_sec, "to stop video posts that are too long"; the media
    # transfer guide: at most 10 minutes through the API, whatever the creator's maximum.
    account = portal.create_account(is_private=True, max_video_post_duration_sec=maximum)
    assert max_video_duration(account) == min(maximum, 600)
    portal.posting.host_media("https://example.com/a.mp4", duration=duration)
    publish = portal.posting.start(
        posting_sandbox, account, media_type="VIDEO", post_mode="DIRECT_POST", source="PULL_FROM_URL",
        privacy_level="SELF_ONLY", urls=["https://example.com/a.mp4"], url_properties=["example.com"],
    )  # fmt: skip
    portal.clock.advance(60)
    assert (publish.status, publish.fail_reason) == (
        ("FAILED", "duration_check_failed") if fails else ("PUBLISH_COMPLETE", "")
    )


def test_a_direct_post_without_a_privacy_level_is_refused(portal: Portal, posting_sandbox: Sandbox) -> None:
    account = portal.create_account(is_private=True)
    with pytest.raises(PostingRefused, match="not specified") as refused:
        portal.posting.start(
            posting_sandbox, account, media_type="VIDEO", post_mode="DIRECT_POST", source="PULL_FROM_URL",
            urls=["https://example.com/a.mp4"], url_properties=["example.com"],
        )  # fmt: skip
    assert refused.value.code == "privacy_level_option_mismatch"
