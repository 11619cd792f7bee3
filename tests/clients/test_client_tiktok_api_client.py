"""`tiktok-api-client` (PyPI, module ``tiktok_api_client``), run unmodified against the fake.

The client uses ``requests`` for Login Kit (authorize URL with RFC 7636 base64url PKCE on a web
redirect URI, space-separated scope, form-encoded token / refresh / revoke with
``Cache-Control: no-cache``) and the Content Posting API (creator info, Direct Post
``FILE_UPLOAD`` with its own chunking, ``PULL_FROM_URL``, photo ``content/init``, status fetch).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

tiktok_api_client = pytest.importorskip("tiktok_api_client")
from tiktok_api_client import TikTok  # noqa: E402

from pytest_tiktok_sandbox import Account, Clock, Sandbox, TikTokMock  # noqa: E402

CALLBACK = "https://example.com/auth/tiktok/callback"
MEDIA = "https://cdn.example.com/videos/"
MiB = 1024 * 1024

posting = pytest.mark.tiktok_sandbox(
    products=["login_kit", "display_api", "content_posting_api"],
    scopes=["user.info.basic", "video.list", "video.publish", "video.upload"],
    direct_post=True,
    url_properties=[MEDIA],
)


def browser(url: str) -> dict[str, str]:
    """The browser step: GET the client's authorize URL as the logged-in target user and
    read the redirect's (URL-decoded) query."""
    answer = requests.get(url, allow_redirects=False, timeout=5)
    assert answer.status_code == 302, (answer.status_code, answer.text[:500])
    location = answer.headers["Location"]
    assert location.startswith(CALLBACK + "?"), location
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query, keep_blank_values=True).items()}


def signed_in(sandbox: Sandbox) -> TikTok:
    client = TikTok(sandbox.client_key, sandbox.client_secret, CALLBACK, state="st-1")
    params = browser(client.get_authorization_url())
    assert params["state"] == "st-1"
    client.exchange_code_for_token(params["code"])
    return client


def video_file(tmp_path: Path, size: int) -> str:
    path = tmp_path / "clip.mp4"
    with open(path, "wb") as f:
        f.truncate(size)  # sparse: the fake counts bytes, keeps none
    return os.fspath(path)


@posting
def test_authorize_url_is_accepted_and_code_exchanged(
    tiktok_sandbox: Sandbox, tiktok_target_users: list[Account]
) -> None:
    client = TikTok(tiktok_sandbox.client_key, tiktok_sandbox.client_secret, CALLBACK, state="st-1")
    url = client.get_authorization_url()
    query = parse_qs(urlsplit(url).query)
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) == 43  # base64url, not TikTok's hex
    params = browser(url)
    tokens = client.exchange_code_for_token(params["code"])
    assert tokens["open_id"] == tiktok_target_users[0].open_id
    assert tokens["access_token"].startswith("act.")
    assert "video.publish" in tokens["scope"].split(",")


@posting
def test_refresh_and_revoke(tiktok_sandbox: Sandbox, tiktok_clock: Clock) -> None:
    client = signed_in(tiktok_sandbox)
    first = dict(client.token_data)
    tiktok_clock.advance(hours=25)
    refreshed = client.refresh_access_token()
    assert refreshed["access_token"] != first["access_token"]
    assert refreshed["refresh_token"] != first["refresh_token"]
    assert client.revoke_access_token() == {}
    # the revoked token no longer works
    with pytest.raises(Exception, match="401"):
        client.get_creator_info()


@posting
def test_creator_info(tiktok_sandbox: Sandbox) -> None:
    client = signed_in(tiktok_sandbox)
    info = client.get_creator_info()
    assert info["error"]["code"] == "ok"
    assert "SELF_ONLY" in info["data"]["privacy_level_options"]


@posting
@pytest.mark.parametrize("size", [1 * MiB, 30 * MiB, 61 * MiB], ids=["1MiB-whole", "30MiB-whole", "61MiB-chunked"])
def test_direct_post_file_upload_then_status(
    tiktok_sandbox: Sandbox, tiktok_clock: Clock, tmp_path: Path, size: int
) -> None:
    client = signed_in(tiktok_sandbox)
    result = client.create_video(
        source="FILE_UPLOAD",
        upload_type="POST_VIDEO_FILE",
        title="from tiktok-api-client",
        privacy_level="SELF_ONLY",
        video_path=video_file(tmp_path, size),
    )
    publish_id = result["initial_response"]["data"]["publish_id"]
    assert result["final_response"] is not None  # the last PUT's body, parsed as JSON
    status = client.check_upload_status(publish_id)
    assert status["data"]["status"] in {"PROCESSING_UPLOAD", "PUBLISH_COMPLETE"}
    tiktok_clock.advance(seconds=60)
    status = client.check_upload_status(publish_id)
    assert status["data"]["status"] == "PUBLISH_COMPLETE", status


