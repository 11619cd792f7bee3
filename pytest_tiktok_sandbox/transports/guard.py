"""The last line of defence: TikTok's hosts do not resolve while a mock is active.

``requests``, ``urllib.request`` and ``httpx`` are answered before they resolve any name. A
client built on something else (aiohttp, raw ``http.client``, ``socket.create_connection``...)
would reach the real TikTok; while installed, this guard makes resolving a TikTok host through
the ``socket`` module (``getaddrinfo``, ``gethostbyname``, ``gethostbyname_ex``,
``gethostbyaddr``) fail at once
with ``socket.gaierror`` and a message that says what to do, so a test fails closed instead of
touching the internet. What it cannot see is listed in docs/reliability.md: connections to an
IP address, resolvers that bypass the ``socket`` module (aiodns/c-ares, libcurl), proxies,
other processes.
"""

from __future__ import annotations

import socket
from typing import Any

from ..api.hosts import is_tiktok_host

MESSAGE = (
    "pytest-tiktok-sandbox blocked a connection to {host}: this HTTP client is not answered "
    "in-process (requests, urllib.request and httpx are). Point it at the live server instead "
    "(the tiktok_server fixture's url), or use one of those clients."
)

OUTSIDE_MESSAGE = (
    "pytest-tiktok-sandbox blocked a connection to {host}: no TikTok mock is active here, so this "
    "call would reach the real TikTok. Use the tiktok_api or tiktok_sandbox fixture (or a "
    "tiktok_sandbox marker), TikTokSandbox or TikTokMock, or the live server; "
    "--tiktok-network=allowed lets TikTok calls outside the mocks through."
)
"""The session guard's message: a TikTok call while the plugin is loaded but no mock runs."""

GUARDED = ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr")


def _guarded(original: Any, message: str) -> Any:
    def resolve(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = _text(host) if isinstance(host, bytes | bytearray) else host
        if isinstance(name, str) and is_tiktok_host(name):
            raise socket.gaierror(socket.EAI_NONAME, message.format(host=name))
        return original(host, *args, **kwargs)

    resolve.__wrapped__ = original  # type: ignore[attr-defined]
    return resolve


def _text(host: bytes | bytearray) -> str:
    try:
        return bytes(host).decode("idna")
    except UnicodeError:
        return bytes(host).decode("latin-1")


class NetworkGuard:
    """Patches the ``socket`` module's resolvers while installed: TikTok's hosts do not resolve."""

    def __init__(self, message: str = MESSAGE) -> None:
        self.message = message
        self._saved: dict[str, Any] = {}

    def install(self) -> None:
        for name in GUARDED:
            original = getattr(socket, name)
            setattr(socket, name, _guarded(original, self.message))
            self._saved[name] = original

    def uninstall(self) -> None:
        saved, self._saved = self._saved, {}
        for name, original in saved.items():
            setattr(socket, name, original)
