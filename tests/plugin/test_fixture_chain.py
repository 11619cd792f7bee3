"""``tiktok_sandbox`` builds ``tiktok_portal``, ``tiktok_app``, ``tiktok_api_settings`` and
``tiktok_api`` itself when the test asks for none of them and nothing redefines one (issue 18:
each declared fixture costs pytest 25-40 µs a test). These check that a user sees no
difference: the same objects under every name, in any order, the same seeded ids, and every
override point (a conftest, module or class fixture, a parametrization) still obeyed."""

from __future__ import annotations

import json
import textwrap

import pytest

SAME_OBJECTS = """
import pytest

def test_asked_later(request, tiktok_sandbox):
    assert "tiktok_portal" not in request.fixturenames  # the cheap path was taken
    portal = request.getfixturevalue("tiktok_portal")
    api = request.getfixturevalue("tiktok_api")
    assert tiktok_sandbox.app.portal is portal
    assert request.getfixturevalue("tiktok_app") is tiktok_sandbox.app
    assert api.portal is portal and api.active
    assert request.getfixturevalue("tiktok_api_settings") is api.settings
    assert request.getfixturevalue("tiktok_clock") is portal.clock
    assert request.getfixturevalue("tiktok_webhooks").portal is portal

def test_asked_after_it(tiktok_sandbox, tiktok_api, tiktok_portal, tiktok_app, tiktok_target_users):
    assert tiktok_api.portal is tiktok_portal is tiktok_sandbox.app.portal
    assert tiktok_app is tiktok_sandbox.app
    assert tiktok_target_users == tiktok_sandbox.all_target_users

def test_asked_before_it(tiktok_api, tiktok_portal, tiktok_sandbox):
    assert tiktok_api.portal is tiktok_portal is tiktok_sandbox.app.portal

@pytest.mark.tiktok_sandbox(target_users=2)
def test_by_the_marker(request):
    sandbox = request.getfixturevalue("tiktok_sandbox")
    assert len(sandbox.all_target_users) == 2
    assert request.getfixturevalue("tiktok_portal") is sandbox.app.portal

@pytest.mark.tiktok_fault("/v2/user/info/", 500, "internal_error")
def test_with_a_fault(tiktok_sandbox, request):
    assert request.getfixturevalue("tiktok_api").portal is tiktok_sandbox.app.portal
"""


def test_every_name_answers_the_objects_the_sandbox_was_built_from(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(SAME_OBJECTS)
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=5)


SEEDED = """
import json

def test_ids({fixtures}):
    sandbox = tiktok_sandbox
    user = sandbox.all_target_users[0]
    token = sandbox.sign_in(user, ["user.info.basic"])
    print("IDS", json.dumps([sandbox.app.client_key, user.open_id, user.username, str(token["access_token"])]))
"""


@pytest.mark.parametrize(
    "fixtures",
    [
        "tiktok_portal, tiktok_app, tiktok_api, tiktok_sandbox",
        "tiktok_sandbox, tiktok_api_settings, tiktok_api",
        "tiktok_api, tiktok_sandbox",
    ],
)
def test_the_seeded_ids_are_those_of_the_declared_chain(pytester: pytest.Pytester, fixtures: str) -> None:
    """The same test, by the same node id and seed, asking for the chain in other orders."""

    def ids(asked: str) -> list[str]:
        pytester.makepyfile(test_seeded=SEEDED.format(fixtures=asked))
        result = pytester.runpytest("-p", "no:cacheprovider", "-s", "--tiktok-seed=7")
        result.assert_outcomes(passed=1)
        line = next(line for line in result.outlines if "IDS " in line)  # -s: after the file's name
        return list(json.loads(line.split("IDS ", 1)[1]))

    assert ids("tiktok_sandbox") == ids(fixtures)


REDEFINED_SETTINGS = """
import pytest
from pytest_tiktok_sandbox import ApiSettings

@pytest.fixture
def tiktok_api_settings():
    return ApiSettings(oauth_error_status=400)
"""

USES_SETTINGS = """
def test_it(tiktok_sandbox, request):
    assert request.getfixturevalue("tiktok_api").settings.oauth_error_status == 400
"""


