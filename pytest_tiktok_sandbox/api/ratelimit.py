"""TikTok's rate limits: sliding one-minute windows on the portal clock, one per endpoint.

Limits [TikTok docs]: "Limits for each API are set and enforced separately"
(tiktok-api-v2-rate-limit): /v2/user/info/, /v2/video/list/ and /v2/video/query/ 600
requests a minute each (per app, TikTok does not say; the fake counts per client key).
Per user token, each on its own reference page: creator_info 20, each of the three init
endpoints 6 ("Each user access_token is limited to 6 requests per minute") and status/fetch
30 a minute. So a bucket is one endpoint, never a group of them.
"""

from __future__ import annotations

import threading
from collections import deque
from typing import TYPE_CHECKING, Final, Protocol

from .envelope import ApiError

if TYPE_CHECKING:
    from ..portal.clock import Clock

WINDOW: Final = 60.0
LIMITS: Final = {
    "user_info": 600,
    "video_list": 600,
    "video_query": 600,
    "creator_info": 20,
    "video_init": 6,
    "inbox_video_init": 6,
    "content_init": 6,
    "status_fetch": 30,
}
"""Requests a sliding minute allows, per endpoint (the bucket names used by ``hit``)."""


class _Switch(Protocol):
    rate_limits: bool


class _On:
    rate_limits = True


class RateLimiter:
    """Counts requests per (bucket, subject) in a sliding window; refuses with 429."""

    def __init__(self, clock: Clock, settings: _Switch | None = None) -> None:
        self._clock = clock
        self._settings: _Switch = settings if settings is not None else _On()
        self._hits: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        """Read from the settings on every request: switching ``rate_limits`` off mid-test works."""
        return self._settings.rate_limits

    @enabled.setter
    def enabled(self, value: bool) -> None:
        self._settings.rate_limits = value

    def hit(self, bucket: str, subject: str) -> None:
        """Count one request of ``subject`` (an app's client key or a user token) in
        ``bucket``; raise 429 ``rate_limit_exceeded`` if the window is already full."""
        if not self.enabled:
            return
        allowed = LIMITS[bucket]
        now = self._clock.now()
        with self._lock:
            hits = self._hits.setdefault((bucket, subject), deque())
            while hits and hits[0] <= now - WINDOW:
                hits.popleft()
            if len(hits) >= allowed:
                raise ApiError(429, "rate_limit_exceeded")
            hits.append(now)

    def count(self, bucket: str, subject: str) -> int:
        """Requests of ``subject`` in ``bucket`` within the current window."""
        now = self._clock.now()
        with self._lock:
            return sum(1 for t in self._hits.get((bucket, subject), ()) if t > now - WINDOW)
