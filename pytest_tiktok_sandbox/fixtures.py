"""The plugin's fixtures, and what they share of the running test.

``tiktok_sandbox`` stands on ``tiktok_portal``, ``tiktok_app``, ``tiktok_api_settings`` and
``tiktok_api``, each of them an override point. pytest charges every fixture in a test's
closure at collection, set-up and teardown (together 25-40 µs a fixture in a real run, on every
test), so ``tiktok_sandbox`` declares none of them. When the test asks for none of the four,
parametrizes none, and no conftest, module, class or plugin redefines one, it builds them
itself, in the order pytest would; each of them, set up later (an argument after it,
``request.getfixturevalue``), answers what was built. Otherwise it asks pytest for them, as a
declared chain would; :func:`chain_in_closure` keeps collection as it was with a declared chain.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

import pytest

from .fixture_chain import CHAIN, chain_redefined
from .options import PluginOptions, test_seed

if TYPE_CHECKING:
    from .accounts import Account
    from .api.service import ApiSettings
    from .api.webhooks import WebhookOutbox
    from .mock import TikTokMock
    from .portal import App, Clock, Portal, Sandbox
    from .sandbox_setup import Spec
    from .scenario import SeededScenario
    from .server import LiveServer

T = TypeVar("T")

OPTIONS_KEY = pytest.StashKey[PluginOptions]()


class Built:
    """What the running test's TikTok fixtures built (in its ``item.stash``, until its teardown
    report): the fixtures of the chain answer these, and the failure report reads them."""

    __slots__ = ("app", "mock", "portal", "seed", "settings")

    def __init__(self) -> None:
        self.portal: Portal | None = None
        self.seed: int | None = None
        self.app: App | None = None
        self.settings: ApiSettings | None = None
        self.mock: TikTokMock | None = None


BUILT_KEY = pytest.StashKey[Built]()


def built(item: pytest.Item) -> Built:
    found = item.stash.get(BUILT_KEY, None)
    if found is None:
        found = item.stash[BUILT_KEY] = Built()
    return found


# -- the running test ---------------------------------------------------------------------------
class Running(threading.local):
    """The tests running in this thread, innermost last (pytester's in-process runs nest;
    threaded runners run tests side by side), pushed by the plugin's ``pytest_runtest_protocol``.
    The chain's fixtures read their test here: a fixture asking for ``request`` costs pytest a
    new fixture definition on every test."""

    def __init__(self) -> None:
        self.items: list[pytest.Item] = []


RUNNING = Running()


def running_item() -> pytest.Item:
    items = RUNNING.items
    if not items:  # a fixture requested outside a test's protocol (no known pytest path does)
        raise RuntimeError("pytest-tiktok-sandbox: a tiktok_* fixture was requested outside a running test")
    return items[-1]


# -- the chain ----------------------------------------------------------------------------------
def _new_portal(item: pytest.Item, made: Built) -> Portal:
    from .portal import Portal

    options = item.config.stash[OPTIONS_KEY]
    made.seed = seed = test_seed(options.seed, item.nodeid)
    made.portal = portal = Portal(seed, target_user_delay=options.target_user_delay)
    return portal


def _new_app(item: pytest.Item, made: Built, portal: Portal) -> App:
    from .sandbox_setup import create_default_app

    # The closest marker that names the app wins, as for every other marker argument.
    names = [m.kwargs["app_name"] for m in item.iter_markers("tiktok_sandbox") if "app_name" in m.kwargs]
    name = names[0] if names else None
    # a bad name fails the test in tiktok_sandbox, naming it
    made.app = app = create_default_app(portal, name) if isinstance(name, str) and name else create_default_app(portal)
    return app


def _new_settings(item: pytest.Item, made: Built) -> ApiSettings:
    from .api.service import ApiSettings

    options = item.config.stash[OPTIONS_KEY]
    made.settings = settings = ApiSettings(
        oauth_error_status=options.oauth_error_status, rate_limits=options.rate_limits
    )
    return settings


def _new_mock(item: pytest.Item, made: Built, portal: Portal, settings: ApiSettings) -> TikTokMock:
    """A started mock with the test's ``tiktok_fault`` markers: stopped by whoever made it."""
    from .mock import TikTokMock

    mock = TikTokMock(portal, settings)
    for marker in item.iter_markers("tiktok_fault"):
        _or_fail(f"@pytest.mark.tiktok_fault{marker.args!r}", mock.fail, *marker.args, **marker.kwargs)
    mock.start()
    made.mock = mock
    return mock


