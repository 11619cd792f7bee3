"""The bearer-token and scope check every v2 endpoint that needs a user makes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .envelope import ApiError

if TYPE_CHECKING:
    from ..portal import Portal
    from ..portal.authorization import AccessToken, ClientToken
    from .http import ApiRequest


def require_user_token(portal: Portal, request: ApiRequest, *scopes: str) -> AccessToken:
    """The live access token in ``Authorization: Bearer …`` that has every scope in
    ``scopes``, each still enabled in its client's applied configuration; answers 401
    ``access_token_invalid`` or 401 ``scope_not_authorized``."""
    token = request.bearer_token()
    record = portal.login_kit.access_token(token) if token else None
    client = portal.client(record.grant.client_key) if record is not None else None
    config = client.api_config if client is not None else None
    if record is None or config is None:
        raise ApiError(401, "access_token_invalid")
    # A scope works only while the user granted it and the client's applied configuration
    # still has it (a product disabled and applied, or a Draft never made Live, reaches no one).
    missing = [s for s in scopes if s not in record.grant.scopes or s not in config.scopes]
    if missing:
        raise ApiError(
            401,
            "scope_not_authorized",
            f"The user did not authorize the scope required for completing this request: {', '.join(missing)}.",
        )
    return record


def require_client_token(portal: Portal, request: ApiRequest) -> ClientToken:
    """A live ``clt.`` client access token (Research and Commercial Content APIs)."""
    token = request.bearer_token()
    record = portal.login_kit.client_access_token(token) if token else None
    if record is None or portal.client(record.client_key) is None:
        raise ApiError(401, "access_token_invalid")
    return record
