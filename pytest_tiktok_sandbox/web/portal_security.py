"""What guards the portal's pages: the CSRF token of their forms (double submit, HMAC), the
hosts they answer for (loopback only: no DNS rebinding), the largest form, and the headers
every page carries."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets

CSRF_COOKIE = "tt_portal_csrf"
MAX_FORM_BYTES = 64 * 1024
"""The largest form a page takes (the biggest field, App details, is a few hundred bytes)."""
SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'"
    ),
}
"""On every page: no caching (a revealed secret), no framing, no script, forms post here only."""


class CsrfTokens:
    """The token a browser's forms carry: an HMAC of its cookie under a key of this server."""

    def __init__(self) -> None:
        self._key = secrets.token_bytes(32)

    def __repr__(self) -> str:
        return "CsrfTokens(key=***)"

    @staticmethod
    def cookie(value: str) -> tuple[str, bool]:
        """The browser's cookie, or a fresh one (then True) when it sent none that is well formed."""
        if 16 <= len(value) <= 64 and value.replace("-", "").replace("_", "").isalnum():
            return value, False
        return secrets.token_urlsafe(24), True

    def token(self, cookie: str) -> str:
        """The token the forms of a page shown to the browser with ``cookie`` carry."""
        return hmac.new(self._key, cookie.encode(), hashlib.sha256).hexdigest()

    @staticmethod
    def matches(sent: str, token: str) -> bool:
        return hmac.compare_digest(sent.encode(), token.encode())


def loopback_host(host: str) -> bool:
    """Whether a ``Host`` header names this machine: a loopback address or ``localhost``."""
    if host.startswith("["):
        name = host[1:].partition("]")[0]
    elif host.count(":") == 1:
        name = host.partition(":")[0]
    else:
        name = host
    name = name.lower().rstrip(".")
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False
