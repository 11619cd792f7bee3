"""Login Kit's state in the portal: authorization codes, grants and tokens.

No HTTP here: the fake API turns these calls into TikTok's endpoints. Every refusal is an
:class:`OAuthError` carrying TikTok's ``error`` value and description.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from .config import PKCE_PLATFORMS, Platform
from .consent import CodeGrant, Consent, RedirectError, RedirectRefusal
from .errors import AuthorizationRefused, PortalRuleError
from .products import SCOPES
from .tokens import (
    ACCESS_TOKEN_LIFETIME,
    CLIENT_TOKEN_LIFETIME,
    CODE_LIFETIME,
    REFRESH_TOKEN_LIFETIME,
    AccessToken,
    AuthorizationCode,
    ClientToken,
    Grant,
    RefreshToken,
    TokenSet,
    parse_scopes,
    pkce_challenge,
    scope_order,
    verifier_matches,
)

__all__ = [
    "ACCESS_TOKEN_LIFETIME",
    "AUTHORIZATION_REMOVED_REASONS",
    "CLIENT_TOKEN_LIFETIME",
    "REFRESH_TOKEN_LIFETIME",
    "AccessToken",
    "ClientToken",
    "Grant",
    "LoginKit",
    "OAuthError",
    "TokenSet",
    "parse_scopes",
    "pkce_challenge",
]

if TYPE_CHECKING:
    from ..accounts import Account
    from .clients import ApiClient
    from .clock import Clock
    from .events import EventLog
    from .ids import IdSource


class OAuthError(PortalRuleError):
    """A refusal of the token or revoke endpoint, in TikTok's OAuth vocabulary."""

    rule = "the OAuth request was refused"

    def __init__(self, error: str, description: str) -> None:
        self.error = error
        self.description = description
        super().__init__(f"{error}: {description}")


AUTHORIZATION_REMOVED_REASONS = {
    0: "unknown",
    1: "the user disconnected the app in TikTok",
    2: "the user's account was deleted",
    3: "the user's age changed",
    4: "the user's account was banned",
    5: "the developer revoked the authorization",
}
"""``reason`` of the ``authorization.removed`` webhook event [TikTok: webhooks-events]."""


