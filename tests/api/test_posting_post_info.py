"""What a Direct Post's ``post_info`` must hold and what the creator's settings allow: a
missing ``privacy_level``, the creator's interaction settings and longest video,
``brand_content_toggle``, and the body of a successful cancel. Each test cites the TikTok page
its behaviour comes from."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from pytest_tiktok_sandbox import Account, ApiSettings, Clock, Portal, Sandbox, WebhookOutbox
from pytest_tiktok_sandbox.payloads.posting import CreatorInfo

from .posting_client import MB, Poster, cancelled, data, error, token_for, upload_whole

CDN = "https://cdn.example.com/media/"
pytestmark = pytest.mark.tiktok_sandbox(
    products=["login_kit", "content_posting_api"],
    scopes=["video.publish", "video.upload"],
    direct_post=True,
    url_properties=[CDN],
    webhook_callback_url="https://example.com/tiktok/webhooks",
    target_users=1,
)


@pytest.fixture
def creator(tiktok_target_users: list[Account]) -> Account:
    return tiktok_target_users[0]


@pytest.fixture
def poster(tiktok_sandbox: Sandbox, creator: Account) -> Poster:
    return Poster(token_for(tiktok_sandbox, creator))


def pull(poster: Poster, post_info: dict[str, Any], url: str = CDN + "a.mp4") -> requests.Response:
    return poster.post(
        "video/init/", {"post_info": post_info, "source_info": {"source": "PULL_FROM_URL", "video_url": url}}
    )


def photos(poster: Poster, post_info: dict[str, Any]) -> requests.Response:
    body = {
        "media_type": "PHOTO",
        "post_mode": "DIRECT_POST",
        "post_info": post_info,
        "source_info": {"source": "PULL_FROM_URL", "photo_images": [CDN + "1.jpg"], "photo_cover_index": 0},
    }
    return poster.post("content/init/", body)


# -- item 7: a missing privacy_level ------------------------------------------------------------------------
# Direct Post reference (content-posting-api-reference-direct-post), error codes: 403
# privacy_level_option_mismatch, "privacy_level is not specified or not among the options from the
# privacy_level_options returned in /publish/creator_info/query/ API".
@pytest.mark.parametrize(
    "body",
    [
        pytest.param({"post_info": {"title": "no privacy level"}}, id="post_info-without-privacy_level"),
        pytest.param({"post_info": {"privacy_level": None}}, id="privacy_level-null"),
        pytest.param({}, id="no-post_info"),
    ],
)
def test_a_direct_post_without_privacy_level_is_privacy_level_option_mismatch(
    poster: Poster, body: dict[str, Any]
) -> None:
    body = {**body, "source_info": {"source": "PULL_FROM_URL", "video_url": CDN + "a.mp4"}}
    response = poster.post("video/init/", body)
    assert error(response, 403) == "privacy_level_option_mismatch"
    assert "not specified" in response.json()["error"]["message"]


def test_a_photo_direct_post_without_privacy_level_is_privacy_level_option_mismatch(poster: Poster) -> None:
    # The photo reference (content-posting-api-reference-photo-post): privacy_level is "Required
    # for DIRECT POST" and refused as the Direct Post reference refuses it.
    assert error(photos(poster, {"title": "photos"}), 403) == "privacy_level_option_mismatch"


def test_a_privacy_level_not_among_the_options_is_still_403(poster: Poster) -> None:
    # A private creator's options are FOLLOWER_OF_CREATOR, MUTUAL_FOLLOW_FRIENDS, SELF_ONLY.
    assert error(pull(poster, {"privacy_level": "PUBLIC_TO_EVERYONE"}), 403) == "privacy_level_option_mismatch"


def test_a_privacy_level_that_is_no_enum_value_is_invalid_params(poster: Poster) -> None:
    assert error(pull(poster, {"privacy_level": "PUBLIC"}), 400) == "invalid_params"


# -- item 8: the creator's settings -------------------------------------------------------------------------
# Query Creator Info reference (content-posting-api-reference-query-creator-info): comment_disabled is
# true "if the creator sets the comment interaction to 'No one'"; duet_disabled / stitch_disabled
# "if the creator account is private or they set the Duet/Stitch interaction to 'No one'";
# max_video_post_duration_sec: "Different users have different maximum video-duration privileges"
# (the reference's example is 300).
def test_creator_info_answers_the_creators_own_settings(
    tiktok_portal: Portal, tiktok_sandbox: Sandbox, creator: Account
) -> None:
    public = tiktok_portal.create_account(
        is_private=False,
        comment_disabled=True,
        duet_disabled=False,
        stitch_disabled=True,
        max_video_post_duration_sec=300,
    )
    tiktok_sandbox.add_target_user(public, public.password)
    info = CreatorInfo.model_validate(data(Poster(token_for(tiktok_sandbox, public)).creator_info()))
    assert (info.comment_disabled, info.duet_disabled, info.stitch_disabled) == (True, False, True)
    assert info.max_video_post_duration_sec == 300

    public.comment_disabled = False  # settings change in the creator's app; creator_info follows
    public.max_video_post_duration_sec = 600
    info = CreatorInfo.model_validate(data(Poster(token_for(tiktok_sandbox, public)).creator_info()))
    assert (info.comment_disabled, info.max_video_post_duration_sec) == (False, 600)


def test_a_private_creator_has_duets_and_stitches_disabled_whatever_their_settings(
    poster: Poster, creator: Account
) -> None:
    creator.duet_disabled = creator.stitch_disabled = False
    creator.comment_disabled = False
    info = data(poster.creator_info())
    assert (info["comment_disabled"], info["duet_disabled"], info["stitch_disabled"]) == (False, True, True)


def test_creator_settings_vary_between_accounts_and_are_stable_under_the_seed() -> None:
    def settings(seed: int) -> list[tuple[bool, bool, bool, int]]:
        portal = Portal(seed=seed)
        accounts = [portal.create_account() for _ in range(60)]
        return [
            (a.comment_disabled, a.duet_disabled, a.stitch_disabled, a.max_video_post_duration_sec) for a in accounts
        ]

    first = settings(7)
    assert settings(7) == first  # the same seed gives the same creators
    assert len({s[3] for s in first}) > 1  # maximum durations differ between creators
    assert all(0 < s[3] <= 600 for s in first)
    assert any(s[0] for s in first) and not all(s[0] for s in first)  # some creators turn comments off
    assert any(s[1] for s in first) and any(s[2] for s in first)


def test_reading_the_settings_does_not_build_the_profile() -> None:
    account = Portal(seed=3).create_account()
    assert account.max_video_post_duration_sec > 0
    assert account._profile is None  # no faker call for the posting settings


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("comment_disabled", "yes"),
        ("duet_disabled", 1),
        ("max_video_post_duration_sec", 0),
        ("max_video_post_duration_sec", 30.5),
        ("max_video_post_duration_sec", True),
    ],
)
def test_bad_settings_are_refused(field: str, value: Any) -> None:
    from pytest_tiktok_sandbox.portal import InvalidConfiguration

    portal = Portal(seed=1)
    with pytest.raises(InvalidConfiguration, match=field):
        portal.create_account(**{field: value})
    account = portal.create_account()
    with pytest.raises(ValueError, match=field):
        setattr(account, field, value)


# Direct Post reference, post_info.disable_comment / disable_duet / disable_stitch: "The TikTok server
# disables Comments / Duets / Stitches for [private accounts and] users who set the ... permission to
# 'No one' in their privacy setting." TikTok documents no error for it: the server turns them off.
def test_a_direct_post_cannot_turn_on_an_interaction_the_creator_disabled(
    poster: Poster, creator: Account, tiktok_portal: Portal
) -> None:
    creator.comment_disabled = True  # private: duets and stitches are off too
    init = data(pull(poster, {"privacy_level": "SELF_ONLY", "disable_comment": False, "disable_duet": False}))
    publish = tiktok_portal.posting.get(init["publish_id"])
    assert publish is not None
    assert (publish.disable_comment, publish.disable_duet, publish.disable_stitch) == (True, True, True)


def test_a_direct_post_keeps_the_interactions_it_may_turn_off_or_on(
    tiktok_portal: Portal, tiktok_sandbox: Sandbox
) -> None:
    public = tiktok_portal.create_account(
        is_private=True, comment_disabled=False, duet_disabled=False, stitch_disabled=False
    )
    tiktok_sandbox.add_target_user(public, public.password)
    poster = Poster(token_for(tiktok_sandbox, public))
    init = data(pull(poster, {"privacy_level": "SELF_ONLY", "disable_comment": True}))
    publish = tiktok_portal.posting.get(init["publish_id"])
    assert publish is not None
    assert (publish.disable_comment, publish.disable_duet, publish.disable_stitch) == (True, True, True)
    init = data(pull(poster, {"privacy_level": "SELF_ONLY"}))
    publish = tiktok_portal.posting.get(init["publish_id"])
    assert publish is not None and publish.disable_comment is False


def test_a_photo_post_cannot_turn_on_comments_the_creator_disabled(
    poster: Poster, creator: Account, tiktok_portal: Portal
) -> None:
    creator.comment_disabled = True
    init = data(photos(poster, {"privacy_level": "SELF_ONLY", "disable_comment": False}))
    publish = tiktok_portal.posting.get(init["publish_id"])
    assert publish is not None and publish.disable_comment is True


class TestRefuseDisabledInteractions:
    """``ApiSettings(refuse_disabled_interactions=True)``: a post that explicitly turns on an
    interaction the creator disabled is refused (400 invalid_params) instead of turned off, to
    catch an export screen that ignores the creator's settings (Content Sharing Guidelines)."""

    @pytest.fixture
    def tiktok_api_settings(self) -> ApiSettings:
        return ApiSettings(refuse_disabled_interactions=True)

    @pytest.mark.parametrize("field", ["disable_comment", "disable_duet", "disable_stitch"])
    def test_turning_on_a_disabled_interaction_is_refused(
        self, poster: Poster, creator: Account, tiktok_portal: Portal, field: str
    ) -> None:
        creator.comment_disabled = True  # private: duets and stitches are off too
        response = pull(poster, {"privacy_level": "SELF_ONLY", field: False})
        assert error(response, 400) == "invalid_params"
        assert field in response.json()["error"]["message"]
        assert len(tiktok_portal.posting) == 0

    def test_leaving_it_out_or_turning_it_off_is_fine(self, poster: Poster, creator: Account) -> None:
        creator.comment_disabled = True
        data(pull(poster, {"privacy_level": "SELF_ONLY"}))
        data(pull(poster, {"privacy_level": "SELF_ONLY", "disable_comment": True, "disable_duet": True}))

    def test_photos_too(self, poster: Poster, creator: Account) -> None:
        creator.comment_disabled = True
        assert error(photos(poster, {"privacy_level": "SELF_ONLY", "disable_comment": False}), 400) == "invalid_params"


