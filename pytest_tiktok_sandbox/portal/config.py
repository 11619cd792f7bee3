"""An app's configuration (App details, platforms, products, scopes), as immutable pydantic models.

A configuration is a value: editing a sandbox builds a new one, applying changes or
importing a sandbox only moves a reference. Treat every field as read-only.
"""

from __future__ import annotations

import re
from typing import Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import InvalidConfiguration, InvalidRedirectURI
from .products import MAX_REDIRECT_URI_LENGTH, Product

Platform = Literal["web", "desktop", "android", "ios"]
PLATFORMS: tuple[Platform, ...] = ("web", "desktop", "android", "ios")
PKCE_PLATFORMS: frozenset[Platform] = frozenset({"desktop", "android", "ios"})
"""Platforms whose Login Kit flow must use PKCE."""

_HEX32 = re.compile(r"^[0-9a-fA-F]{32}$")
_ANDROID_PACKAGE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+$")
"""An Android application id: two or more dot-separated segments, each starting with a letter."""
_BUNDLE_ID = re.compile(r"^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
"""An iOS bundle ID in reverse-DNS form: letters, digits and hyphens between dots."""
_LOCAL_HOSTS = ("localhost", "127.0.0.1")
PLAY_STORE_HOSTS: frozenset[str] = frozenset({"play.google.com"})
"""Where an Android app's store URL points: its Google Play listing (``/store/apps/details``)."""
APP_STORE_HOSTS: frozenset[str] = frozenset({"apps.apple.com", "itunes.apple.com", "testflight.apple.com"})
"""Where an iOS app's store URL points: the App Store, or TestFlight (which TikTok accepts)."""


def _absolute_url(value: str | None, *, https: bool = False) -> str | None:
    if value is None:
        return None
    parts = urlsplit(value)
    if parts.scheme not in (("https",) if https else ("http", "https")) or not parts.netloc:
        need = "https" if https else "http(s)"
        raise ValueError(f"must be an absolute {need} URL, got {value!r}")
    return value


def _store_url(value: str | None, hosts: frozenset[str], looks_like: str) -> str | None:
    if value is None:
        return None
    parts = urlsplit(value)
    if parts.scheme != "https" or (parts.hostname or "").lower() not in hosts:
        raise ValueError(f"must be {looks_like}, got {value!r}")
    return value


def is_loopback_uri(uri: str) -> bool:
    """Whether ``uri`` points to this machine (a desktop redirect URI): no URL property can cover it."""
    host = urlsplit(uri.replace(":*", ":0", 1)).hostname or ""
    return host in _LOCAL_HOSTS


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class AppDetails(_Frozen):
    """The App details tab: what the consent page and the review team see."""

    name: str = Field(min_length=1, max_length=100)
    category: str | None = None
    description: str | None = Field(default=None, max_length=120)
    icon: str | None = None
    """Where the 1024x1024 icon is (a path or URL); the fake never reads it."""
    terms_of_service_url: str | None = None
    privacy_policy_url: str | None = None

    @field_validator("terms_of_service_url", "privacy_policy_url")
    @classmethod
    def _urls(cls, value: str | None) -> str | None:
        return _absolute_url(value, https=True)


class PlatformSettings(_Frozen):
    """What App details asks for each platform."""

    website_url: str | None = None
    """Web and Desktop."""
    package_name: str | None = None
    """Android."""
    play_store_url: str | None = None
    signatures: tuple[str, ...] = ()
    """Android MD5 signatures: 32 hex digits, no colons."""
    sha256_fingerprints: tuple[str, ...] = ()
    app_store_url: str | None = None
    """iOS."""
    bundle_id: str | None = None

    @field_validator("website_url")
    @classmethod
    def _urls(cls, value: str | None) -> str | None:
        return _absolute_url(value)

    @field_validator("play_store_url")
    @classmethod
    def _play_store(cls, value: str | None) -> str | None:
        looks_like = "a Google Play listing, https://play.google.com/store/apps/details?id=..."
        url = _store_url(value, PLAY_STORE_HOSTS, looks_like)
        if url is not None and not urlsplit(url).path.startswith("/store/apps/details"):
            raise ValueError(f"must be {looks_like} (the app must be published), got {url!r}")
        return url

    @field_validator("app_store_url")
    @classmethod
    def _app_store(cls, value: str | None) -> str | None:
        return _store_url(value, APP_STORE_HOSTS, "an App Store or TestFlight URL, https://apps.apple.com/app/id...")

    @field_validator("package_name")
    @classmethod
    def _package(cls, value: str | None) -> str | None:
        if value is not None and not _ANDROID_PACKAGE.match(value):
            raise ValueError(f"an Android package name looks like com.example.app, got {value!r}")
        return value

    @field_validator("bundle_id")
    @classmethod
    def _bundle(cls, value: str | None) -> str | None:
        if value is not None and not _BUNDLE_ID.match(value):
            raise ValueError(f"an iOS bundle ID looks like com.example.app, got {value!r}")
        return value

    @field_validator("signatures")
    @classmethod
    def _md5(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for signature in value:
            if not _HEX32.match(signature):
                raise ValueError(f"an Android signature is 32 hex digits with no colons, got {signature!r}")
        return value


class AppConfig(_Frozen):
    """One configuration: of a sandbox (applied or staged) or of a production version."""

    details: AppDetails
    platforms: dict[Platform, PlatformSettings] = Field(default_factory=dict)
    redirect_uris: dict[Platform, tuple[str, ...]] = Field(default_factory=dict)
    """Login Kit's redirect URIs, per platform."""
    products: frozenset[Product] = frozenset()
    scopes: frozenset[str] = frozenset()
    direct_post: bool = False
    """Content Posting API: the Direct Post toggle."""
    webhook_callback_url: str | None = None
    """Webhooks: the one HTTPS callback URL."""
    product_explanations: dict[str, str] = Field(default_factory=dict)
    """For review: what each product (by its value, ``"login_kit"``) or scope
    (``"video.list"``) is used for. Set on the Draft with ``App.set_product_explanations``."""

    def platform_of(self, redirect_uri: str) -> Platform | None:
        """The platform whose registered redirect URIs match ``redirect_uri`` exactly
        (a desktop URI registered with port ``*`` matches any port), or None."""
        for platform, uris in self.redirect_uris.items():
            for registered in uris:
                if registered == redirect_uri or (
                    platform == "desktop" and _wildcard_port_match(registered, redirect_uri)
                ):
                    return platform
        return None


def validate_details(**fields: object) -> AppDetails:
    try:
        return AppDetails.model_validate(fields)
    except ValidationError as error:
        raise InvalidConfiguration(_describe(error)) from None


def validate_platform_settings(platform: Platform, **fields: object) -> PlatformSettings:
    if platform not in PLATFORMS:
        raise InvalidConfiguration(f"platform must be one of {', '.join(PLATFORMS)}, got {platform!r}")
    try:
        return PlatformSettings.model_validate(fields)
    except ValidationError as error:
        raise InvalidConfiguration(f"{platform}: {_describe(error)}") from None


def _describe(error: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(part) for part in issue['loc']) or 'value'}: {issue['msg']}" for issue in error.errors()
    )


