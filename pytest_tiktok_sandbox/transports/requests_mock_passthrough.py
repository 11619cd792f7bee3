"""How the fake lives with ``requests-mock`` (its ``Mocker``, its pytest fixture, its ``Adapter``).

A ``requests_mock.Adapter`` (the one a started ``Mocker`` puts in front of every session, or
one mounted on a session) answers ``NoMockAddress`` (a ``ConnectionError``) to any URL it has
no route for. While a TikTok mock is active, a TikTok URL it has no route for is sent through
``requests``' own ``HTTPAdapter`` instead, where the fake answers it, whichever was started
first; the routes the user registered for TikTok's URLs still answer first, and every other URL
is left to requests-mock. Installed only when requests-mock is loaded (its pytest plugin loads
it at start-up); never imported from here.
"""

from __future__ import annotations

import sys
from typing import Any

from requests.adapters import HTTPAdapter

from .active import STACK
from .responses import TIKTOK_URL


class RequestsMockInterceptor:
    """Patches ``requests_mock.Adapter.send`` while installed (when requests-mock is loaded)."""

    def __init__(self) -> None:
        self._saved: tuple[type, Any, HTTPAdapter] | None = None

    def install(self) -> None:
        adapter = getattr(sys.modules.get("requests_mock.adapter"), "Adapter", None)
        no_route = getattr(sys.modules.get("requests_mock.exceptions"), "NoMockAddress", None)
        if not isinstance(adapter, type) or not (isinstance(no_route, type) and issubclass(no_route, Exception)):
            return
        original = adapter.__dict__.get("send")
        if original is None:
            return
        real = HTTPAdapter()

        def send(self: Any, request: Any, **kwargs: Any) -> Any:
            try:
                return original(self, request, **kwargs)
            except no_route:
                if STACK.current() is None or not TIKTOK_URL.match(str(getattr(request, "url", ""))):
                    raise
            return real.send(request, **kwargs)  # outside the except block: no "During handling of..."

        adapter.send = send  # type: ignore[attr-defined]
        self._saved = (adapter, original, real)

    def uninstall(self) -> None:
        saved, self._saved = self._saved, None
        if saved is not None:
            adapter, original, real = saved
            adapter.send = original  # type: ignore[attr-defined]
            real.close()
