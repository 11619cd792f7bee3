"""Login Kit's records: grants, authorization codes, tokens and what a grant hands out
(:class:`TokenSet`), with the PKCE and scope helpers they are checked with. Plain data: the
rules that make and check them are :class:`~.authorization.LoginKit`'s."""

from __future__ import annotations

import functools
import hashlib
import hmac
from base64 import urlsafe_b64encode
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .products import SCOPES

if TYPE_CHECKING:
    from ..accounts import Account
    from .config import Platform

CODE_LIFETIME = 600.0
"""An authorization code lives 10 minutes (undocumented by TikTok; the community says minutes)."""
ACCESS_TOKEN_LIFETIME = 7_200
"""An access token lives 2 hours (TikTok's "Manage OAuth Access Tokens", November 2026; the
pages said 24 hours before). ``ApiSettings.access_token_lifetime`` changes it over HTTP."""
REFRESH_TOKEN_LIFETIME = 15_552_000
"""A refresh token lives 180 days from the first grant ("Refresh a User Access Token", November
2026; 365 days before). ``ApiSettings.refresh_token_lifetime`` changes it over HTTP."""
CLIENT_TOKEN_LIFETIME = 7_200


@dataclass(eq=False)
class Grant:
    """One consent of a user to a client, with the scopes the user granted."""

    client_key: str
    account: Account
    scopes: frozenset[str]
    created_at: float
    refresh_expires_at: float
    revoked: bool = False


@dataclass(eq=False)
class AuthorizationCode:
    code: str
    client_key: str
    account: Account
    scopes: frozenset[str]
    redirect_uri: str
    platform: Platform
    code_challenge: str | None
    expires_at: float
    used: bool = False


@dataclass(eq=False)
class AccessToken:
    token: str
    grant: Grant
    expires_at: float


@dataclass(eq=False)
class RefreshToken:
    token: str
    grant: Grant
    revoked: bool = False


@dataclass(eq=False)
class ClientToken:
    token: str
    client_key: str
    expires_at: float


@dataclass(frozen=True)
class TokenSet:
    """What a successful user-token grant hands out (TikTok's token response, as values)."""

    access_token: str
    expires_in: int
    open_id: str
    refresh_token: str
    refresh_expires_in: int
    scope: str


def parse_scopes(raw: str | Iterable[str] | None) -> list[str]:
    """Scopes as clients send them: comma- or space-separated, any order; duplicates dropped."""
    if raw is None:
        return []
    items = raw.replace(",", " ").split() if isinstance(raw, str) else [s.strip() for s in raw]
    return list(dict.fromkeys(s for s in items if s))


def pkce_challenge(verifier: str) -> str:
    """TikTok's PKCE challenge: the lowercase hex SHA-256 of the verifier (not base64url)."""
    return hashlib.sha256(verifier.encode()).hexdigest()


def _rfc7636_challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return urlsafe_b64encode(digest).rstrip(b"=").decode()


def verifier_matches(record: AuthorizationCode, verifier: str) -> bool:
    expected = record.code_challenge or ""
    if hmac.compare_digest(pkce_challenge(verifier), expected.lower()):
        return True
    # Web flows: TikTok documents no PKCE, and clients send RFC 7636's base64url form there.
    return record.platform == "web" and hmac.compare_digest(_rfc7636_challenge(verifier), expected)


_SCOPE_RANK = {scope: rank for rank, scope in enumerate(SCOPES)}


def scope_order(scope: str) -> int:
    return _SCOPE_RANK.get(scope, len(_SCOPE_RANK))


@functools.lru_cache(maxsize=256)
def scope_text(scopes: frozenset[str]) -> str:
    """A token answer's ``scope``: ``scopes`` comma-separated in TikTok's order (sorted once
    per set of scopes: every token answer has one)."""
    return ",".join(sorted(scopes, key=scope_order))
