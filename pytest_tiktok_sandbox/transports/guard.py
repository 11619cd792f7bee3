"""The last line of defence: no connection to TikTok's hosts while the mock is active.

``requests``, ``urllib.request`` and ``httpx`` are answered before they resolve any name. A
client built on something else (aiohttp, raw ``http.client``, pycurl...) would reach the real
TikTok; while started, this guard makes resolving a TikTok host fail at once, with a message
that says what to do, so a test fails closed instead of touching the internet.
"""

from __future__ import annotations

import socket
from typing import Any

from ..api.router import is_tiktok_host

MESSAGE = (
    "pytest-tiktok-sandbox blocked a connection to {host}: this HTTP client is not answered "
    "in-process (requests, urllib.request and httpx are). Point it at the live server instead "
    "(the tiktok_server fixture's url), or use one of those clients."
)


class NetworkGuard:
    """Patches ``socket.getaddrinfo`` while started: TikTok's hosts do not resolve."""

    def __init__(self) -> None:
        self._saved: Any = None

    def start(self) -> None:
        if self._saved is not None:
            raise RuntimeError("the network guard is already started")
        original = socket.getaddrinfo

        def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
            name = host.decode("idna") if isinstance(host, bytes) else host
            if isinstance(name, str) and is_tiktok_host(name):
                raise socket.gaierror(socket.EAI_NONAME, MESSAGE.format(host=name))
            return original(host, *args, **kwargs)

        socket.getaddrinfo = getaddrinfo
        self._saved = original

    def stop(self) -> None:
        saved, self._saved = self._saved, None
        if saved is not None:
            socket.getaddrinfo = saved
