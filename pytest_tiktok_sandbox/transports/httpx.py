"""The ``httpx`` transport (sync ``Client`` and ``AsyncClient``), used when httpx is installed.

One interception point: the connection pools of httpcore, under httpx's default transports
(``ConnectionPool.handle_request``, ``AsyncConnectionPool.handle_async_request``; proxies
are pools too). A request to a TikTok host is answered there by the fake, so httpx's own
transport code runs around it (a fault's latency beyond the client's read timeout raises
``httpx.ReadTimeout``; an ``AsyncClient`` awaits the latency, the event loop keeps running).
Every other request goes to the pool as usual (the network, or whatever mock sits above).

pytest-httpx patches the transports above the pools; while a TikTok mock is active, its
``should_mock`` leaves TikTok's hosts alone, whichever fixture was set up first.
"""

from __future__ import annotations

import sys
from typing import Any

import httpcore

from ..api.hosts import is_tiktok_host
from ..api.http import ApiRequest
from .active import STACK, TimedOut, answer, answer_async, reason_phrase


def _host(request: httpcore.Request) -> str:
    return request.url.host.decode("ascii", "replace")


def _api_request(request: httpcore.Request, body: bytes) -> ApiRequest:
    url = bytes(request.url).decode("ascii", "replace")
    headers = {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in request.headers}
    return ApiRequest(request.method.decode("ascii", "replace").upper(), url, headers, body)  # one copy


def _read_timeout(request: httpcore.Request) -> float | None:
    value = request.extensions.get("timeout", {}).get("read")
    return float(value) if isinstance(value, int | float) else None


def _response(status: int, headers: dict[str, str], body: bytes) -> httpcore.Response:
    extensions = {"http_version": b"HTTP/1.1", "reason_phrase": reason_phrase(status).encode()}
    return httpcore.Response(status, headers=list(headers.items()), content=body, extensions=extensions)


class HttpxInterceptor:
    """Patches httpcore's pools (and pytest-httpx's ``should_mock``, when it is loaded) while installed."""

    def __init__(self) -> None:
        self._saved: tuple[Any, Any] | None = None
        self._options: tuple[type, Any] | None = None

    def install(self) -> None:
        sync_send = httpcore.ConnectionPool.handle_request
        async_send = httpcore.AsyncConnectionPool.handle_async_request

        def handle_request(pool: httpcore.ConnectionPool, request: httpcore.Request) -> httpcore.Response:
            api = STACK.current()
            if api is None or not is_tiktok_host(_host(request)):
                return sync_send(pool, request)
            body = b"".join(request.stream)  # type: ignore[arg-type]
            try:
                reply = answer(api, _api_request(request, body), _read_timeout(request))
            except TimedOut:
                raise httpcore.ReadTimeout("timed out") from None
            return _response(reply.status, reply.headers, reply.body)

        async def handle_async_request(
            pool: httpcore.AsyncConnectionPool, request: httpcore.Request
        ) -> httpcore.Response:
            api = STACK.current()
            if api is None or not is_tiktok_host(_host(request)):
                return await async_send(pool, request)
            body = b"".join([chunk async for chunk in request.stream])  # type: ignore[union-attr]
            try:
                reply = await answer_async(api, _api_request(request, body), _read_timeout(request))
            except TimedOut:
                raise httpcore.ReadTimeout("timed out") from None
            return _response(reply.status, reply.headers, reply.body)

        httpcore.ConnectionPool.handle_request = handle_request  # type: ignore[method-assign,assignment]
        httpcore.AsyncConnectionPool.handle_async_request = handle_async_request  # type: ignore[method-assign,assignment]
        self._saved = (sync_send, async_send)
        options = _pytest_httpx_options()
        if options is not None:
            self._options = (options, options.__dict__.get("should_mock"))
            options.should_mock = _should_mock_property()

    def uninstall(self) -> None:
        saved, self._saved = self._saved, None
        if saved is not None:
            httpcore.ConnectionPool.handle_request = saved[0]  # type: ignore[method-assign]
            httpcore.AsyncConnectionPool.handle_async_request = saved[1]  # type: ignore[method-assign]
        options, self._options = self._options, None
        if options is not None:
            cls, before = options
            if before is None:
                delattr(cls, "should_mock")
            else:  # pragma: no cover - pytest-httpx sets it on each instance today
                setattr(cls, "should_mock", before)  # noqa: B010


def _pytest_httpx_options() -> Any:
    """pytest-httpx's options class when pytest-httpx is loaded (as a pytest plugin it is)."""
    module = sys.modules.get("pytest_httpx._options")
    options = getattr(module, "_HTTPXMockOptions", None)
    return options if isinstance(options, type) else None


def _should_mock_property() -> property:
    """``should_mock`` as a property of pytest-httpx's options, for the options already made
    and those made later: the user's choice, except that TikTok's hosts go to the fake."""

    def get(options: Any) -> Any:
        chosen = options.__dict__.get("should_mock")

        def should_mock(request: Any) -> bool:
            if STACK.current() is not None and is_tiktok_host(request.url.host):
                return False
            return bool(chosen(request)) if chosen is not None else True

        return should_mock

    def set_(options: Any, value: Any) -> None:
        options.__dict__["should_mock"] = value

    return property(get, set_)
