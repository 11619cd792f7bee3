"""The fake developer API as one object: the routes, the settings, the browser session and the call log.

Transports (``responses``, ``urllib.request``, ``httpx``, the live server) hand it an
:class:`ApiRequest` and send back the :class:`ApiResponse`; nothing here knows which client
library made the call.
"""

from __future__ import annotations

import functools
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from types import EllipsisType
from typing import TYPE_CHECKING

from . import envelope
from .display import DisplayEndpoints
from .envelope import ApiError
from .faults import Fault, FaultPlan, check_path
from .http import ApiRequest, ApiResponse
from .oauth import OAuthEndpoints
from .oembed import OEmbedEndpoint
from .posting import PostingEndpoints
from .qrcode import QrCodeEndpoints
from .ratelimit import RateLimiter
from .router import Handler, Router
from .settings import ApiSettings, BrowserSession
from .signin import ApiSignIn
from .upload import UploadEndpoint

if TYPE_CHECKING:
    from ..accounts import Account
    from ..outcomes import OutcomeRecorder
    from ..portal import Portal


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


_RECORDER_MODULE = "pytest_tiktok_sandbox.outcomes.recorder"


def current_recorder() -> OutcomeRecorder | None:
    """The recorder ``--tiktok-coverage`` (or ``recorder.recording()``) installed, None when
    not recording. Read without importing the recorder: until its module is imported, no
    recorder can have been installed, so a session without coverage never loads it."""
    module = sys.modules.get(_RECORDER_MODULE)
    if module is None:
        return None
    current: Callable[[], OutcomeRecorder | None] = module.current
    return current()


_REPR_CALLS = 20
"""How many of the latest calls ``repr(CallLog)`` shows."""


class CallLog:
    """Every call the fake answered, in order; safe to append to from several threads."""

    def __init__(self) -> None:
        self._calls: list[Call] = []
        self._lock = threading.Lock()

    def append(self, call: Call) -> None:
        """Record ``call`` (the fake does; a test reads)."""
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

    def __repr__(self) -> str:
        """Each call as method, host, path, status and error code (no token, code or body), so an
        assertion about the log shows what was called: ``CallLog([POST open.tiktokapis.com/...])``."""
        calls = list(self._calls)
        shown = ", ".join(str(c) for c in calls[-_REPR_CALLS:])
        skipped = f"{len(calls) - _REPR_CALLS} earlier call(s), " if len(calls) > _REPR_CALLS else ""
        return f"CallLog([{skipped}{shown}])"

    def to(self, path: str, method: str | None = None) -> list[Call]:
        """The calls to ``path`` (and ``method``)."""
        return [c for c in self if c.path == path and (method is None or c.method == method.upper())]

    def count(self, path: str, method: str | None = None) -> int:
        """How many calls went to ``path`` (and ``method``)."""
        return len(self.to(path, method))

    def clear(self) -> None:
        """Forget every call so far."""
        with self._lock:
            self._calls.clear()


class FakeTikTokAPI:
    """TikTok's developer API, answered from ``portal``'s state."""

    def __init__(self, portal: Portal, settings: ApiSettings | None = None) -> None:
        self.portal = portal
        self.settings = settings or ApiSettings()
        self.calls = CallLog()
        self.browser = BrowserSession()
        self.faults = FaultPlan()
        self.rate_limiter = RateLimiter(portal.clock, self.settings)
        self.outcomes: OutcomeRecorder | None = current_recorder()
        """Where ``--tiktok-coverage`` records what this API answers (None: not recording)."""
        portal.sign_in_service = ApiSignIn(self)  # Sandbox.sign_in / App.sign_in: the fake made last

    @functools.cached_property
    def router(self) -> Router:
        """The routes, built on first use: a test that makes no request never pays for them
        (two threads racing here build equal routers; one is kept)."""
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
        ``status=None`` only the latency is added. A path no endpoint has is refused
        (:class:`ValueError` naming the closest one)."""
        check_path(path, (route.path for route in self.router))
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
                    if self.outcomes is not None:
                        self.outcomes.record(request, injected, slow=fault is not None and fault.latency > 0)
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
            response = ApiResponse(response.status, response.headers, b"", response.error_code, response.outcomes)
        self.calls.append(Call(request, response, now, exception))
        if self.outcomes is not None:
            self.outcomes.record(request, response, slow=fault is not None and fault.latency > 0)
        return response
