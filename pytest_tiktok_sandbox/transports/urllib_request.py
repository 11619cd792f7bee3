"""The standard library's ``urllib.request`` transport: ``urlopen`` and every opener.

One interception point: ``AbstractHTTPHandler.do_open``, where urllib's HTTP and HTTPS
handlers open a connection. A request to a TikTok host is answered there by the fake, after
urllib's own machinery prepared it (the opener's ``addheaders``, every handler's
``http_request``/``https_request``, the Content-Type and Content-Length urllib adds) and
before it handles the answer (4xx and 5xx raise ``HTTPError`` with TikTok's body; redirects
are followed only by an opener that has a redirect handler, to wherever they point). A fault's
latency beyond the request's timeout raises ``TimeoutError`` (``socket.timeout``), as a
read timeout in urllib does. Every other request opens its connection as usual.
"""

from __future__ import annotations

import email.message
import io
import socket
import urllib.request
import urllib.response
from typing import Any
from urllib.parse import urlsplit

from ..api.hosts import is_tiktok_host
from ..api.http import ApiRequest
from .active import STACK, TimedOut, answer, body_bytes, reason_phrase


def _message(headers: dict[str, str]) -> email.message.Message:
    message = email.message.Message()
    for name, value in headers.items():
        message[name] = value
    return message


def _timeout_of(request: urllib.request.Request) -> float | None:
    """The request's timeout as the socket would apply it (None: blocking, no timeout)."""
    timeout = getattr(request, "timeout", socket._GLOBAL_DEFAULT_TIMEOUT)  # type: ignore[attr-defined]
    if timeout is socket._GLOBAL_DEFAULT_TIMEOUT:  # type: ignore[attr-defined]
        return socket.getdefaulttimeout()
    return None if timeout is None else float(timeout)


class UrllibInterceptor:
    """Patches ``urllib.request.AbstractHTTPHandler.do_open`` while installed."""

    def __init__(self) -> None:
        self._saved: Any = None

    def install(self) -> None:
        original = urllib.request.AbstractHTTPHandler.do_open

        def do_open(
            handler: urllib.request.AbstractHTTPHandler, http_class: Any, request: urllib.request.Request, **kwargs: Any
        ) -> Any:
            api = STACK.current()
            url = request.full_url  # the URL asked for, even when a proxy handler changed the host
            if api is None or not is_tiktok_host(urlsplit(url).hostname or ""):
                return original(handler, http_class, request, **kwargs)
            headers = dict(request.unredirected_hdrs)  # as do_open sends them
            headers.update({k: v for k, v in request.headers.items() if k not in headers})
            body = body_bytes(request.data)
            try:
                reply = answer(api, ApiRequest.build(request.get_method(), url, headers, body), _timeout_of(request))
            except TimedOut:
                raise TimeoutError("timed out") from None
            response = urllib.response.addinfourl(io.BytesIO(reply.body), _message(reply.headers), url, reply.status)
            response.msg = reason_phrase(reply.status)  # type: ignore[attr-defined]
            return response

        urllib.request.AbstractHTTPHandler.do_open = do_open  # type: ignore[method-assign,assignment]
        self._saved = original

    def uninstall(self) -> None:
        saved, self._saved = self._saved, None
        if saved is not None:
            urllib.request.AbstractHTTPHandler.do_open = saved  # type: ignore[method-assign]
