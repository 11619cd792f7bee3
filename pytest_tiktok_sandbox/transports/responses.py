"""The ``requests`` transport, built on ``responses``.

One catch-all route answers every request to a TikTok host (``*.tiktok.com``,
``*.tiktokapis.com``), whatever its method, and hands it to the fake API, which routes by
dictionary; every other host passes through to whatever ``requests`` would have done
without us (the network, or a ``responses`` mock the user started before us).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import responses
from requests.adapters import HTTPAdapter

from ..api.http import ApiRequest
from ..api.router import is_tiktok_host

if TYPE_CHECKING:
    from requests import PreparedRequest

    from ..api.service import FakeTikTokAPI

_TIKTOK = r"https?://(?:[^/?#@]*@)?(?:[A-Za-z0-9-]+\.)*(?:tiktokapis|tiktok)\.com\.?(?::\d+)?(?:[/?#]|$)"
TIKTOK_URL = re.compile("^" + _TIKTOK, re.I)
OTHER_HOSTS = re.compile(f"^(?!{_TIKTOK})", re.I)


class TikTokRoute(responses.CallbackResponse):
    """A ``responses`` route that takes every method on every TikTok host."""

    def __init__(self, api: FakeTikTokAPI) -> None:
        super().__init__("ANY", TIKTOK_URL, callback=self._answer, content_type=None)
        self.api = api

    def matches(self, request: PreparedRequest) -> tuple[bool, str]:
        if TIKTOK_URL.match(str(request.url)):
            return True, ""
        return False, "not a TikTok host"

    def _answer(self, request: PreparedRequest) -> tuple[int, dict[str, str], bytes]:
        body = request.body
        if body is not None and not isinstance(body, (bytes, str)):
            body = b"".join(chunk if isinstance(chunk, bytes) else str(chunk).encode() for chunk in body)
        api_request = ApiRequest.build(request.method or "GET", str(request.url), request.headers, body)
        if not is_tiktok_host(api_request.host):  # pragma: no cover - the URL pattern already said so
            raise ConnectionError(f"{api_request.host} is not a TikTok host")
        answer = self.api.handle(api_request)
        return answer.status, answer.headers, answer.body


class ResponsesTransport:
    """Routes ``requests`` calls to TikTok hosts into ``api`` while started."""

    def __init__(self, api: FakeTikTokAPI) -> None:
        self.api = api
        self.route = TikTokRoute(api)
        self.requests_mock: responses.RequestsMock | None = None
        self._lent_to_default_mock = False

    def start(self) -> None:
        if self.requests_mock is not None:
            raise RuntimeError("the TikTok mock is already started")
        # Whatever answers requests now (the network, or a user's mock started before us)
        # keeps answering every host that is not TikTok's.
        mock = responses.RequestsMock(assert_all_requests_are_fired=False, real_adapter_send=HTTPAdapter.send)
        mock.add(self.route)
        mock.add_passthru(OTHER_HOSTS)
        mock.start()
        self.requests_mock = mock
        # A user's ``@responses.activate`` or ``responses.start()`` (the default mock) that
        # starts after us would answer TikTok hosts itself: lend it our route too.
        default: Any = responses.mock
        default.registered().insert(0, self.route)
        self._lent_to_default_mock = True

    def stop(self) -> None:
        mock, self.requests_mock = self.requests_mock, None
        if mock is not None:
            mock.stop(allow_assert=False)
            mock.reset()
        if self._lent_to_default_mock:
            self._lent_to_default_mock = False
            default: Any = responses.mock
            registry = default.registered()
            for index, route in enumerate(registry):
                if route is self.route:
                    del registry[index]
                    break