def _may_build_the_chain(request: pytest.FixtureRequest, made: Built) -> bool:
    if made.portal is not None:  # a fixture of the chain ran already (a scenario's, a fault's)
        return False
    names = request.fixturenames
    if any(name in names for name in CHAIN):
        return False
    params = getattr(getattr(request.node, "callspec", None), "params", None) or {}
    if any(name in params for name in CHAIN):  # parametrized: pytest dropped it from the closure
        return False
    return not chain_redefined(request.node)


# -- fixtures -----------------------------------------------------------------------------------
@pytest.fixture
def tiktok_portal() -> Portal:
    """A fresh developer portal, seeded for this test (from ``--tiktok-seed`` and the test id)."""
    item = running_item()
    made = built(item)
    return made.portal if made.portal is not None else _new_portal(item, made)


@pytest.fixture
def tiktok_clock(tiktok_portal: Portal) -> Clock:
    """The portal's clock: ``tiktok_clock.advance(minutes=10)`` moves time for every rule."""
    return tiktok_portal.clock


@pytest.fixture
def tiktok_app(tiktok_portal: Portal) -> App:
    """An app owned by a developer signed up as ``developer@example.com``, in Production mode."""
    item = running_item()
    made = built(item)
    return made.app if made.app is not None else _new_app(item, made, tiktok_portal)


@pytest.fixture
def tiktok_api_settings() -> ApiSettings:
    """How the fake API answers (from the options); override it in a conftest to change it."""
    item = running_item()
    made = built(item)
    return made.settings if made.settings is not None else _new_settings(item, made)


@pytest.fixture
def tiktok_api(tiktok_portal: Portal, tiktok_api_settings: ApiSettings) -> Iterator[TikTokMock]:
    """The active mock of TikTok's hosts (``requests`` calls), answering from ``tiktok_portal``."""
    item = running_item()
    made = built(item)
    if made.mock is not None:  # tiktok_sandbox built it, and stops it
        yield made.mock
        return
    mock = _new_mock(item, made, tiktok_portal, tiktok_api_settings)
    try:
        yield mock
    finally:
        mock.stop()


@pytest.fixture
def tiktok_sandbox(request: pytest.FixtureRequest) -> Iterator[Sandbox]:
    """A sandbox of ``tiktok_app`` with its configuration applied and its target users added,
    as ``@pytest.mark.tiktok_sandbox(...)`` describes (defaults: Login Kit and Display API,
    the user.info.* and video.list scopes, one web redirect URI, one target user, logged in);
    ``tiktok_api`` answers for it."""
    item = running_item()  # the plugin's: without it (``-p no:tiktok_sandbox``), a clear error
    made = built(item)
    if not _may_build_the_chain(request, made):
        app: App = request.getfixturevalue("tiktok_app")
        yield _populate(item, app, request.getfixturevalue("tiktok_api"))
        return
    portal = _new_portal(item, made)
    app = _new_app(item, made, portal)
    mock = _new_mock(item, made, portal, _new_settings(item, made))
    try:
        yield _populate(item, app, mock)
    finally:
        mock.stop()


