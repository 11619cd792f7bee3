"""TikTok's answer shapes: the v2 ``{"data", "error"}`` envelope and the flat OAuth body."""

from __future__ import annotations

import json
from typing import Any

from .http import ApiResponse

JSON = "application/json"

_DEFAULT_MESSAGES = {
    "access_token_invalid": "The access token is invalid or not found in the request.",
    "scope_not_authorized": "The user did not authorize the scope required for completing this request.",
    "scope_permission_missed": "The request requires additional scope permissions.",
    "invalid_params": "The request parameters are invalid.",
    "rate_limit_exceeded": "The API rate limit was exceeded. Please try again later.",
    "internal_error": "Something went wrong. Please try again later.",
}


class ApiError(Exception):
    """A refusal of a v2 endpoint: answered as ``{"data": {}, "error": {code, message, log_id}}``."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str | None = None,
        data: dict[str, Any] | None = None,
        *,
        outcome: str | None = None,
    ) -> None:
        self.status = status
        self.code = code
        self.outcome = outcome
        """Why, in the outcome catalogue's names, when the code alone does not say
        (``access_token_expired`` for an ``access_token_invalid``)."""
        self.message = message if message is not None else _DEFAULT_MESSAGES.get(code, code)
        self.data = data or {}
        super().__init__(f"{status} {code}: {self.message}")


_COMPACT = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, check_circular=False).encode
_COMPACT_ASCII = json.JSONEncoder(separators=(",", ":"), check_circular=False).encode
"""Made once (``json.dumps`` with options builds an encoder on every call). Answers are fresh
dicts and lists of the portal's values, never circular: no marker dict per container (a
circular value would raise RecursionError instead of ValueError, a 500 either way)."""


def _dumps(body: Any) -> bytes:
    """UTF-8 JSON. A string that UTF-8 cannot encode (a lone surrogate a client sent, which
    an error message echoes) is written as JSON escapes instead: the same JSON value, the
    one the client sent, in bytes every client can read."""
    text = _COMPACT(body)
    try:
        return text.encode()
    except UnicodeEncodeError:
        return _COMPACT_ASCII(body).encode()


def json_response(
    status: int, body: Any, log_id: str, error_code: str | None = None, outcomes: tuple[str, ...] = ()
) -> ApiResponse:
    return ApiResponse(
        status,
        {"Content-Type": JSON, "x-tt-logid": log_id},
        _dumps(body),
        error_code,
        outcomes,
    )


def ok(data: dict[str, Any], log_id: str) -> ApiResponse:
    """A v2 success: the data and ``error.code == "ok"``."""
    return json_response(200, {"data": data, "error": {"code": "ok", "message": "", "log_id": log_id}}, log_id)


def error(err: ApiError, log_id: str) -> ApiResponse:
    body = {"data": err.data, "error": {"code": err.code, "message": err.message, "log_id": log_id}}
    return json_response(err.status, body, log_id, err.code, (err.outcome,) if err.outcome else ())


def oauth_error(status: int, code: str, description: str, log_id: str, outcome: str | None = None) -> ApiResponse:
    """The flat OAuth error body TikTok's token and revoke endpoints answer with."""
    body = {"error": code, "error_description": description, "log_id": log_id}
    return json_response(status, body, log_id, code, (outcome,) if outcome else ())


def html(
    status: int, page: str, log_id: str, error_code: str | None = None, headers: dict[str, str] | None = None
) -> ApiResponse:
    return ApiResponse(
        status,
        {"Content-Type": "text/html; charset=utf-8", "x-tt-logid": log_id, **(headers or {})},
        page.encode("utf-8", "replace"),  # a lone surrogate echoed from the request: "?"
        error_code,
    )
