"""An app's configuration (App details, platforms, products, scopes), as frozen dataclasses.

A configuration is a value: editing a sandbox builds a new one, applying changes or
importing a sandbox only moves a reference. Treat every field as read-only.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Self, cast
from urllib.parse import urlsplit

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


def is_loopback_uri(uri: str) -> bool:
    """Whether ``uri`` points to this machine (a desktop redirect URI): no URL property can cover it."""
    host = urlsplit(uri.replace(":*", ":0", 1)).hostname or ""
    return host in _LOCAL_HOSTS


class _Value:
    """A frozen value with pydantic-style helpers (these were pydantic models before 0.2; the
    portal loads without pydantic now, see the CHANGELOG)."""

    __slots__ = ()

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy with ``update``'s fields replaced, not validated (as pydantic's); an unknown
        field is a ``TypeError`` (pydantic added it silently)."""
        copied = dataclasses.replace(self, **(update or {}))  # type: ignore[type-var]
        return copy.deepcopy(copied) if deep else copied

    def model_dump(
        self, *, mode: Literal["python", "json"] = "python", exclude: Iterable[str] | None = None
    ) -> dict[str, Any]:
        """The fields as plain values (nested values as dicts), as pydantic's; ``mode="json"``
        gives JSON's types (lists for sets and tuples, strings for products)."""
        dumped: dict[str, Any] = dataclasses.asdict(self)  # type: ignore[call-overload]
        for name in exclude or ():
            dumped.pop(name, None)
        return _jsonable(dumped) if mode == "json" else dumped


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_jsonable(v) for v in value]
        return sorted(items) if isinstance(value, (set, frozenset)) else items
    return value.value if isinstance(value, Product) else value


@dataclass(frozen=True, slots=True)
class AppDetails(_Value):
    """The App details tab: what the consent page and the review team see. Build one with
    :func:`validate_details` (``AppDetails(...)`` itself checks nothing)."""

    name: str
    category: str | None = None
    description: str | None = None
    icon: str | None = None
    """Where the 1024x1024 icon is (a path or URL); the fake never reads it."""
    terms_of_service_url: str | None = None
    privacy_policy_url: str | None = None


@dataclass(frozen=True, slots=True)
class PlatformSettings(_Value):
    """What App details asks for each platform. Build one with
    :func:`validate_platform_settings` (``PlatformSettings(...)`` itself checks nothing)."""

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


@dataclass(frozen=True, slots=True)
class AppConfig(_Value):
    """One configuration: of a sandbox (applied or staged) or of a production version."""

    details: AppDetails
    platforms: Mapping[Platform, PlatformSettings] = field(default_factory=dict)
    redirect_uris: Mapping[Platform, tuple[str, ...]] = field(default_factory=dict)
    """Login Kit's redirect URIs, per platform."""
    products: frozenset[Product] = frozenset()
    scopes: frozenset[str] = frozenset()
    direct_post: bool = False
    """Content Posting API: the Direct Post toggle."""
    webhook_callback_url: str | None = None
    """Webhooks: the one HTTPS callback URL."""
    product_explanations: Mapping[str, str] = field(default_factory=dict)
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


# -- validation -----------------------------------------------------------------------------------
_Check = Callable[[str], None]

_WHITESPACE = (
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)
"""Unicode's White_Space characters: what pydantic stripped (``str.strip()`` also strips the
information separators ``\x1c``-``\x1f``, which are no whitespace to pydantic)."""


@dataclass(frozen=True)
class _Rule:
    """How one field is checked: a string (``many``: a list of them), its lengths, a check."""

    check: _Check | None = None
    many: bool = False
    required: bool = False
    min_length: int = 0
    max_length: int | None = None


def _text(value: object, rule: _Rule) -> str:
    """A string (UTF-8 ``bytes`` decoded), stripped, within the rule's lengths, checked."""
    if isinstance(value, (bytes, bytearray)):
        try:
            value = bytes(value).decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError("must be UTF-8 text") from None
    if not isinstance(value, str):
        raise ValueError(f"must be a string, got {type(value).__name__}")
    value = value.strip(_WHITESPACE)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("must be text UTF-8 can carry (no lone surrogates)") from None
    if len(value) < rule.min_length:
        raise ValueError(f"must have at least {rule.min_length} character{'s' if rule.min_length > 1 else ''}")
    if rule.max_length is not None and len(value) > rule.max_length:
        raise ValueError(f"must have at most {rule.max_length} characters, got {len(value)}")
    if rule.check is not None:
        rule.check(value)
    return value


