"""What the authorize page decides, as objects: a :class:`CodeGrant` (the user consented:
a code for the redirect URI) or a :class:`RedirectRefusal` (TikTok redirects with ``error``,
for the :class:`RedirectError` reason). Where TikTok shows its error page instead, Login Kit
raises :class:`~.errors.AuthorizationRefused`, whose ``error_type`` names what is at fault.

A decision's ``location`` is its redirect URL, written by
:func:`pytest_tiktok_sandbox.payloads.redirect.redirect_location`, as the wire model
:class:`~pytest_tiktok_sandbox.payloads.oauth.AuthorizationRedirect` (the query a client's
callback parses) writes it: no module of the portal formats a query string.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from ..payloads.redirect import redirect_location
from .config import PKCE_PLATFORMS, Platform
from .errors import AuthorizationRefused
from .products import SCOPES
from .tokens import AuthorizationCode, parse_scopes

if TYPE_CHECKING:
    from ..accounts import Account
    from .clients import ApiClient
    from .clock import Clock
    from .ids import IdSource


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
        return redirect_location(self.redirect_uri, code=self.code, scopes=",".join(self.scopes), state=self.state)


@dataclass(frozen=True)
class RedirectRefusal:
    """The authorize page refused with a redirect to ``redirect_uri`` for ``reason``."""

    redirect_uri: str
    reason: RedirectError
    state: str | None = None

    @property
    def location(self) -> str:
        """The URL the browser is sent to: ``redirect_uri?error=…&state=…&error_description=…``."""
        return redirect_location(
            self.redirect_uri, error=self.reason.value, state=self.state, error_description=self.reason.description
        )


Consent = CodeGrant | RedirectRefusal
"""What the authorize page decides when it redirects."""


class AuthorizePage:
    """The authorize page's part of :class:`~.authorization.LoginKit` (its base): the checks
    TikTok makes before and after the user logs in, and the codes it hands out."""

    _clock: Clock
    _ids: IdSource
    _codes: dict[str, AuthorizationCode]
    code_lifetime: float

    # -- the authorize page ------------------------------------------------------------
    def decide(
        self,
        client: ApiClient | None,
        account: Account | None,
        scopes: str | Iterable[str] | None,
        redirect_uri: str | None,
        *,
        state: str | None = None,
        code_challenge: str | None = None,
        code_challenge_method: str | None = None,
        response_type: str = "code",
        decline: bool = False,
        grant: Iterable[str] | None = None,
    ) -> Consent:
        """What the authorize page decides when ``account`` logs in and answers the consent
        screen: a :class:`CodeGrant` or a :class:`RedirectRefusal` (it redirects), or
        :class:`AuthorizationRefused` where TikTok shows its error page instead.
        :meth:`authorize` takes the same arguments and answers the redirect URL."""
        config = client.api_config if client is not None else None
        if client is None or config is None or "login_kit" not in config.products:
            raise AuthorizationRefused(
                "unauthorized_client", "client_key", "the client key is unknown or has no Login Kit"
            )
        platform = config.platform_of(redirect_uri) if redirect_uri else None
        if redirect_uri is None or platform is None:
            raise AuthorizationRefused(
                "invalid_request",
                "redirect_uri",
                f"{redirect_uri!r} is not registered, exactly, for this client's applied platforms",
            )
        if response_type != "code":
            return RedirectRefusal(redirect_uri, RedirectError.UNSUPPORTED_RESPONSE_TYPE, state)
        requested = parse_scopes(scopes)
        unknown = [s for s in requested if s not in SCOPES]
        not_enabled = [s for s in requested if s in SCOPES and s not in config.scopes]
        if not requested or unknown or not_enabled:
            why = (
                "no scope was requested"
                if not requested
                else f"unknown scopes {unknown}"
                if unknown
                else f"scopes {not_enabled} are not enabled and applied for this client"
            )
            raise AuthorizationRefused("invalid_scope", "scope", why)
        if account is None or not client.may_authorize(account):
            raise AuthorizationRefused(
                "unauthorized_client",
                "client_key",
                "only target users of a sandbox can authorize it"
                if client.environment == "sandbox"
                else "this account cannot authorize the app",
            )
        if account.status != "active":
            raise AuthorizationRefused(
                "access_denied", "account", f"{account.open_id} was {account.status}: it can no longer log in to TikTok"
            )
        if code_challenge_method is not None and code_challenge_method != "S256":
            raise AuthorizationRefused("invalid_request", "code_challenge", "code_challenge_method must be S256")
        if platform in PKCE_PLATFORMS and not code_challenge:
            raise AuthorizationRefused(
                "invalid_request", "code_challenge", f"{platform} apps must send code_challenge (PKCE, S256)"
            )
        if decline:
            return RedirectRefusal(redirect_uri, RedirectError.ACCESS_DENIED, state)
        granted = requested if grant is None else [s for s in parse_scopes(grant) if s in requested]
        if "user.info.basic" in requested and "user.info.basic" not in granted:
            granted.insert(0, "user.info.basic")  # the basic scope cannot be unticked
        return self.issue_code(
            client, account, granted, redirect_uri, platform, state=state, code_challenge=code_challenge or None
        )

    def issue_code(
        self,
        client: ApiClient,
        account: Account,
        scopes: list[str],
        redirect_uri: str,
        platform: Platform,
        *,
        state: str | None = None,
        code_challenge: str | None = None,
    ) -> CodeGrant:
        """A fresh code for ``account``'s consent to ``scopes`` of ``client`` (its
        ``redirect_uri`` carries ``code``, ``scopes`` and ``state``); a QR code login hands one
        out without PKCE (no ``code_challenge``)."""
        code = AuthorizationCode(
            code=self._ids.authorization_code(),
            client_key=client.client_key,
            account=account,
            scopes=frozenset(scopes),
            redirect_uri=redirect_uri,
            platform=platform,
            code_challenge=code_challenge,
            expires_at=self._clock.now() + self.code_lifetime,
        )
        self._codes[code.code] = code
        return CodeGrant(redirect_uri, code.code, tuple(scopes), state)

    def decide_params(
        self,
        client: ApiClient | None,
        account: Account | None,
        params: Mapping[str, str],
        *,
        decline: bool = False,
        grant: Iterable[str] | None = None,
    ) -> Consent:
        """:meth:`decide` with the authorize page's parameters as they arrive (``client_key``
        aside): ``scope``, ``redirect_uri``, ``state``, ``code_challenge``,
        ``code_challenge_method`` and ``response_type``."""
        return self.decide(
            client,
            account,
            params.get("scope"),
            params.get("redirect_uri"),
            state=params.get("state"),
            code_challenge=params.get("code_challenge"),
            code_challenge_method=params.get("code_challenge_method"),
            response_type=params.get("response_type", ""),
            decline=decline,
            grant=grant,
        )

    def authorize(
        self,
        client: ApiClient | None,
        account: Account | None,
        scopes: str | Iterable[str] | None,
        redirect_uri: str | None,
        *,
        state: str | None = None,
        code_challenge: str | None = None,
        code_challenge_method: str | None = None,
        response_type: str = "code",
        decline: bool = False,
        grant: Iterable[str] | None = None,
    ) -> str:
        """The URL the authorize page redirects to: :meth:`decide`'s ``location``."""
        consent = self.decide(
            client,
            account,
            scopes,
            redirect_uri,
            state=state,
            code_challenge=code_challenge,
            code_challenge_method=code_challenge_method,
            response_type=response_type,
            decline=decline,
            grant=grant,
        )
        return consent.location

    def authorize_params(
        self,
        client: ApiClient | None,
        account: Account | None,
        params: Mapping[str, str],
        *,
        decline: bool = False,
        grant: Iterable[str] | None = None,
    ) -> str:
        """The redirect URL of :meth:`decide_params`."""
        return self.decide_params(client, account, params, decline=decline, grant=grant).location