def _populate(item: pytest.Item, app: App, mock: TikTokMock) -> Sandbox:
    from .sandbox_setup import SetupRefused, build_sandbox
    from .spec_defaults import DEFAULT_SPEC

    merged: dict[str, Any] = {}
    for marker in item.iter_markers("tiktok_sandbox"):
        if marker.args:
            pytest.fail(f"@pytest.mark.tiktok_sandbox takes keyword arguments only, got {marker.args!r}", pytrace=False)
        merged = {**marker.kwargs, **merged}
    label = "@pytest.mark.tiktok_sandbox"
    if merged:
        from .spec import sandbox_spec

        spec: Spec = _or_fail(label, sandbox_spec, **merged)
    else:  # the common case: no pydantic (its import and the spec's models cost ~60 ms once)
        spec = DEFAULT_SPEC
    sandbox, users = _or_fail(label, build_sandbox, app, spec, refused=SetupRefused)
    if spec.login and users:
        mock.login(users[0])
    return sandbox


def _or_fail(
    label: str,
    call: Callable[..., T],
    *args: Any,
    refused: type[Exception] | tuple[type[Exception], ...] = (TypeError, ValueError),
    **kwargs: Any,
) -> T:
    """``call(*args, **kwargs)``; a refusal (``refused``) fails the test with one line,
    ``label: reason``, shown once and without a traceback."""
    try:
        return call(*args, **kwargs)
    except refused as error:
        problem = f"{label}: {error}"
    pytest.fail(problem, pytrace=False)  # outside the except block: no "During handling of..."


@pytest.fixture
def tiktok_target_users(tiktok_sandbox: Sandbox) -> list[Account]:
    """The target users of ``tiktok_sandbox``, in the order they were added."""
    return tiktok_sandbox.all_target_users


@pytest.fixture
def tiktok_webhooks(tiktok_portal: Portal) -> WebhookOutbox:
    """The webhook events the portal produced: read them, or ``deliver(handler_or_url)`` them
    signed as TikTok signs them."""
    from .api.webhooks import WebhookOutbox

    return WebhookOutbox(tiktok_portal)


@pytest.fixture
def tiktok_server(tiktok_api: TikTokMock) -> Iterator[LiveServer]:
    """``tiktok_api`` on a real socket (``tiktok_server.url``, ``http://127.0.0.1:<port>``):
    the same portal and call log, a real authorize page, upload URLs on the server.
    Needs the ``server`` extra (werkzeug)."""
    from .server import LiveServer

    with LiveServer(tiktok_api) as server:
        yield server


@pytest.fixture
def tiktok_scenario(tiktok_portal: Portal, request: pytest.FixtureRequest) -> SeededScenario:
    """The apps, sandboxes and target users that ``@pytest.mark.tiktok_scenario(path)``'s
    file describes, built in ``tiktok_portal``."""
    from .scenario import scenario_for_marker

    marker = request.node.get_closest_marker("tiktok_scenario")
    if marker is None:
        pytest.fail("tiktok_scenario needs @pytest.mark.tiktok_scenario('path/to/scenario.yaml')", pytrace=False)
    if _uses(request, "tiktok_app"):
        request.getfixturevalue("tiktok_app")  # its developer signs up first; the scenario reuses it
    scenario = _or_fail(
        "@pytest.mark.tiktok_scenario", scenario_for_marker, marker.args, marker.kwargs, request.path.parent
    )
    seeded = _or_fail("@pytest.mark.tiktok_scenario", scenario.apply, tiktok_portal)
    users = seeded.target_users()
    if scenario.login and users and _uses(request, "tiktok_api"):
        request.getfixturevalue("tiktok_api").login(users[0])
    return seeded


_IMPLIED_BY = {"tiktok_app": ("tiktok_sandbox",), "tiktok_api": ("tiktok_sandbox", "tiktok_fault")}
"""The fixtures a marker brings in (through :func:`_tiktok_markers`) besides those the test asks for."""


def _uses(request: pytest.FixtureRequest, name: str) -> bool:
    """Whether the test has the fixture ``name`` of the chain: asked for, or brought in by
    ``tiktok_sandbox`` or a marker."""
    names = request.fixturenames
    if name in names or "tiktok_sandbox" in names:  # which brings in the chain
        return True
    return any(request.node.get_closest_marker(marker) is not None for marker in _IMPLIED_BY.get(name, ()))
