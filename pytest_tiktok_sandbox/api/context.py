"""What an endpoint sees of the fake API: :class:`ApiContext`.

Endpoint modules depend on this protocol, not on :class:`~.fake_api.FakeTikTokAPI`, which
imports them to register their routes: the package reads bottom-up, with no circle.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from ..portal import Portal
    from .http import ApiRequest, ApiResponse
    from .ratelimit import RateLimiter
    from .router import Handler
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


class HandlingContext(ApiContext, Protocol):
    """An :class:`ApiContext` that also answers whole requests (logged, rate-limited, faults
    applied): what ``Sandbox.sign_in`` goes through."""

    def handle(self, request: ApiRequest, handler: Handler | None = None) -> ApiResponse: ...
