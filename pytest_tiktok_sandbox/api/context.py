"""What an endpoint sees of the fake API: :class:`ApiContext`.

Endpoint modules depend on this protocol, not on :class:`~.fake_api.FakeTikTokAPI`, which
imports them to register their routes: the package reads bottom-up, with no circle.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from ..portal import Portal
    from .ratelimit import RateLimiter
    from .settings import ApiSettings, BrowserSession


class ApiContext(Protocol):
    """The portal an endpoint answers from, how it answers, who is logged in to the browser
    and the rate limits it counts against."""

    @property
    def portal(self) -> Portal: ...
    @property
    def settings(self) -> ApiSettings: ...
    @property
    def browser(self) -> BrowserSession: ...
    @property
    def rate_limiter(self) -> RateLimiter: ...
