"""The pytest glue: options, ini settings, the marker, fixtures and the failure report.

Kept thin and cheap to import: the portal, the fake API and their dependencies load only
when a test asks for a fixture.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Generator, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

import pytest

from . import coverage_plugin
from .options import PluginOptions, test_seed
from .plugin_options import add_options, block_tiktok_hosts, read_options

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
MOCK_KEY = pytest.StashKey["TikTokMock"]()
SEED_KEY = pytest.StashKey[int]()

MARKER = (
    "tiktok_sandbox(*, name='sandbox', products=['login_kit', 'display_api'], "
    "scopes=['user.info.basic', 'user.info.profile', 'user.info.stats', 'video.list'], "
    "redirect_uris={'web': ['https://example.com/auth/tiktok/callback']}, target_users=1, "
    "clone_from=None, private_target_users=True, direct_post=False, webhook_callback_url=None, "
    "url_properties=[], app_live=False, posting_audited=False, app_name='Test app', login=True): "
    "configure the tiktok_sandbox fixture (the closest marker wins per argument); a test with this "
    "marker gets tiktok_sandbox even without asking for it."
)
"""``spec.marker_help()``, written out so that registering the marker imports no pydantic (a test
checks that they agree)."""

FAULT_MARKER = (
    "tiktok_fault(path, status, code, *, times, method, message, latency): the arguments of "
    "tiktok_api.fail(...), with its defaults: make TikTok's endpoint `path` ('*' for all) answer `status` "
    "with TikTok's error shape; repeat the marker for several faults."
)

SCENARIO_MARKER = (
    "tiktok_scenario(path): seed the test's tiktok_portal from a YAML or JSON scenario file (a relative "
    "path is read from the test file's folder); the test gets the tiktok_scenario fixture even without asking."
)


def pytest_addoption(parser: pytest.Parser, pluginmanager: pytest.PytestPluginManager) -> None:
    add_options(parser)
    coverage_plugin.add_options(parser)
    _no_assertion_rewriting(pluginmanager)


def _no_assertion_rewriting(pluginmanager: pytest.PytestPluginManager) -> None:
    """Import the package's modules the normal way, not through pytest's assertion rewriter.

    pytest rewrites every module of a plugin's distribution; its rewritten bytecode is cached
    only where it may write (never with ``PYTHONDONTWRITEBYTECODE=1``, common in containers,
    nor in a read-only site-packages), so each session would parse and compile the whole
    package again, ignoring the bytecode pip compiled at install. No module here holds an
    ``assert`` meant for a user's eyes: internal invariants only. A ``-p`` or
    ``pytest_plugins`` naming one of our modules still marks that module alone. Private
    attributes of pytest: if they change, only this saving is lost."""
    hook = getattr(pluginmanager, "rewrite_hook", None)
    marked = getattr(hook, "_must_rewrite", None)
    cache = getattr(hook, "_marked_for_rewrite_cache", None)
    if isinstance(marked, set) and PACKAGE in marked:
        marked.discard(PACKAGE)
        if isinstance(cache, dict):
            for name in [n for n in cache if n == PACKAGE or n.startswith(PACKAGE + ".")]:
                del cache[name]


PACKAGE = __name__.rpartition(".")[0]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", MARKER)
    config.addinivalue_line("markers", FAULT_MARKER)
    config.addinivalue_line("markers", SCENARIO_MARKER)
    config.stash[OPTIONS_KEY] = read_options(config)
    coverage_plugin.configure(config)
    if config.stash[OPTIONS_KEY].block_network:
        block_tiktok_hosts(config)
    if config.pluginmanager.hasplugin("xdist"):
        config.pluginmanager.register(_XdistSeed(), "tiktok-sandbox-xdist")


class _XdistSeed:
    """Hands the controller's session seed to every xdist worker (so 'random' agrees)."""

    @pytest.hookimpl(optionalhook=True)
    def pytest_configure_node(self, node: Any) -> None:
        node.workerinput["tiktok_seed"] = node.config.stash[OPTIONS_KEY].seed


