"""The fake developer API as one object: routes, settings, the browser session and the call log.

Transports (``responses``, ``urllib.request``, ``httpx``, the live server) hand it an
:class:`ApiRequest` and send back the :class:`ApiResponse`; nothing here knows which client
library made the call.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from types import EllipsisType
from typing import TYPE_CHECKING

from ..portal.authorization import ACCESS_TOKEN_LIFETIME, REFRESH_TOKEN_LIFETIME
from . import envelope
from .envelope import ApiError
from .faults import Fault, FaultPlan
from .http import ApiRequest, ApiResponse
from .ratelimit import RateLimiter
from .router import Handler, Router

if TYPE_CHECKING:
    from ..accounts import Account
    from ..portal import Portal


@dataclass
class ApiSettings:
    """How the fake answers where TikTok's behaviour is undocumented or worth switching off."""

    oauth_error_status: int = 200
    """HTTP status of OAuth error bodies. Clients report 200 (the default); some expect 400."""
    rate_limits: bool = True
    """Enforce TikTok's rate limits (429 ``rate_limit_exceeded``)."""
    upload_base_url: str | None = None
    """Where the ``upload_url`` values of the init endpoints point (scheme, host and port,
    e.g. a live server's ``http://127.0.0.1:8765``); None: TikTok's
    ``https://open-upload.tiktokapis.com``."""
    require_brand_content_toggle: bool = False
    """Refuse a Direct Post whose ``post_info`` leaves out ``brand_content_toggle`` (and, for
    photos, ``brand_organic_toggle``) with 400 ``invalid_params``. TikTok's references mark them
    required, but TikTok's own example and real clients leave them out; by default a missing
    toggle is false."""
    refuse_disabled_interactions: bool = False
    """Refuse (400 ``invalid_params``) a post that turns on (``disable_comment``/``disable_duet``/
    ``disable_stitch``: ``false``) an interaction the creator has turned off. By default the
    interaction is turned off, as TikTok's Direct Post reference says its server does."""
    oembed_error_status: int = 400
    """HTTP status of oEmbed's error body (``GET https://www.tiktok.com/oembed``) for a video
    it cannot embed. Clients report 400 (the default); TikTok does not document it."""
    short_pages: bool = True
    """Let ``/v2/video/list/`` answer pages shorter than ``max_count`` while ``has_more`` is
    true, as TikTok says it may: seeded, always on a first page that could hold two videos
    or more. False: every page but the last is full."""
    access_token_lifetime: int = ACCESS_TOKEN_LIFETIME
    """Seconds a user access token lives (``expires_in``): 2 hours, as TikTok's token pages
    say since November 2026 (86400 gives their former 24 hours)."""
    refresh_token_lifetime: int = REFRESH_TOKEN_LIFETIME
    """Seconds a refresh token lives from the first grant (``refresh_expires_in``): 180 days
    (31536000 gives the former 365 days)."""

    def __post_init__(self) -> None:
        for name in ("access_token_lifetime", "refresh_token_lifetime"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise ValueError(f"ApiSettings.{name} is a positive number of seconds, got {value!r}")


@dataclass(frozen=True, slots=True)
class Call:
    """One request the fake answered."""

    request: ApiRequest
    response: ApiResponse
    time: float
    exception: BaseException | None = None

    @property
    def method(self) -> str:
        return self.request.method

    @property
    def path(self) -> str:
        return self.request.path

    @property
    def status(self) -> int:
        return self.response.status

    @property
    def error_code(self) -> str | None:
        return self.response.error_code

    def __str__(self) -> str:
        code = f" {self.error_code}" if self.error_code else ""
        return f"{self.method} {self.request.host}{self.path} -> {self.status}{code}"


class CallLog:
    """Every call the fake answered, in order; safe to append to from several threads."""

    def __init__(self) -> None:
        self._calls: list[Call] = []
        self._lock = threading.Lock()

    def append(self, call: Call) -> None:
        with self._lock:
            self._calls.append(call)

    def __iter__(self) -> Iterator[Call]:
        return iter(list(self._calls))

    def __len__(self) -> int:
        return len(self._calls)

    def __getitem__(self, index: int) -> Call:
        return self._calls[index]

    def __bool__(self) -> bool:
        return bool(self._calls)

    def to(self, path: str, method: str | None = None) -> list[Call]:
        """The calls to ``path`` (and ``method``)."""
        return [c for c in self if c.path == path and (method is None or c.method == method.upper())]

    def count(self, path: str, method: str | None = None) -> int:
        return len(self.to(path, method))

    def clear(self) -> None:
        with self._lock:
            self._calls.clear()


@dataclass
class BrowserSession:
    """Who is logged in to tiktok.com in the test's browser, and how they answer consent."""

    account: Account | None = None
    decline: bool = False
    grant: tuple[str, ...] | None = None


class FakeTikTokAPI:
    """TikTok's developer API, answered from ``portal``'s state."""

    def __init__(self, portal: Portal, settings: ApiSettings | None = None) -> None:
        self.portal = portal
        self.settings = settings or ApiSettings()
        self.calls = CallLog()
        self.browser = BrowserSession()
        self.faults = FaultPlan()
        self.rate_limiter = RateLimiter(portal.clock, self.settings)

    @functools.cached_property
    def router(self) -> Router:
        """The routes, built on first use: a test that makes no request never pays for them
        (two threads racing here build equal routers; one is kept)."""
        from .display import DisplayEndpoints
        from .oauth import OAuthEndpoints
        from .oembed import OEmbedEndpoint
        from .posting import PostingEndpoints
        from .qrcode import QrCodeEndpoints
        from .upload import UploadEndpoint

        router = Router()
        OAuthEndpoints(self).register(router)
        DisplayEndpoints(self).register(router)
        PostingEndpoints(self).register(router)
        UploadEndpoint(self).register(router)
        OEmbedEndpoint(self).register(router)
        QrCodeEndpoints(self).register(router)
        return router

    def login(self, account: Account | None, *, decline: bool = False, grant: Iterable[str] | None = None) -> None:
        """Log ``account`` in to tiktok.com for the authorize page (None logs out). It will
        approve every requested scope, or only ``grant``, or ``decline``."""
        self.browser = BrowserSession(account, decline, tuple(grant) if grant is not None else None)

    def scan_qrcode(self, scan_url: str, account: Account) -> None:
        """``account`` scans, in the TikTok app, the QR code showing ``scan_url`` (the
        ``scan_qrcode_url`` of ``/v2/oauth/get_qrcode/`` with your ``client_ticket`` in it):
        ``check_qrcode`` now answers ``scanned`` and echoes that ticket. Raises
        :class:`AuthorizationRefused` where TikTok would refuse (not a target user, an
        expired QR code...)."""
        with self.portal.lock:
            self.portal.qr_login.scan(scan_url, account)

    def confirm_qrcode(
        self, scan_url: str, account: Account | None = None, *, grant: Iterable[str] | None = None
    ) -> None:
        """The user who scanned ``scan_url`` confirms (``account`` scans it first if nobody
        has): ``check_qrcode`` answers ``confirmed`` once, with the code in its
        ``redirect_uri``. ``grant`` approves only some of the scopes asked."""
        with self.portal.lock:
            self.portal.qr_login.confirm(scan_url, account, grant=grant)

    def fail(
        self,
        path: str,
        status: int | None = 500,
        code: str | None = None,
        *,
        times: int | None = 1,
        method: str | None = None,
        message: str | None = None,
        latency: float = 0.0,
    ) -> Fault:
        """Make requests to ``path`` (``"*"`` for all) answer ``status`` with TikTok's error
        shape (``code`` defaults to rate_limit_exceeded for 429, internal_error for 5xx),
        ``times`` times or always (``times=None``), after ``latency`` seconds. With
        ``status=None`` only the latency is added."""
        return self.faults.add(Fault(path, status, code, message, times, method, latency))

    def take_fault(self, request: ApiRequest) -> Fault | None:
        """The injected fault ``request`` meets, counted as used (None when there is none)."""
        return self.faults.take(request) if self.faults else None

    def handle(
        self, request: ApiRequest, handler: Handler | None = None, *, fault: Fault | EllipsisType | None = ...
    ) -> ApiResponse:
        """Answer one request. Never raises: every failure is a TikTok-shaped answer.

        ``handler`` answers in place of the router's route (the live server's authorize
        page does), with the same faults, lock, log_id and call log. ``fault``: the fault a
        transport already took with :meth:`take_fault` and whose latency it waited (None: no
        fault); by default it is taken and its latency slept here."""
        portal = self.portal
        exception: BaseException | None = None
        if isinstance(fault, EllipsisType):
            fault = self.take_fault(request)
            if fault is not None and fault.latency:
                self.faults.sleep(fault.latency)
        with portal.lock:
            now = portal.clock.now()
            log_id = portal.ids.log_id(now)
            try:
                injected = fault.answer(request, log_id) if fault else None
                if injected is not None:
                    self.calls.append(Call(request, injected, now))
                    return injected
                answer = handler or self.router.resolve(request).handler
                response = answer(request, log_id)
            except ApiError as refusal:
                response = envelope.error(refusal, log_id)
            except Exception as bug:  # a bug in the fake: answer TikTok's 500, keep the trace
                exception = bug
                response = envelope.error(
                    ApiError(500, "internal_error", f"pytest-tiktok-sandbox failed: {bug!r}"), log_id
                )
        if request.method == "HEAD" and response.body:  # a HEAD answer has the GET's headers, no body
            response = ApiResponse(response.status, response.headers, b"", response.error_code)
        self.calls.append(Call(request, response, now, exception))
        return response