def validate_redirect_uri(platform: Platform, uri: str) -> str:
    """Check ``uri`` against TikTok's rules for ``platform``; return it unchanged."""
    if platform not in PLATFORMS:
        raise InvalidRedirectURI(f"platform must be one of {', '.join(PLATFORMS)}, got {platform!r}")
    if not isinstance(uri, str) or not uri:
        raise InvalidRedirectURI(f"{platform}: a redirect URI is a non-empty string")
    if len(uri) >= MAX_REDIRECT_URI_LENGTH:
        raise InvalidRedirectURI(f"{platform}: a redirect URI is shorter than 512 characters")
    scheme, _, rest = uri.partition("://")
    if not rest:
        raise InvalidRedirectURI(f"{platform}: {uri!r} is not an absolute URI")
    netloc = rest.split("/", 1)[0]
    if "#" in uri:
        raise InvalidRedirectURI(f"{platform}: {uri!r} has a fragment")
    if "?" in uri:
        raise InvalidRedirectURI(f"{platform}: {uri!r} has a query string (redirect URIs are static)")
    if not netloc:
        raise InvalidRedirectURI(f"{platform}: {uri!r} has no host")
    if platform == "desktop":
        if scheme not in ("http", "https"):
            raise InvalidRedirectURI(f"desktop: {uri!r} must use http or https")
        host, _, port = netloc.rpartition(":")
        if host not in _LOCAL_HOSTS:
            raise InvalidRedirectURI(f"desktop: the host of {uri!r} must be localhost or 127.0.0.1")
        if not (port == "*" or port.isdigit()):
            raise InvalidRedirectURI(f"desktop: {uri!r} needs a port (a number or the wildcard *)")
    elif scheme != "https":
        raise InvalidRedirectURI(f"{platform}: {uri!r} must use https")
    elif "*" in netloc:
        raise InvalidRedirectURI(f"{platform}: {uri!r} may not use a wildcard")
    return uri


def _wildcard_port_match(registered: str, actual: str) -> bool:
    if ":*" not in registered:
        return False
    prefix, _, suffix = registered.partition(":*")
    if not actual.startswith(prefix + ":"):
        return False
    rest = actual[len(prefix) + 1 :]
    digits = len(rest) - len(rest.lstrip("0123456789"))
    return digits > 0 and rest[digits:] == suffix