@pytest.mark.parametrize("where", ["conftest", "module", "class", "sub-directory conftest"])
def test_a_redefined_fixture_of_the_chain_is_used(pytester: pytest.Pytester, where: str) -> None:
    if where == "conftest":
        pytester.makeconftest(REDEFINED_SETTINGS)
        pytester.makepyfile(USES_SETTINGS)
        expected = 1
    elif where == "module":
        pytester.makepyfile(REDEFINED_SETTINGS + USES_SETTINGS)
        expected = 1
    elif where == "class":
        pytester.makepyfile(
            "import pytest\nfrom pytest_tiktok_sandbox import ApiSettings\n\n"
            "class TestIt:\n"
            "    @pytest.fixture\n"
            "    def tiktok_api_settings(self):\n"
            "        return ApiSettings(oauth_error_status=400)\n\n"
            "    def test_it(self, tiktok_sandbox, request):\n"
            "        assert request.getfixturevalue('tiktok_api').settings.oauth_error_status == 400\n\n"
            "def test_outside_the_class(tiktok_sandbox, request):\n"
            "    assert request.getfixturevalue('tiktok_api').settings.oauth_error_status == 200\n"
        )
        expected = 2
    else:
        sub = pytester.mkpydir("sub")
        (sub / "conftest.py").write_text(REDEFINED_SETTINGS)
        (sub / "test_sub.py").write_text(USES_SETTINGS)
        pytester.makepyfile(
            test_top="def test_top(tiktok_sandbox, request):\n"
            "    assert request.getfixturevalue('tiktok_api').settings.oauth_error_status == 200\n"
        )
        expected = 2
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=expected)


def test_a_redefined_portal_that_extends_ours_is_used(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        """
        import pytest

        @pytest.fixture
        def tiktok_portal(tiktok_portal):
            tiktok_portal.marked_by_the_user = True
            return tiktok_portal
        """
    )
    pytester.makepyfile(
        """
        def test_it(tiktok_sandbox):
            assert tiktok_sandbox.app.portal.marked_by_the_user
        """
    )
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1)


def test_a_fixture_of_the_chain_can_be_parametrized_through_tiktok_sandbox(pytester: pytest.Pytester) -> None:
    """pytest parametrizes only fixtures in a test's closure: the chain is put back there."""
    pytester.makepyfile(
        """
        import pytest
        from pytest_tiktok_sandbox import ApiSettings

        @pytest.fixture
        def tiktok_api_settings(request):
            return getattr(request, "param", ApiSettings())

        @pytest.mark.parametrize("tiktok_api_settings", [ApiSettings(oauth_error_status=400)], indirect=True)
        def test_indirect(tiktok_sandbox, request):
            assert request.getfixturevalue("tiktok_api").settings.oauth_error_status == 400

        @pytest.mark.parametrize("tiktok_api_settings", [ApiSettings(oauth_error_status=400)])
        def test_direct(tiktok_sandbox, request):
            assert request.getfixturevalue("tiktok_api").settings.oauth_error_status == 400

        @pytest.mark.parametrize(argnames="x, tiktok_api_settings", argvalues=[(1, ApiSettings(oauth_error_status=4))])
        def test_by_keywords(tiktok_sandbox, request, x):
            assert request.getfixturevalue("tiktok_api").settings.oauth_error_status == 4
        """
    )
    pytester.makepyfile(
        test_not_redefined="""
        import pytest
        from pytest_tiktok_sandbox import ApiSettings

        @pytest.mark.parametrize("tiktok_api_settings", [ApiSettings(oauth_error_status=400)])
        def test_direct(tiktok_sandbox, request):
            assert request.getfixturevalue("tiktok_api").settings.oauth_error_status == 400
        """
    )
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=4)


def test_a_fixture_of_the_chain_can_be_parametrized_by_a_generate_tests_hook(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        """
        from pytest_tiktok_sandbox import ApiSettings

        def pytest_generate_tests(metafunc):
            if metafunc.function.__name__ == "test_hooked":
                metafunc.parametrize("tiktok_api_settings", [ApiSettings(oauth_error_status=400)])
        """
    )
    pytester.makepyfile(
        """
        def test_hooked(tiktok_sandbox, request):
            assert request.getfixturevalue("tiktok_api").settings.oauth_error_status == 400

        def test_not_hooked(tiktok_sandbox, request):
            assert "tiktok_api_settings" not in request.fixturenames
        """
    )
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=2)


PARAMETRIZED_REDEFINITIONS = {
    "params": """
        @pytest.fixture(params=[400, 401])
        def tiktok_api_settings(request):
            return ApiSettings(oauth_error_status=request.param)
    """,
    "a fixture with params under it": """
        @pytest.fixture(params=[400, 401])
        def status(request):
            return request.param

        @pytest.fixture
        def tiktok_api_settings(status):
            return ApiSettings(oauth_error_status=status)
    """,
    "module-scoped params": """
        @pytest.fixture(scope="module", params=[400, 401])
        def tiktok_api_settings(request):
            return ApiSettings(oauth_error_status=request.param)
    """,
}


def make_conftest_redefining(pytester: pytest.Pytester, redefinition: str) -> None:
    pytester.makeconftest(
        "import pytest\nfrom pytest_tiktok_sandbox import ApiSettings\n"
        + textwrap.dedent(PARAMETRIZED_REDEFINITIONS[redefinition])
    )


