"""pytest-tiktok-sandbox: test TikTok integrations offline against an in-memory developer sandbox.

The public names load lazily, so that pytest starts fast when the plugin is installed but
no test uses it. :data:`_EXPORTS` is the one list of them: it drives the lazy loading and
``__all__``. The exceptions live in :mod:`pytest_tiktok_sandbox.errors`; their names still
resolve here (``from pytest_tiktok_sandbox import PostingRefused``), outside ``__all__``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.2.0.dev0"

if TYPE_CHECKING:
    from .accounts import Account as Account
    from .api.fake_api import Call as Call, CallLog as CallLog, FakeTikTokAPI as FakeTikTokAPI
    from .api.http import ApiRequest as ApiRequest, ApiResponse as ApiResponse
    from .api.settings import ApiSettings as ApiSettings
    from .api.webhooks import (
        WebhookDelivery as WebhookDelivery,
        WebhookOutbox as WebhookOutbox,
        sign as sign,
        verify_signature as verify_signature,
    )
    from .errors import *  # noqa: F403
    from .errors import PortalRuleError as PortalRuleError
    from .mock import TikTokMock as TikTokMock
    from .portal import (
        PRODUCTS as PRODUCTS,
        SCOPES as SCOPES,
        App as App,
        AppConfig as AppConfig,
        AppDetails as AppDetails,
        AppVersion as AppVersion,
        Clock as Clock,
        Developer as Developer,
        Organization as Organization,
        PlatformSettings as PlatformSettings,
        Portal as Portal,
        Product as Product,
        ProductSpec as ProductSpec,
        Sandbox as Sandbox,
        TargetUser as TargetUser,
        pkce_challenge as pkce_challenge,
    )
    from .portal.review import DemoVideo as DemoVideo
    from .portal.versions import Review as Review
    from .sandbox_setup import TikTokSandbox as TikTokSandbox
    from .scenario import (
        Scenario as Scenario,
        ScenarioError as ScenarioError,
        SeededScenario as SeededScenario,
        load_scenario as load_scenario,
    )
    from .server import LiveServer as LiveServer  # lazy, outside __all__: needs the server extra
    from .spec import SandboxSpec as SandboxSpec, sandbox_spec as sandbox_spec
    from .videos import Video as Video

_EXPORTS: dict[str, tuple[str, ...]] = {
    "sandbox_setup": ("TikTokSandbox",),
    "spec": ("SandboxSpec", "sandbox_spec"),
    "mock": ("TikTokMock",),
    "portal": (
        "Portal",
        "App",
        "AppVersion",
        "Sandbox",
        "TargetUser",
        "Developer",
        "Organization",
        "AppConfig",
        "AppDetails",
        "PlatformSettings",
        "Clock",
        "Product",
        "ProductSpec",
        "PRODUCTS",
        "SCOPES",
        "pkce_challenge",
    ),
    "portal.review": ("DemoVideo",),
    "portal.versions": ("Review",),
    "accounts": ("Account",),
    "videos": ("Video",),
    "api.settings": ("ApiSettings",),
    "api.fake_api": ("FakeTikTokAPI", "Call", "CallLog"),
    "api.http": ("ApiRequest", "ApiResponse"),
    "api.webhooks": ("WebhookOutbox", "WebhookDelivery", "sign", "verify_signature"),
    "scenario": ("Scenario", "SeededScenario", "ScenarioError", "load_scenario"),
    "errors": ("PortalRuleError",),
}
"""Module (relative to the package) -> the public names it holds, in the order users meet them."""

_OUTSIDE_ALL: dict[str, str] = {"LiveServer": "server"}
"""Lazy too, but left out of ``__all__``: the live server needs the ``server`` extra (werkzeug)."""

_WHERE = {name: module for module, names in _EXPORTS.items() for name in names} | _OUTSIDE_ALL

__all__ = [name for names in _EXPORTS.values() for name in names]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        # ``from . import plugin`` asks ``hasattr(package, "plugin")`` first: a submodule's (or
        # any lowercase) name must not import the errors and with them the whole portal
        # (~150 ms at every pytest start-up). The exceptions' names are all capitalised.
        if not name[:1].isupper() or name not in importlib.import_module(f"{__name__}.errors").__all__:
            raise AttributeError(f"module 'pytest_tiktok_sandbox' has no attribute {name!r}")
        module = "errors"
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
