"""The ``requests`` transport, and how it lives with ``responses``.

One interception point: ``HTTPAdapter.get_connection_with_tls_context`` hands back, for a
TikTok URL, a connection pool that answers from the fake instead of the network. Everything
else ``requests`` does runs as usual: the session's mounted adapter, its ``Retry`` (status
retries of a 429 or 5xx), the conversion of a read timeout into ``requests.ReadTimeout``.

``responses`` mocks (the default one behind ``@responses.activate`` and ``responses.start()``,
or a private ``RequestsMock``), started before or after ours, in any number: each one lets
TikTok's calls through to the adapter (a hook on ``RequestsMock._on_request``, not a route in
its registry), so the fake answers them and the user's registry holds only the user's routes.
"""

from __future__ import annotations

import io
import re
import socket
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import responses
from requests.adapters import HTTPAdapter
from requests.structures import CaseInsensitiveDict
from urllib3 import HTTPResponse
from urllib3.exceptions import MaxRetryError, ReadTimeoutError
from urllib3.util import Retry, Timeout

from ..api.http import ApiRequest
from .active import STACK, TimedOut, answer, body_bytes, reason_phrase

if TYPE_CHECKING:
    from requests import PreparedRequest

    from ..api.service import FakeTikTokAPI

_TIKTOK = r"https?://(?:[^/?#@]*@)?(?:[A-Za-z0-9-]+\.)*(?:tiktokapis|tiktok)\.com\.?(?::\d+)?(?:[/?#]|$)"
TIKTOK_URL = re.compile("^" + _TIKTOK, re.I)
OTHER_HOSTS = re.compile(f"^(?!{_TIKTOK})", re.I)

# requests >= 2.32.2 asks for its pool here; older versions through get_connection.
_GET_POOL = (
    "get_connection_with_tls_context" if hasattr(HTTPAdapter, "get_connection_with_tls_context") else "get_connection"
)


class TikTokPool:
    """Stands where urllib3's connection pool would for one TikTok URL: ``urlopen`` answers
    from the fake, with urllib3's own retry and timeout semantics, and opens no socket."""

    def __init__(self, api: FakeTikTokAPI, url: str) -> None:
        self.api = api
        self.url = url

    def urlopen(
        self,
        method: str,
        url: str,
        body: Any = None,
        headers: Any = None,
        retries: Retry | bool | int | None = None,
        timeout: Any = None,
        preload_content: bool = True,
        decode_content: bool = True,
        **kwargs: Any,
    ) -> HTTPResponse:
        content = body_bytes(body)  # a generator body is read once, whatever the retries
        retry = retries if isinstance(retries, Retry) else Retry.from_int(retries)
        read_timeout = timeout.read_timeout if isinstance(timeout, Timeout) else timeout
        if read_timeout is not None and not isinstance(read_timeout, (int, float)):  # urllib3's default
            read_timeout = socket.getdefaulttimeout()
        if isinstance(headers, CaseInsensitiveDict):  # what requests sends: its keys lower-cased already
            plain = dict(headers.lower_items())
        else:
            plain = {k.lower(): v for k, v in (headers or {}).items()}
        if not all(type(k) is str and type(v) is str for k, v in plain.items()):  # requests takes bytes too
            plain = {_header_text(k).lower(): _header_text(v) for k, v in plain.items()}
        request = ApiRequest(method.upper(), self.url, plain, content)
        while True:
            try:
                reply = answer(self.api, request, read_timeout)
            except TimedOut as timed_out:
                error = ReadTimeoutError(self, self.url, f"Read timed out. (read timeout={timed_out.timeout})")  # type: ignore[arg-type]
                retry = retry.increment(method, self.url, error=error, _pool=self)  # type: ignore[arg-type]
                retry.sleep()
                continue
            response = HTTPResponse(
                body=io.BytesIO(reply.body),
                headers=reply.headers,
                status=reply.status,
                reason=reason_phrase(reply.status),
                preload_content=preload_content,
                decode_content=decode_content,
                request_method=method,
                request_url=self.url,
                retries=retry,
            )
            if not retry.is_retry(method, reply.status, "Retry-After" in reply.headers):
                return response
            try:
                retry = retry.increment(method, self.url, response=response, _pool=self)  # type: ignore[arg-type]
            except MaxRetryError:
                if retry.raise_on_status:
                    raise
                return response
            retry.sleep(response)

    def close(self) -> None:
        pass

    def __repr__(self) -> str:  # in urllib3's errors (a ReadTimeout's text): the host, no query
        return f"TikTokPool(host={urlsplit(self.url).hostname!r})"


class RequestsInterceptor:
    """Puts the ``requests`` interception point and the ``responses`` hook in place."""

    def __init__(self) -> None:
        self._saved: tuple[Any, Any] | None = None

    def install(self) -> None:
        get_pool = getattr(HTTPAdapter, _GET_POOL)
        on_request = responses.RequestsMock._on_request

        def get_connection(adapter: HTTPAdapter, request: PreparedRequest, *args: Any, **kwargs: Any) -> Any:
            api = STACK.current()
            if api is not None and request.url and TIKTOK_URL.match(request.url):
                return TikTokPool(api, request.url)
            return get_pool(adapter, request, *args, **kwargs)

        def _on_request(mock: responses.RequestsMock, adapter: Any, request: Any, *args: Any, **kwargs: Any) -> Any:
            if STACK.current() is not None and TIKTOK_URL.match(str(request.url)):
                kwargs.pop("retries", None)  # responses' own retry loop; urllib3's runs instead
                return mock._real_send(adapter, request, *args, **kwargs)
            return on_request(mock, adapter, request, *args, **kwargs)

        setattr(HTTPAdapter, _GET_POOL, get_connection)
        responses.RequestsMock._on_request = _on_request  # type: ignore[method-assign,assignment]
        self._saved = (get_pool, on_request)

    def uninstall(self) -> None:
        saved, self._saved = self._saved, None
        if saved is not None:
            setattr(HTTPAdapter, _GET_POOL, saved[0])
            responses.RequestsMock._on_request = saved[1]  # type: ignore[method-assign]


def other_hosts_mock() -> responses.RequestsMock:
    """A started ``responses`` mock for the user's routes to other hosts (``tiktok_api.
    requests_mock``): what it does not match goes where it would have gone."""
    mock = responses.RequestsMock(assert_all_requests_are_fired=False, real_adapter_send=HTTPAdapter.send)
    mock.add_passthru(OTHER_HOSTS)
    mock.start()
    return mock


def _header_text(value: object) -> str:
    """A header name or value as the server reads it: bytes are sent as they are (Latin-1)."""
    return value.decode("latin-1") if isinstance(value, (bytes, bytearray)) else str(value)
