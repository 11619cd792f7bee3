"""A Content Posting client, as a backend writes one with ``requests``, for the posting tests."""

from __future__ import annotations

from typing import Any

import requests

from pytest_tiktok_sandbox import Account, App, Sandbox

API = "https://open.tiktokapis.com/v2/post/publish/"
POSTING_SCOPES = "user.info.basic,video.publish,video.upload"
MB = 1024 * 1024


def token_for(client: App | Sandbox, account: Account, scope: str = POSTING_SCOPES) -> str:
    """An access token of ``account`` for ``client`` (a sandbox's target user, or anyone
    for a Live production app), signed in with ``client.sign_in``."""
    return str(client.sign_in(account, scope)["access_token"])


class Poster:
    """One user's access token, posting through the Content Posting API."""

    def __init__(self, access_token: str) -> None:
        self.headers = {"Authorization": f"Bearer {access_token}", "Content-Type": "application/json; charset=UTF-8"}

    def post(self, path: str, body: Any = None, **kwargs: Any) -> requests.Response:
        return requests.post(API + path, headers=self.headers, json=body, timeout=5, **kwargs)

    def creator_info(self) -> requests.Response:
        return self.post("creator_info/query/")

    def direct_file(
        self,
        video_size: int = 1000,
        chunk_size: int | None = None,
        total_chunk_count: int | None = None,
        privacy_level: str | None = "SELF_ONLY",
        **post_info: Any,
    ) -> requests.Response:
        chunk = video_size if chunk_size is None else chunk_size
        count = max(1, video_size // chunk) if total_chunk_count is None else total_chunk_count
        info = {"privacy_level": privacy_level, "title": "a test post", **post_info}
        source = {"source": "FILE_UPLOAD", "video_size": video_size, "chunk_size": chunk, "total_chunk_count": count}
        return self.post("video/init/", {"post_info": info, "source_info": source})

    def direct_pull(self, video_url: str, privacy_level: str = "SELF_ONLY") -> requests.Response:
        body = {
            "post_info": {"privacy_level": privacy_level},
            "source_info": {"source": "PULL_FROM_URL", "video_url": video_url},
        }
        return self.post("video/init/", body)

    def inbox_file(self, video_size: int = 1000) -> requests.Response:
        source = {"source": "FILE_UPLOAD", "video_size": video_size, "chunk_size": video_size, "total_chunk_count": 1}
        return self.post("inbox/video/init/", {"source_info": source})

    def photos(
        self, urls: list[str], post_mode: str = "DIRECT_POST", privacy_level: str = "SELF_ONLY"
    ) -> requests.Response:
        body = {
            "media_type": "PHOTO",
            "post_mode": post_mode,
            "post_info": {"title": "photos", "privacy_level": privacy_level},
            "source_info": {"source": "PULL_FROM_URL", "photo_images": urls, "photo_cover_index": 0},
        }
        return self.post("content/init/", body)

    def status(self, publish_id: str) -> requests.Response:
        return self.post("status/fetch/", {"publish_id": publish_id})

    def cancel(self, publish_id: str) -> requests.Response:
        return self.post("cancel/", {"publish_id": publish_id})


def put_chunk(upload_url: str, first: int, last: int, total: int, **headers: str) -> requests.Response:
    """PUT bytes ``first``..``last`` of a ``total``-byte video (zeros: only sizes matter)."""
    sent = {"Content-Type": "video/mp4", "Content-Range": f"bytes {first}-{last}/{total}", **headers}
    return requests.put(upload_url, data=bytes(last - first + 1), headers=sent, timeout=5)


def upload_whole(upload_url: str, video_size: int, chunk_size: int) -> list[int]:
    """Upload every chunk in order, as the media transfer guide says; the statuses."""
    count = max(1, video_size // chunk_size)
    statuses = []
    for index in range(count):
        first = index * chunk_size
        last = video_size - 1 if index == count - 1 else first + chunk_size - 1
        statuses.append(put_chunk(upload_url, first, last, video_size).status_code)
    return statuses


def data(response: requests.Response, status: int = 200) -> dict[str, Any]:
    """The ``data`` of a success, after checking the envelope."""
    body = response.json()
    assert response.status_code == status and body["error"]["code"] == "ok", (response.status_code, body)
    return dict(body["data"])


def cancelled(response: requests.Response) -> None:
    """Check a successful cancel: HTTP 200 and only the error object, ``code == "ok"`` (no
    ``data``) [TikTok's Media Transfer Guide, "Cancel ongoing pull from URL tasks"]."""
    body = response.json()
    assert response.status_code == 200, (response.status_code, body)
    assert body == {"error": {"code": "ok", "message": "", "log_id": response.headers["x-tt-logid"]}}, body


def error(response: requests.Response, status: int) -> str:
    """The error code of a refusal, after checking the envelope and status."""
    body = response.json()
    assert response.status_code == status, (response.status_code, body)
    assert body["data"] == {} and body["error"]["code"] != "ok", body
    assert body["error"]["log_id"] == response.headers["x-tt-logid"]
    return str(body["error"]["code"])
