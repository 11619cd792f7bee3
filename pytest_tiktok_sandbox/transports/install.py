"""Putting the interception points in place: one per client library, shared by every mock.

:func:`activate` pushes a fake API on the stack of active mocks (``active.py``); the first one
installs the network guard and the interception points of ``requests`` (and ``responses``,
``requests-mock``),
``urllib.request`` and, when installed, ``httpx``. :func:`deactivate` takes it off the stack
wherever it is; the last one uninstalls them all. So mocks may start and stop in any order:
the ones still running keep answering, and nothing stays patched once none is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from .active import STACK
from .guard import NetworkGuard
from .requests_mock_passthrough import RequestsMockInterceptor
from .responses import RequestsInterceptor
from .urllib_request import UrllibInterceptor

if TYPE_CHECKING:
    from ..api.service import FakeTikTokAPI


class Interceptor(Protocol):
    def install(self) -> None: ...

    def uninstall(self) -> None: ...


def _interceptors() -> list[Interceptor]:
    found: list[Interceptor] = [NetworkGuard(), RequestsInterceptor(), RequestsMockInterceptor(), UrllibInterceptor()]
    try:
        from .httpx import HttpxInterceptor
    except ImportError:  # httpx is an optional extra
        pass
    else:
        found.append(HttpxInterceptor())
    return found


_installed: list[Interceptor] = []


def activate(api: FakeTikTokAPI) -> None:
    """Make ``api`` answer TikTok's hosts (on top of any mock already active)."""
    with STACK.lock:
        if STACK.push(api):
            try:
                for interceptor in _interceptors():
                    interceptor.install()
                    _installed.append(interceptor)
            except BaseException:  # leave nothing patched behind
                STACK.remove(api)
                _uninstall()
                raise


def deactivate(api: FakeTikTokAPI) -> None:
    """Stop ``api`` answering; the mock below it (if any) answers again."""
    with STACK.lock:
        if STACK.remove(api):
            _uninstall()


def _uninstall() -> None:
    while _installed:
        _installed.pop().uninstall()
