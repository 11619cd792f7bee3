"""The fake TikTok API made reachable: the API plus its transports, as a context manager."""

from __future__ import annotations

import contextlib
import functools
import inspect
import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from .api.service import ApiSettings, CallLog, FakeTikTokAPI

if TYPE_CHECKING:
    import responses

    from .api.http import ApiRequest, ApiResponse
    from .portal import Portal

F = TypeVar("F", bound=Callable[..., Any])
P = ParamSpec("P")
R = TypeVar("R")


def _forwarded(method: Callable[Concatenate[FakeTikTokAPI, P], R]) -> Callable[Concatenate[TikTokMock, P], R]:
    """A method of :class:`TikTokMock` that calls ``method`` of its API, with its signature and
    docstring (written once, on :class:`FakeTikTokAPI`)."""

    def forward(self: TikTokMock, /, *args: P.args, **kwargs: P.kwargs) -> R:
        return method(self.api, *args, **kwargs)

    functools.update_wrapper(forward, method)
    return forward


class TikTokMock:
    """Answers every HTTP call to TikTok's hosts from ``portal`` while active.

    Use it as a context manager (``with TikTokMock(portal) as api:``), as a decorator, or
    with :meth:`start` and :meth:`stop`. It answers ``requests``, ``urllib.request`` and (when
    installed) ``httpx``, whatever ``responses`` or pytest-httpx mocks are active beside it; any
    other client fails to resolve TikTok's hosts (it never reaches them); requests to other
    hosts are left alone. Several mocks may be active at once: the one started last answers,
    and they may stop in any order (see ``transports/install.py``).
    """

    def __init__(self, portal: Portal, settings: ApiSettings | None = None) -> None:
        self.api = FakeTikTokAPI(portal, settings)
        self._requests_mock: responses.RequestsMock | None = None
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
        """A ``responses.RequestsMock`` for your own routes to other hosts, started on first
        use and stopped with this mock (what it does not match goes where it would have gone)."""
        if not self._active:
            raise RuntimeError("the TikTok mock is not started")
        if self._requests_mock is None:
            from .transports.responses import other_hosts_mock

            self._requests_mock = other_hosts_mock()
        return self._requests_mock

    @property
    def active(self) -> bool:
        return self._active

    # The API's own methods, with their signatures and docstrings (written once, there).
    login = _forwarded(FakeTikTokAPI.login)
    scan_qrcode = _forwarded(FakeTikTokAPI.scan_qrcode)
    confirm_qrcode = _forwarded(FakeTikTokAPI.confirm_qrcode)
    fail = _forwarded(FakeTikTokAPI.fail)
    """Inject a fault: :meth:`FakeTikTokAPI.fail` (its arguments and defaults, given once)."""

    def handle(self, request: ApiRequest) -> ApiResponse:
        """Answer a request directly, without any HTTP client."""
        return self.api.handle(request)

    def start(self) -> TikTokMock:
        from .transports.install import activate

        if self._active:
            raise RuntimeError("the TikTok mock is already started")
        activate(self.api)
        self._active = True
        return self

    def stop(self) -> None:
        """Stop answering: the mock started before this one (if still running) answers again;
        once none runs, nothing stays patched. Stopping twice does nothing."""
        from .transports.install import deactivate

        if self._active:
            self._active = False
            mock, self._requests_mock = self._requests_mock, None
            if mock is not None:
                mock.stop(allow_assert=False)
                mock.reset()
            deactivate(self.api)

    def __enter__(self) -> TikTokMock:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __call__(self, func: F) -> F:
        return active_during(self, func)


def active_during(context: AbstractContextManager[Any], func: F) -> F:
    """``func`` wrapped to run inside ``context`` (the decorator form of TikTokMock and
    TikTokSandbox); a coroutine function keeps it active while the coroutine runs, not only
    while the coroutine is made.

    Calls that overlap (recursion, ``asyncio.gather`` of decorated calls, threads) share one
    activation: the first one in starts ``context``, the last one out stops it. On a class
    (a ``unittest.TestCase``), each ``test*`` method is decorated, as ``unittest.mock.patch`` does.
    """
    if isinstance(func, type):
        return _decorate_class(context, func)  # type: ignore[return-value]
    if not callable(func):
        raise TypeError(f"a TikTok mock or sandbox decorates a function or a class, not {func!r}")
    activation = _activation(context)
    if inspect.iscoroutinefunction(func):

        @functools.wraps(func)
        async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
            with activation.of(context):
                return await func(*args, **kwargs)

        return async_wrapper  # type: ignore[return-value]

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with activation.of(context):
            return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def _decorate_class(context: AbstractContextManager[Any], cls: type) -> type:
    from unittest import mock

    for name in dir(cls):
        if not name.startswith(mock.patch.TEST_PREFIX):
            continue
        value = getattr(cls, name)
        if callable(value) and not isinstance(value, type):
            setattr(cls, name, active_during(context, value))
    return cls


class _Activation:
    """How many decorated calls of one context are running: the first one in enters the
    context, the last one out exits it."""

    def __init__(self) -> None:
        self.depth = 0
        self.lock = threading.Lock()

    @contextlib.contextmanager
    def of(self, context: AbstractContextManager[Any]) -> Iterator[None]:
        with self.lock:
            if self.depth == 0:
                context.__enter__()
            self.depth += 1
        try:
            yield
        finally:
            with self.lock:
                self.depth -= 1
                if self.depth == 0:
                    context.__exit__(None, None, None)


_activations: weakref.WeakKeyDictionary[Any, _Activation] = weakref.WeakKeyDictionary()
_activations_lock = threading.Lock()


def _activation(context: AbstractContextManager[Any]) -> _Activation:
    """The one activation shared by every function ``context`` decorates."""
    with _activations_lock:
        activation = _activations.get(context)
        if activation is None:
            activation = _activations[context] = _Activation()
        return activation
