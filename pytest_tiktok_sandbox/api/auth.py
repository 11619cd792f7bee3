"""The bearer-token and scope check every v2 endpoint that needs a user makes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .envelope import ApiError

if TYPE_CHECKING:
    from ..portal import Portal
    from ..portal.authorization import AccessToken
    from ..portal.config import AppConfig
    from .http import ApiRequest


def require_user_token(portal: Portal, request: ApiRequest) -> AccessToken:
    """The live access token in ``Authorization: Bearer …`` whose client still serves the
    API; 401 ``access_token_invalid`` otherwise. Scopes are the endpoint's to check, with
    :func:`applied_config` and :func:`holds_scope`."""
    token = request.bearer_token()
    record = portal.login_kit.access_token(token) if token else None
    if record is None:
        raise ApiError(401, "access_token_invalid", outcome=portal.login_kit.access_token_refusal(token))
    applied_config(portal, record)
    return record


def applied_config(portal: Portal, token: AccessToken) -> AppConfig:
    """What ``token``'s client serves now (a sandbox's applied configuration, production's
    Live version); 401 ``access_token_invalid`` if the client is gone or serves nothing."""
    client = portal.client(token.grant.client_key)
    config = client.api_config if client is not None else None
    if config is None:
        raise ApiError(401, "access_token_invalid")
    return config


def holds_scope(token: AccessToken, config: AppConfig, scope: str) -> bool:
    """A scope works only while the user granted it and the client's applied configuration
    still has it (a product disabled and applied, or a Draft never made Live, reaches no one)."""
    return scope in token.grant.scopes and scope in config.scopes
