"""The fake TikTok API made reachable: the API plus its transports, as a context manager."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, TypeVar

from .api.service import ApiSettings, CallLog, FakeTikTokAPI

if TYPE_CHECKING:
    import responses

    from .accounts import Account
    from .api.faults import Fault
    from .api.http import ApiRequest, ApiResponse
    from .portal import Portal
    from .transports.httpx import HttpxTransport

F = TypeVar("F", bound=Callable[..., Any])


class TikTokMock:
    """Answers every HTTP call to TikTok's hosts from ``portal`` while active.

    Use it as a context manager (``with TikTokMock(portal) as api:``), as a decorator, or
    with :meth:`start` and :meth:`stop`. It answers ``requests``, ``urllib.request`` and (when
    installed) ``httpx``; any other client fails to resolve TikTok's hosts (it never reaches
    them); requests to other hosts are left alone.
    """

    def __init__(self, portal: Portal, settings: ApiSettings | None = None) -> None:
        from .transports.guard import NetworkGuard
        from .transports.responses import ResponsesTransport
        from .transports.urllib_request import UrllibTransport

        self.api = FakeTikTokAPI(portal, settings)
        self._requests = ResponsesTransport(self.api)
        self._urllib = UrllibTransport(self.api)
        self._guard = NetworkGuard()
        self._httpx = _httpx_transport(self.api)
        self._active = False

    @property
    def portal(self) -> Portal:
        return self.api.portal

    @property
    def settings(self) -> ApiSettings:
        return self.api.settings

    @property
    def calls(self) -> CallLog:
        """Every call the fake answered (``calls.to("/v2/oauth/token/")``, ``calls.count(...)``)."""
        return self.api.calls

    @property
    def requests_mock(self) -> responses.RequestsMock:
        """The ``responses.RequestsMock`` in use: add your own routes for other hosts to it."""
        if self._requests.requests_mock is None:
            raise RuntimeError("the TikTok mock is not started")
        return self._requests.requests_mock

    @property
    def active(self) -> bool:
        return self._active

    def login(self, account: Account | None, *, decline: bool = False, grant: Iterable[str] | None = None) -> None:
        """Log ``account`` in to tiktok.com for the authorize page (see FakeTikTokAPI.login)."""
        self.api.login(account, decline=decline, grant=grant)

    def scan_qrcode(self, scan_url: str, account: Account) -> None:
        """``account`` scans a Login Kit QR code (see FakeTikTokAPI.scan_qrcode)."""
        self.api.scan_qrcode(scan_url, account)

    def confirm_qrcode(
        self, scan_url: str, account: Account | None = None, *, grant: Iterable[str] | None = None
    ) -> None:
        """The scanning user confirms a Login Kit QR code (see FakeTikTokAPI.confirm_qrcode)."""
        self.api.confirm_qrcode(scan_url, account, grant=grant)

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
        """Inject a fault: see :meth:`FakeTikTokAPI.fail`."""
        return self.api.fail(path, status, code, times=times, method=method, message=message, latency=latency)

    def handle(self, request: ApiRequest) -> ApiResponse:
        """Answer a request directly, without any HTTP client."""
        return self.api.handle(request)

    def start(self) -> TikTokMock:
        if self._active:
            raise RuntimeError("the TikTok mock is already started")
        started: list[Any] = []
        try:
            for transport in (self._guard, self._requests, self._urllib, self._httpx):
                if transport is not None:
                    transport.start()
                    started.append(transport)
        except BaseException:
            for transport in reversed(started):  # leave nothing patched behind
                transport.stop()
            raise
        self._active = True
        return self

    def stop(self) -> None:
        if self._active:
            self._active = False
            if self._httpx is not None:
                self._httpx.stop()
            self._urllib.stop()
            self._requests.stop()
            self._guard.stop()

    def __enter__(self) -> TikTokMock:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __call__(self, func: F) -> F:
        return active_during(self, func)


def _httpx_transport(api: FakeTikTokAPI) -> HttpxTransport | None:
    """The httpx transport when httpx is installed (an optional extra), else None."""
    try:
        from .transports.httpx import HttpxTransport
    except ImportError:
        return None
    return HttpxTransport(api)


def active_during(context: AbstractContextManager[Any], func: F) -> F:
    """``func`` wrapped to run inside ``context`` (the decorator form of TikTokMock and
    TikTokSandbox); a coroutine function keeps it active while the coroutine runs, not only
    while the coroutine is made."""
    if inspect.iscoroutinefunction(func):

        @functools.wraps(func)
        async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
            with context:
                return await func(*args, **kwargs)

        return async_wrapper  # type: ignore[return-value]

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with context:
            return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
