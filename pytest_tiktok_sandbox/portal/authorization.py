"""Login Kit's state in the portal: authorization codes, grants and tokens.

No HTTP here: the fake API turns these calls into TikTok's endpoints. Every refusal is an
:class:`OAuthError` carrying TikTok's ``error`` value and description.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import unquote

from .consent import AuthorizePage
from .errors import PortalRuleError
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
    scope_text,
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
    from .clients import ApiClient
    from .clock import Clock
    from .events import EventLog
    from .ids import IdSource


class OAuthError(PortalRuleError):
    """A refusal of the token or revoke endpoint, in TikTok's OAuth vocabulary."""

    rule = "the OAuth request was refused"

    def __init__(self, error: str, description: str, *, reason: str | None = None) -> None:
        self.error = error
        self.description = description
        self.reason = reason
        """Why, in the outcome catalogue's names, where ``error`` alone does not say
        (``code_expired``, ``refresh_token_reused``...)."""
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


class LoginKit(AuthorizePage):
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

    # -- the token endpoint --------------------------------------------------------------
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
            encoded = record is None and "%" in code and unquote(code) in self._codes
            raise OAuthError(
                "invalid_grant", "Authorization code is expired.", reason="code_percent_encoded" if encoded else None
            )
        if now >= record.expires_at:
            raise OAuthError("invalid_grant", "Authorization code is expired.", reason="code_expired")
        if redirect_uri != record.redirect_uri:
            raise OAuthError(
                "invalid_grant",
                "Redirect_uri is not matched with the uri when requesting code.",
                reason="redirect_uri_mismatch",
            )
        if record.code_challenge is not None and not (code_verifier and verifier_matches(record, code_verifier)):
            raise OAuthError(
                "invalid_request", "Code verifier or code challenge is invalid.", reason="code_verifier_invalid"
            )
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
            raise OAuthError(
                "invalid_grant", "Refresh token is invalid or expired.", reason=_refresh_refusal(record, client, now)
            )
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
            scope=scope_text(grant.scopes),
        )

    # -- what the rest of the API and the portal ask ------------------------------------------
    def access_token(self, token: str) -> AccessToken | None:
        """The live access token ``token``, or None if unknown, expired or revoked."""
        record = self._access.get(token)
        if record is None or record.grant.revoked or self._clock.now() >= record.expires_at:
            return None
        return record

    def access_token_refusal(self, token: str | None) -> str | None:
        """Why ``token`` is not a live access token, in the outcome catalogue's names
        (``access_token_expired``, ``access_token_revoked``); None if unknown (or live)."""
        record = self._access.get(token) if token else None
        if record is None:
            return None
        if record.grant.revoked:
            return "access_token_revoked"
        return "access_token_expired" if self._clock.now() >= record.expires_at else None

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


def _refresh_refusal(record: RefreshToken | None, client: ApiClient, now: float) -> str | None:
    """Why a refresh token is refused, in the outcome catalogue's names (None: unknown, or
    another client's)."""
    if record is None or record.grant.client_key != client.client_key:
        return None
    if record.grant.revoked:
        return "refresh_token_revoked"
    if now >= record.grant.refresh_expires_at:
        return "refresh_token_expired"
    return "refresh_token_reused" if record.revoked else None
