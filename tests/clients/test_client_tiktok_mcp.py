"""`tiktok-mcp` (PyPI; an MCP server whose tools wrap TikTok's v2 API with ``httpx.AsyncClient``),
run unmodified against the fake through its tool functions.

Covers Login Kit (authorize URL with TikTok's hex PKCE, manual "paste the redirect URL" completion,
form-encoded token exchange, forced refresh, refresh after a 401), the Display API
(``/v2/user/info/``, ``/v2/video/list/`` auto-enriched with ``/v2/video/query/``) and the
Content Posting API (creator info, inbox ``FILE_UPLOAD`` with chunked ``PUT``s, ``PULL_FROM_URL``
inbox and Direct Post, photos, status fetch, cancel). Only the client's storage is swapped for an
in-memory one (its keychain backend is a module-level choice) and its safety switches are set
through its documented environment variables.
"""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Coroutine
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

pytest.importorskip("tiktok_mcp")

from tiktok_mcp.auth import keychain, state
from tiktok_mcp.tools import (
    accounts,
    app_credentials,
    display_read,
    posting_read,
    posting_writes_pull_and_photo as pull_and_photo,
    posting_writes_video_upload as video_upload,
)
from tiktok_mcp.types import ApiType

from pytest_tiktok_sandbox import Account, Clock, Sandbox, TikTokMock

WEB = "https://example.com/auth/tiktok/callback"
LOOPBACK = "http://localhost:8765/callback"  # the client's default loopback redirect (desktop)
MEDIA = "https://cdn.example.com/videos/"
MiB = 1024 * 1024

T = TypeVar("T")

mcp_sandbox = pytest.mark.tiktok_sandbox(
    products=["login_kit", "display_api", "content_posting_api"],
    scopes=["user.info.basic", "user.info.profile", "user.info.stats", "video.list", "video.publish", "video.upload"],
    redirect_uris={"web": [WEB], "desktop": [LOOPBACK]},
    direct_post=True,
    url_properties=[MEDIA],
)


class MemoryBackend:
    """The client's KeychainBackend protocol, in memory."""

    def __init__(self) -> None:
        self.store: dict[str, str] = {}

    async def get(self, key: str) -> str | None:
        return self.store.get(key)

    async def set(self, key: str, value: str) -> None:
        self.store[key] = value

    async def delete(self, key: str) -> None:
        self.store.pop(key, None)

    async def list_keys(self, prefix: str) -> list[str]:
        return sorted(k for k in self.store if k.startswith(prefix))


def run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coro)


@pytest.fixture(autouse=True)
def mcp_env(monkeypatch: pytest.MonkeyPatch) -> MemoryBackend:
    monkeypatch.setenv("TIKTOK_MCP_ALLOW_ACCOUNT_CHANGES", "1")
    monkeypatch.setenv("TIKTOK_MCP_ALLOW_WRITES", "all")
    monkeypatch.setenv("TIKTOK_MCP_LIVE_ACCOUNT_SAFETY", "0")
    backend = MemoryBackend()
    monkeypatch.setattr(keychain, "_backend", backend)
    state.reset_state_manager()
    return backend


def sign_in(sandbox: Sandbox, api_type: ApiType, alias: str, redirect_uri: str = WEB) -> dict[str, Any]:
    """set_app_credentials → add_account (authorize URL) → the browser → complete_account_login."""
    run(
        app_credentials.set_app_credentials(
            api_type, sandbox.client_key, sandbox.client_secret, sandbox=True, redirect_uri=redirect_uri
        )
    )
    started = run(accounts.add_account(api_type, alias=alias, sandbox=True))
    url = started["url"]
    query = parse_qs(urlsplit(url).query)
    assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) == 64  # hex
    page = requests.get(url, allow_redirects=False, timeout=5)
    assert page.status_code == 302, (page.status_code, page.text[:500])
    location = page.headers["Location"]
    assert location.startswith(redirect_uri + "?"), location
    done = run(accounts.complete_account_login(location))
    assert "error" not in done, done
    return done


# -- Login Kit + Display API -----------------------------------------------------------------------


@mcp_sandbox
@pytest.mark.parametrize("redirect_uri", [WEB, LOOPBACK], ids=["web", "desktop-loopback"])
def test_sign_in_and_read_the_profile(
    tiktok_sandbox: Sandbox, tiktok_target_users: list[Account], redirect_uri: str
) -> None:
    summary = sign_in(tiktok_sandbox, ApiType.DISPLAY, "disp-one", redirect_uri)
    assert sorted(summary["scopes"]) == ["user.info.basic", "video.list"]
    user = run(display_read.display_get_user_info("disp-one"))
    assert user["open_id"] == tiktok_target_users[0].open_id
    assert user["display_name"]


