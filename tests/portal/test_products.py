"""The product table and the product/scope rules of a sandbox."""

from __future__ import annotations

import pytest

from pytest_tiktok_sandbox import (
    PRODUCTS,
    SCOPES,
    InvalidConfiguration,
    Product,
    ProductNotAvailableInSandbox,
    ProductRequired,
    ProductSpec,
    Sandbox,
    ScopeRequiresProduct,
    UnknownProduct,
    UnknownScope,
)

# tiktok-api.md §6 "Scopes"
DOCUMENTED_SCOPES = {
    "user.info.basic",
    "user.info.profile",
    "user.info.stats",
    "video.list",
    "video.publish",
    "video.upload",
    *(
        f"portability.{kind}.{mode}"
        for kind in ("all", "activity", "directmessages", "postsandprofile")
        for mode in ("single", "ongoing")
    ),
    "research.data.basic",
    "research.adlib.basic",
    "research.data.u18eu",
    "research.data.vra",
}


# -- the table ---------------------------------------------------------------------------------------
def test_every_product_has_one_row() -> None:
    assert set(PRODUCTS) == set(Product)
    for product, spec in PRODUCTS.items():
        assert isinstance(spec, ProductSpec)
        assert spec.product is product
        assert spec.sandbox in ("available", "private_only", "unavailable")
        assert set(spec.default_scopes) <= set(spec.scopes)


def test_products_are_plain_strings() -> None:
    assert Product.LOGIN_KIT == "login_kit"
    assert str(Product.CONTENT_POSTING_API) == "content_posting_api"
    assert Product("data_portability_api") is Product.DATA_PORTABILITY_API


def test_the_scope_table_holds_the_documented_scopes() -> None:
    assert set(SCOPES) == DOCUMENTED_SCOPES


@pytest.mark.parametrize(
    ("scope", "product"),
    [
        ("user.info.basic", Product.LOGIN_KIT),
        ("user.info.profile", Product.LOGIN_KIT),
        ("user.info.stats", Product.LOGIN_KIT),
        ("video.list", Product.DISPLAY_API),
        ("video.publish", Product.CONTENT_POSTING_API),
        ("video.upload", Product.CONTENT_POSTING_API),
        ("portability.all.single", Product.DATA_PORTABILITY_API),
        ("portability.postsandprofile.ongoing", Product.DATA_PORTABILITY_API),
        ("research.data.basic", Product.RESEARCH_API),
        ("research.adlib.basic", Product.COMMERCIAL_CONTENT_API),
    ],
)
def test_each_scope_belongs_to_its_product(scope: str, product: Product) -> None:
    assert SCOPES[scope] is product
    assert scope in PRODUCTS[product].scopes


def test_user_info_basic_comes_with_login_kit() -> None:
    assert PRODUCTS[Product.LOGIN_KIT].default_scopes == ("user.info.basic",)
    assert all(not spec.default_scopes for p, spec in PRODUCTS.items() if p is not Product.LOGIN_KIT)


def test_what_a_sandbox_may_use() -> None:
    assert PRODUCTS[Product.DATA_PORTABILITY_API].sandbox == "unavailable"
    assert PRODUCTS[Product.CONTENT_POSTING_API].sandbox == "private_only"
    assert PRODUCTS[Product.LOGIN_KIT].sandbox == "available"
    assert PRODUCTS[Product.DISPLAY_API].sandbox == "available"
    assert PRODUCTS[Product.WEBHOOKS].sandbox == "available"
    unavailable = {p for p, spec in PRODUCTS.items() if spec.sandbox == "unavailable"}
    assert unavailable == {Product.DATA_PORTABILITY_API}


def test_data_portability_needs_login_kit_and_webhooks() -> None:
    assert set(PRODUCTS[Product.DATA_PORTABILITY_API].requires) == {Product.LOGIN_KIT, Product.WEBHOOKS}


def test_the_table_is_read_only() -> None:
    with pytest.raises(TypeError):
        PRODUCTS[Product.LOGIN_KIT] = PRODUCTS[Product.SHARE_KIT]  # type: ignore[index]
    with pytest.raises(TypeError):
        SCOPES["video.delete"] = Product.DISPLAY_API  # type: ignore[index]