# Media transfer guide, video restrictions, and the Query Creator Info reference ("Developers should use
# this field to stop video posts that are too long"); Get Post Status reference: fail_reason
# duration_check_failed, "Video does not meet our duration restrictions".
def test_a_pull_longer_than_the_creators_maximum_fails(
    poster: Poster, creator: Account, tiktok_portal: Portal, tiktok_clock: Clock
) -> None:
    creator.max_video_post_duration_sec = 180
    tiktok_portal.posting.host_media(CDN + "four-minutes.mp4", duration=240)
    tiktok_portal.posting.host_media(CDN + "three-minutes.mp4", duration=180)
    long = data(pull(poster, {"privacy_level": "SELF_ONLY"}, CDN + "four-minutes.mp4"))["publish_id"]
    fits = data(pull(poster, {"privacy_level": "SELF_ONLY"}, CDN + "three-minutes.mp4"))["publish_id"]
    tiktok_clock.advance(60)
    failed = data(poster.status(long))
    assert (failed["status"], failed["fail_reason"]) == ("FAILED", "duration_check_failed")
    assert data(poster.status(fits))["status"] == "PUBLISH_COMPLETE"


def test_an_upload_longer_than_the_creators_maximum_fails(
    poster: Poster, creator: Account, tiktok_portal: Portal, tiktok_clock: Clock, tiktok_webhooks: WebhookOutbox
) -> None:
    creator.max_video_post_duration_sec = 300
    tiktok_portal.posting.upload_media(duration=301)  # what the uploaded files turn out to be
    init = data(poster.direct_file(video_size=1000))
    assert upload_whole(init["upload_url"], 1000, 1000) == [201]
    failed = data(poster.status(init["publish_id"]))  # checked as soon as the last chunk is in
    assert (failed["status"], failed["fail_reason"]) == ("FAILED", "duration_check_failed")
    assert [e.event for e in tiktok_webhooks.events] == ["post.publish.failed"]

    tiktok_portal.posting.upload_media(duration=300)
    init = data(poster.direct_file(video_size=1000))
    upload_whole(init["upload_url"], 1000, 1000)
    tiktok_clock.advance(60)
    assert data(poster.status(init["publish_id"]))["status"] == "PUBLISH_COMPLETE"
    assert creator.videos[0].duration == 300


