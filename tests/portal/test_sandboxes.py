"""Sandboxes: the limit of 5, unique names, deletion, cloning, and staged edits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from pytest_tiktok_sandbox import (
    Account,
    App,
    AppConfig,
    AppDetails,
    Developer,
    DuplicateSandboxName,
    ForeignObject,
    InvalidConfiguration,
    Portal,
    Product,
    Sandbox,
    SandboxDeleted,
    SandboxLimitExceeded,
    ScopeRequiresProduct,
)


# -- creating ----------------------------------------------------------------------------------------
def test_a_sandbox_belongs_to_its_app_and_resolves_by_its_key(portal: Portal, app: App) -> None:
    sandbox = app.create_sandbox("first")
    assert isinstance(sandbox, Sandbox)
    assert sandbox.app is app
    assert sandbox.name == "first"
    assert app.sandboxes == [sandbox]
    assert app.sandbox("first") is sandbox
    assert portal.client(sandbox.client_key) is sandbox
    assert portal.client(app.client_key) is app
    assert not sandbox.deleted
    assert sandbox.api_config == sandbox.config


def test_an_empty_sandbox_has_the_apps_details_and_nothing_else(app: App) -> None:
    sandbox = app.create_sandbox("empty")
    config = sandbox.config
    assert config.details.name == "My app"
    assert config.products == frozenset()
    assert config.scopes == frozenset()
    assert config.platforms == {}
    assert config.redirect_uris == {}
    assert not config.direct_post
    assert config.webhook_callback_url is None
    assert not sandbox.has_unapplied_changes


def test_an_app_can_have_five_sandboxes(app: App) -> None:
    sandboxes = [app.create_sandbox(f"sandbox {n}") for n in range(1, 6)]
    assert app.sandboxes == sandboxes


def test_the_sixth_sandbox_is_refused(portal: Portal, app: App) -> None:
    for n in range(1, 6):
        app.create_sandbox(f"sandbox {n}")
    clients_before = {s.client_key for s in app.sandboxes}
    with pytest.raises(SandboxLimitExceeded) as refused:
        app.create_sandbox("sandbox 6")
    assert "an app can have at most 5 sandboxes" in str(refused.value)
    assert len(app.sandboxes) == 5
    assert {s.client_key for s in app.sandboxes} == clients_before
    with pytest.raises(KeyError):
        app.sandbox("sandbox 6")


def test_the_limit_is_per_app(portal: Portal, developer: Developer, app: App) -> None:
    for n in range(5):
        app.create_sandbox(f"s{n}")
    other = portal.create_app(developer, "Other app")
    for n in range(5):
        other.create_sandbox(f"s{n}")
    assert len(other.sandboxes) == 5


def test_sandbox_names_are_unique_within_an_app(portal: Portal, developer: Developer, app: App) -> None:
    first = app.create_sandbox("dev")
    with pytest.raises(DuplicateSandboxName):
        app.create_sandbox("dev")
    assert app.sandboxes == [first]
    other = portal.create_app(developer, "Other app")
    assert other.create_sandbox("dev").name == "dev", "another app may use the same name"


@pytest.mark.parametrize("name", ["", "   ", None])
def test_a_sandbox_needs_a_name(app: App, name: object) -> None:
    with pytest.raises(InvalidConfiguration):
        app.create_sandbox(name)  # type: ignore[arg-type]
    assert app.sandboxes == []


def test_an_unknown_sandbox_name_is_a_key_error(app: App) -> None:
    app.create_sandbox("dev")
    with pytest.raises(KeyError):
        app.sandbox("prod")


# -- deleting ----------------------------------------------------------------------------------------
def test_deleting_frees_a_slot_and_the_key_stops_resolving(portal: Portal, app: App) -> None:
    sandboxes = [app.create_sandbox(f"s{n}") for n in range(5)]
    doomed = sandboxes[2]
    app.delete_sandbox(doomed)
    assert doomed.deleted
    assert portal.client(doomed.client_key) is None
    assert doomed.api_config is None
    assert doomed not in app.sandboxes
    assert len(app.sandboxes) == 4
    with pytest.raises(KeyError):
        app.sandbox("s2")
    replacement = app.create_sandbox("s2")
    assert replacement is not doomed
    assert replacement.client_key != doomed.client_key
    assert portal.client(replacement.client_key) is replacement
    assert portal.client(doomed.client_key) is None
    assert len(app.sandboxes) == 5
    with pytest.raises(SandboxLimitExceeded):
        app.create_sandbox("s5")


def test_deleting_a_sandbox_of_another_app_is_refused(portal: Portal, developer: Developer, app: App) -> None:
    other = portal.create_app(developer, "Other app")
    foreign = other.create_sandbox("theirs")
    with pytest.raises(ForeignObject):
        app.delete_sandbox(foreign)
    assert not foreign.deleted
    assert portal.client(foreign.client_key) is foreign
    assert other.sandboxes == [foreign]


def test_a_deleted_sandbox_cannot_be_authorized_by_its_target_users(app: App, account: Account) -> None:
    sandbox = app.create_sandbox("dev")
    sandbox.add_target_user(account, account.password)
    assert sandbox.may_authorize(account)
    app.delete_sandbox(sandbox)
    assert not sandbox.may_authorize(account)


@pytest.fixture
def deleted(portal: Portal, app: App, account: Account) -> Sandbox:
    """A sandbox with every product that has settings, a platform and a target user, then deleted."""
    sandbox = app.create_sandbox("deleted")
    sandbox.configure(
        products=["login_kit", "content_posting_api", "webhooks", "display_api"],
        scopes=["user.info.profile", "video.list"],
        redirect_uris={"web": ["https://example.com/callback"]},
    )
    sandbox.add_target_user(account, account.password)
    app.delete_sandbox(sandbox)
    return sandbox


EDITS: dict[str, Callable[[Sandbox, Account], Any]] = {
    "apply_changes": lambda s, a: s.apply_changes(),
    "update_details": lambda s, a: s.update_details(description="new"),
    "add_platform": lambda s, a: s.add_platform("desktop"),
    "remove_platform": lambda s, a: s.remove_platform("web"),
    "enable_product": lambda s, a: s.enable_product("share_kit"),
    "disable_product": lambda s, a: s.disable_product("display_api"),
    "add_scope": lambda s, a: s.add_scope("user.info.stats"),
    "remove_scope": lambda s, a: s.remove_scope("video.list"),
    "add_redirect_uri": lambda s, a: s.add_redirect_uri("web", "https://example.com/other"),
    "remove_redirect_uri": lambda s, a: s.remove_redirect_uri("web", "https://example.com/callback"),
    "set_direct_post": lambda s, a: s.set_direct_post(True),
    "set_webhook_callback_url": lambda s, a: s.set_webhook_callback_url("https://example.com/hook"),
    "configure": lambda s, a: s.configure(products=["share_kit"]),
    "add_target_user": lambda s, a: s.add_target_user(
        s.app.portal.create_account(password="other-password"), "other-password"
    ),
    "remove_target_user": lambda s, a: s.remove_target_user(a),
    "delete_sandbox_again": lambda s, a: s.app.delete_sandbox(s),
}


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_a_deleted_sandbox_refuses_further_edits(
    deleted: Sandbox, account: Account, edit: Callable[[Sandbox, Account], Any]
) -> None:
    config, pending, users = deleted.config, deleted.pending, deleted.all_target_users
    with pytest.raises(SandboxDeleted):
        edit(deleted, account)
    assert deleted.config == config
    assert deleted.pending == pending
    assert deleted.all_target_users == users
    assert deleted.app.portal.client(deleted.client_key) is None


# -- cloning -----------------------------------------------------------------------------------------
def test_cloning_a_sandbox_copies_its_applied_configuration(app: App) -> None:
    source = app.create_sandbox("source")
    source.configure(
        products=["login_kit", "content_posting_api"],
        scopes=["video.upload"],
        redirect_uris={"desktop": ["http://localhost:*/callback"]},
    )
    source.set_direct_post(True)
    source.apply_changes()
    applied = source.config
    source.enable_product("webhooks")
    source.update_details(name="Pending")
    clone = app.create_sandbox("clone", clone_from=source)
    assert clone.config == applied
    assert clone.pending == applied
    assert not clone.has_unapplied_changes
    assert Product.WEBHOOKS not in clone.config.products
    assert clone.config.details.name == "My app"
    assert clone.config.direct_post
    assert clone.config.redirect_uris == {"desktop": ("http://localhost:*/callback",)}
    assert clone.client_key != source.client_key


def test_a_clone_is_independent_of_its_source(app: App) -> None:
    source = app.create_sandbox("source")
    source.configure(products=["login_kit"])
    clone = app.create_sandbox("clone", clone_from=source)
    clone.configure(products=["display_api"], scopes=["video.list"])
    assert Product.DISPLAY_API not in source.config.products
    assert Product.DISPLAY_API in clone.config.products


def test_cloning_the_draft_or_the_live_version(app: App) -> None:
    assert app.draft is not None
    live_config = app.draft.config.model_copy(
        update={"products": frozenset({Product.LOGIN_KIT}), "scopes": frozenset({"user.info.basic"})}
    )
    app.update_draft(live_config)
    app.approve()
    draft_config = live_config.model_copy(
        update={
            "products": frozenset({Product.LOGIN_KIT, Product.DISPLAY_API}),
            "scopes": frozenset({"user.info.basic", "video.list"}),
        }
    )
    app.update_draft(draft_config)
    assert app.live is not None
    from_live = app.create_sandbox("from live", clone_from=app.live)
    from_draft = app.create_sandbox("from draft", clone_from=app.draft)
    assert from_live.config == live_config
    assert from_draft.config == draft_config
    assert not from_live.has_unapplied_changes
    assert not from_draft.has_unapplied_changes


@pytest.mark.parametrize("source", ["sandbox", "draft"])
def test_cloning_from_another_app_is_refused(portal: Portal, developer: Developer, app: App, source: str) -> None:
    other = portal.create_app(developer, "Other app")
    foreign = other.create_sandbox("theirs") if source == "sandbox" else other.draft
    assert foreign is not None
    with pytest.raises(ForeignObject):
        app.create_sandbox("clone", clone_from=foreign)
    assert app.sandboxes == []


def test_cloning_a_deleted_sandbox_is_refused(app: App) -> None:
    source = app.create_sandbox("source")
    app.delete_sandbox(source)
    with pytest.raises(SandboxDeleted):
        app.create_sandbox("clone", clone_from=source)
    assert app.sandboxes == []


def test_cloning_a_version_with_data_portability_drops_it_with_a_warning(app: App) -> None:
    assert app.draft is not None
    production = AppConfig(
        details=AppDetails(name="My app"),
        products=frozenset({Product.LOGIN_KIT, Product.WEBHOOKS, Product.DATA_PORTABILITY_API}),
        scopes=frozenset(
            {"user.info.basic", "user.info.profile", "portability.all.single", "portability.activity.ongoing"}
        ),
        webhook_callback_url="https://example.com/hook",
    )
    app.update_draft(production)
    with pytest.warns(UserWarning, match="Data Portability API") as caught:
        sandbox = app.create_sandbox("clone", clone_from=app.draft)
    assert len(caught) == 1
    assert caught[0].filename == __file__, "the warning points at the caller"
    assert sandbox.config.products == {Product.LOGIN_KIT, Product.WEBHOOKS}
    assert sandbox.config.scopes == {"user.info.basic", "user.info.profile"}
    assert sandbox.config.webhook_callback_url == "https://example.com/hook"
    assert app.draft.config == production, "the production version keeps it"


def test_cloning_a_version_with_content_posting_keeps_it_without_warning(app: App) -> None:
    assert app.draft is not None
    production = AppConfig(
        details=AppDetails(name="My app"),
        products=frozenset({Product.LOGIN_KIT, Product.CONTENT_POSTING_API}),
        scopes=frozenset({"user.info.basic", "video.publish", "video.upload"}),
        direct_post=True,
    )
    app.update_draft(production)
    sandbox = app.create_sandbox("clone", clone_from=app.draft)  # filterwarnings=error: no warning
    assert sandbox.config == production


# -- staged edits ---------------------------------------------------------------------------------------
def test_enable_product_is_staged_until_applied(sandbox: Sandbox) -> None:
    before = sandbox.config
    sandbox.enable_product("login_kit")
    assert Product.LOGIN_KIT in sandbox.pending.products
    assert "user.info.basic" in sandbox.pending.scopes
    assert sandbox.config == before
    assert Product.LOGIN_KIT not in sandbox.config.products
    assert sandbox.has_unapplied_changes
    changes = sandbox.unapplied_changes()
    assert set(changes) == {"products", "scopes"}
    assert changes["products"] == (frozenset(), frozenset({Product.LOGIN_KIT}))
    assert changes["scopes"] == (frozenset(), frozenset({"user.info.basic"}))
    applied = sandbox.apply_changes()
    assert applied == sandbox.config == sandbox.pending
    assert Product.LOGIN_KIT in sandbox.config.products
    assert not sandbox.has_unapplied_changes
    assert sandbox.unapplied_changes() == {}


def test_add_scope_is_staged_until_applied(sandbox: Sandbox) -> None:
    sandbox.configure(products=["login_kit"])
    sandbox.add_scope("user.info.stats")
    assert "user.info.stats" in sandbox.pending.scopes
    assert "user.info.stats" not in sandbox.config.scopes
    assert set(sandbox.unapplied_changes()) == {"scopes"}
    sandbox.apply_changes()
    assert "user.info.stats" in sandbox.config.scopes


def test_add_redirect_uri_is_staged_until_applied(sandbox: Sandbox) -> None:
    sandbox.configure(products=["login_kit"])
    sandbox.add_platform("web", website_url="https://example.com")
    sandbox.add_redirect_uri("web", "https://example.com/cb")
    assert sandbox.pending.redirect_uris == {"web": ("https://example.com/cb",)}
    assert sandbox.config.redirect_uris == {}
    assert sandbox.config.platforms == {}
    assert sandbox.config.platform_of("https://example.com/cb") is None
    assert set(sandbox.unapplied_changes()) == {"platforms", "redirect_uris"}
    sandbox.apply_changes()
    assert sandbox.config.redirect_uris == {"web": ("https://example.com/cb",)}
    assert sandbox.config.platform_of("https://example.com/cb") == "web"


def test_update_details_is_staged_until_applied(sandbox: Sandbox) -> None:
    sandbox.update_details(name="Renamed", description="Short")
    assert sandbox.pending.details.name == "Renamed"
    assert sandbox.pending.details.description == "Short"
    assert sandbox.config.details.name == "My app"
    assert sandbox.config.details.description is None
    assert set(sandbox.unapplied_changes()) == {"details"}
    applied, staged = sandbox.unapplied_changes()["details"]
    assert applied["name"] == "My app" and staged["name"] == "Renamed"
    sandbox.apply_changes()
    assert sandbox.config.details.name == "Renamed"
    assert sandbox.app.name == "My app", "the app's own name is not the sandbox's"


def test_update_details_keeps_the_fields_not_given(sandbox: Sandbox) -> None:
    sandbox.update_details(description="Short", privacy_policy_url="https://example.com/privacy")
    sandbox.update_details(name="Renamed")
    assert sandbox.pending.details.description == "Short"
    assert sandbox.pending.details.privacy_policy_url == "https://example.com/privacy"


@pytest.mark.parametrize(
    "fields",
    [
        {"name": ""},
        {"description": "d" * 121},
        {"terms_of_service_url": "http://example.com/tos"},
        {"privacy_policy_url": "not a url"},
        {"colour": "blue"},
    ],
)
def test_update_details_refuses_invalid_details(sandbox: Sandbox, fields: dict[str, str]) -> None:
    with pytest.raises(InvalidConfiguration):
        sandbox.update_details(**fields)
    assert not sandbox.has_unapplied_changes


def test_discard_changes_drops_every_staged_edit(sandbox: Sandbox) -> None:
    sandbox.configure(products=["login_kit"])
    applied = sandbox.config
    sandbox.enable_product("display_api")
    sandbox.add_scope("video.list")
    sandbox.update_details(name="Renamed")
    assert sandbox.has_unapplied_changes
    sandbox.discard_changes()
    assert not sandbox.has_unapplied_changes
    assert sandbox.unapplied_changes() == {}
    assert sandbox.pending == applied
    assert sandbox.config == applied
    assert Product.DISPLAY_API not in sandbox.pending.products
    sandbox.apply_changes()
    assert sandbox.config == applied


def test_undoing_a_staged_edit_leaves_nothing_to_apply(sandbox: Sandbox) -> None:
    sandbox.enable_product("share_kit")
    assert sandbox.has_unapplied_changes
    sandbox.disable_product("share_kit")
    assert not sandbox.has_unapplied_changes


def test_configure_stages_and_applies_in_one_go(sandbox: Sandbox) -> None:
    sandbox.configure(
        products=["login_kit", "display_api"],
        scopes=["user.info.profile", "video.list"],
        redirect_uris={"web": ["https://example.com/cb"], "desktop": ["http://127.0.0.1:8080/cb"]},
    )
    config = sandbox.config
    assert config.products == {Product.LOGIN_KIT, Product.DISPLAY_API}
    assert config.scopes == {"user.info.basic", "user.info.profile", "video.list"}
    assert set(config.platforms) == {"web", "desktop"}
    assert config.redirect_uris == {"web": ("https://example.com/cb",), "desktop": ("http://127.0.0.1:8080/cb",)}
    assert not sandbox.has_unapplied_changes


def test_configure_without_apply_only_stages(sandbox: Sandbox) -> None:
    sandbox.configure(products=["login_kit"], apply=False)
    assert Product.LOGIN_KIT in sandbox.pending.products
    assert Product.LOGIN_KIT not in sandbox.config.products


def test_configure_refuses_an_unknown_platform(sandbox: Sandbox) -> None:
    with pytest.raises(InvalidConfiguration):
        sandbox.configure(products=["login_kit"], redirect_uris={"windows": ["https://example.com/cb"]})
    assert Product.LOGIN_KIT not in sandbox.config.products


def test_a_refused_configure_step_leaves_the_steps_before_it_staged_as_a_real_config(sandbox: Sandbox) -> None:
    """configure() stages its edits in one copy: whatever it raises, ``pending`` is a frozen
    AppConfig holding the steps before the refused one, as one edit at a time would leave it."""
    with pytest.raises(ScopeRequiresProduct):
        sandbox.configure(products=["login_kit"], scopes=["user.info.profile", "video.list"])
    pending = sandbox.pending
    assert type(pending) is AppConfig
    assert pending.products == {Product.LOGIN_KIT}
    assert pending.scopes == {"user.info.basic", "user.info.profile"}
    assert Product.LOGIN_KIT not in sandbox.config.products
    sandbox.configure(products=["display_api"], scopes=["video.list"])  # staging is not left on
    assert sandbox.config.scopes == {"user.info.basic", "user.info.profile", "video.list"}
    assert type(sandbox.config) is AppConfig


def test_configure_holds_the_portal_lock_so_readers_never_see_its_staging(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    """configure() stages its edits in one view before one frozen copy; a reader in another
    thread (the live server's portal UI takes the portal's lock) waits until it is done."""
    import threading

    from pytest_tiktok_sandbox.portal import sandbox as sandbox_module

    seen: list[object] = []
    readers: list[threading.Thread] = []

    def read() -> None:
        with sandbox.app.portal.lock:
            seen.append(type(sandbox.pending))
            sandbox.unapplied_changes()

    checked = sandbox_module.validate_redirect_uri

    def checking(platform: Any, uri: str) -> str:
        reader = threading.Thread(target=read)
        readers.append(reader)
        reader.start()
        reader.join(timeout=0.2)
        assert reader.is_alive(), "a reader got the portal while configure() was staging"
        return checked(platform, uri)

    monkeypatch.setattr(sandbox_module, "validate_redirect_uri", checking)
    sandbox.configure(products=["login_kit"], redirect_uris={"web": ["https://example.com/cb"]}, apply=False)
    for reader in readers:
        reader.join(timeout=5)
    assert readers and seen == [AppConfig] * len(readers)


@pytest.mark.parametrize(
    "edit",
    [
        lambda s: s.enable_product("no_such_product"),
        lambda s: s.add_scope("video.publish"),
        lambda s: s.add_redirect_uri("web", "not a uri"),
        lambda s: s.update_details(name=""),
        lambda s: s.discard_changes(),
    ],
    ids=["unknown-product", "scope-without-product", "bad-uri", "bad-details", "discard"],
)
def test_a_deleted_sandbox_says_so_before_judging_the_edit(deleted: Sandbox, edit: Callable[[Sandbox], Any]) -> None:
    with pytest.raises(SandboxDeleted):
        edit(deleted)


def test_removing_a_redirect_uri_that_is_not_there_changes_nothing(sandbox: Sandbox) -> None:
    sandbox.configure(products=["login_kit"], redirect_uris={"web": ["https://example.com/cb"]})
    sandbox.remove_redirect_uri("web", "https://example.com/other")
    sandbox.remove_redirect_uri("desktop", "http://localhost:1/cb")
    assert not sandbox.has_unapplied_changes
    sandbox.remove_redirect_uri("web", "https://example.com/cb")
    assert sandbox.pending.redirect_uris == {}