class LoginKit:
    """The authorization server's memory: codes, grants and tokens, per client key."""

    def __init__(
        self,
        clock: Clock,
        ids: IdSource,
        events: EventLog,
        authorization_ended: Callable[[str, str | None], object] | None = None,
    ) -> None:
        self._clock = clock
        self._ids = ids
        self._events = events
        self._authorization_ended = authorization_ended
        """Called with the client key and the open_id (None: every user) when authorizations
        end: Content Posting fails their posts still processing with ``auth_removed``."""
        self.code_lifetime = CODE_LIFETIME
        self._codes: dict[str, AuthorizationCode] = {}
        self._access: dict[str, AccessToken] = {}
        self._refresh: dict[str, RefreshToken] = {}
        self._client_tokens: dict[str, ClientToken] = {}
        self._grants: list[Grant] = []

    # -- the authorize page ------------------------------------------------------------
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
    ) -> Consent:
        """What the authorize page does when ``account`` logs in and answers the consent
        screen: a :class:`CodeGrant` or a :class:`RedirectRefusal` (it redirects), or
        :class:`AuthorizationRefused` where TikTok shows its error page instead."""
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
        code = AuthorizationCode(
            code=self._ids.authorization_code(),
            client_key=client.client_key,
            account=account,
            scopes=frozenset(granted),
            redirect_uri=redirect_uri,
            platform=platform,
            code_challenge=code_challenge or None,
            expires_at=self._clock.now() + self.code_lifetime,
        )
        self._codes[code.code] = code
        return CodeGrant(redirect_uri, code.code, tuple(granted), state)

    def issue_code(
        self,
        client: ApiClient,
        account: Account,
        scopes: list[str],
        redirect_uri: str,
        platform: Platform,
        *,
        state: str | None = None,
    ) -> CodeGrant:
        """A fresh code (no PKCE) for ``account``'s consent to ``scopes`` of ``client``, as a
        QR code login hands out (its ``redirect_uri`` carries ``code``, ``scopes`` and ``state``)."""
        code = AuthorizationCode(
            code=self._ids.authorization_code(),
            client_key=client.client_key,
            account=account,
            scopes=frozenset(scopes),
            redirect_uri=redirect_uri,
            platform=platform,
            code_challenge=None,
            expires_at=self._clock.now() + self.code_lifetime,
        )
        self._codes[code.code] = code
        return CodeGrant(redirect_uri, code.code, tuple(scopes), state)

    # -- the token endpoint --------------------------------------------------------------
    def authorize_params(
        self,
        client: ApiClient | None,
        account: Account | None,
        params: Mapping[str, str],
        *,
        decline: bool = False,
        grant: Iterable[str] | None = None,
    ) -> Consent:
        """:meth:`authorize` with the authorize page's parameters as they arrive (``client_key``
        aside): ``scope``, ``redirect_uri``, ``state``, ``code_challenge``,
        ``code_challenge_method`` and ``response_type``."""
        return self.authorize(
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

    def exchange_code(
        self,
        client: ApiClient,
        code: str | None,
        redirect_uri: str | None,
        code_verifier: str | None,
        *,
        access_lifetime: int = ACCESS_TOKEN_LIFETIME,
        refresh_lifetime: int = REFRESH_TOKEN_LIFETIME,
    ) -> TokenSet:
        """Trade a code for tokens living ``access_lifetime`` and ``refresh_lifetime`` seconds."""
        if not code:
            raise OAuthError("invalid_request", "Code is missed in request.")
        record = self._codes.get(code)
        now = self._clock.now()
        if record is None or record.client_key != client.client_key or record.used:
            raise OAuthError("invalid_grant", "Authorization code is expired.")
        if now >= record.expires_at:
            raise OAuthError("invalid_grant", "Authorization code is expired.")
        if redirect_uri != record.redirect_uri:
            raise OAuthError("invalid_grant", "Redirect_uri is not matched with the uri when requesting code.")
        if record.code_challenge is not None and not (code_verifier and verifier_matches(record, code_verifier)):
            raise OAuthError("invalid_request", "Code verifier or code challenge is invalid.")
        if not client.may_authorize(record.account) or record.account.status != "active":
            raise OAuthError("invalid_grant", "Authorization code is expired.")
        record.used = True
        del self._codes[code]
        grant = Grant(
            client_key=client.client_key,
            account=record.account,
            scopes=record.scopes,
            created_at=now,
            refresh_expires_at=now + refresh_lifetime,
        )
        self._grants.append(grant)
        return self._issue(grant, now, access_lifetime)

    def refresh(
        self, client: ApiClient, refresh_token: str | None, *, access_lifetime: int = ACCESS_TOKEN_LIFETIME
    ) -> TokenSet:
        """A new access token (living ``access_lifetime`` seconds) and a new refresh token;
        the refresh token's lifetime keeps counting from the first grant."""
        if not refresh_token:
            raise OAuthError("invalid_request", "Refresh token is missed in request.")
        record = self._refresh.get(refresh_token)
        now = self._clock.now()
        if (
            record is None
            or record.revoked
            or record.grant.revoked
            or record.grant.client_key != client.client_key
            or now >= record.grant.refresh_expires_at
            or not client.may_authorize(record.grant.account)
        ):
            raise OAuthError("invalid_grant", "Refresh token is invalid or expired.")
        record.revoked = True
        return self._issue(record.grant, now, access_lifetime)

    def client_token(self, client: ApiClient) -> ClientToken:
        now = self._clock.now()
        token = ClientToken(self._ids.client_access_token(), client.client_key, now + CLIENT_TOKEN_LIFETIME)
        self._client_tokens[token.token] = token
        return token

    def revoke(self, client: ApiClient, token: str | None) -> Grant | None:
        """Revoke the user's access and refresh tokens for ``client``. An unknown token is
        not an error (RFC 7009); another client's token is."""
        if not token:
            raise OAuthError("invalid_request", "Token is missed in request.")
        record = self._access.get(token)
        if record is None:
            return None
        if record.grant.client_key != client.client_key:
            raise OAuthError("invalid_request", "The token was not issued to this client.")
        grant = record.grant
        if grant.revoked:  # revoked already: nothing more ends, no second event
            return grant
        # The developer revoked the authorization: reason 5 (the token is already revoked).
        self.remove_authorization(client, grant.account.open_id, 5)
        return grant

    def _issue(self, grant: Grant, now: float, access_lifetime: int) -> TokenSet:
        access = AccessToken(self._ids.access_token(), grant, now + access_lifetime)
        refresh = RefreshToken(self._ids.refresh_token(), grant)
        self._access[access.token] = access
        self._refresh[refresh.token] = refresh
        return TokenSet(
            access_token=access.token,
            expires_in=access_lifetime,
            open_id=grant.account.open_id,
            refresh_token=refresh.token,
            refresh_expires_in=max(0, int(grant.refresh_expires_at - now)),
            scope=",".join(sorted(grant.scopes, key=scope_order)),
        )

    # -- what the rest of the API and the portal ask ------------------------------------------
    def access_token(self, token: str) -> AccessToken | None:
        """The live access token ``token``, or None if unknown, expired or revoked."""
        record = self._access.get(token)
        if record is None or record.grant.revoked or self._clock.now() >= record.expires_at:
            return None
        return record

    def end_authorization(self, client_key: str, open_id: str | None = None) -> list[Grant]:
        """Revoke every grant of ``client_key`` (for one user, or all): their tokens stop
        working, and their posts still processing fail with ``auth_removed``."""
        ended = self._end_grants(client_key, open_id)
        self._fail_posts(client_key, open_id)
        return ended

    def remove_authorization(self, client: ApiClient, open_id: str, reason: int) -> list[Grant]:
        """The user ``open_id`` no longer authorizes ``client``, for ``reason`` (0-5, see
        :data:`AUTHORIZATION_REMOVED_REASONS`): every token of theirs for ``client`` dies at
        once, ``authorization.removed`` is sent with ``reason`` (if a grant was live: "the
        access_token ... will have been already revoked"), then their posts still processing
        fail with ``auth_removed``. The grants that ended."""
        ended = self._end_grants(client.client_key, open_id)
        if ended:
            self._events.emit(client, "authorization.removed", open_id, {"reason": reason})
        self._fail_posts(client.client_key, open_id)
        return ended

    def _fail_posts(self, client_key: str, open_id: str | None) -> None:
        if self._authorization_ended is not None:
            self._authorization_ended(client_key, open_id)

    def _end_grants(self, client_key: str, open_id: str | None) -> list[Grant]:
        ended = [
            g
            for g in self._grants
            if not g.revoked and g.client_key == client_key and (open_id is None or g.account.open_id == open_id)
        ]
        for grant in ended:
            grant.revoked = True
        for key in [
            k
            for k, c in self._codes.items()
            if c.client_key == client_key and (open_id is None or c.account.open_id == open_id)
        ]:
            del self._codes[key]
        if open_id is None:
            for key in [k for k, t in self._client_tokens.items() if t.client_key == client_key]:
                del self._client_tokens[key]
        return ended

    def grants(self, client_key: str | None = None) -> list[Grant]:
        """Live grants (of one client, or all)."""
        return [g for g in self._grants if not g.revoked and (client_key is None or g.client_key == client_key)]
