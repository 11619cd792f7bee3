"""The portal's developers, organizations and apps: signup, ownership, keys, the mode toggle,
Draft/Live versions, importing a sandbox and reverting to the Live version."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

import pytest

from pytest_tiktok_sandbox import (
    App,
    AppConfig,
    Developer,
    DuplicateDeveloper,
    ForeignObject,
    InvalidConfiguration,
    NoLiveVersion,
    NotAMember,
    Organization,
    Portal,
    Product,
    Sandbox,
    SandboxDeleted,
    WrongMode,
)

PRODUCTION_KEY = re.compile(r"^aw[a-z0-9]{14}$")
SANDBOX_KEY = re.compile(r"^sbaw[a-z0-9]{14}$")
SECRET = re.compile(r"^[A-Za-z0-9]{32}$")


# -- signup ---------------------------------------------------------------------------------------
def test_signup_by_email_creates_a_developer(portal: Portal) -> None:
    developer = portal.signup("alice@example.com")
    assert isinstance(developer, Developer)
    assert developer.email == "alice@example.com"
    assert portal.developers == [developer]
    assert developer.organizations == []


@pytest.mark.parametrize("email", ["", "alice", "alice.example.com", "@example.com", "alice@", "@", None, 42])
def test_signup_refuses_what_is_not_an_email(portal: Portal, email: object) -> None:
    with pytest.raises(InvalidConfiguration, match="email"):
        portal.signup(email)  # type: ignore[arg-type]
    assert portal.developers == []


def test_signup_refuses_an_email_twice_whatever_its_case(portal: Portal) -> None:
    portal.signup("alice@example.com")
    with pytest.raises(DuplicateDeveloper):
        portal.signup("alice@example.com")
    with pytest.raises(DuplicateDeveloper):
        portal.signup("Alice@Example.COM")
    assert len(portal.developers) == 1


def test_two_different_emails_sign_up_two_developers(portal: Portal) -> None:
    first = portal.signup("alice@example.com")
    second = portal.signup("bob@example.com")
    assert first is not second
    assert portal.developers == [first, second]


# -- organizations --------------------------------------------------------------------------------
def test_creating_an_organization_makes_its_creator_a_member(portal: Portal, developer: Developer) -> None:
    organization = portal.create_organization("Acme", developer)
    assert isinstance(organization, Organization)
    assert organization.name == "Acme"
    assert organization.members == [developer]
    assert developer.organizations == [organization]
    assert portal.organizations == [organization]


def test_a_developer_joins_an_organization_once(portal: Portal, developer: Developer) -> None:
    organization = portal.create_organization("Acme", developer)
    bob = portal.signup("bob@example.com")
    organization.join(bob)
    assert organization.members == [developer, bob]
    assert bob.organizations == [organization]
    organization.join(bob)
    assert organization.members == [developer, bob]
    assert bob.organizations == [organization]


# -- apps -----------------------------------------------------------------------------------------
def test_an_app_can_be_owned_by_its_developer(portal: Portal, developer: Developer) -> None:
    app = portal.create_app(developer, "Solo app", description="Posts clips")
    assert isinstance(app, App)
    assert app.owner is developer
    assert app.portal is portal
    assert portal.apps == [app]
    assert app.name == "Solo app"
    assert app.draft is not None
    assert app.draft.config.details.description == "Posts clips"
    assert portal.client(app.client_key) is app


def test_an_app_can_be_owned_by_an_organization(portal: Portal, developer: Developer) -> None:
    organization = portal.create_organization("Acme", developer)
    app = portal.create_app(organization, "Team app")
    assert app.owner is organization
    assert portal.apps == [app]
    assert portal.client(app.client_key) is app


def test_an_owner_that_did_not_sign_up_on_this_portal_is_refused(portal: Portal) -> None:
    with pytest.raises(NotAMember):
        portal.create_app(Developer("ghost@example.com"), "Ghost app")
    elsewhere = Portal(seed=1).signup("alice@example.com")
    portal.signup("alice@example.com")  # the same email here is another account
    with pytest.raises(NotAMember):
        portal.create_app(elsewhere, "Foreign app")
    assert portal.apps == []


def test_an_organization_not_created_on_this_portal_is_refused(portal: Portal, developer: Developer) -> None:
    with pytest.raises(NotAMember):
        portal.create_app(Organization("Made up"), "App")
    other = Portal(seed=1)
    foreign = other.create_organization("Elsewhere", other.signup("x@example.com"))
    with pytest.raises(NotAMember):
        portal.create_app(foreign, "App")
    assert portal.apps == []


@pytest.mark.parametrize("owner", ["dev@example.com", None, 42])
def test_an_owner_that_is_no_developer_or_organization_is_refused(
    portal: Portal, developer: Developer, owner: object
) -> None:
    with pytest.raises(NotAMember):
        portal.create_app(owner, "App")  # type: ignore[arg-type]
    assert portal.apps == []


@pytest.mark.parametrize(
    "details",
    [
        {"name": ""},
        {"name": "   "},
        {"name": "x" * 101},
        {"name": "App", "description": "d" * 121},
        {"name": "App", "terms_of_service_url": "http://example.com/tos"},
        {"name": "App", "privacy_policy_url": "example.com/privacy"},
        {"name": "App", "colour": "blue"},
    ],
)
def test_invalid_app_details_are_refused(portal: Portal, developer: Developer, details: dict[str, str]) -> None:
    with pytest.raises(InvalidConfiguration):
        portal.create_app(developer, **details)
    assert portal.apps == []


def test_valid_app_details_are_kept(portal: Portal, developer: Developer) -> None:
    app = portal.create_app(
        developer,
        "x" * 100,
        category="Entertainment",
        description="d" * 120,
        terms_of_service_url="https://example.com/tos",
        privacy_policy_url="https://example.com/privacy",
    )
    assert app.draft is not None
    details = app.draft.config.details
    assert details.name == "x" * 100
    assert details.category == "Entertainment"
    assert details.terms_of_service_url == "https://example.com/tos"
    assert details.privacy_policy_url == "https://example.com/privacy"


def test_production_client_key_and_secret_have_tiktoks_shape(app: App) -> None:
    assert PRODUCTION_KEY.match(app.client_key), app.client_key
    assert SECRET.match(app.client_secret), app.client_secret


def test_every_app_gets_its_own_key_and_secret(portal: Portal, developer: Developer) -> None:
    apps = [portal.create_app(developer, f"App {n}") for n in range(5)]
    assert len({a.client_key for a in apps}) == 5
    assert len({a.client_secret for a in apps}) == 5
    assert all(portal.client(a.client_key) is a for a in apps)


def test_sandbox_keys_have_their_own_shape_distinct_from_production(app: App) -> None:
    sandboxes = [app.create_sandbox(f"s{n}") for n in range(5)]
    for sandbox in sandboxes:
        assert SANDBOX_KEY.match(sandbox.client_key), sandbox.client_key
        assert not PRODUCTION_KEY.match(sandbox.client_key)
        assert SECRET.match(sandbox.client_secret), sandbox.client_secret
        assert sandbox.client_key != app.client_key
        assert sandbox.client_secret != app.client_secret
    assert len({s.client_key for s in sandboxes}) == 5
    assert len({s.client_secret for s in sandboxes}) == 5


def test_an_unknown_client_key_resolves_to_nothing(portal: Portal, app: App) -> None:
    assert portal.client("aw0000000000000a") is None
    assert portal.client("") is None


def test_keys_are_reproducible_under_a_seed() -> None:
    def keys(seed: int) -> tuple[str, str, str, str]:
        portal = Portal(seed=seed)
        app = portal.create_app(portal.signup("dev@example.com"), "App")
        sandbox = app.create_sandbox("s")
        return app.client_key, app.client_secret, sandbox.client_key, sandbox.client_secret

    assert keys(3) == keys(3)
    assert keys(3) != keys(4)


# -- the mode toggle --------------------------------------------------------------------------------
def test_mode_is_production_by_default_and_toggles(app: App) -> None:
    assert app.mode == "production"
    app.mode = "sandbox"
    assert app.mode == "sandbox"
    app.mode = "production"
    assert app.mode == "production"


@pytest.mark.parametrize("mode", ["Sandbox", "PRODUCTION", "staging", "", None])
def test_mode_refuses_anything_else(app: App, mode: object) -> None:
    app.mode = "sandbox"
    with pytest.raises(InvalidConfiguration):
        app.mode = mode  # type: ignore[assignment]
    assert app.mode == "sandbox"


# -- Draft and Live ---------------------------------------------------------------------------------
def test_a_new_app_has_a_draft_and_no_live_version(app: App) -> None:
    assert app.draft is not None
    assert app.draft.status == "draft"
    assert app.draft.app is app
    assert app.live is None
    assert app.versions == [app.draft]
    assert app.api_config is None, "the production key can do nothing before approval"


def test_approve_makes_the_draft_live_and_opens_a_new_draft_copy(app: App) -> None:
    first = app.draft
    assert first is not None
    live = app.approve()
    assert live is first
    assert app.live is first
    assert first.status == "live"
    assert app.draft is not None
    assert app.draft is not first
    assert app.draft.status == "draft"
    assert app.draft.config == first.config
    assert app.draft.number == first.number + 1
    assert app.versions == [first, app.draft]
    assert app.api_config == first.config


def test_approving_again_archives_the_previous_live_version(app: App) -> None:
    first = app.approve()
    second = app.draft
    assert second is not None
    app.update_draft(second.config.model_copy(update={"products": frozenset({Product.LOGIN_KIT})}))
    assert app.approve() is second
    assert first.status == "archived"
    assert second.status == "live"
    assert app.live is second
    assert app.api_config is not None and Product.LOGIN_KIT in app.api_config.products
    assert [v.status for v in app.versions] == ["archived", "live", "draft"]


def test_editing_the_draft_leaves_the_live_version_alone(app: App) -> None:
    live = app.approve()
    assert app.draft is not None
    changed = app.draft.config.model_copy(update={"products": frozenset({Product.DISPLAY_API})})
    app.update_draft(changed)
    assert app.draft.config == changed
    assert live.config != changed
    assert app.api_config == live.config


def test_create_revision_needs_a_live_version(app: App) -> None:
    with pytest.raises(NoLiveVersion):
        app.create_revision()


def test_create_revision_gives_a_draft_cloned_from_live(app: App) -> None:
    live = app.approve()
    draft = app.create_revision()
    assert draft is app.draft
    assert draft is not live
    assert draft.status == "draft"
    assert draft.config == live.config


# -- import ------------------------------------------------------------------------------------
def _configured_sandbox(app: App, name: str = "import-me") -> Sandbox:
    sandbox = app.create_sandbox(name)
    sandbox.configure(
        products=["login_kit", "display_api"],
        scopes=["user.info.profile", "video.list"],
        redirect_uris={"web": ["https://example.com/callback"]},
    )
    return sandbox


def test_import_copies_the_sandboxs_applied_configuration_into_the_draft(app: App) -> None:
    sandbox = _configured_sandbox(app)
    applied = sandbox.config
    sandbox.enable_product("webhooks")
    sandbox.update_details(name="Pending name")
    assert app.mode == "production"
    draft = app.import_sandbox(sandbox)
    assert draft is app.draft
    assert draft.status == "draft"
    assert draft.config == applied
    assert Product.WEBHOOKS not in draft.config.products, "pending changes are not imported"
    assert draft.config.details.name != "Pending name"
    assert draft.config.redirect_uris == {"web": ("https://example.com/callback",)}
    assert sandbox.has_unapplied_changes, "importing leaves the sandbox alone"


def test_import_overwrites_the_draft_but_not_the_live_version(app: App) -> None:
    live = app.approve()
    sandbox = _configured_sandbox(app)
    app.import_sandbox(sandbox)
    assert app.draft is not None
    assert app.draft.config == sandbox.config
    assert live.config != sandbox.config
    assert app.api_config == live.config


def test_import_is_refused_in_sandbox_mode(app: App) -> None:
    sandbox = _configured_sandbox(app)
    assert app.draft is not None
    before = app.draft.config
    app.mode = "sandbox"
    with pytest.raises(WrongMode):
        app.import_sandbox(sandbox)
    assert app.draft.config == before
    app.mode = "production"
    app.import_sandbox(sandbox)
    assert app.draft.config == sandbox.config


def _another_apps_sandbox(portal: Portal, developer: Developer, app: App) -> Sandbox:
    return _configured_sandbox(portal.create_app(developer, "Other app"))


def _deleted_sandbox(portal: Portal, developer: Developer, app: App) -> Sandbox:
    sandbox = _configured_sandbox(app)
    app.delete_sandbox(sandbox)
    return sandbox


@pytest.mark.parametrize(
    ("make", "refusal"),
    [(_another_apps_sandbox, ForeignObject), (_deleted_sandbox, SandboxDeleted)],
    ids=["another app's sandbox", "a deleted sandbox"],
)
def test_import_of_a_sandbox_it_cannot_take_is_refused(
    portal: Portal, developer: Developer, app: App, make: Callable[[Portal, Developer, App], Sandbox], refusal: type
) -> None:
    sandbox = make(portal, developer, app)
    assert app.draft is not None
    before = app.draft.config
    with pytest.raises(refusal):
        app.import_sandbox(sandbox)
    assert app.draft.config == before


# -- revert to Live -------------------------------------------------------------------------------------
def test_revert_needs_a_version_that_was_approved(app: App) -> None:
    with pytest.raises(NoLiveVersion):
        app.revert_draft_to_live()
    sandbox = _configured_sandbox(app)
    app.import_sandbox(sandbox)
    with pytest.raises(NoLiveVersion):
        app.revert_draft_to_live()
    assert app.draft is not None
    assert app.draft.config == sandbox.config


def test_revert_restores_the_live_configuration_in_the_draft(app: App) -> None:
    live = app.approve()
    sandbox = _configured_sandbox(app)
    app.import_sandbox(sandbox)
    assert app.draft is not None and app.draft.config != live.config
    draft = app.revert_draft_to_live()
    assert draft is app.draft
    assert draft is not live
    assert draft.status == "draft"
    assert draft.config == live.config
    assert live.status == "live"


def test_revert_is_in_production_modes_import_menu(app: App) -> None:
    app.approve()
    sandbox = _configured_sandbox(app)
    app.import_sandbox(sandbox)
    app.mode = "sandbox"
    with pytest.raises(WrongMode):
        app.revert_draft_to_live()
    assert app.draft is not None and app.draft.config == sandbox.config


def test_an_app_config_is_an_immutable_value(app: App) -> None:
    assert app.draft is not None
    config = app.draft.config
    assert isinstance(config, AppConfig)
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.direct_post = True  # type: ignore[misc]