def _checked(fields: Mapping[str, object], rules: Mapping[str, _Rule]) -> dict[str, Any]:
    """``fields`` stripped and checked against ``rules``: every problem named by its field
    (and a list item by its position), all of them in one message (a ``ValueError``)."""
    values: dict[str, Any] = {}
    problems: list[str] = []
    for name, needed in rules.items():
        if needed.required and fields.get(name) is None:
            problems.append(f"{name}: required")
    for name, raw in fields.items():
        found = rules.get(name)
        if found is None:
            problems.append(f"{name}: not a field (known: {', '.join(rules)})")
            continue
        rule = found
        if raw is None and not rule.many:
            values[name] = None
        elif rule.many:
            if isinstance(raw, (str, bytes, bytearray, Mapping)) or not isinstance(raw, Iterable):
                problems.append(f"{name}: must be a list of strings, got {type(raw).__name__}")
                continue
            items: list[str] = []
            for index, item in enumerate(raw):
                try:
                    items.append(_text(item, rule))
                except ValueError as error:
                    problems.append(f"{name}.{index}: {error}")
            values[name] = tuple(items)
        else:
            try:
                values[name] = _text(raw, rule)
            except ValueError as error:
                problems.append(f"{name}: {error}")
    if problems:
        raise ValueError("; ".join(problems))
    return values


def _absolute(*, https: bool) -> _Check:
    def check(value: str) -> None:
        parts = urlsplit(value)
        if parts.scheme not in (("https",) if https else ("http", "https")) or not parts.netloc:
            need = "https" if https else "http(s)"
            raise ValueError(f"must be an absolute {need} URL, got {value!r}")

    return check


def _store(hosts: frozenset[str], looks_like: str, path: str = "") -> _Check:
    def check(value: str) -> None:
        parts = urlsplit(value)
        if parts.scheme != "https" or (parts.hostname or "").lower() not in hosts:
            raise ValueError(f"must be {looks_like}, got {value!r}")
        if path and not parts.path.startswith(path):
            raise ValueError(f"must be {looks_like} (the app must be published), got {value!r}")

    return check


def _matching(pattern: re.Pattern[str], what: str) -> _Check:
    def check(value: str) -> None:
        if not pattern.match(value):
            raise ValueError(f"{what}, got {value!r}")

    return check


_DETAILS: dict[str, _Rule] = {
    "name": _Rule(required=True, min_length=1, max_length=100),
    "category": _Rule(),
    "description": _Rule(max_length=120),
    "icon": _Rule(),
    "terms_of_service_url": _Rule(_absolute(https=True)),
    "privacy_policy_url": _Rule(_absolute(https=True)),
}
_PLATFORM: dict[str, _Rule] = {
    "website_url": _Rule(_absolute(https=False)),
    "package_name": _Rule(_matching(_ANDROID_PACKAGE, "an Android package name looks like com.example.app")),
    "play_store_url": _Rule(
        _store(
            PLAY_STORE_HOSTS,
            "a Google Play listing, https://play.google.com/store/apps/details?id=...",
            "/store/apps/details",
        )
    ),
    "signatures": _Rule(_matching(_HEX32, "an Android signature is 32 hex digits with no colons"), many=True),
    "sha256_fingerprints": _Rule(many=True),
    "app_store_url": _Rule(_store(APP_STORE_HOSTS, "an App Store or TestFlight URL, https://apps.apple.com/app/id...")),
    "bundle_id": _Rule(_matching(_BUNDLE_ID, "an iOS bundle ID looks like com.example.app")),
}


def validate_details(**fields: object) -> AppDetails:
    """App details from ``fields`` (strings stripped; ``name`` 1 to 100 characters,
    ``description`` at most 120, the two URLs absolute https), or :class:`InvalidConfiguration`
    naming each bad field."""
    try:
        return AppDetails(**_checked(fields, _DETAILS))
    except ValueError as error:
        raise InvalidConfiguration(str(error)) from None


def validate_platform_settings(platform: Platform, **fields: object) -> PlatformSettings:
    """A platform's App details settings from ``fields``, or :class:`InvalidConfiguration`
    naming the platform and each bad field."""
    if platform not in PLATFORMS:
        raise InvalidConfiguration(f"platform must be one of {', '.join(PLATFORMS)}, got {platform!r}")
    try:
        return PlatformSettings(**_checked(fields, _PLATFORM))
    except ValueError as error:
        raise InvalidConfiguration(f"{platform}: {error}") from None


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


# -- staging many edits at once -------------------------------------------------------------------
_CONFIG_FIELDS = tuple(f.name for f in dataclasses.fields(AppConfig))


def fields_of(config: AppConfig) -> dict[str, Any]:
    """``config``'s fields, to stage several edits on before one frozen copy (``AppConfig(**fields)``)."""
    return {name: getattr(config, name) for name in _CONFIG_FIELDS}


def staged_view(fields: dict[str, Any]) -> AppConfig:
    """A read-only view of ``fields`` that reads as the configuration they describe (for the
    checks of each edit while :meth:`Sandbox.configure` stages several)."""
    return cast(AppConfig, _Staged(fields))


class _Staged:
    __slots__ = ("_fields",)

    def __init__(self, fields: dict[str, Any]) -> None:
        self._fields = fields

    def __getattr__(self, name: str) -> Any:
        try:
            return self._fields[name]
        except KeyError:
            raise AttributeError(name) from None
