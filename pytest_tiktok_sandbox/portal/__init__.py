"""The in-memory TikTok developer portal. No HTTP and no pytest in this package."""

from .apps import App
from .authorization import LoginKit, OAuthError, pkce_challenge
from .clock import Clock
from .config import AppConfig, AppDetails, PlatformSettings
from .developers import Developer, Organization
from .errors import *  # noqa: F403
from .errors import PortalRuleError
from .portal import AppOrSandbox, Portal
from .products import PRODUCTS, SCOPES, Product, ProductSpec
from .sandbox import Sandbox, TargetUser
from .signin import SignInFailed
from .versions import AppVersion

__all__ = [
    "PRODUCTS",
    "SCOPES",
    "App",
    "AppOrSandbox",
    "AppConfig",
    "AppDetails",
    "AppVersion",
    "Clock",
    "Developer",
    "LoginKit",
    "OAuthError",
    "Organization",
    "PlatformSettings",
    "Portal",
    "PortalRuleError",
    "Product",
    "ProductSpec",
    "Sandbox",
    "SignInFailed",
    "TargetUser",
    "pkce_challenge",
]