@mcp_sandbox
def test_video_list_enriched_with_video_query(tiktok_sandbox: Sandbox, tiktok_api: TikTokMock) -> None:
    sign_in(tiktok_sandbox, ApiType.DISPLAY, "disp-one")
    page = run(display_read.display_list_videos("disp-one", max_count=5))
    assert isinstance(page["cursor"], int) and isinstance(page["has_more"], bool)
    assert page["videos"], page
    for video in page["videos"]:
        assert video["id"] and isinstance(video["create_time"], int) and video["share_url"]
    assert [c.path for c in tiktok_api.calls][-2:] == ["/v2/video/list/", "/v2/video/query/"]
    if page["has_more"]:
        more = run(display_read.display_list_videos("disp-one", cursor=page["cursor"], max_count=5))
        assert {v["id"] for v in more["videos"]}.isdisjoint({v["id"] for v in page["videos"]})
    one = page["videos"][0]["id"]
    metrics = run(display_read.display_get_video_metrics("disp-one", one))
    assert metrics["id"] == one and isinstance(metrics["view_count"], int)


@mcp_sandbox
def test_forced_refresh_rotates_and_the_new_token_works(tiktok_sandbox: Sandbox, mcp_env: MemoryBackend) -> None:
    sign_in(tiktok_sandbox, ApiType.DISPLAY, "disp-one")
    refreshed = run(display_read.display_refresh_token("disp-one"))
    assert refreshed["refreshed"] is True
    assert run(display_read.display_get_user_info("disp-one"))["open_id"]


@mcp_sandbox
def test_expired_access_token_is_refreshed_after_a_401(
    tiktok_sandbox: Sandbox, tiktok_clock: Clock, tiktok_api: TikTokMock
) -> None:
    """TikTok's token expires (portal clock) while the client still trusts its own clock: the
    401 access_token_invalid makes it refresh and retry."""
    sign_in(tiktok_sandbox, ApiType.DISPLAY, "disp-one")
    tiktok_clock.advance(hours=25)
    assert run(display_read.display_get_user_info("disp-one"))["open_id"]
    assert [(c.path, c.status) for c in tiktok_api.calls][-3:] == [
        ("/v2/user/info/", 401),
        ("/v2/oauth/token/", 200),
        ("/v2/user/info/", 200),
    ]


@mcp_sandbox
def test_verify_app_credentials_uses_a_client_token(tiktok_sandbox: Sandbox) -> None:
    run(
        app_credentials.set_app_credentials(
            ApiType.DISPLAY, tiktok_sandbox.client_key, tiktok_sandbox.client_secret, sandbox=True, redirect_uri=WEB
        )
    )
    assert run(app_credentials.verify_app_credentials(ApiType.DISPLAY, sandbox=True))["valid"] is True
    run(
        app_credentials.set_app_credentials(
            ApiType.DISPLAY, tiktok_sandbox.client_key, "wrong", sandbox=True, redirect_uri=WEB
        )
    )
    bad = run(app_credentials.verify_app_credentials(ApiType.DISPLAY, sandbox=True))
    assert bad["valid"] is False and bad["error_code"] in {"invalid_client", "invalid_secret"}, bad


@mcp_sandbox
def test_revoke_tool_sends_a_json_body_without_credentials(tiktok_sandbox: Sandbox, tiktok_api: TikTokMock) -> None:
    """display_revoke_token POSTs ``{}`` as JSON with a Bearer header to /v2/oauth/revoke/: no
    client_key, client_secret or token (a client bug; TikTok wants them form-encoded). It fails."""
    sign_in(tiktok_sandbox, ApiType.DISPLAY, "disp-one")
    with pytest.raises(Exception):  # noqa: B017
        run(display_read.display_revoke_token("disp-one"))
    call = tiktok_api.calls[-1]
    assert call.path == "/v2/oauth/revoke/"
    assert call.response.status in (200, 400), str(call)


# -- Content Posting ---------------------------------------------------------------------------------


@mcp_sandbox
def test_creator_info(tiktok_sandbox: Sandbox) -> None:
    sign_in(tiktok_sandbox, ApiType.CONTENT_POSTING, "post-one")
    info = run(posting_read.posting_get_creator_info("post-one"))
    assert "SELF_ONLY" in info["privacy_level_options"]


@mcp_sandbox
@pytest.mark.parametrize(
    ("size", "chunk", "count"), [(3 * MiB, 3 * MiB, 1), (10 * MiB, 5 * MiB, 2)], ids=["whole", "2-chunks"]
)
def test_inbox_file_upload_chunks_are_sent_as_octet_stream(
    tiktok_sandbox: Sandbox, tiktok_api: TikTokMock, size: int, chunk: int, count: int
) -> None:
    """init_video_upload is accepted; upload_video_chunk then PUTs with
    ``Content-Type: application/octet-stream`` (and a Bearer header). TikTok documents only
    video/mp4, video/quicktime and video/webm for the PUT; the fake answers 400
    invalid_file_upload, so the client can never finish a FILE_UPLOAD here."""
    sign_in(tiktok_sandbox, ApiType.CONTENT_POSTING, "post-one")
    init = run(video_upload.init_video_upload("post-one", size, chunk, count))
    assert init["publish_id"].startswith("v_inbox_file~")
    data = base64.b64encode(bytes(chunk if count > 1 else size)).decode()
    with pytest.raises(Exception, match="status=400"):
        run(video_upload.upload_video_chunk(init["publish_id"], init["upload_url"], 0, data))
    put = tiktok_api.calls[-1]
    assert (put.method, put.status, put.error_code) == ("PUT", 400, "invalid_file_upload")
    assert put.request.headers["content-type"] == "application/octet-stream"