@posting
def test_direct_post_exact_multiple_of_the_chunk_size_is_miscounted_by_the_client(
    tiktok_sandbox: Sandbox, tmp_path: Path, tiktok_api: TikTokMock
) -> None:
    """60 MiB at 10 MiB chunks: the client declares 5 chunks (the last one 20 MiB), TikTok's rule
    is floor(60/10) = 6. A client bug; TikTok refuses the init with 400 invalid_params."""
    client = signed_in(tiktok_sandbox)
    with pytest.raises(Exception) as refused:
        client.create_video(
            source="FILE_UPLOAD",
            upload_type="POST_VIDEO_FILE",
            title="t",
            privacy_level="SELF_ONLY",
            video_path=video_file(tmp_path, 60 * MiB),
        )
    assert "400" in str(refused.value), refused.value
    assert "total_chunk_count" in str(refused.value)


@posting
def test_direct_post_pull_from_url_then_status(tiktok_sandbox: Sandbox, tiktok_clock: Clock) -> None:
    client = signed_in(tiktok_sandbox)
    init = client.create_video(
        source="PULL_FROM_URL",
        upload_type="POST_VIDEO_URL",
        title="pulled",
        privacy_level="SELF_ONLY",
        video_url=MEDIA + "clip.mp4",
    )
    assert init["error"]["code"] == "ok"
    publish_id = init["data"]["publish_id"]
    tiktok_clock.advance(seconds=60)
    assert client.check_upload_status(publish_id)["data"]["status"] == "PUBLISH_COMPLETE"


@posting
def test_photo_direct_post(tiktok_sandbox: Sandbox) -> None:
    client = signed_in(tiktok_sandbox)
    # the client insists on a 1-based photo_cover_index (TikTok's is 0-based): give 2 images
    answer: dict[str, Any] = client.create_photo(
        post_mode="DIRECT_POST",
        title="photos",
        privacy_level="SELF_ONLY",
        photo_images=[MEDIA + "a.jpg", MEDIA + "b.jpg"],
        photo_cover_index=1,
    )
    body = answer["photo_upload_response"]
    assert body["error"]["code"] == "ok"
    assert body["data"]["publish_id"].startswith("p_pub_url~")


@posting
def test_photo_media_upload(tiktok_sandbox: Sandbox) -> None:
    client = signed_in(tiktok_sandbox)
    answer = client.create_photo(
        post_mode="MEDIA_UPLOAD",
        title="photos",
        privacy_level="SELF_ONLY",
        photo_images=[MEDIA + "a.jpg", MEDIA + "b.jpg"],
        photo_cover_index=1,
    )
    assert answer["photo_upload_response"]["error"]["code"] == "ok"


@posting
def test_upload_video_url_without_post_info_is_refused_as_a_direct_post(tiktok_sandbox: Sandbox) -> None:
    """UPLOAD_VIDEO_URL: the client sends only ``source_info`` to the *Direct Post* init (not
    the inbox one). A client bug: TikTok requires post_info.privacy_level there, and answers its
    absence with 403 privacy_level_option_mismatch ("not specified or not among the options",
    TikTok's Direct Post reference)."""
    client = signed_in(tiktok_sandbox)
    with pytest.raises(Exception) as refused:
        client.create_video(
            source="PULL_FROM_URL",
            upload_type="UPLOAD_VIDEO_URL",
            title="t",
            privacy_level="SELF_ONLY",
            video_url=MEDIA + "clip.mp4",
        )
    assert "403" in str(refused.value) and "privacy_level_option_mismatch" in str(refused.value), refused.value


@posting
def test_upload_video_file_unwrapped_source_info_is_refused(tiktok_sandbox: Sandbox, tmp_path: Path) -> None:
    """UPLOAD_VIDEO_FILE: the client POSTs the bare ``source_info`` object (no wrapper) to the
    Direct Post init. A client bug; TikTok answers 400 invalid_params."""
    client = signed_in(tiktok_sandbox)
    with pytest.raises(Exception) as refused:
        client.create_video(
            source="FILE_UPLOAD",
            upload_type="UPLOAD_VIDEO_FILE",
            title="t",
            privacy_level="SELF_ONLY",
            video_path=video_file(tmp_path, 1 * MiB),
        )
    assert "400" in str(refused.value), refused.value


@posting
def test_default_empty_state_is_echoed(tiktok_sandbox: Sandbox) -> None:
    """The client's default ``state=""`` goes out as ``state=``; TikTok echoes it back empty."""
    client = TikTok(tiktok_sandbox.client_key, tiktok_sandbox.client_secret, CALLBACK)
    params = browser(client.get_authorization_url())
    assert params.get("state", "") == ""
    assert client.exchange_code_for_token(params["code"])["access_token"].startswith("act.")
