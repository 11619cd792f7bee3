"""Work the plugin defers or skips, so a test pays only for what it uses (issue 18).

Timings live in tests/benchmarks (out of the default run); these check the mechanisms behind
them, which a refactoring could silently undo.
"""

from __future__ import annotations

import pytest

from pytest_tiktok_sandbox.api.http import ApiRequest
from pytest_tiktok_sandbox.api.service import FakeTikTokAPI
from pytest_tiktok_sandbox.portal import Portal


def test_the_router_is_built_on_the_first_request_only() -> None:
    api = FakeTikTokAPI(Portal(1))
    assert "router" not in vars(api)  # a test that makes no request never builds the routes
    response = api.handle(ApiRequest.build("GET", "https://open.tiktokapis.com/v2/user/info/?fields=open_id"))
    assert response.status == 401
    assert "router" in vars(api)
    assert {(r.method, r.path) for r in api.router} >= {("POST", "/v2/oauth/token/"), ("GET", "/v2/user/info/")}


def test_the_default_fixture_chain_never_asks_pytest_for_request() -> None:
    """pytest builds a new ``FixtureDef`` (and reads a signature) each time a fixture asks for
    ``request``, and every fixture costs its set-up and teardown: the default sandbox's chain
    reads its test from the running protocol instead, and has no helper fixture."""
    import inspect

    from pytest_tiktok_sandbox import plugin

    chain, seen, asking = ["tiktok_sandbox"], set(), []
    while chain:
        name = chain.pop()
        if name in seen or not hasattr(plugin, name):
            continue
        seen.add(name)
        parameters = list(inspect.signature(getattr(plugin, name)).parameters)
        asking += [name] if "request" in parameters else []
        chain += parameters
    assert seen == {"tiktok_sandbox", "tiktok_app", "tiktok_portal", "tiktok_api", "tiktok_api_settings"}
    assert asking == []


UNRELATED = """
import pytest

def test_plain(request):
    assert "_tiktok_markers" not in request.fixturenames

@pytest.mark.parametrize("n", [pytest.param(1, marks=pytest.mark.tiktok_sandbox(target_users=2)), 2])
def test_param(request, n):
    marked = n == 1
    assert ("_tiktok_markers" in request.fixturenames) is marked
    assert ("tiktok_sandbox" in request.fixturenames) is marked

@pytest.mark.tiktok_fault("/v2/user/info/", 500, "internal_error")
def test_fault(request):
    assert "tiktok_api" in request.fixturenames
"""


def test_a_test_without_the_plugins_markers_gets_no_autouse_fixture_and_no_portal(
    pytester: pytest.Pytester,
) -> None:
    """A user's unrelated test pays nothing for the plugin's marker handling: the autouse
    fixture is dropped at collection from tests that carry none of its markers (a
    parametrized sibling with a marker keeps it), and no portal module is imported."""
    pytester.makeconftest(
        "import pathlib, sys\n"
        "def pytest_sessionfinish(session):\n"
        "    loaded = [m for m in sys.modules if m.startswith('pytest_tiktok_sandbox.portal')]\n"
        "    pathlib.Path('loaded.txt').write_text(repr(loaded))\n"
    )
    plain = UNRELATED.split("@pytest.mark.parametrize")[0]
    pytester.makepyfile(test_unrelated=plain)
    pytester.runpytest_subprocess("-p", "no:randomly").assert_outcomes(passed=1)
    assert (pytester.path / "loaded.txt").read_text() == "[]"
    pytester.makepyfile(test_unrelated=UNRELATED)
    pytester.runpytest_inprocess("-p", "no:randomly").assert_outcomes(passed=4)


def test_a_lowercase_attribute_of_the_package_does_not_import_the_portal() -> None:
    """``from . import plugin`` (pytest loading the plugin) asks ``hasattr(package, "plugin")``
    first: the lazy ``__getattr__`` must not load the errors, and the portal with them."""
    import subprocess
    import sys

    code = (
        "import sys, pytest_tiktok_sandbox as p\n"
        "assert not hasattr(p, 'plugin_not_there')\n"
        "from pytest_tiktok_sandbox import plugin\n"
        "print(sorted(m for m in sys.modules if m.startswith('pytest_tiktok_sandbox.portal')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_the_chain_reads_the_running_test_of_its_own_thread(request: pytest.FixtureRequest) -> None:
    """The test item the default chain reads is this test's, and another thread (a threaded
    runner's test) does not see it."""
    import threading

    from pytest_tiktok_sandbox import plugin

    assert plugin._running_item() is request.node
    seen: list[list[pytest.Item]] = []
    thread = threading.Thread(target=lambda: seen.append(list(plugin._RUNNING.items)))
    thread.start()
    thread.join()
    assert seen == [[]]


def test_the_package_is_imported_without_assertion_rewriting(pytester: pytest.Pytester) -> None:
    """pytest marks every module of a plugin's distribution for assertion rewriting, and
    recompiles rewritten modules every session where it may not cache them
    (``PYTHONDONTWRITEBYTECODE=1``, a read-only site-packages): the portal and the fake API
    load through Python's own loader instead (and so from pip's compiled bytecode); a test
    file's own asserts are still rewritten."""
    pytester.makepyfile(
        """
        import sys

        def test_loaders(tiktok_sandbox):
            loaders = {
                name: type(sys.modules[name].__loader__).__name__
                for name in ("pytest_tiktok_sandbox.portal.sandbox", "pytest_tiktok_sandbox.api.fake_api")
            }
            assert set(loaders.values()) == {"SourceFileLoader"}, loaders
            assert type(sys.modules[__name__].__loader__).__name__ == "AssertionRewritingHook"
        """
    )
    pytester.runpytest_subprocess("-p", "no:randomly").assert_outcomes(passed=1)
