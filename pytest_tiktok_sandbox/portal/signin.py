"""One call to sign a user in: the portal side of ``Sandbox.sign_in`` and ``App.sign_in``.

The portal knows no HTTP. The fake API (``api/signin.py``) registers itself as the portal's
:attr:`~pytest_tiktok_sandbox.Portal.sign_in_service` when it is made, and a client's
``sign_in`` goes through it: TikTok's authorize page, then ``/v2/oauth/token/``, logged in the
call log and checked against every rule like a client's own calls.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Protocol

from .errors import PortalRuleError

if TYPE_CHECKING:
    from ..accounts import Account
    from .clients import ApiClient


class SignInFailed(PortalRuleError):
    """The sign-in did not end with tokens: TikTok's authorize page or token endpoint refused
    it (``error`` and ``description`` say how, as TikTok's answer did), or no fake API serves
    the portal."""

    rule = "the sign-in did not end with tokens"

    def __init__(self, detail: str, error: str = "", description: str = "") -> None:
        super().__init__(detail)
        self.error = error
        self.description = description


class SignInService(Protocol):
    """What signs a user in over the fake's HTTP endpoints (the fake API implements it)."""

    def sign_in(
        self, client: ApiClient, user: Account, scopes: tuple[str, ...] | None, redirect_uri: str | None
    ) -> dict[str, Any]: ...


def sign_in(
    service: SignInService | None,
    client: ApiClient,
    user: Account,
    scopes: Iterable[str] | None,
    redirect_uri: str | None,
) -> dict[str, Any]:
    """``client.sign_in(...)``: through the fake API serving ``client``'s portal."""
    if service is None:
        raise SignInFailed(
            "no fake TikTok API serves this portal: sign in within the tiktok_api fixture, a started "
            "TikTokSandbox or TikTokMock, or a LiveServer"
        )
    from ..accounts import Account

    if not isinstance(user, Account):  # None or a username would meet a login page, not a refusal
        raise TypeError(
            f"sign_in signs in a TikTok Account (a target user, such as tiktok_target_users[0]), got {user!r}"
        )
    if isinstance(scopes, str):
        scopes = scopes.replace(",", " ").split()
    return service.sign_in(client, user, None if scopes is None else tuple(scopes), redirect_uri)