@pytest.mark.parametrize("redefinition", PARAMETRIZED_REDEFINITIONS)
def test_a_redefinition_with_params_parametrizes_the_test(pytester: pytest.Pytester, redefinition: str) -> None:
    """pytest turns a fixture's ``params`` into the test's parameters at collection, for the
    fixtures of the test's closure only: a redefined chain is put back there."""
    make_conftest_redefining(pytester, redefinition)
    pytester.makepyfile(
        """
        def test_it(tiktok_sandbox, request):
            print("STATUS", request.getfixturevalue("tiktok_api").settings.oauth_error_status)
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider", "-s")
    result.assert_outcomes(passed=2)
    assert sorted(line.split("STATUS ")[1] for line in result.outlines if "STATUS " in line) == ["400", "401"]


def collected(pytester: pytest.Pytester, *args: str) -> list[str]:
    result = pytester.runpytest("-p", "no:cacheprovider", "--collect-only", "-q", *args)
    return [line for line in result.outlines if "::" in line]


def test_a_redefinition_s_params_come_in_the_order_of_the_declared_chain(pytester: pytest.Pytester) -> None:
    """The test ids (and with them the seeds) are those pytest made when ``tiktok_sandbox``
    declared ``(tiktok_app, tiktok_api)``: the chain's parameters right after it, by scope."""
    pytester.makeconftest(
        """
        import pytest
        from pytest_tiktok_sandbox import ApiSettings

        @pytest.fixture(params=[400, 401], ids=["s400", "s401"])
        def tiktok_api_settings(request):
            return ApiSettings(oauth_error_status=request.param)

        @pytest.fixture(params=["P1", "P2"])
        def tiktok_portal(request, tiktok_portal):
            return tiktok_portal

        @pytest.fixture(params=["A1", "A2"])
        def tiktok_app(request, tiktok_app):
            return tiktok_app
        """
    )
    pytester.makepyfile(
        test_function_scoped="""
        import pytest

        @pytest.fixture(params=["a"])
        def other(request):
            return request.param

        def test_x(tiktok_sandbox, other):
            pass
        """
    )
    assert collected(pytester)[0] == "test_function_scoped.py::test_x[A1-P1-s400-a]"


def test_a_wider_redefinition_comes_first_in_the_ids(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        """
        import pytest
        from pytest_tiktok_sandbox import ApiSettings

        @pytest.fixture(scope="module", params=[400], ids=["s400"])
        def tiktok_api_settings(request):
            return ApiSettings(oauth_error_status=request.param)
        """
    )
    pytester.makepyfile(
        """
        import pytest

        @pytest.fixture(params=["a"])
        def other(request):
            return request.param

        def test_x(other, tiktok_sandbox):
            pass
        """
    )
    assert [line.split("::")[1] for line in collected(pytester)] == ["test_x[s400-a]"]


def test_a_wider_redefinition_is_set_up_first(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        """
        import pytest
        from pytest_tiktok_sandbox import ApiSettings

        @pytest.fixture(autouse=True)
        def function_autouse():
            print("SETUP function_autouse")

        @pytest.fixture(scope="session")
        def tiktok_api_settings():
            print("SETUP tiktok_api_settings")
            return ApiSettings(oauth_error_status=400)
        """
    )
    pytester.makepyfile("def test_it(tiktok_sandbox):\n    pass\n")
    result = pytester.runpytest("-p", "no:cacheprovider", "-s")
    result.assert_outcomes(passed=1)
    setups = [line[line.index("SETUP") :] for line in result.outlines if "SETUP" in line]
    assert setups == ["SETUP tiktok_api_settings", "SETUP function_autouse"]


def test_a_direct_parametrization_hides_what_the_redefinition_stands_on(pytester: pytest.Pytester) -> None:
    """pytest leaves a directly parametrized name's fixture out of the closure, and with it
    the fixtures (and ``params``) that fixture stands on."""
    make_conftest_redefining(pytester, "a fixture with params under it")
    pytester.makepyfile(
        """
        import pytest
        from pytest_tiktok_sandbox import ApiSettings

        @pytest.mark.parametrize("tiktok_api_settings", [ApiSettings(oauth_error_status=402)], ids=["s402"])
        def test_direct(tiktok_sandbox, request):
            assert request.getfixturevalue("tiktok_api").settings.oauth_error_status == 402
        """
    )
    assert collected(pytester) == [
        "test_a_direct_parametrization_hides_what_the_redefinition_stands_on.py::test_direct[s402]"
    ]
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1)


