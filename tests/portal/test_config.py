"""App configuration: redirect URI rules per platform (tiktok-api.md §1.3), platforms in
App details, and exact redirect URI matching."""

from __future__ import annotations

import re

import pytest

from pytest_tiktok_sandbox import (
    AppConfig,
    AppDetails,
    InvalidConfiguration,
    InvalidRedirectURI,
    PlatformNotConfigured,
    PlatformSettings,
    Product,
    ProductRequired,
    RedirectURILimitExceeded,
    Sandbox,
)

from ..fresh_interpreter import modules_after


@pytest.fixture
def login_sandbox(sandbox: Sandbox) -> Sandbox:
    """A sandbox with Login Kit and all four platforms added (nothing applied)."""
    sandbox.enable_product("login_kit")
    for platform in ("web", "desktop", "android", "ios"):
        sandbox.add_platform(platform)
    return sandbox


def _uri_of_length(prefix: str, length: int) -> str:
    return prefix + "a" * (length - len(prefix))


# -- web ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "uri",
    [
        "https://example.com/auth/tiktok/callback",
        "https://example.com",
        "https://example.com/",
        "https://example.com:8443/cb",
        "https://sub.example.co.uk/a/b/c",
        "https://localhost/cb",
        _uri_of_length("https://example.com/", 511),
    ],
)
def test_web_accepts_static_https_uris(login_sandbox: Sandbox, uri: str) -> None:
    login_sandbox.add_redirect_uri("web", uri)
    assert login_sandbox.pending.redirect_uris["web"] == (uri,)


@pytest.mark.parametrize(
    "uri",
    [
        "http://example.com/cb",
        "ftp://example.com/cb",
        "https://example.com/cb?next=/home",
        "https://example.com/cb?",
        "https://example.com/cb#section",
        "https://example.com/cb#",
        "https://example.com/cb?a=1#b",
        "example.com/cb",
        "/cb",
        "",
        "https://",
        "https:///cb",
        "https:example.com/cb",
        "https://*.example.com/cb",
        "https://example.com:*/cb",
        _uri_of_length("https://example.com/", 512),
        _uri_of_length("https://example.com/", 600),
    ],
)
def test_web_refuses_what_tiktok_refuses(login_sandbox: Sandbox, uri: str) -> None:
    with pytest.raises(InvalidRedirectURI):
        login_sandbox.add_redirect_uri("web", uri)
    assert "web" not in login_sandbox.pending.redirect_uris


def test_the_length_limit_is_strictly_below_512() -> None:
    assert len(_uri_of_length("https://example.com/", 511)) == 511
    assert len(_uri_of_length("https://example.com/", 512)) == 512


# -- desktop ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "uri",
    [
        "http://localhost:3000/callback",
        "https://localhost:8443/callback",
        "http://127.0.0.1:8080/cb",
        "https://127.0.0.1:1/cb",
        "http://localhost:*/callback",
        "http://127.0.0.1:*/cb",
        "http://localhost:3000",
        "http://localhost:3000/",
        _uri_of_length("http://localhost:3000/", 511),
    ],
)
def test_desktop_accepts_local_uris_with_a_port(login_sandbox: Sandbox, uri: str) -> None:
    login_sandbox.add_redirect_uri("desktop", uri)
    assert login_sandbox.pending.redirect_uris["desktop"] == (uri,)


@pytest.mark.parametrize(
    "uri",
    [
        "http://localhost/callback",
        "http://localhost",
        "http://127.0.0.1/cb",
        "http://localhost:/cb",
        "http://localhost:abc/cb",
        "http://localhost:80a/cb",
        "http://localhost:**/cb",
        "http://example.com:3000/cb",
        "https://example.com:3000/cb",
        "http://192.168.1.10:3000/cb",
        "http://0.0.0.0:3000/cb",
        "http://localhost.example.com:3000/cb",
        "ftp://localhost:21/cb",
        "myapp://localhost:3000/cb",
        "http://localhost:3000/cb?x=1",
        "http://localhost:3000/cb#frag",
        "localhost:3000/cb",
        "",
        _uri_of_length("http://localhost:3000/", 512),
    ],
)
def test_desktop_refuses_what_tiktok_refuses(login_sandbox: Sandbox, uri: str) -> None:
    with pytest.raises(InvalidRedirectURI):
        login_sandbox.add_redirect_uri("desktop", uri)
    assert "desktop" not in login_sandbox.pending.redirect_uris


