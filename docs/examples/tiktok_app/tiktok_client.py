"""A small TikTok API client, written the way integrations write them: plain ``requests``.

Nothing in here knows about pytest-tiktok-sandbox: in production it talks to TikTok, in
the tests the plugin answers the same calls.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import requests

AUTHORIZE_URL = "https://www.tiktok.com/v2/auth/authorize/"
API = "https://open.tiktokapis.com/v2"


class TikTokError(Exception):
    def __init__(self, code: str, message: str, status: int) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.code = code
        self.status = status


@dataclass
class Tokens:
    access_token: str
    refresh_token: str
    open_id: str
    scope: str
    expires_at: float


class TikTokClient:
    def __init__(
        self,
        client_key: str,
        client_secret: str,
        redirect_uri: str,
        timeout: float = 10.0,
        retries: int = 3,
        backoff: float = 0.5,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.client_key = client_key
        self.client_secret = client_secret
        self.redirect_uri = redirect_uri
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.sleep = sleep
        self.http = requests.Session()

    # -- Login Kit -------------------------------------------------------------------------
    def authorize_url(self, scopes: list[str], state: str) -> str:
        query = {
            "client_key": self.client_key,
            "scope": ",".join(scopes),
            "response_type": "code",
            "redirect_uri": self.redirect_uri,
            "state": state,
        }
        return f"{AUTHORIZE_URL}?{urlencode(query)}"

    def exchange_code(self, code: str) -> Tokens:
        return self._token(grant_type="authorization_code", code=code, redirect_uri=self.redirect_uri)

    def refresh(self, refresh_token: str) -> Tokens:
        return self._token(grant_type="refresh_token", refresh_token=refresh_token)

    def revoke(self, access_token: str) -> None:
        answer = self.http.post(
            f"{API}/oauth/revoke/",
            data={"client_key": self.client_key, "client_secret": self.client_secret, "token": access_token},
            timeout=self.timeout,
        )
        body = answer.json()
        if body.get("error"):
            raise TikTokError(body["error"], body.get("error_description", ""), answer.status_code)

    def _token(self, **form: str) -> Tokens:
        answer = self.http.post(
            f"{API}/oauth/token/",
            data={"client_key": self.client_key, "client_secret": self.client_secret, **form},
            headers={"Cache-Control": "no-cache"},
            timeout=self.timeout,
        )
        body = answer.json()
        if "error" in body:
            raise TikTokError(body["error"], body.get("error_description", ""), answer.status_code)
        return Tokens(
            access_token=body["access_token"],
            refresh_token=body["refresh_token"],
            open_id=body["open_id"],
            scope=body["scope"],
            expires_at=time.time() + body["expires_in"],
        )

    # -- the v2 API ---------------------------------------------------------------------------
    def _call(self, method: str, path: str, token: str, *, fields: str | None = None, json: Any = None) -> Any:
        for attempt in range(self.retries + 1):
            answer = self.http.request(
                method,
                f"{API}{path}",
                params={"fields": fields} if fields else None,
                json=json,
                headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json; charset=UTF-8"},
                timeout=self.timeout,
            )
            if answer.status_code not in (429, 500, 502, 503) or attempt == self.retries:
                break
            self.sleep(self.backoff * 2**attempt)  # back off, then try again
        body = answer.json()
        error = body.get("error", {})
        if error.get("code") != "ok":
            raise TikTokError(error.get("code", "unknown"), error.get("message", ""), answer.status_code)
        return body["data"]

    def user_info(self, token: str) -> dict[str, Any]:
        fields = "open_id,union_id,avatar_url,display_name,username,bio_description,follower_count,video_count"
        return self._call("GET", "/user/info/", token, fields=fields)["user"]  # type: ignore[no-any-return]

    def videos(self, token: str, cursor: int | None = None, max_count: int = 10) -> dict[str, Any]:
        body: dict[str, Any] = {"max_count": max_count}
        if cursor is not None:
            body["cursor"] = cursor
        fields = "id,title,create_time,cover_image_url,share_url"
        return self._call("POST", "/video/list/", token, fields=fields, json=body)  # type: ignore[no-any-return]

    # -- Content Posting ------------------------------------------------------------------------
    def creator_info(self, token: str) -> dict[str, Any]:
        return self._call("POST", "/post/publish/creator_info/query/", token)  # type: ignore[no-any-return]

    def post_video(self, token: str, video: bytes, title: str, privacy_level: str) -> str:
        """Direct Post a video from memory: init, then PUT it in chunks. The publish_id."""
        size = len(video)
        chunk = size if size < MIN_CHUNK else min(size, CHUNK)
        count = size // chunk  # TikTok's rule: floor, the last chunk takes the remainder
        init = self._call(
            "POST",
            "/post/publish/video/init/",
            token,
            json={
                "post_info": {"title": title, "privacy_level": privacy_level},
                "source_info": {
                    "source": "FILE_UPLOAD",
                    "video_size": size,
                    "chunk_size": chunk,
                    "total_chunk_count": count,
                },
            },
        )
        for index in range(count):
            first = index * chunk
            last = size - 1 if index == count - 1 else first + chunk - 1
            answer = self.http.put(
                init["upload_url"],
                data=video[first : last + 1],
                headers={"Content-Type": "video/mp4", "Content-Range": f"bytes {first}-{last}/{size}"},
                timeout=self.timeout,
            )
            if answer.status_code not in (201, 206):
                raise TikTokError("upload_failed", answer.text, answer.status_code)
        return str(init["publish_id"])

    def post_status(self, token: str, publish_id: str) -> dict[str, Any]:
        return self._call("POST", "/post/publish/status/fetch/", token, json={"publish_id": publish_id})  # type: ignore[no-any-return]


MIN_CHUNK = 5 * 1024 * 1024
CHUNK = 10 * 1024 * 1024


def verify_webhook(client_secret: str, header: str, raw_body: bytes, tolerance: int = 300) -> bool:
    """Check a ``TikTok-Signature: t=…,s=…`` header the way TikTok says receivers should."""
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        timestamp, signature = int(parts["t"]), parts["s"]
    except (KeyError, ValueError):
        return False
    if abs(time.time() - timestamp) > tolerance:
        return False
    expected = hmac.new(client_secret.encode(), f"{timestamp}.".encode() + raw_body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature)
