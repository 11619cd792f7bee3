"""Login Kit's payloads: the flat bodies of ``/v2/oauth/token/``, ``/v2/oauth/revoke/``,
``/v2/oauth/get_qrcode/`` and ``/v2/oauth/check_qrcode/``.

These endpoints answer without the v2 envelope [TikTok's token management docs]::

    tokens = TokenResponse.model_validate(response.json())
    assert tokens.scopes == {"user.info.basic", "video.list"}
"""

from __future__ import annotations

from typing import Literal

from .common import Answer
from .redirect import redirect_location

__all__ = [
    "AuthorizationRedirect",
    "ClientTokenResponse",
    "OAuthErrorBody",
    "QrCodeResponse",
    "QrCodeStatus",
    "TokenResponse",
]


class AuthorizationRedirect(Answer):
    """The query the authorize page sends the browser back to your ``redirect_uri`` with:
    ``code``, ``scopes`` (comma-separated, as granted) and ``state``, or ``error``, ``state``
    and ``error_description``::

        callback = AuthorizationRedirect.model_validate(
            {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}
        )
    """

    code: str | None = None
    scopes: str | None = None
    error: str | None = None
    state: str | None = None
    error_description: str | None = None

    def location(self, redirect_uri: str) -> str:
        """``redirect_uri`` with this query, in TikTok's order, without the absent keys."""
        return redirect_location(
            redirect_uri,
            code=self.code,
            scopes=self.scopes,
            error=self.error,
            state=self.state,
            error_description=self.error_description,
        )


class TokenResponse(Answer):
    """A user access token: the ``authorization_code`` and ``refresh_token`` grants."""

    access_token: str
    expires_in: int
    open_id: str
    refresh_expires_in: int
    refresh_token: str
    scope: str
    """Comma-separated, as the user granted them."""
    token_type: Literal["Bearer"]

    @property
    def scopes(self) -> set[str]:
        return {s for s in self.scope.split(",") if s}


class ClientTokenResponse(Answer):
    """A client access token (``clt.``): the ``client_credentials`` grant; no refresh token."""

    access_token: str
    expires_in: int
    token_type: Literal["Bearer"]


class OAuthErrorBody(Answer):
    """A refusal of the token or revoke endpoint: ``{"error", "error_description", "log_id"}``."""

    error: str
    error_description: str
    log_id: str


class QrCodeResponse(Answer):
    """``/v2/oauth/get_qrcode/``: the URL to show as a QR code (put your ``client_ticket`` in
    place of ``tobefilled``) and the ``token`` to poll ``check_qrcode`` with."""

    scan_qrcode_url: str
    token: str


class QrCodeStatus(Answer):
    """``/v2/oauth/check_qrcode/``: ``status`` is ``new``, ``scanned``, ``confirmed``,
    ``expired`` or ``utilised``. ``client_ticket`` is the scanned URL's: check it is yours.
    When confirmed, ``redirect_uri`` carries the ``code`` (and ``state``) in its query."""

    status: Literal["new", "scanned", "confirmed", "expired", "utilised"]
    client_ticket: str | None = None
    redirect_uri: str | None = None
    state: str | None = None
