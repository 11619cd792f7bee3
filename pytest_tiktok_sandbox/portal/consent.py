"""What the authorize page decides, as objects: a :class:`CodeGrant` (the user consented:
a code for the redirect URI) or a :class:`RedirectRefusal` (TikTok redirects with ``error``,
for the :class:`RedirectError` reason). Where TikTok shows its error page instead, Login Kit
raises :class:`~.errors.AuthorizationRefused`, whose ``error_type`` names what is at fault.

A decision's ``location`` is its redirect URL, written by the wire model
:class:`pytest_tiktok_sandbox.payloads.oauth.AuthorizationRedirect` (the query a client's
callback parses): no module of the portal formats a query string.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from ..payloads.oauth import AuthorizationRedirect


class RedirectError(str, Enum):
    """Why the authorize page redirected with an error: the value is TikTok's ``error``."""

    ACCESS_DENIED = "access_denied"
    """The user declined on the consent screen."""
    UNSUPPORTED_RESPONSE_TYPE = "unsupported_response_type"
    """``response_type`` was not ``code``."""

    @property
    def description(self) -> str:
        """TikTok's ``error_description`` for this reason."""
        return _DESCRIPTIONS[self]


_DESCRIPTIONS = {
    RedirectError.ACCESS_DENIED: "The user denied the authorization request.",
    RedirectError.UNSUPPORTED_RESPONSE_TYPE: "Only response_type=code is supported.",
}


@dataclass(frozen=True)
class CodeGrant:
    """The user consented: ``code`` goes to ``redirect_uri`` with the ``scopes`` granted."""

    redirect_uri: str
    code: str
    scopes: tuple[str, ...]
    state: str | None = None

    def __repr__(self) -> str:  # the code is a secret: never in a repr
        return f"CodeGrant(redirect_uri={self.redirect_uri!r}, scopes={self.scopes!r})"

    @property
    def location(self) -> str:
        """The URL the browser is sent to: ``redirect_uri?code=…&scopes=…&state=…``."""
        query = AuthorizationRedirect(code=self.code, scopes=",".join(self.scopes), state=self.state)
        return query.location(self.redirect_uri)


@dataclass(frozen=True)
class RedirectRefusal:
    """The authorize page refused with a redirect to ``redirect_uri`` for ``reason``."""

    redirect_uri: str
    reason: RedirectError
    state: str | None = None

    @property
    def location(self) -> str:
        """The URL the browser is sent to: ``redirect_uri?error=…&state=…&error_description=…``."""
        query = AuthorizationRedirect(
            error=self.reason.value, state=self.state, error_description=self.reason.description
        )
        return query.location(self.redirect_uri)


Consent = CodeGrant | RedirectRefusal
"""What the authorize page decides when it redirects."""