# -- enabling products in a sandbox -------------------------------------------------------------------
@pytest.mark.parametrize(
    "product",
    [p for p, spec in PRODUCTS.items() if spec.sandbox != "unavailable" and not spec.requires],
    ids=str,
)
def test_a_sandbox_may_add_every_available_product(sandbox: Sandbox, product: Product) -> None:
    sandbox.enable_product(product.value)
    sandbox.apply_changes()
    assert product in sandbox.config.products


def test_data_portability_is_refused_in_a_sandbox(sandbox: Sandbox) -> None:
    sandbox.configure(products=["login_kit", "webhooks"])
    before = sandbox.pending
    with pytest.raises(ProductNotAvailableInSandbox, match="Data Portability"):
        sandbox.enable_product("data_portability_api")
    with pytest.raises(ProductNotAvailableInSandbox):
        sandbox.enable_product(Product.DATA_PORTABILITY_API)
    assert sandbox.pending == before
    assert Product.DATA_PORTABILITY_API not in sandbox.pending.products


def test_data_portability_scopes_cannot_be_added_in_a_sandbox(sandbox: Sandbox) -> None:
    sandbox.configure(products=["login_kit", "webhooks"])
    with pytest.raises(ScopeRequiresProduct):
        sandbox.add_scope("portability.all.single")


def test_content_posting_is_allowed_in_a_sandbox(sandbox: Sandbox) -> None:
    sandbox.enable_product(Product.CONTENT_POSTING_API)
    sandbox.add_scope("video.publish")
    sandbox.add_scope("video.upload")
    sandbox.set_direct_post(True)
    sandbox.apply_changes()
    assert Product.CONTENT_POSTING_API in sandbox.config.products
    assert {"video.publish", "video.upload"} <= sandbox.config.scopes
    assert sandbox.config.direct_post


@pytest.mark.parametrize("name", ["login kit", "LOGIN_KIT", "loginkit", "video_kit", ""])
def test_an_unknown_product_is_refused(sandbox: Sandbox, name: str) -> None:
    with pytest.raises(UnknownProduct):
        sandbox.enable_product(name)
    with pytest.raises(UnknownProduct):
        sandbox.disable_product(name)
    assert not sandbox.has_unapplied_changes


def test_unknown_product_and_scope_are_also_value_errors(sandbox: Sandbox) -> None:
    with pytest.raises(ValueError):
        sandbox.enable_product("nope")
    with pytest.raises(ValueError):
        sandbox.add_scope("nope")


@pytest.mark.parametrize("scope", ["user.info", "user.info.email", "video.delete", "USER.INFO.BASIC", ""])
def test_an_unknown_scope_is_refused(sandbox: Sandbox, scope: str) -> None:
    sandbox.configure(products=["login_kit", "display_api"])
    with pytest.raises(UnknownScope):
        sandbox.add_scope(scope)
    with pytest.raises(UnknownScope):
        sandbox.remove_scope(scope)
    assert not sandbox.has_unapplied_changes


@pytest.mark.parametrize(
    ("scope", "product"),
    [
        ("user.info.profile", "login_kit"),
        ("user.info.stats", "login_kit"),
        ("video.list", "display_api"),
        ("video.publish", "content_posting_api"),
        ("video.upload", "content_posting_api"),
        ("research.data.basic", "research_api"),
    ],
)
def test_a_scope_needs_its_product(sandbox: Sandbox, scope: str, product: str) -> None:
    with pytest.raises(ScopeRequiresProduct):
        sandbox.add_scope(scope)
    assert scope not in sandbox.pending.scopes
    sandbox.enable_product(product)
    sandbox.add_scope(scope)
    assert scope in sandbox.pending.scopes


def test_a_scope_of_another_product_does_not_count(sandbox: Sandbox) -> None:
    sandbox.enable_product("login_kit")
    with pytest.raises(ScopeRequiresProduct):
        sandbox.add_scope("video.list")


def test_login_kit_brings_user_info_basic_which_stays_while_login_kit_is_on(sandbox: Sandbox) -> None:
    sandbox.enable_product("login_kit")
    assert sandbox.pending.scopes == {"user.info.basic"}
    with pytest.raises(ScopeRequiresProduct):
        sandbox.remove_scope("user.info.basic")
    assert "user.info.basic" in sandbox.pending.scopes
    sandbox.disable_product("login_kit")
    assert "user.info.basic" not in sandbox.pending.scopes


