"""The standard library's ``urllib.request`` transport: ``urlopen`` and every opener.

While started, ``OpenerDirector.open`` answers requests to TikTok's hosts from the fake
API, as urllib would present them: a response object for 2xx, ``HTTPError`` for 4xx and
5xx (readable, with the TikTok body), redirects followed the way urllib's default handler
follows them (through the opener, so a redirect to another host goes where it would have
gone). Every other request goes to the original ``open``.
"""

from __future__ import annotations

import email.message
import io
import urllib.error
import urllib.request
import urllib.response
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from ..api.http import ApiRequest
from ..api.router import is_tiktok_host

if TYPE_CHECKING:
    from ..api.service import FakeTikTokAPI

REDIRECTS = (301, 302, 303, 307, 308)
MAX_REDIRECTS = 10  # urllib's HTTPRedirectHandler.max_redirections


def _body_of(data: Any) -> bytes:
    if data is None:
        return b""
    if isinstance(data, bytes | bytearray | memoryview):
        return bytes(data)
    if isinstance(data, str):
        return data.encode("latin-1")  # urllib itself would refuse str; be lenient
    if hasattr(data, "read"):
        chunk = data.read()
        return chunk if isinstance(chunk, bytes) else str(chunk).encode()
    return b"".join(part if isinstance(part, bytes) else str(part).encode() for part in data)


def _headers_of(request: urllib.request.Request, body: bytes) -> dict[str, str]:
    headers = dict(request.header_items())
    names = {name.lower() for name in headers}
    if body and "content-type" not in names:  # what urllib's HTTP handler adds before sending
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    if body and "content-length" not in names:
        headers["Content-Length"] = str(len(body))
    return headers


def _message(headers: dict[str, str]) -> email.message.Message:
    message = email.message.Message()
    for name, value in headers.items():
        message[name] = value
    return message


class UrllibTransport:
    """Patches ``urllib.request.OpenerDirector.open`` while started."""

    def __init__(self, api: FakeTikTokAPI) -> None:
        self.api = api
        self._saved: Any = None

    def start(self) -> None:
        if self._saved is not None:
            raise RuntimeError("the urllib transport is already started")
        original = urllib.request.OpenerDirector.open
        transport = self

        def open(
            opener: urllib.request.OpenerDirector,
            fullurl: str | urllib.request.Request,
            data: Any = None,
            timeout: Any = None,
        ) -> Any:
            request = fullurl if isinstance(fullurl, urllib.request.Request) else urllib.request.Request(fullurl)
            if data is not None:
                request.data = data
            if not is_tiktok_host(urlsplit(request.full_url).hostname or ""):
                if timeout is None:
                    return original(opener, fullurl, data)
                return original(opener, fullurl, data, timeout)
            return transport._answer(opener, request, 0)

        urllib.request.OpenerDirector.open = open  # type: ignore[method-assign,assignment]
        self._saved = original

    def stop(self) -> None:
        saved, self._saved = self._saved, None
        if saved is not None:
            urllib.request.OpenerDirector.open = saved  # type: ignore[method-assign]

    def _answer(self, opener: urllib.request.OpenerDirector, request: urllib.request.Request, hops: int) -> Any:
        body = _body_of(request.data)
        url = request.full_url
        answer = self.api.handle(ApiRequest.build(request.get_method(), url, _headers_of(request, body), body))
        headers = _message(answer.headers)
        location = answer.headers.get("Location")
        if answer.status in REDIRECTS and location and hops < MAX_REDIRECTS:
            target = urljoin(url, location)
            if is_tiktok_host(urlsplit(target).hostname or ""):
                return self._answer(opener, urllib.request.Request(target), hops + 1)
            return opener.open(target)
        if answer.status >= 400:
            raise urllib.error.HTTPError(url, answer.status, _reason(answer.status), headers, io.BytesIO(answer.body))
        response = urllib.response.addinfourl(io.BytesIO(answer.body), headers, url, answer.status)
        response.msg = _reason(answer.status)  # type: ignore[attr-defined]
        return response


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""