def test_the_fixtures_without_the_plugin_say_so(pytester: pytest.Pytester) -> None:
    """A conftest that imports the fixtures, with the plugin itself disabled."""
    pytester.makeconftest(
        "from pytest_tiktok_sandbox.plugin import (\n"
        "    tiktok_api, tiktok_api_settings, tiktok_app, tiktok_portal, tiktok_sandbox\n)\n"
    )
    pytester.makepyfile("def test_it(tiktok_sandbox):\n    pass\n")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-p", "no:tiktok_sandbox")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*a tiktok_* fixture was requested outside a running test*"])


def test_generate_tests_hooks_see_the_chain_in_the_closure(pytester: pytest.Pytester) -> None:
    """The usual idiom (``if name in metafunc.fixturenames``), and a hook that runs before
    the plugin's (``tryfirst``)."""
    pytester.makeconftest(
        """
        from pytest_tiktok_sandbox import ApiSettings

        pytest_plugins = ["first_plugin"]

        def pytest_generate_tests(metafunc):
            if "tiktok_api_settings" in metafunc.fixturenames and metafunc.function.__name__ == "test_idiom":
                metafunc.parametrize("tiktok_api_settings", [ApiSettings(oauth_error_status=s) for s in (400, 401)])
        """
    )
    pytester.makepyfile(
        first_plugin="""
        import pytest
        from pytest_tiktok_sandbox import ApiSettings

        @pytest.hookimpl(tryfirst=True)
        def pytest_generate_tests(metafunc):
            if metafunc.function.__name__ == "test_first":
                metafunc.parametrize("tiktok_api_settings", [ApiSettings(oauth_error_status=402)])
        """
    )
    pytester.syspathinsert()
    pytester.makepyfile(
        """
        def test_idiom(tiktok_sandbox, request):
            print("STATUS", request.getfixturevalue("tiktok_api").settings.oauth_error_status)

        def test_first(tiktok_sandbox, request):
            print("STATUS", request.getfixturevalue("tiktok_api").settings.oauth_error_status)
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider", "-s")
    result.assert_outcomes(passed=3)
    assert sorted(line.split("STATUS ")[1] for line in result.outlines if "STATUS " in line) == ["400", "401", "402"]


def test_the_mock_stops_and_nothing_is_kept_after_the_test(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        """
        import pytest
        from pytest_tiktok_sandbox.fixtures import BUILT_KEY

        @pytest.hookimpl(wrapper=True)
        def pytest_runtest_protocol(item):
            result = yield
            print("KEPT", item.name, BUILT_KEY in item.stash)
            return result
        """
    )
    pytester.makepyfile(
        """
        import pytest
        import requests

        seen = []

        def test_first(tiktok_sandbox):
            seen.append(tiktok_sandbox)
            assert requests.get("https://open.tiktokapis.com/v2/user/info/?fields=open_id").status_code == 401

        def test_second():
            with pytest.raises(requests.ConnectionError, match="no TikTok mock is active here"):
                requests.get("https://open.tiktokapis.com/v2/user/info/?fields=open_id")

        def test_third(tiktok_sandbox):
            assert tiktok_sandbox.app.portal is not seen[0].app.portal
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider", "-s", "-p", "no:randomly")
    result.assert_outcomes(passed=3)
    assert [line[line.index("KEPT") :] for line in result.outlines if "KEPT" in line] == [
        f"KEPT {name} False" for name in ("test_first", "test_second", "test_third")
    ]


def test_tiktok_sandbox_declares_no_fixture_of_the_chain(pytester: pytest.Pytester) -> None:
    """What pytest sets up for a test that asks for the default sandbox: one fixture."""
    pytester.makepyfile("def test_it(tiktok_sandbox):\n    pass\n")
    result = pytester.runpytest("-p", "no:cacheprovider", "--setup-plan")
    planned = [line.split()[-1] for line in result.outlines if line.strip().startswith("SETUP    F")]
    assert planned == ["tiktok_sandbox"]


def test_without_pytest_s_fixture_lookup_the_chain_is_taken_as_redefined() -> None:
    """The lookup is pytest's private API: gone or changed, the safe answer (ask pytest)."""
    from types import SimpleNamespace
    from typing import Any

    from pytest_tiktok_sandbox import fixture_chain

    def failing(name: str, node: object) -> Any:
        raise TypeError("changed")

    for session in (
        SimpleNamespace(),
        SimpleNamespace(_fixturemanager=SimpleNamespace(getfixturedefs=failing)),
        SimpleNamespace(_fixturemanager=SimpleNamespace(getfixturedefs=lambda name, node: None)),
    ):
        item: Any = SimpleNamespace(session=session)
        assert fixture_chain._look_up_redefinitions(item) is True
