"""The one table of TikTok's products, their scopes and what a sandbox may use.

Both the portal model and the fake API read this table; nothing else hard-codes a
product name, a scope or a limit.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from types import MappingProxyType
from typing import Final, Literal

MAX_SANDBOXES_PER_APP: Final = 5
MAX_TARGET_USERS_PER_SANDBOX: Final = 10
MAX_REDIRECT_URIS_PER_PLATFORM: Final = 10
MAX_REDIRECT_URI_LENGTH: Final = 512


class Product(str, Enum):
    """TikTok's developer products, as plain strings (``Product.LOGIN_KIT == "login_kit"``)."""

    LOGIN_KIT = "login_kit"
    DISPLAY_API = "display_api"
    SHARE_KIT = "share_kit"
    CONTENT_POSTING_API = "content_posting_api"
    EMBED_VIDEOS = "embed_videos"
    WEBHOOKS = "webhooks"
    DATA_PORTABILITY_API = "data_portability_api"
    RESEARCH_API = "research_api"
    COMMERCIAL_CONTENT_API = "commercial_content_api"

    def __str__(self) -> str:
        return self.value


SandboxAvailability = Literal["available", "private_only", "unavailable"]


@dataclass(frozen=True)
class ProductSpec:
    """One row of the product table."""

    product: Product
    title: str
    scopes: tuple[str, ...]
    """Scopes this product lets an app request."""
    default_scopes: tuple[str, ...]
    """Scopes that come with the product and cannot be removed while it is added."""
    sandbox: SandboxAvailability
    """``available``; ``private_only`` (may be added, but only private/SELF_ONLY posts
    are allowed: the API enforces it); or ``unavailable`` (cannot be added to a sandbox)."""
    requires: tuple[Product, ...] = ()
    """Products that must be added first."""
    sandbox_note: str = ""


PRODUCTS: Final[MappingProxyType[Product, ProductSpec]] = MappingProxyType(
    {
        spec.product: spec
        for spec in (
            ProductSpec(
                Product.LOGIN_KIT,
                "Login Kit",
                scopes=("user.info.basic", "user.info.profile", "user.info.stats"),
                default_scopes=("user.info.basic",),
                sandbox="available",
            ),
            ProductSpec(
                Product.DISPLAY_API,
                "Display API",
                scopes=("video.list",),
                default_scopes=(),
                sandbox="available",
            ),
            ProductSpec(Product.SHARE_KIT, "Share Kit", (), (), sandbox="available"),
            ProductSpec(
                Product.CONTENT_POSTING_API,
                "Content Posting API",
                scopes=("video.publish", "video.upload"),
                default_scopes=(),
                sandbox="private_only",
                sandbox_note=(
                    "Sandbox mode does not offer access to Content Posting API for public "
                    "videos: only SELF_ONLY posts to private accounts"
                ),
            ),
            ProductSpec(Product.EMBED_VIDEOS, "Embed Videos", (), (), sandbox="available"),
            ProductSpec(Product.WEBHOOKS, "Webhooks", (), (), sandbox="available"),
            ProductSpec(
                Product.DATA_PORTABILITY_API,
                "Data Portability API",
                scopes=tuple(
                    f"portability.{kind}.{mode}"
                    for kind in ("all", "activity", "directmessages", "postsandprofile")
                    for mode in ("single", "ongoing")
                ),
                default_scopes=(),
                sandbox="unavailable",
                requires=(Product.LOGIN_KIT, Product.WEBHOOKS),
                sandbox_note="Sandbox mode does not offer access to Data Portability API",
            ),
            ProductSpec(
                Product.RESEARCH_API,
                "Research API",
                scopes=("research.data.basic", "research.data.u18eu", "research.data.vra"),
                default_scopes=(),
                sandbox="available",
            ),
            ProductSpec(
                Product.COMMERCIAL_CONTENT_API,
                "Commercial Content API",
                scopes=("research.adlib.basic",),
                default_scopes=(),
                sandbox="available",
            ),
        )
    }
)

SCOPES: Final[MappingProxyType[str, Product]] = MappingProxyType(
    {scope: spec.product for spec in PRODUCTS.values() for scope in spec.scopes}
)
"""Every scope TikTok offers, mapped to the product it needs."""


def product(name: str | Product) -> Product:
    """The :class:`Product` called ``name``; raises :class:`UnknownProduct` otherwise."""
    try:
        return Product(name)
    except ValueError:
        from .errors import UnknownProduct

        known = ", ".join(p.value for p in Product)
        raise UnknownProduct(f"{name!r} is not a TikTok product (known: {known})") from None


def scope_product(scope: str) -> Product:
    """The product that ``scope`` belongs to; raises :class:`UnknownScope` otherwise."""
    try:
        return SCOPES[scope]
    except KeyError:
        from .errors import UnknownScope

        raise UnknownScope(f"{scope!r} is not a TikTok scope (known: {', '.join(SCOPES)})") from None