def pytest_report_header(config: pytest.Config) -> str:
    options = config.stash[OPTIONS_KEY]
    return f"tiktok-sandbox: seed {options.seed} (replay with --tiktok-seed={options.seed})"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    mock = item.stash.get(MOCK_KEY, None)
    if mock is not None:
        if report.failed:
            from .report import describe_calls

            options = item.config.stash[OPTIONS_KEY]
            report.sections.append(
                ("tiktok sandbox", describe_calls(mock, options.seed, item.stash.get(SEED_KEY, None)))
            )
        if report.when == "teardown":  # keep nothing of the test alive for the rest of the session
            del item.stash[MOCK_KEY]
            if SEED_KEY in item.stash:
                del item.stash[SEED_KEY]
    if (report.longrepr is not None or report.sections) and MASKING in sys.modules:
        _scrub(report)
    return report


MASKING = "pytest_tiktok_sandbox.masking"
"""Loaded with the first portal: until then there is no secret to scrub, and no cost."""


def _scrub(report: pytest.TestReport) -> None:
    """No secret a live portal issued in a report: pytest's ``-vv`` diffs, ``--showlocals``,
    exception messages and captured output show plain strings that no repr masks."""
    from .masking import current_scrubber, scrub_report

    scrubber = current_scrubber()
    if scrubber:
        scrub_report(report, scrubber)


def pytest_assertrepr_compare(op: str, left: object, right: object) -> list[str] | None:
    """A failing comparison of a secret, a token, a call or an event: masked reprs and a
    masked field diff, in place of pytest's (which shows every field's raw value)."""
    if MASKING not in sys.modules:
        return None
    from .masking import explain_comparison

    return explain_comparison(op, left, right)


# -- the running test ---------------------------------------------------------------------------
class _Running(threading.local):
    """The tests running in this thread, innermost last (pytester's in-process runs nest;
    threaded runners run tests side by side). The default fixture chain reads its test here:
    each fixture asking for ``request`` costs pytest a new fixture definition (and a signature
    read) and each fixture ~30-60 µs of set-up and teardown, on every test."""

    def __init__(self) -> None:
        self.items: list[pytest.Item] = []


_RUNNING = _Running()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Generator[None, object, object]:
    items = _RUNNING.items
    items.append(item)
    try:
        return (yield)
    finally:
        items.pop()


def _running_item() -> pytest.Item:
    items = _RUNNING.items
    if not items:  # a fixture requested outside a test's protocol (no known pytest path does)
        raise RuntimeError("pytest-tiktok-sandbox: a tiktok_* fixture was requested outside a running test")
    return items[-1]


MARKERS = frozenset({"tiktok_sandbox", "tiktok_fault", "tiktok_scenario"})


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test does not get :func:`_tiktok_markers` when it has nothing to do: an autouse
    fixture costs every test of every user pytest's fixture machinery (~50-100 µs, more with
    its ``getfixturevalue``). Last, so that markers other plugins and conftests add here count."""
    for item in items:
        names = getattr(item, "fixturenames", None)
        if isinstance(names, list) and "_tiktok_markers" in names and not _markers_need_the_autouse(item, names):
            # a new list: parametrized tests of one function share theirs
            item.fixturenames = [n for n in names if n != "_tiktok_markers"]  # type: ignore[attr-defined]


def _markers_need_the_autouse(item: pytest.Item, names: list[str]) -> bool:
    """Whether :func:`_tiktok_markers` would do anything pytest does not do anyway: no marker
    of the plugin, or a marker whose fixture the test asks for first (right after the autouse
    fixture, so the set-up order, and with it every seeded id, stays the same)."""
    marked = {marker.name for marker in item.iter_markers() if marker.name in MARKERS}
    if not marked:
        return False
    if "tiktok_scenario" in marked:
        return True
    following = [n for n in names[names.index("_tiktok_markers") + 1 :] if n != "request"]
    first = following[0] if following else None
    return first != ("tiktok_sandbox" if "tiktok_sandbox" in marked else "tiktok_api")


# -- fixtures -----------------------------------------------------------------------------------


@pytest.fixture
def tiktok_portal() -> Portal:
    """A fresh developer portal, seeded for this test (from ``--tiktok-seed`` and the test id)."""
    from .portal import Portal

    item = _running_item()
    options = item.config.stash[OPTIONS_KEY]
    seed = test_seed(options.seed, item.nodeid)
    item.stash[SEED_KEY] = seed
    return Portal(seed, target_user_delay=options.target_user_delay)


@pytest.fixture
def tiktok_clock(tiktok_portal: Portal) -> Clock:
    """The portal's clock: ``tiktok_clock.advance(minutes=10)`` moves time for every rule."""
    return tiktok_portal.clock


