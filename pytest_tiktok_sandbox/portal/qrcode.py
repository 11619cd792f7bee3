"""Login Kit with QR code: the QR codes behind ``/v2/oauth/get_qrcode/`` and ``/v2/oauth/check_qrcode/``.

No HTTP here. TikTok's flow (page "Login Kit with QR Code") [D]:

1. The app's server asks for a QR code (``client_key``, ``scope``, ``state``) and gets a
   ``scan_qrcode_url`` and a ``token``. It puts its own ``client_ticket`` in the URL (in place
   of ``tobefilled``) and shows the URL as a QR code.
2. A TikTok user scans it with the TikTok app (status ``scanned``) and confirms
   (``confirmed``). The server polls with ``client_key``, ``client_secret`` and ``token``; the
   answer echoes the ``client_ticket`` of the URL that was scanned, which the server must check
   is its own, and once confirmed carries a ``redirect_uri`` whose query holds the ``code`` (and
   ``state``). The code is exchanged at ``/v2/oauth/token/`` like any other.
3. A QR code not confirmed in time is ``expired``; one already used is ``utilised``.

The scanning user must be allowed to authorize the client, exactly as on the authorize page
(a sandbox: only its target users). :meth:`QrCodeLogin.scan` and :meth:`QrCodeLogin.confirm`
are what the user does in the TikTok app.

Choices where TikTok's contract is unknown [I]:

- A QR code lives :data:`QR_CODE_LIFETIME` seconds (2 minutes) from ``get_qrcode``, scanned
  or not. ``confirmed`` is answered once, with the code; later polls answer ``utilised``.
- The code goes to the client's first web redirect URI (else its first desktop one without a
  wildcard port); the token call must send that ``redirect_uri``. No PKCE.
- ``scan_qrcode_url`` is ``aweme://authorize?…`` with ``client_key``, ``scope``, ``token``
  and ``client_ticket=tobefilled``; a scanned URL without a ``client_ticket``, or whose
  URL-encoded ticket is 512 characters or more, is refused.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final, Literal
from urllib.parse import parse_qs, quote, urlencode, urlsplit

from .authorization import OAuthError, parse_scopes
from .errors import AuthorizationRefused
from .products import SCOPES

if TYPE_CHECKING:
    from ..accounts import Account
    from .authorization import LoginKit
    from .clients import ApiClient
    from .clock import Clock
    from .config import Platform
    from .ids import IdSource

QR_CODE_LIFETIME: Final = 120.0
"""Seconds a QR code can be scanned and confirmed (TikTok does not document it)."""
CLIENT_TICKET_PLACEHOLDER: Final = "tobefilled"
"""What ``scan_qrcode_url`` holds where the app puts its ``client_ticket``."""
MAX_CLIENT_TICKET_LENGTH: Final = 512
"""TikTok: the URL-encoded ``client_ticket`` is under 512 characters."""
SCAN_URL_PREFIX: Final = "aweme://authorize"

QrStatus = Literal["new", "scanned", "confirmed", "expired", "utilised"]


@dataclass(eq=False)
class QrCode:
    """One QR code of ``get_qrcode``. ``status`` is as stored; :meth:`QrCodeLogin.status`
    is the one on the portal clock."""

    token: str = field(repr=False)
    client_key: str
    scopes: tuple[str, ...]
    state: str | None
    redirect_uri: str
    platform: Platform
    expires_at: float
    status: QrStatus = "new"
    account: Account | None = None
    client_ticket: str | None = field(default=None, repr=False)
    redirect: str | None = field(default=None, repr=False)
    """Once confirmed: the redirect URI with ``code``, ``scopes`` and ``state``."""

    @property
    def scan_url(self) -> str:
        """``scan_qrcode_url`` as ``get_qrcode`` answers it (``client_ticket=tobefilled``)."""
        query = urlencode(
            {
                "client_key": self.client_key,
                "scope": ",".join(self.scopes),
                "token": self.token,
                "client_ticket": CLIENT_TICKET_PLACEHOLDER,
            }
        )
        return f"{SCAN_URL_PREFIX}?{query}"


class QrCodeLogin:
    """The QR codes handed out, by token."""

    def __init__(
        self, login_kit: LoginKit, clients: Callable[[str], ApiClient | None], clock: Clock, ids: IdSource
    ) -> None:
        self._login_kit = login_kit
        self._clients = clients
        self._clock = clock
        self._ids = ids
        self.lifetime = QR_CODE_LIFETIME
        self._codes: dict[str, QrCode] = {}

    # -- the app's server: get_qrcode and check_qrcode -------------------------------------------
    def get_qrcode(self, client: ApiClient, scope: str | Iterable[str] | None, state: str | None = None) -> QrCode:
        """A new QR code for ``client`` asking for ``scope``; :class:`OAuthError` as the
        authorize page's checks would refuse it."""
        config = client.api_config
        if config is None or "login_kit" not in config.products:
            raise OAuthError("unauthorized_client", "The client has no Login Kit in its applied configuration.")
        requested = parse_scopes(scope)
        unknown = [s for s in requested if s not in SCOPES]
        not_enabled = [s for s in requested if s in SCOPES and s not in config.scopes]
        if not requested:
            raise OAuthError("invalid_scope", "Scope is missed in request.")
        if unknown or not_enabled:
            named = [s if len(s) <= 60 else s[:59] + "…" for s in (unknown or not_enabled)[:5]]
            more = len(unknown or not_enabled) - len(named)
            wrong = ", ".join(named) + (f" and {more} more" if more > 0 else "")  # a huge scope is not echoed
            why = "unknown" if unknown else "not enabled and applied for this client"
            raise OAuthError("invalid_scope", f"The requested scope is invalid: {wrong} ({why}).")
        redirect = _qr_redirect_uri(config.redirect_uris)
        if redirect is None:
            raise OAuthError(
                "invalid_request",
                "The client has no redirect URI for QR code login: register a web redirect URI in Login Kit.",
            )
        platform, redirect_uri = redirect
        code = QrCode(
            token=self._ids.qrcode_token(),
            client_key=client.client_key,
            scopes=tuple(requested),
            state=state,
            redirect_uri=redirect_uri,
            platform=platform,
            expires_at=self._clock.now() + self.lifetime,
        )
        self._codes[code.token] = code
        return code

    def check(self, client: ApiClient, token: str | None) -> QrCode:
        """The QR code ``token`` of ``client``, its status brought up to date; a ``confirmed``
        answer is given once (the caller reads :attr:`QrCode.redirect` first), then the code
        is ``utilised``. :class:`OAuthError` for a missing, unknown or foreign token."""
        if not token:
            raise OAuthError("invalid_request", "Token is missed in request.")
        code = self._codes.get(token)
        if code is None or code.client_key != client.client_key:
            raise OAuthError("invalid_grant", "The QR code token is invalid.")
        self._expire(code)
        return code

    def answered(self, code: QrCode) -> None:
        """``check`` answered ``code``'s status: a confirmed code is now used."""
        if code.status == "confirmed":
            code.status = "utilised"

    def status(self, code: QrCode) -> QrStatus:
        self._expire(code)
        return code.status

    # -- the TikTok user, in the TikTok app --------------------------------------------------
    def scan(self, scan_url: str, account: Account) -> QrCode:
        """``account`` scans the QR code showing ``scan_url`` (with the app's
        ``client_ticket`` in it): the status becomes ``scanned`` and ``check_qrcode`` echoes
        that ticket. :class:`AuthorizationRefused` where the TikTok app would refuse."""
        code, ticket = self._read(scan_url)
        self._expire(code)
        if code.status != "new" and not (code.status == "scanned" and code.account is account):
            raise AuthorizationRefused("invalid_request", "qrcode", f"the QR code is {code.status}, not new")
        _check_active(account)
        client = self._clients(code.client_key)
        if client is None or not client.may_authorize(account):
            environment = client.environment if client is not None else ""
            raise AuthorizationRefused(
                "unauthorized_client",
                "client_key",
                "only target users of a sandbox can authorize it"
                if environment == "sandbox"
                else "this account cannot authorize the app",
            )
        code.status, code.account, code.client_ticket = "scanned", account, ticket
        return code

    def confirm(self, scan_url: str, account: Account | None = None, *, grant: Iterable[str] | None = None) -> QrCode:
        """The user who scanned ``scan_url`` confirms (``account`` scans it first if nobody
        has): the status becomes ``confirmed`` with an authorization code for the scopes
        asked, or only ``grant`` of them (``user.info.basic`` cannot be unticked)."""
        code, _ = self._read(scan_url)
        self._expire(code)
        if account is not None and code.status == "new":
            self.scan(scan_url, account)
        if code.status != "scanned" or code.account is None:
            raise AuthorizationRefused("invalid_request", "qrcode", f"the QR code is {code.status}, not scanned")
        if account is not None and account is not code.account:
            raise AuthorizationRefused("invalid_request", "qrcode", "another account scanned this QR code")
        _check_active(code.account)
        client = self._clients(code.client_key)
        config = client.api_config if client is not None else None
        if client is None or config is None or not client.may_authorize(code.account):
            raise AuthorizationRefused("unauthorized_client", "client_key", "this account cannot authorize the client")
        requested = list(code.scopes)
        not_enabled = [s for s in requested if s not in config.scopes]
        if not_enabled:
            raise AuthorizationRefused("invalid_scope", "scope", f"scopes {not_enabled} are no longer enabled")
        granted = requested if grant is None else [s for s in parse_scopes(grant) if s in requested]
        if "user.info.basic" in requested and "user.info.basic" not in granted:
            granted.insert(0, "user.info.basic")
        code.redirect = self._login_kit.issue_code(
            client, code.account, granted, code.redirect_uri, code.platform, state=code.state
        ).location
        code.status = "confirmed"
        return code

    # -- helpers ---------------------------------------------------------------------------
    def _read(self, scan_url: str) -> tuple[QrCode, str]:
        try:
            parts = urlsplit(scan_url)
        except ValueError:  # "Invalid IPv6 URL": no scan_qrcode_url either
            raise AuthorizationRefused("invalid_request", "qrcode", "not a scan_qrcode_url: malformed") from None
        query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        if f"{parts.scheme}://{parts.netloc}" != SCAN_URL_PREFIX:
            got = f"{parts.scheme}://{parts.netloc}" if parts.scheme or parts.netloc else "no URL"
            raise AuthorizationRefused(
                "invalid_request",
                "qrcode",
                f"not a scan_qrcode_url ({SCAN_URL_PREFIX}?…): {got}; pass get_qrcode's scan_qrcode_url"
                " (not its token)",
            )
        code = self._codes.get(query.get("token", ""))
        if code is None or code.client_key != query.get("client_key"):
            raise AuthorizationRefused("invalid_request", "qrcode", "this QR code was not issued by get_qrcode")
        ticket = query.get("client_ticket", "")
        if not ticket:
            raise AuthorizationRefused("invalid_request", "qrcode", "the scanned URL has no client_ticket")
        if len(quote(ticket, safe="")) >= MAX_CLIENT_TICKET_LENGTH:
            raise AuthorizationRefused("invalid_request", "qrcode", "the URL-encoded client_ticket is 512 or longer")
        return code, ticket

    def _expire(self, code: QrCode) -> None:
        if code.status in ("new", "scanned") and self._clock.now() >= code.expires_at:
            code.status = "expired"


def _check_active(account: Account) -> None:
    """As on the authorize page: a deleted or banned account can no longer log in to TikTok."""
    if account.status != "active":
        raise AuthorizationRefused(
            "access_denied", "account", f"{account.open_id} was {account.status}: it can no longer log in to TikTok"
        )


def _qr_redirect_uri(redirect_uris: Mapping[Platform, tuple[str, ...]]) -> tuple[Platform, str] | None:
    """Where a QR code login sends its code: the first web redirect URI, else the first
    desktop one without a wildcard port."""
    for uri in redirect_uris.get("web", ()):
        return "web", uri
    for uri in redirect_uris.get("desktop", ()):
        if ":*" not in uri:
            return "desktop", uri
    return None