@mcp_sandbox
def test_chunk_count_by_ceiling_is_refused(tiktok_sandbox: Sandbox, tiktok_api: TikTokMock) -> None:
    """12 MiB at 5 MiB: the client's chunker insists on ceil(12/5) = 3 chunks (the last 2 MiB);
    TikTok's rule is floor(12/5) = 2, so the init is refused with 400 (a client bug)."""
    sign_in(tiktok_sandbox, ApiType.CONTENT_POSTING, "post-one")
    with pytest.raises(Exception):  # noqa: B017
        run(video_upload.init_video_upload("post-one", 12 * MiB, 5 * MiB, 3))
    call = tiktok_api.calls[-1]
    assert (call.path, call.status, call.error_code) == ("/v2/post/publish/inbox/video/init/", 400, "invalid_params")


@mcp_sandbox
def test_pull_from_url_inbox_and_direct_post(tiktok_sandbox: Sandbox, tiktok_clock: Clock) -> None:
    sign_in(tiktok_sandbox, ApiType.CONTENT_POSTING, "post-one")
    inbox = run(pull_and_photo.upload_video_from_url("post-one", MEDIA + "clip.mp4"))
    assert inbox["publish_id"].startswith("v_inbox_url~"), inbox
    direct = run(
        pull_and_photo.upload_video_from_url(
            "post-one",
            MEDIA + "clip.mp4",
            publish_immediately=True,
            post_info={"title": "from tiktok-mcp", "privacy_level": "SELF_ONLY"},
        )
    )
    assert direct["publish_id"].startswith("v_pub_url~"), direct
    tiktok_clock.advance(seconds=60)
    assert run(pull_and_photo.get_publish_status(inbox["publish_id"]))["status"] == "SEND_TO_USER_INBOX"
    assert run(pull_and_photo.get_publish_status(direct["publish_id"]))["status"] == "PUBLISH_COMPLETE"


@mcp_sandbox
def test_cancel_a_pending_pull(tiktok_sandbox: Sandbox) -> None:
    sign_in(tiktok_sandbox, ApiType.CONTENT_POSTING, "post-one")
    inbox = run(pull_and_photo.upload_video_from_url("post-one", MEDIA + "clip.mp4"))
    cancelled = run(pull_and_photo.cancel_publish(inbox["publish_id"]))
    assert cancelled["cancelled"] is True, cancelled
    assert run(pull_and_photo.get_publish_status(inbox["publish_id"]))["status"] == "FAILED"


@mcp_sandbox
def test_photo_images_sent_as_an_object_are_refused(tiktok_sandbox: Sandbox, tiktok_api: TikTokMock) -> None:
    """upload_photo_from_urls sends ``photo_images: {"image_urls": [...]}`` and no
    ``photo_cover_index``; TikTok's field is a list of URLs. A client bug: 400 invalid_params."""
    sign_in(tiktok_sandbox, ApiType.CONTENT_POSTING, "post-one")
    with pytest.raises(Exception):  # noqa: B017
        run(pull_and_photo.upload_photo_from_urls("post-one", [MEDIA + "a.jpg", MEDIA + "b.jpg"]))
    call = tiktok_api.calls[-1]
    assert (call.path, call.status) == ("/v2/post/publish/content/init/", 400), str(call)


@mcp_sandbox
def test_unknown_publish_id_is_reported_as_such(tiktok_sandbox: Sandbox) -> None:
    sign_in(tiktok_sandbox, ApiType.CONTENT_POSTING, "post-one")
    answer = run(posting_read.posting_get_post_status("post-one", "v_inbox_file~v2.123456789"))
    assert answer["error"] == "unknown_publish_id_or_expired", answer


@mcp_sandbox
def test_typed_status_tool_rejects_tiktoks_list_of_post_ids(tiktok_sandbox: Sandbox, tiktok_clock: Clock) -> None:
    """posting_get_post_status validates ``data`` with a model whose ``publicaly_available_post_id``
    is ``str | None``; TikTok sends a list (``[]`` until the post is public, as in its own
    example). A client bug: the typed tool fails while the raw get_publish_status works."""
    from pydantic import ValidationError

    sign_in(tiktok_sandbox, ApiType.CONTENT_POSTING, "post-one")
    post = run(
        pull_and_photo.upload_video_from_url(
            "post-one",
            MEDIA + "clip.mp4",
            publish_immediately=True,
            post_info={"title": "t", "privacy_level": "SELF_ONLY"},
        )
    )
    tiktok_clock.advance(seconds=60)
    raw = run(pull_and_photo.get_publish_status(post["publish_id"]))
    assert raw["publicaly_available_post_id"] == []
    with pytest.raises(ValidationError, match="publicaly_available_post_id"):
        run(posting_read.posting_get_post_status("post-one", post["publish_id"]))