@pytest.fixture
def tiktok_app(tiktok_portal: Portal) -> App:
    """An app owned by a developer signed up as ``developer@example.com``, in Production mode."""
    from .sandbox_setup import create_default_app

    item = _running_item()
    # The closest marker that names the app wins, as for every other marker argument.
    names = [m.kwargs["app_name"] for m in item.iter_markers("tiktok_sandbox") if "app_name" in m.kwargs]
    name = names[0] if names else None
    if isinstance(name, str) and name:  # a bad one fails the test in tiktok_sandbox, naming it
        return create_default_app(tiktok_portal, name)
    return create_default_app(tiktok_portal)


@pytest.fixture
def tiktok_api_settings() -> ApiSettings:
    """How the fake API answers (from the options); override it in a conftest to change it."""
    from .api.service import ApiSettings

    item = _running_item()
    options = item.config.stash[OPTIONS_KEY]
    return ApiSettings(oauth_error_status=options.oauth_error_status, rate_limits=options.rate_limits)


@pytest.fixture
def tiktok_api(tiktok_portal: Portal, tiktok_api_settings: ApiSettings) -> Iterator[TikTokMock]:
    """The active mock of TikTok's hosts (``requests`` calls), answering from ``tiktok_portal``."""
    from .mock import TikTokMock

    item = _running_item()
    mock = TikTokMock(tiktok_portal, tiktok_api_settings)
    for marker in item.iter_markers("tiktok_fault"):
        _or_fail(f"@pytest.mark.tiktok_fault{marker.args!r}", mock.fail, *marker.args, **marker.kwargs)
    mock.start()
    item.stash[MOCK_KEY] = mock
    try:
        yield mock
    finally:
        mock.stop()


@pytest.fixture
def tiktok_sandbox(tiktok_app: App, tiktok_api: TikTokMock) -> Sandbox:
    """A sandbox of ``tiktok_app`` with its configuration applied and its target users added,
    as ``@pytest.mark.tiktok_sandbox(...)`` describes (defaults: Login Kit and Display API,
    the user.info.* and video.list scopes, one web redirect URI, one target user, logged in)."""
    from .sandbox_setup import SetupRefused, build_sandbox
    from .spec_defaults import DEFAULT_SPEC

    item = _running_item()
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
    sandbox, users = _or_fail(label, build_sandbox, tiktok_app, spec, refused=SetupRefused)
    if spec.login and users:
        tiktok_api.login(users[0])
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


@pytest.fixture(autouse=True)
def _tiktok_markers(request: pytest.FixtureRequest) -> None:
    """A test with a marker gets its fixture without asking (as pytest-django's ``django_db``):
    ``tiktok_scenario``, then ``tiktok_sandbox`` (or ``tiktok_api`` for a fault)."""
    node = request.node  # tests with none of the markers do not get this fixture (see above)
    if node.get_closest_marker("tiktok_scenario") is not None:
        request.getfixturevalue("tiktok_scenario")
    if node.get_closest_marker("tiktok_sandbox") is not None:
        request.getfixturevalue("tiktok_sandbox")
    elif node.get_closest_marker("tiktok_fault") is not None:
        request.getfixturevalue("tiktok_api")


_IMPLIED_BY = {"tiktok_app": ("tiktok_sandbox",), "tiktok_api": ("tiktok_sandbox", "tiktok_fault")}
"""The fixtures a marker brings in (through :func:`_tiktok_markers`) besides those the test asks for."""


def _uses(request: pytest.FixtureRequest, name: str) -> bool:
    """Whether the test has the fixture ``name``: asked for, or brought in by a marker."""
    if name in request.fixturenames:
        return True
    return any(request.node.get_closest_marker(marker) is not None for marker in _IMPLIED_BY.get(name, ()))