def test_other_scopes_can_be_removed(sandbox: Sandbox) -> None:
    sandbox.configure(products=["login_kit"], scopes=["user.info.profile", "user.info.stats"])
    sandbox.remove_scope("user.info.stats")
    assert sandbox.pending.scopes == {"user.info.basic", "user.info.profile"}
    assert "user.info.stats" in sandbox.config.scopes, "staged"


def test_disabling_login_kit_removes_its_scopes_and_redirect_uris(sandbox: Sandbox) -> None:
    sandbox.configure(
        products=["login_kit", "display_api"],
        scopes=["user.info.profile", "user.info.stats", "video.list"],
        redirect_uris={"web": ["https://example.com/cb"], "desktop": ["http://localhost:*/cb"]},
    )
    sandbox.disable_product("login_kit")
    pending = sandbox.pending
    assert Product.LOGIN_KIT not in pending.products
    assert pending.scopes == {"video.list"}
    assert pending.redirect_uris == {}
    assert pending.platform_of("https://example.com/cb") is None
    assert Product.DISPLAY_API in pending.products
    assert sandbox.config.redirect_uris != {}, "staged until applied"
    sandbox.apply_changes()
    assert sandbox.config.redirect_uris == {}


def test_disabling_content_posting_removes_its_scopes_and_direct_post(sandbox: Sandbox) -> None:
    sandbox.configure(products=["login_kit", "content_posting_api"], scopes=["video.publish", "video.upload"])
    sandbox.set_direct_post(True)
    sandbox.apply_changes()
    sandbox.disable_product("content_posting_api")
    assert Product.CONTENT_POSTING_API not in sandbox.pending.products
    assert sandbox.pending.scopes == {"user.info.basic"}
    assert sandbox.pending.direct_post is False
    assert sandbox.config.direct_post is True


def test_disabling_webhooks_removes_the_callback_url(sandbox: Sandbox) -> None:
    sandbox.configure(products=["webhooks"])
    sandbox.set_webhook_callback_url("https://example.com/hook")
    sandbox.apply_changes()
    sandbox.disable_product("webhooks")
    assert Product.WEBHOOKS not in sandbox.pending.products
    assert sandbox.pending.webhook_callback_url is None
    assert sandbox.config.webhook_callback_url == "https://example.com/hook"


def test_disabling_a_product_keeps_the_other_products_settings(sandbox: Sandbox) -> None:
    sandbox.configure(
        products=["login_kit", "content_posting_api", "webhooks"],
        redirect_uris={"web": ["https://example.com/cb"]},
    )
    sandbox.set_direct_post(True)
    sandbox.set_webhook_callback_url("https://example.com/hook")
    sandbox.disable_product("display_api")  # never added: nothing else changes
    sandbox.disable_product("share_kit")
    assert sandbox.pending.direct_post
    assert sandbox.pending.webhook_callback_url == "https://example.com/hook"
    assert sandbox.pending.redirect_uris == {"web": ("https://example.com/cb",)}


def test_direct_post_needs_the_content_posting_api(sandbox: Sandbox) -> None:
    with pytest.raises(ProductRequired):
        sandbox.set_direct_post(True)
    assert sandbox.pending.direct_post is False
    sandbox.enable_product("content_posting_api")
    sandbox.set_direct_post(True)
    assert sandbox.pending.direct_post is True
    sandbox.set_direct_post(False)
    assert sandbox.pending.direct_post is False


def test_the_webhook_callback_url_needs_the_webhooks_product(sandbox: Sandbox) -> None:
    with pytest.raises(ProductRequired):
        sandbox.set_webhook_callback_url("https://example.com/hook")
    assert sandbox.pending.webhook_callback_url is None
    sandbox.enable_product("webhooks")
    sandbox.set_webhook_callback_url("https://example.com/hook")
    assert sandbox.pending.webhook_callback_url == "https://example.com/hook"
    sandbox.set_webhook_callback_url(None)
    assert sandbox.pending.webhook_callback_url is None


@pytest.mark.parametrize(
    "url", ["http://example.com/hook", "ftp://example.com/hook", "example.com/hook", "//example.com/hook", ""]
)
def test_the_webhook_callback_url_must_be_https(sandbox: Sandbox, url: str) -> None:
    sandbox.enable_product("webhooks")
    sandbox.set_webhook_callback_url("https://example.com/hook")
    with pytest.raises(InvalidConfiguration, match="https"):
        sandbox.set_webhook_callback_url(url)
    assert sandbox.pending.webhook_callback_url == "https://example.com/hook"
