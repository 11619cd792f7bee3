"""A transport-neutral HTTP request and response: what every transport turns a client's call into."""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from ..masking import mask_body, mask_headers, mask_text


class BodyError(ValueError):
    """The request body cannot be read the way the endpoint needs it."""


@dataclass(slots=True)
class ApiRequest:
    """One request as the fake API sees it. Header names are lower-case."""

    method: str
    url: str
    headers: Mapping[str, str]
    body: bytes = b""
    origin: str = ""
    """Where the request was really sent when that is not TikTok's URL: the live server's
    ``http://127.0.0.1:8765``; empty for the in-process mock. Messages name this address."""
    host: str = field(init=False)
    path: str = field(init=False)
    query_string: str = field(init=False)

    def __repr__(self) -> str:
        """Secrets masked: ``Authorization``, cookies, and the secret form fields, query
        parameters and JSON keys (``client_secret``, ``code``, ``refresh_token``...)."""
        return (
            f"ApiRequest(method={self.method!r}, url={mask_text(self.url)!r}, "
            f"headers={mask_headers(self.headers)!r}, body={mask_body(self.body)})"
        )

    def __post_init__(self) -> None:
        self.host, self.path, self.query_string = _split_url(self.url)

    @classmethod
    def build(
        cls, method: str, url: str, headers: Mapping[str, str] | None = None, body: bytes | str | None = None
    ) -> ApiRequest:
        """Normalise what a transport has (any header case, str or bytes body)."""
        raw = body.encode("utf-8", "surrogateescape") if isinstance(body, str) else (body or b"")
        return cls(method.upper(), url, {k.lower(): v for k, v in (headers or {}).items()}, raw)

    @property
    def query(self) -> dict[str, list[str]]:
        return parse_qs(self.query_string, keep_blank_values=True)

    def query_value(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[0] if values else None

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()

    def form(self) -> dict[str, str]:
        """The form-encoded body (first value of each field): what ``parse_qs(text,
        keep_blank_values=True)`` reads, in one pass (a test holds the two equal)."""
        try:
            text = self.body.decode("utf-8")
        except UnicodeDecodeError as error:
            raise BodyError("the body is not UTF-8") from error
        fields: dict[str, str] = {}
        for pair in text.split("&"):
            if not pair:
                continue
            name, _, value = pair.partition("=")
            name = name.replace("+", " ")
            if "%" in name:
                name = unquote(name)
            if name not in fields:
                value = value.replace("+", " ")
                fields[name] = unquote(value) if "%" in value else value
        return fields

    def json(self) -> Any:
        """The JSON body; an empty body reads as ``{}``."""
        body = self.body
        if not body.strip():
            return {}
        try:
            if body[:1] == b"{" and body[1:2] != b"\0":  # what json.loads(bytes) reads as UTF-8
                return json.loads(body.decode("utf-8", "surrogatepass"))
            return json.loads(body)  # a BOM, UTF-16 or UTF-32: detected
        except (ValueError, UnicodeDecodeError) as error:
            raise BodyError(f"the body is not valid JSON: {error}") from error

    def bearer_token(self) -> str | None:
        value = self.headers.get("authorization", "")
        scheme, _, token = value.partition(" ")
        return token.strip() or None if scheme.lower() == "bearer" else None


def _split_url(url: str) -> tuple[str, str, str]:
    """The host (lower-case), path and query string of ``url``, split once per URL (a client
    calls the same few URLs again and again; ``hostname`` is worked out on every read). Long
    URLs are split each time: the cache must not keep a test's megabytes alive after it."""
    return _split_short_url(url) if len(url) <= CACHED_URL_LENGTH else _split(url)


CACHED_URL_LENGTH = 2048
"""URLs up to this many characters are remembered (256 of them, at most ~0.5 MB)."""


def _split(url: str) -> tuple[str, str, str]:
    parts = urlsplit(url)
    return (parts.hostname or "").lower(), parts.path or "/", parts.query


_split_short_url = functools.lru_cache(maxsize=256)(_split)


@dataclass(slots=True)
class ApiResponse:
    """One answer of the fake API."""

    status: int
    headers: dict[str, str]
    body: bytes = b""
    error_code: str | None = None
    """TikTok's error code or OAuth ``error`` when the answer is a refusal (for the call log)."""
    outcomes: tuple[str, ...] = ()
    """What the answer means beyond its code, in the outcome catalogue's names (an expired
    token, a post's status...): what ``--tiktok-coverage`` records."""

    def __repr__(self) -> str:
        """Secrets masked: tokens in the body, the code in ``Location``, the session cookie."""
        return (
            f"ApiResponse(status={self.status!r}, headers={mask_headers(self.headers)!r}, "
            f"body={mask_body(self.body)}, error_code={self.error_code!r})"
        )

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None
