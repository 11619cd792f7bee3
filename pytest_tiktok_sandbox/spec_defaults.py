"""The sandbox spec's defaults, and the spec a marker without arguments asks for, without pydantic.

A test with the default sandbox (no marker arguments, ``TikTokSandbox()``) is the common case:
it gets :data:`DEFAULT_SPEC` and never loads pydantic or the spec's models (~60 ms at the
first test of a session). :mod:`pytest_tiktok_sandbox.spec` takes its defaults from here, and
a test checks that :data:`DEFAULT_SPEC` and ``SandboxSpec()`` agree field by field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

DEFAULT_PRODUCTS = ("login_kit", "display_api")
DEFAULT_SCOPES = ("user.info.basic", "user.info.profile", "user.info.stats", "video.list")
DEFAULT_REDIRECT_URI = "https://example.com/auth/tiktok/callback"
DEFAULT_DEVELOPER_EMAIL = "developer@example.com"
DEFAULT_APP_NAME = "Test app"


@dataclass(frozen=True)
class DefaultSpec:
    """``SandboxSpec()``'s values, as plain data: what a marker without arguments asks for.
    Read-only, like the spec; the set-up reads the same attributes from either."""

    name: str = "sandbox"
    products: tuple[str, ...] = DEFAULT_PRODUCTS
    scopes: tuple[str, ...] = DEFAULT_SCOPES
    redirect_uris: Mapping[Literal["web"], tuple[str, ...]] = field(
        default_factory=lambda: MappingProxyType({"web": (DEFAULT_REDIRECT_URI,)})
    )
    """Read-only: the one default spec is shared by every default sandbox of the session."""
    target_users: int = 1
    clone_from: None = None
    private_target_users: bool = True
    direct_post: bool = False
    webhook_callback_url: None = None
    url_properties: tuple[str, ...] = ()
    app_live: bool = False
    posting_audited: bool = False
    app_name: str = DEFAULT_APP_NAME
    login: bool = True

    @property
    def model_fields_set(self) -> frozenset[str]:
        """No argument was given (as pydantic's ``model_fields_set`` of ``SandboxSpec()``)."""
        return frozenset()

    def product_names(self) -> list[str]:
        """The products to add."""
        return list(self.products)


DEFAULT_SPEC = DefaultSpec()