# -- mobile --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("platform", ["android", "ios"])
def test_mobile_redirect_uris_are_https_links(login_sandbox: Sandbox, platform: str) -> None:
    login_sandbox.add_redirect_uri(platform, "https://example.com/app/callback")  # type: ignore[arg-type]
    assert login_sandbox.pending.redirect_uris[platform] == ("https://example.com/app/callback",)  # type: ignore[index]
    for bad in ("myapp://callback", "http://example.com/app/callback", "https://example.com/cb?x=1"):
        with pytest.raises(InvalidRedirectURI):
            login_sandbox.add_redirect_uri(platform, bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("platform", ["windows", "Web", "", "macos"])
def test_an_unknown_platform_is_refused(login_sandbox: Sandbox, platform: str) -> None:
    with pytest.raises(InvalidRedirectURI):
        login_sandbox.add_redirect_uri(platform, "https://example.com/cb")  # type: ignore[arg-type]
    with pytest.raises(InvalidConfiguration):
        login_sandbox.add_platform(platform)  # type: ignore[arg-type]


# -- limits and prerequisites -------------------------------------------------------------------------
def test_a_platform_holds_at_most_ten_redirect_uris(login_sandbox: Sandbox) -> None:
    web = [f"https://example.com/cb/{n}" for n in range(10)]
    for uri in web:
        login_sandbox.add_redirect_uri("web", uri)
    assert login_sandbox.pending.redirect_uris["web"] == tuple(web)
    with pytest.raises(RedirectURILimitExceeded) as refused:
        login_sandbox.add_redirect_uri("web", "https://example.com/cb/10")
    assert "at most 10" in str(refused.value)
    assert login_sandbox.pending.redirect_uris["web"] == tuple(web)


def test_the_limit_is_per_platform(login_sandbox: Sandbox) -> None:
    for n in range(10):
        login_sandbox.add_redirect_uri("web", f"https://example.com/cb/{n}")
    for n in range(10):
        login_sandbox.add_redirect_uri("desktop", f"http://localhost:{3000 + n}/cb")
    assert len(login_sandbox.pending.redirect_uris["desktop"]) == 10
    with pytest.raises(RedirectURILimitExceeded):
        login_sandbox.add_redirect_uri("desktop", "http://localhost:4000/cb")


def test_removing_a_uri_frees_a_place(login_sandbox: Sandbox) -> None:
    for n in range(10):
        login_sandbox.add_redirect_uri("web", f"https://example.com/cb/{n}")
    login_sandbox.remove_redirect_uri("web", "https://example.com/cb/3")
    assert "https://example.com/cb/3" not in login_sandbox.pending.redirect_uris["web"]
    login_sandbox.add_redirect_uri("web", "https://example.com/cb/10")
    assert len(login_sandbox.pending.redirect_uris["web"]) == 10


def test_adding_the_same_uri_twice_keeps_one(login_sandbox: Sandbox) -> None:
    login_sandbox.add_redirect_uri("web", "https://example.com/cb")
    login_sandbox.add_redirect_uri("web", "https://example.com/cb")
    assert login_sandbox.pending.redirect_uris["web"] == ("https://example.com/cb",)


def test_redirect_uris_need_the_platform_added_first(sandbox: Sandbox) -> None:
    sandbox.enable_product("login_kit")
    with pytest.raises(PlatformNotConfigured):
        sandbox.add_redirect_uri("web", "https://example.com/cb")
    assert sandbox.pending.redirect_uris == {}
    sandbox.add_platform("web", website_url="https://example.com")
    sandbox.add_redirect_uri("web", "https://example.com/cb")
    assert sandbox.pending.redirect_uris == {"web": ("https://example.com/cb",)}
    with pytest.raises(PlatformNotConfigured):
        sandbox.add_redirect_uri("desktop", "http://localhost:3000/cb")


def test_redirect_uris_need_login_kit(sandbox: Sandbox) -> None:
    sandbox.add_platform("web")
    with pytest.raises(ProductRequired):
        sandbox.add_redirect_uri("web", "https://example.com/cb")
    assert sandbox.pending.redirect_uris == {}
    sandbox.enable_product("login_kit")
    sandbox.add_redirect_uri("web", "https://example.com/cb")
    assert sandbox.pending.redirect_uris == {"web": ("https://example.com/cb",)}


def test_removing_a_platform_removes_its_redirect_uris(login_sandbox: Sandbox) -> None:
    login_sandbox.add_redirect_uri("web", "https://example.com/cb")
    login_sandbox.add_redirect_uri("desktop", "http://localhost:3000/cb")
    login_sandbox.remove_platform("web")
    assert "web" not in login_sandbox.pending.platforms
    assert login_sandbox.pending.redirect_uris == {"desktop": ("http://localhost:3000/cb",)}
    with pytest.raises(PlatformNotConfigured):
        login_sandbox.add_redirect_uri("web", "https://example.com/cb")


def test_sandbox_and_production_keep_separate_redirect_lists(sandbox: Sandbox) -> None:
    sandbox.configure(products=["login_kit"], redirect_uris={"web": ["https://example.com/cb"]})
    draft = sandbox.app.draft
    assert draft is not None
    assert draft.config.redirect_uris == {}


# -- platforms in App details ----------------------------------------------------------------------------
def test_platform_settings_are_kept(sandbox: Sandbox) -> None:
    signature = "0123456789abcdefABCDEF0123456789"
    sandbox.add_platform("web", website_url="https://example.com")
    sandbox.add_platform("android", package_name="com.example.app", signatures=(signature,))
    sandbox.add_platform("ios", bundle_id="com.example.app", app_store_url="https://apps.apple.com/app/id1")
    platforms = sandbox.pending.platforms
    assert platforms["web"] == PlatformSettings(website_url="https://example.com")
    assert platforms["android"].signatures == (signature,)
    assert platforms["ios"].bundle_id == "com.example.app"


@pytest.mark.parametrize(
    ("platform", "settings"),
    [
        ("android", {"signatures": ("01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef",)}),
        ("android", {"signatures": ("0123456789abcdef0123456789abcde",)}),
        ("android", {"signatures": ("0123456789abcdef0123456789abcdeg",)}),
        ("web", {"website_url": "example.com"}),
        ("web", {"website_url": "ftp://example.com"}),
        ("web", {"favourite_colour": "blue"}),
    ],
)
def test_invalid_platform_settings_are_refused(sandbox: Sandbox, platform: str, settings: dict[str, object]) -> None:
    with pytest.raises(InvalidConfiguration):
        sandbox.add_platform(platform, **settings)  # type: ignore[arg-type]
    assert sandbox.pending.platforms == {}


# -- matching -------------------------------------------------------------------------------------------------
@pytest.fixture
def config() -> AppConfig:
    return AppConfig(
        details=AppDetails(name="App"),
        redirect_uris={
            "web": ("https://example.com/cb",),
            "desktop": ("http://localhost:*/callback", "http://127.0.0.1:8080/cb"),
        },
    )


@pytest.mark.parametrize(
    ("uri", "platform"),
    [
        ("https://example.com/cb", "web"),
        ("http://localhost:1/callback", "desktop"),
        ("http://localhost:3000/callback", "desktop"),
        ("http://localhost:65535/callback", "desktop"),
        ("http://127.0.0.1:8080/cb", "desktop"),
    ],
)
def test_platform_of_finds_registered_uris(config: AppConfig, uri: str, platform: str) -> None:
    assert config.platform_of(uri) == platform


@pytest.mark.parametrize(
    "uri",
    [
        "https://example.com/cb/",
        "https://example.com/c",
        "https://example.com/cb2",
        "https://example.com/cb?x=1",
        "https://example.com/cb#x",
        "https://EXAMPLE.com/cb",
        "http://example.com/cb",
        "https://example.com:443/cb",
        "http://localhost/callback",
        "http://localhost:/callback",
        "http://localhost:abc/callback",
        "http://localhost:*/callback/x",
        "http://localhost:3000/callback/",
        "http://localhost:3000/callback?x=1",
        "http://localhost:3000/other",
        "https://localhost:3000/callback",
        "http://127.0.0.1:3000/callback",
        "http://127.0.0.1:8081/cb",
        "http://127.0.0.1/cb",
        "",
    ],
)
def test_platform_of_matches_exactly(config: AppConfig, uri: str) -> None:
    assert config.platform_of(uri) is None


def test_the_wildcard_port_is_a_desktop_rule_only() -> None:
    config = AppConfig(details=AppDetails(name="App"), redirect_uris={"web": ("https://example.com:*/cb",)})
    assert config.platform_of("https://example.com:443/cb") is None
    assert config.platform_of("https://example.com:*/cb") == "web"


def test_platform_of_with_nothing_registered() -> None:
    assert AppConfig(details=AppDetails(name="App")).platform_of("https://example.com/cb") is None


# -- App details and platform settings, checked by hand (no pydantic on the portal's path) --------
@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": ""}, "name: must have at least 1 character"),
        ({"name": "x" * 101}, "name: must have at most 100 characters"),
        ({"name": 7}, "name: must be a string, got int"),
        ({"name": "App", "description": "d" * 121}, "description: must have at most 120 characters"),
        ({"name": "App", "colour": "red"}, "colour: not a field"),
        ({"name": "App", "terms_of_service_url": "http://example.com/tos"}, "must be an absolute https URL"),
        ({"name": "App", "privacy_policy_url": "/privacy"}, "privacy_policy_url: must be an absolute https URL"),
        ({}, "name: required"),
        ({"name": "Bad\ud800name"}, "name: must be text UTF-8 can carry"),
        ({"name": b"\xff"}, "name: must be UTF-8 text"),
        ({"name": 5, "description": "d" * 121}, "name: must be a string, got int; description: must have at most"),
        ({"category": 5}, "name: required; category: must be a string, got int"),
    ],
)
def test_app_details_are_checked_field_by_field(fields: dict[str, object], message: str) -> None:
    from pytest_tiktok_sandbox.portal.config import validate_details

    with pytest.raises(InvalidConfiguration, match=re.escape(message)):
        validate_details(**fields)


