"""The ``httpx`` transport (sync ``Client`` and ``AsyncClient``), used when httpx is installed.

While started, requests to TikTok's hosts are answered by the fake API; every other request
goes to the transport httpx would have used (the network, or a user's own mock).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import httpx

from ..api.http import ApiRequest
from ..api.router import is_tiktok_host

if TYPE_CHECKING:
    from ..api.service import FakeTikTokAPI


def _to_api_request(request: httpx.Request, body: bytes) -> ApiRequest:
    return ApiRequest.build(request.method, str(request.url), dict(request.headers), body)


def _to_httpx_response(api: FakeTikTokAPI, request: httpx.Request, body: bytes) -> httpx.Response:
    answer = api.handle(_to_api_request(request, body))
    return httpx.Response(answer.status, headers=answer.headers, content=answer.body, request=request)


class HttpxTransport:
    """Patches httpx's default transports while started (one patch per process at a time)."""

    def __init__(self, api: FakeTikTokAPI) -> None:
        self.api = api
        self._saved: tuple[Any, Any] | None = None

    def start(self) -> None:
        if self._saved is not None:
            raise RuntimeError("the httpx transport is already started")
        sync_send = httpx.HTTPTransport.handle_request
        async_send = httpx.AsyncHTTPTransport.handle_async_request
        api = self.api

        def handle_request(self: httpx.HTTPTransport, request: httpx.Request) -> httpx.Response:
            if not is_tiktok_host(request.url.host):
                return sync_send(self, request)
            return _to_httpx_response(api, request, request.read())

        async def handle_async_request(self: httpx.AsyncHTTPTransport, request: httpx.Request) -> httpx.Response:
            if not is_tiktok_host(request.url.host):
                return await async_send(self, request)
            return _to_httpx_response(api, request, await request.aread())

        httpx.HTTPTransport.handle_request = handle_request  # type: ignore[method-assign]
        httpx.AsyncHTTPTransport.handle_async_request = handle_async_request  # type: ignore[method-assign]
        self._saved = (sync_send, async_send)

    def stop(self) -> None:
        saved, self._saved = self._saved, None
        if saved is not None:
            httpx.HTTPTransport.handle_request = saved[0]  # type: ignore[method-assign]
            httpx.AsyncHTTPTransport.handle_async_request = saved[1]  # type: ignore[method-assign]
