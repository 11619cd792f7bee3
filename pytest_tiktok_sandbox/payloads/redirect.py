"""The query the authorize page sends the browser back to a ``redirect_uri`` with, written
without pydantic (the portal writes every redirect with it; the wire model
:class:`~pytest_tiktok_sandbox.payloads.oauth.AuthorizationRedirect` parses it and writes it
the same way)."""

from __future__ import annotations

from urllib.parse import urlencode

REDIRECT_KEYS = ("code", "scopes", "error", "state", "error_description")
"""TikTok's order of the keys."""


def redirect_location(redirect_uri: str, **query: str | None) -> str:
    """``redirect_uri`` with ``query`` (keys of :data:`REDIRECT_KEYS`), in TikTok's order,
    without the absent (None) keys."""
    unknown = set(query) - set(REDIRECT_KEYS)
    if unknown:
        raise TypeError(f"not a key of the authorize redirect: {', '.join(sorted(unknown))}")
    present = {key: query[key] for key in REDIRECT_KEYS if query.get(key) is not None}
    for key, value in present.items():
        if not isinstance(value, str):
            raise TypeError(f"{key} must be a string, got {type(value).__name__}")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError(f"{key} must be text UTF-8 can carry (no lone surrogates)") from None
    return f"{redirect_uri}?{urlencode(present)}"