def test_app_details_are_stripped_and_kept() -> None:
    from pytest_tiktok_sandbox.portal.config import validate_details

    details = validate_details(name="  My app ", description=" Short. ", category=None)
    assert details == AppDetails(name="My app", description="Short.")
    assert details.model_dump()["name"] == "My app"
    assert details.model_copy(update={"name": "Other"}).name == "Other" and details.name == "My app"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"signatures": "0" * 32}, "signatures: must be a list of strings"),
        ({"signatures": ["0" * 31]}, "32 hex digits"),
        ({"package_name": "app"}, "com.example.app"),
        ({"website_url": "ftp://example.com"}, "absolute http(s) URL"),
        ({"play_store_url": "https://play.google.com/store/search?q=x"}, "must be published"),
        ({"app_store_url": "https://example.com/app"}, "App Store or TestFlight"),
        ({"bundle_id": "x"}, "iOS bundle ID"),
        ({"colour": "red"}, "colour: not a field"),
        ({"sha256_fingerprints": ["ok", 5]}, "sha256_fingerprints.1: must be a string, got int"),
        ({"signatures": None}, "signatures: must be a list of strings, got NoneType"),
    ],
)
def test_platform_settings_are_checked_field_by_field(fields: dict[str, object], message: str) -> None:
    from pytest_tiktok_sandbox.portal.config import validate_platform_settings

    with pytest.raises(InvalidConfiguration, match=re.escape(message)):
        validate_platform_settings("android", **fields)


