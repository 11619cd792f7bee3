"""The pytest glue: options, ini settings, the markers, the running test and the failure report;
the fixtures are in :mod:`.fixtures`, imported here for pytest to find.

Kept thin and cheap to import: the portal, the fake API and their dependencies load only
when a test asks for a fixture.
"""

from __future__ import annotations

import sys
from collections.abc import Generator
from typing import Any

import pytest

from . import coverage_plugin
from .fixture_chain import chain_in_closure
from .fixtures import (
    BUILT_KEY,
    OPTIONS_KEY,
    RUNNING,
    tiktok_api as tiktok_api,
    tiktok_api_settings as tiktok_api_settings,
    tiktok_app as tiktok_app,
    tiktok_clock as tiktok_clock,
    tiktok_portal as tiktok_portal,
    tiktok_sandbox as tiktok_sandbox,
    tiktok_scenario as tiktok_scenario,
    tiktok_server as tiktok_server,
    tiktok_target_users as tiktok_target_users,
    tiktok_webhooks as tiktok_webhooks,
)
from .plugin_options import add_options, block_tiktok_hosts, read_options

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
    made = item.stash.get(BUILT_KEY, None)
    if made is not None:
        if report.failed and made.mock is not None:
            from .report import describe_calls

            options = item.config.stash[OPTIONS_KEY]
            report.sections.append(("tiktok sandbox", describe_calls(made.mock, options.seed, made.seed)))
        if report.when == "teardown":  # keep nothing of the test alive for the rest of the session
            del item.stash[BUILT_KEY]
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
@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Generator[None, object, object]:
    items = RUNNING.items
    items.append(item)
    try:
        return (yield)
    finally:
        items.pop()
        if BUILT_KEY in item.stash:  # a runner that skipped the teardown report (none known)
            del item.stash[BUILT_KEY]


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


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_generate_tests(metafunc: pytest.Metafunc) -> Generator[None, None, None]:
    take_out = chain_in_closure(metafunc)
    try:
        return (yield)
    finally:
        if take_out is not None:
            take_out()


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
