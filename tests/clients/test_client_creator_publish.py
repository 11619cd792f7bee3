"""`creator-publish` (PyPI, ``creator_publish.publish.tiktok``), run unmodified against the fake.

A Direct Post uploader on synchronous ``httpx``: ``video/init`` with ``FILE_UPLOAD`` in 8 MiB
chunks, sequential ``PUT``s with ``Content-Range``, then one status fetch. It has no OAuth of its
own (the access token comes from ``TIKTOK_ACCESS_TOKEN`` or its config), so the token is obtained
here with plain ``requests``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("creator_publish")

from creator_publish.config import Config
from creator_publish.publish import tiktok

from pytest_tiktok_sandbox import Account, Clock, Sandbox, TikTokMock

CALLBACK = "https://example.com/auth/tiktok/callback"
MiB = 1024 * 1024

posting = pytest.mark.tiktok_sandbox(
    products=["login_kit", "content_posting_api"],
    scopes=["user.info.basic", "video.publish", "video.upload"],
    direct_post=True,
)


def access_token(sandbox: Sandbox, user: Account) -> str:
    return str(sandbox.sign_in(user, "user.info.basic,video.publish,video.upload")["access_token"])


@pytest.fixture
def cfg(tiktok_sandbox: Sandbox, tiktok_target_users: list[Account], monkeypatch: pytest.MonkeyPatch) -> Config:
    monkeypatch.delenv("TIKTOK_ACCESS_TOKEN", raising=False)
    return Config(overrides={"token": access_token(tiktok_sandbox, tiktok_target_users[0])})


def video(tmp_path: Path, size: int) -> Path:
    path = tmp_path / "clip.mp4"
    with open(path, "wb") as f:
        f.truncate(size)
    return path


@posting
def test_direct_post_two_whole_chunks(cfg: Config, tmp_path: Path, tiktok_api: TikTokMock, tiktok_clock: Clock) -> None:
    """16 MiB = 2 x 8 MiB: the client's ceil(size/chunk) equals TikTok's floor, so all is well."""
    result = tiktok.publish(video(tmp_path, 16 * MiB), "title", "desc", ["#a"], cfg=cfg, privacy="SELF_ONLY")
    assert result["status"] == "PROCESSING_UPLOAD", result
    assert [(c.method, c.status) for c in tiktok_api.calls] == [
        ("GET", 302),  # the sign-in: the authorize page
        ("POST", 200),  # and the token exchange
        ("POST", 200),
        ("PUT", 206),
        ("PUT", 201),
        ("POST", 200),
    ]


@posting
def test_init_without_brand_content_toggle_is_accepted(cfg: Config, tmp_path: Path, tiktok_api: TikTokMock) -> None:
    """The client's init sends only ``title`` and ``privacy_level`` in ``post_info``: no
    ``brand_content_toggle``, which TikTok's Direct Post reference marks required (and its own example
    leaves out). Evidence that TikTok takes a missing toggle as false: the fake accepts it (see
    docs/differences.md; ``ApiSettings(require_brand_content_toggle=True)`` refuses it)."""
    tiktok.publish(video(tmp_path, 16 * MiB), "title", "desc", [], cfg=cfg, privacy="SELF_ONLY")
    init = next(c for c in tiktok_api.calls if c.path == "/v2/post/publish/video/init/")
    assert init.status == 200
    assert set(init.request.json()["post_info"]) == {"title", "privacy_level"}


@posting
def test_default_privacy_public_is_not_a_privacy_level(cfg: Config, tmp_path: Path, tiktok_api: TikTokMock) -> None:
    """The client's default ``privacy="PUBLIC"`` is none of TikTok's privacy_level values (a client
    bug): the init is refused with a 4xx and the client raises."""
    import httpx

    with pytest.raises(httpx.HTTPStatusError):
        tiktok.publish(video(tmp_path, 16 * MiB), "title", "desc", [], cfg=cfg)
    init = tiktok_api.calls[-1]
    assert init.path == "/v2/post/publish/video/init/" and 400 <= init.status < 500, str(init)


@posting
@pytest.mark.parametrize("size", [3 * MiB, 12 * MiB, 20 * MiB], ids=["3MiB-chunk-bigger-than-file", "12MiB", "20MiB"])
def test_sizes_that_are_not_a_multiple_of_8mib_are_refused_at_init(
    cfg: Config, tmp_path: Path, tiktok_api: TikTokMock, size: int
) -> None:
    """The client always declares chunk_size = 8 MiB and total_chunk_count = ceil(size / 8 MiB).
    TikTok's rules: a file under 5 MB goes whole with chunk_size == video_size, and
    total_chunk_count = floor(size / chunk_size). A client bug; the init is refused."""
    import httpx

    with pytest.raises(httpx.HTTPStatusError):
        tiktok.publish(video(tmp_path, size), "title", "desc", [], cfg=cfg, privacy="SELF_ONLY")
    init = tiktok_api.calls[-1]
    assert (init.path, init.status) == ("/v2/post/publish/video/init/", 400), str(init)
