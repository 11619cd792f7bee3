"""pytest-tiktok-sandbox: test TikTok integrations offline against an in-memory developer sandbox.

The public names load lazily, so that pytest starts fast when the plugin is installed but
no test uses it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .accounts import Account, Video
    from .api.envelope import ApiError
    from .api.http import ApiRequest, ApiResponse
    from .api.service import ApiSettings, Call, CallLog, FakeTikTokAPI
    from .api.webhooks import WebhookDelivery, WebhookOutbox, sign, verify_signature
    from .environment import SandboxSpec, TikTokSandbox, sandbox_spec
    from .mock import TikTokMock
    from .portal import (
        PRODUCTS,
        SCOPES,
        App,
        AppConfig,
        AppDetails,
        AppVersion,
        Clock,
        Developer,
        OAuthError,
        Organization,
        PlatformSettings,
        Portal,
        Product,
        ProductSpec,
        Sandbox,
        TargetUser,
        pkce_challenge,
    )
    from .portal.errors import (
        AuthorizationRefused,
        DuplicateAccount,
        DuplicateDeveloper,
        DuplicateSandboxName,
        DuplicateTargetUser,
        ForeignObject,
        InvalidConfiguration,
        InvalidCredentials,
        InvalidRedirectURI,
        InvalidURLProperty,
        NoDraft,
        NoLiveVersion,
        NotAMember,
        NotATargetUser,
        PlatformNotConfigured,
        PortalRuleError,
        PostingRefused,
        ProductNotAvailableInSandbox,
        ProductRequired,
        RedirectURILimitExceeded,
        SandboxDeleted,
        SandboxLimitExceeded,
        ScopeRequiresProduct,
        TargetUserLimitExceeded,
        TermsNotAccepted,
        UnknownProduct,
        UnknownScope,
        UploadRefused,
        WrongMode,
    )
    from .portal.posting import Media, Posting, Publish, Upload

_WHERE = {
    "Account": "accounts",
    "Video": "accounts",
    "ApiError": "api.envelope",
    "ApiRequest": "api.http",
    "ApiResponse": "api.http",
    "ApiSettings": "api.service",
    "Call": "api.service",
    "CallLog": "api.service",
    "FakeTikTokAPI": "api.service",
    "WebhookDelivery": "api.webhooks",
    "WebhookOutbox": "api.webhooks",
    "sign": "api.webhooks",
    "verify_signature": "api.webhooks",
    "SandboxSpec": "environment",
    "TikTokSandbox": "environment",
    "sandbox_spec": "environment",
    "TikTokMock": "mock",
    "PRODUCTS": "portal",
    "SCOPES": "portal",
    "App": "portal",
    "AppConfig": "portal",
    "AppDetails": "portal",
    "AppVersion": "portal",
    "Clock": "portal",
    "Developer": "portal",
    "OAuthError": "portal",
    "Organization": "portal",
    "PlatformSettings": "portal",
    "Portal": "portal",
    "Product": "portal",
    "ProductSpec": "portal",
    "Sandbox": "portal",
    "TargetUser": "portal",
    "pkce_challenge": "portal",
    "PortalRuleError": "portal.errors",
    "InvalidConfiguration": "portal.errors",
    "UnknownProduct": "portal.errors",
    "UnknownScope": "portal.errors",
    "ProductNotAvailableInSandbox": "portal.errors",
    "ScopeRequiresProduct": "portal.errors",
    "ProductRequired": "portal.errors",
    "InvalidRedirectURI": "portal.errors",
    "RedirectURILimitExceeded": "portal.errors",
    "PlatformNotConfigured": "portal.errors",
    "SandboxLimitExceeded": "portal.errors",
    "DuplicateSandboxName": "portal.errors",
    "ForeignObject": "portal.errors",
    "SandboxDeleted": "portal.errors",
    "TargetUserLimitExceeded": "portal.errors",
    "DuplicateTargetUser": "portal.errors",
    "NotATargetUser": "portal.errors",
    "InvalidCredentials": "portal.errors",
    "TermsNotAccepted": "portal.errors",
    "WrongMode": "portal.errors",
    "NoLiveVersion": "portal.errors",
    "NoDraft": "portal.errors",
    "DuplicateDeveloper": "portal.errors",
    "DuplicateAccount": "portal.errors",
    "NotAMember": "portal.errors",
    "AuthorizationRefused": "portal.errors",
    "InvalidURLProperty": "portal.errors",
    "PostingRefused": "portal.errors",
    "UploadRefused": "portal.errors",
    "Media": "portal.posting",
    "Posting": "portal.posting",
    "Publish": "portal.posting",
    "Upload": "portal.posting",
}

__all__ = [
    "Account",
    "ApiError",
    "ApiRequest",
    "ApiResponse",
    "ApiSettings",
    "App",
    "AppConfig",
    "AppDetails",
    "AppVersion",
    "AuthorizationRefused",
    "Call",
    "CallLog",
    "Clock",
    "Developer",
    "DuplicateAccount",
    "DuplicateDeveloper",
    "DuplicateSandboxName",
    "DuplicateTargetUser",
    "FakeTikTokAPI",
    "ForeignObject",
    "InvalidConfiguration",
    "InvalidCredentials",
    "InvalidRedirectURI",
    "NoDraft",
    "NoLiveVersion",
    "NotAMember",
    "NotATargetUser",
    "OAuthError",
    "Organization",
    "PRODUCTS",
    "PlatformNotConfigured",
    "PlatformSettings",
    "Portal",
    "PortalRuleError",
    "Product",
    "ProductNotAvailableInSandbox",
    "ProductRequired",
    "ProductSpec",
    "RedirectURILimitExceeded",
    "SCOPES",
    "Sandbox",
    "SandboxDeleted",
    "SandboxLimitExceeded",
    "SandboxSpec",
    "ScopeRequiresProduct",
    "TargetUser",
    "TargetUserLimitExceeded",
    "TermsNotAccepted",
    "TikTokMock",
    "TikTokSandbox",
    "UnknownProduct",
    "UnknownScope",
    "Video",
    "WebhookDelivery",
    "WebhookOutbox",
    "WrongMode",
    "pkce_challenge",
    "sandbox_spec",
    "sign",
    "verify_signature",
    "InvalidURLProperty",
    "Media",
    "Posting",
    "PostingRefused",
    "Publish",
    "Upload",
    "UploadRefused",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'pytest_tiktok_sandbox' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
