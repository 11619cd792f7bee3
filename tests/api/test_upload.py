"""``PUT {upload_url}``: the media transfer's answers (206, 201, 400, 403, 404, 416)."""

from __future__ import annotations

import pytest
import requests

from pytest_tiktok_sandbox import Account, Clock, Portal, Sandbox

from .posting_client import Poster, data, put_chunk, token_for

pytestmark = pytest.mark.tiktok_sandbox(
    products=["login_kit", "content_posting_api"], scopes=["video.publish", "video.upload"], direct_post=True
)
SIZE = 1000


@pytest.fixture
def upload_url(tiktok_sandbox: Sandbox, tiktok_target_users: list[Account]) -> str:
    poster = Poster(token_for(tiktok_sandbox, tiktok_target_users[0]))
    return str(data(poster.direct_file(video_size=SIZE))["upload_url"])


def test_the_whole_file_in_one_chunk(upload_url: str, tiktok_portal: Portal) -> None:
    response = put_chunk(upload_url, 0, SIZE - 1, SIZE)
    assert response.status_code == 201
    assert response.headers["Content-Range"] == f"bytes 0-{SIZE - 1}/{SIZE}"
    assert response.json() == {}
    again = put_chunk(upload_url, 0, SIZE - 1, SIZE)
    assert again.status_code == 416  # every chunk has arrived: nothing more to take


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param({"Content-Type": "image/png"}, id="not-a-video-type"),
        pytest.param({"Content-Range": "bytes=0-999/1000"}, id="malformed-range"),
        pytest.param({"Content-Range": "bytes 0-999/*"}, id="unknown-total"),
        pytest.param({"Content-Range": "bytes 0-999/2000"}, id="wrong-total"),
        pytest.param({"Content-Range": "bytes 0-499/1000"}, id="range-longer-than-body-is-short"),
        pytest.param({"Content-Range": "bytes 9-0/1000"}, id="backwards"),
    ],
)
def test_bad_headers_are_400(upload_url: str, headers: dict[str, str]) -> None:
    response = put_chunk(upload_url, 0, SIZE - 1, SIZE, **headers)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_file_upload"
    assert put_chunk(upload_url, 0, SIZE - 1, SIZE).status_code == 201  # nothing was counted


def test_an_unknown_upload_is_404(upload_url: str) -> None:
    assert put_chunk(upload_url.replace("upload_id=", "upload_id=9"), 0, SIZE - 1, SIZE).status_code == 404
    assert put_chunk(upload_url + "x", 0, SIZE - 1, SIZE).status_code == 404  # wrong upload_token


def test_the_url_expires_after_an_hour(upload_url: str, tiktok_clock: Clock) -> None:
    tiktok_clock.advance(3600)
    response = put_chunk(upload_url, 0, SIZE - 1, SIZE)
    assert response.status_code == 403


def test_only_put_is_allowed(upload_url: str) -> None:
    response = requests.post(upload_url, data=b"x", timeout=5)
    assert response.status_code == 405