def test_loading_the_portal_imports_no_pydantic() -> None:
    """pydantic's import and its first model cost ~60 ms: a test's portal needs neither."""
    code = (
        "from pytest_tiktok_sandbox.portal import Portal\n"
        "portal = Portal(1)\n"
        "app = portal.create_app(portal.signup('dev@example.com'), 'App')\n"
        "sandbox = app.create_sandbox('s')\n"
        "sandbox.configure(products=['login_kit', 'display_api'], scopes=['video.list'],\n"
        "                  redirect_uris={'web': ['https://example.com/cb']})\n"
        "sandbox.add_platform('android', package_name='com.example.app')\n"
    )
    assert [m for m in modules_after(code) if m.startswith("pydantic")] == []


def test_settings_take_what_pydantic_took() -> None:
    """bytes (UTF-8) for text, any collection of strings for a list, and only Unicode's
    whitespace stripped (the information separators \\x1c-\\x1f are kept, as pydantic kept them)."""
    from pytest_tiktok_sandbox.portal.config import validate_details, validate_platform_settings

    assert validate_details(name=b" App ", icon=bytearray(b"x")) == AppDetails(name="App", icon="x")
    assert validate_details(name="\x1fApp\u3000").name == "\x1fApp"
    signature = "0" * 32
    for many in ({signature}, frozenset({signature}), (s for s in [signature]), [signature]):
        assert validate_platform_settings("android", signatures=many).signatures == (signature,)


def test_the_pydantic_style_helpers_of_a_config() -> None:
    config = AppConfig(
        details=AppDetails(name="App"), products=frozenset({Product.LOGIN_KIT}), scopes=frozenset({"b", "a"})
    )
    assert config.model_dump(mode="json")["products"] == ["login_kit"]
    assert config.model_dump(mode="json")["scopes"] == ["a", "b"]
    assert "details" not in config.model_dump(exclude={"details"})
    copied = config.model_copy()
    assert copied == config and copied is not config
    deep = config.model_copy(deep=True)
    assert deep == config and deep.details is not config.details
    with pytest.raises(TypeError):
        config.model_copy(update={"bogus": 1})