# -- item 9: brand_content_toggle ---------------------------------------------------------------------------
# The Direct Post reference marks brand_content_toggle "Required: true", but its own example request leaves it
# out, and so do real clients (creator-publish, tiktok-api-client; see tests/clients): a missing toggle is taken
# as false. ApiSettings(require_brand_content_toggle=True) refuses it instead.
def test_a_missing_brand_content_toggle_is_taken_as_false(poster: Poster, tiktok_portal: Portal) -> None:
    # The reference's own example body, verbatim but for the source (no brand_content_toggle).
    example = {
        "title": "this will be a funny #cat video on your @tiktok #fyp",
        "privacy_level": "SELF_ONLY",
        "disable_duet": False,
        "disable_comment": True,
        "disable_stitch": False,
        "video_cover_timestamp_ms": 1000,
    }
    data(pull(poster, example))
    data(photos(poster, {"privacy_level": "SELF_ONLY"}))


def test_a_brand_content_toggle_must_be_a_boolean(poster: Poster) -> None:
    response = pull(poster, {"privacy_level": "SELF_ONLY", "brand_content_toggle": "true"})
    assert error(response, 400) == "invalid_params"
    assert "brand_content_toggle" in response.json()["error"]["message"]


class TestRequireBrandContentToggle:
    @pytest.fixture
    def tiktok_api_settings(self) -> ApiSettings:
        return ApiSettings(require_brand_content_toggle=True)

    def test_a_video_direct_post_without_it_is_invalid_params(self, poster: Poster) -> None:
        response = pull(poster, {"privacy_level": "SELF_ONLY"})
        assert error(response, 400) == "invalid_params"
        assert "brand_content_toggle" in response.json()["error"]["message"]
        data(pull(poster, {"privacy_level": "SELF_ONLY", "brand_content_toggle": False}))

    def test_a_photo_direct_post_needs_both_brand_toggles(self, poster: Poster) -> None:
        # The photo reference marks brand_content_toggle and brand_organic_toggle required for DIRECT POST.
        response = photos(poster, {"privacy_level": "SELF_ONLY", "brand_content_toggle": False})
        assert error(response, 400) == "invalid_params"
        assert "brand_organic_toggle" in response.json()["error"]["message"]
        data(
            photos(poster, {"privacy_level": "SELF_ONLY", "brand_content_toggle": False, "brand_organic_toggle": True})
        )

    def test_inbox_uploads_have_no_post_info(self, poster: Poster) -> None:
        data(poster.inbox_file())


# -- item 10: the body of a successful cancel ---------------------------------------------------------------
# Media transfer guide, "Cancel": a successful cancel answers only the error object,
# {"error": {"code": "ok", "message": "", "log_id": ...}}, without "data".
def test_a_successful_cancel_answers_only_the_error_object(
    poster: Poster, tiktok_portal: Portal, tiktok_clock: Clock
) -> None:
    tiktok_clock.freeze()
    tiktok_portal.posting.host_media(CDN + "slow.mp4", size=1024 * MB)
    publish_id = data(pull(poster, {"privacy_level": "SELF_ONLY"}, CDN + "slow.mp4"))["publish_id"]
    response = poster.cancel(publish_id)
    assert response.json() == {"error": {"code": "ok", "message": "", "log_id": response.headers["x-tt-logid"]}}
    cancelled(response)  # the helper the other posting tests use checks the same
    assert response.headers["Content-Type"].startswith("application/json")
    # a refusal keeps the usual envelope
    assert error(poster.cancel(publish_id), 400) == "publish_not_cancellable"
