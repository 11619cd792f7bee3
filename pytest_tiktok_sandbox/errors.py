"""Every exception a test may catch, in one module.

The portal's refusals are :class:`PortalRuleError` subclasses, each naming the rule it
stands for (they live beside the portal model, in ``pytest_tiktok_sandbox.portal.errors``);
:class:`OAuthError` is Login Kit's refusal in TikTok's OAuth words, :class:`ApiError` an
answer of the fake API in TikTok's error envelope. ``from pytest_tiktok_sandbox.errors
import PostingRefused``; the base class is also ``pytest_tiktok_sandbox.PortalRuleError``.
"""

from __future__ import annotations

from .api.envelope import ApiError
from .portal.authorization import OAuthError
from .portal.errors import (
    AccountClosed,
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
    NoLiveVersion,
    NotAMember,
    NotATargetUser,
    NotAuthorized,
    NotInReview,
    PlatformNotConfigured,
    PortalRuleError,
    PostingRefused,
    ProductNotAvailableInSandbox,
    ProductRequired,
    RedirectURILimitExceeded,
    SandboxDeleted,
    SandboxLimitExceeded,
    ScopeRequiresProduct,
    SubmissionIncomplete,
    TargetUserLimitExceeded,
    TermsNotAccepted,
    UnknownProduct,
    UnknownScope,
    UploadRefused,
    VersionLocked,
    WrongMode,
)
from .portal.signin import SignInFailed

__all__ = [
    "AccountClosed",
    "ApiError",
    "AuthorizationRefused",
    "DuplicateAccount",
    "DuplicateDeveloper",
    "DuplicateSandboxName",
    "DuplicateTargetUser",
    "ForeignObject",
    "InvalidConfiguration",
    "InvalidCredentials",
    "InvalidRedirectURI",
    "InvalidURLProperty",
    "NoLiveVersion",
    "NotAMember",
    "NotATargetUser",
    "NotAuthorized",
    "NotInReview",
    "OAuthError",
    "PlatformNotConfigured",
    "PortalRuleError",
    "PostingRefused",
    "ProductNotAvailableInSandbox",
    "ProductRequired",
    "RedirectURILimitExceeded",
    "SandboxDeleted",
    "SandboxLimitExceeded",
    "ScopeRequiresProduct",
    "SignInFailed",
    "SubmissionIncomplete",
    "TargetUserLimitExceeded",
    "TermsNotAccepted",
    "UnknownProduct",
    "UnknownScope",
    "UploadRefused",
    "VersionLocked",
    "WrongMode",
]
