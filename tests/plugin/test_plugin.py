"""The pytest surface, tried the way a user's suite meets it (through pytester)."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest("-p", "no:cacheprovider", "--strict-markers", *args)


def test_fixtures_give_an_applied_sandbox_with_one_logged_in_target_user(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        def test_defaults(tiktok_portal, tiktok_app, tiktok_sandbox, tiktok_target_users, tiktok_api):
            assert tiktok_sandbox.app is tiktok_app and tiktok_app.portal is tiktok_portal
            assert tiktok_sandbox.client_key.startswith("sbaw")
            assert tiktok_app.client_key.startswith("aw")
            config = tiktok_sandbox.config
            assert {p.value for p in config.products} == {"login_kit", "display_api"}
            assert config.scopes == {"user.info.basic", "user.info.profile", "user.info.stats", "video.list"}
            assert config.redirect_uris == {"web": ("https://example.com/auth/tiktok/callback",)}
            assert not tiktok_sandbox.has_unapplied_changes
            assert len(tiktok_target_users) == 1 and tiktok_target_users[0].is_private
            assert tiktok_api.api.browser.account is tiktok_target_users[0]
            assert tiktok_api.active
        """
    )
    run(pytester).assert_outcomes(passed=1)


def test_marker_configures_the_sandbox_and_the_closest_marker_wins(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        pytestmark = pytest.mark.tiktok_sandbox(name="module", target_users=3)

        @pytest.mark.tiktok_sandbox(
            target_users=2,
            products=["login_kit"],
            scopes=["user.info.basic"],
            redirect_uris={"desktop": ["http://localhost:*/callback"]},
        )
        def test_closest(tiktok_sandbox, tiktok_target_users):
            assert tiktok_sandbox.name == "module"
            assert len(tiktok_target_users) == 2
            assert tiktok_sandbox.config.redirect_uris == {"desktop": ("http://localhost:*/callback",)}

        def test_module_level(tiktok_sandbox, tiktok_target_users):
            assert tiktok_sandbox.name == "module"
            assert len(tiktok_target_users) == 3
        """
    )
    run(pytester).assert_outcomes(passed=2)


def test_marker_alone_activates_the_sandbox(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest, requests

        @pytest.mark.tiktok_sandbox
        def test_no_fixture_requested():
            answer = requests.post("https://open.tiktokapis.com/v2/oauth/token/", data={"grant_type": "x"})
            assert answer.json()["error"] == "unsupported_grant_type"
        """
    )
    run(pytester).assert_outcomes(passed=1)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ("target_users=11", ": target_users must be between 0 and 10*"),
        ("products='login_kit'", ": products must be a list of strings*"),
        ("colour='red'", ": unknown argument 'colour' (known: name, products*"),
        ("'positional'", " takes keyword arguments only*"),
        ("clone_from='production'", ": clone_from must be 'draft', 'live' or None*"),
        (
            "redirect_uris={'tv': ['https://x.example/']}",
            ": redirect_uris platforms must be among web, desktop, android, ios*",
        ),
    ],
)
def test_a_bad_marker_argument_fails_the_test_with_a_clear_message(
    pytester: pytest.Pytester, arguments: str, message: str
) -> None:
    pytester.makepyfile(
        f"""
        import pytest

        @pytest.mark.tiktok_sandbox({arguments})
        def test_bad(tiktok_sandbox):
            pass
        """
    )
    result = run(pytester)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines([f"@pytest.mark.tiktok_sandbox{message}"])
    assert "During handling" not in result.stdout.str()


def test_a_portal_rule_broken_through_the_marker_names_the_rule(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.tiktok_sandbox(products=["login_kit", "data_portability_api"])
        def test_bad(tiktok_sandbox):
            pass
        """
    )
    result = run(pytester)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*sandbox mode does not offer this product*Data Portability API*"])


def test_marker_is_registered_for_strict_markers(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--markers")
    result.stdout.fnmatch_lines(["@pytest.mark.tiktok_sandbox(*target_users=1*"])


def test_seed_is_in_the_header_and_makes_data_reproducible(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        def test_data(tiktok_sandbox, tiktok_target_users):
            user = tiktok_target_users[0]
            print("DATA", tiktok_sandbox.client_key, user.open_id, user.display_name)
        """
    )
    first = run(pytester, "-s", "--tiktok-seed=1234")
    first.stdout.fnmatch_lines(["tiktok-sandbox: seed 1234 (replay with --tiktok-seed=1234)"])
    again = run(pytester, "-s", "--tiktok-seed=1234")
    other = run(pytester, "-s", "--tiktok-seed=99")

    def data(result: pytest.RunResult) -> str:
        return next(line.split("DATA", 1)[1] for line in result.outlines if "DATA" in line)

    assert data(first) == data(again)
    assert data(first) != data(other)


def test_each_test_gets_different_data_from_the_same_session_seed(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        KEYS = []

        def test_one(tiktok_sandbox):
            KEYS.append(tiktok_sandbox.client_key)

        def test_two(tiktok_sandbox):
            KEYS.append(tiktok_sandbox.client_key)
            assert KEYS[0] != KEYS[1]
        """
    )
    run(pytester).assert_outcomes(passed=2)


def test_random_seed_is_printed(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_nothing(): pass")
    result = run(pytester, "--tiktok-seed=random")
    result.stdout.fnmatch_lines(["tiktok-sandbox: seed * (replay with --tiktok-seed=*)"])


def test_ini_settings_apply_and_the_command_line_wins(pytester: pytest.Pytester) -> None:
    pytester.makeini(
        """
        [pytest]
        tiktok_seed = 77
        tiktok_target_user_delay = 3600
        tiktok_oauth_error_status = 400
        tiktok_rate_limits = off
        """
    )
    pytester.makepyfile(
        """
        def test_settings(tiktok_sandbox, tiktok_target_users, tiktok_api, tiktok_clock):
            assert tiktok_sandbox.target_users == []  # added, not shown yet
            tiktok_clock.advance(3600)
            assert tiktok_sandbox.target_users == tiktok_target_users
            assert tiktok_api.settings.oauth_error_status == 400
            assert tiktok_api.settings.rate_limits is False
        """
    )
    result = run(pytester)
    result.stdout.fnmatch_lines(["tiktok-sandbox: seed 77*"])
    result.assert_outcomes(passed=1)
    run(pytester, "--tiktok-seed=5").stdout.fnmatch_lines(["tiktok-sandbox: seed 5*"])


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("--tiktok-seed=abc", "*the TikTok seed is an integer or 'random'*"),
        ("--tiktok-target-user-delay=-1", " --tiktok-target-user-delay: *cannot be negative*"),
        ("--tiktok-oauth-error-status=99", "*HTTP status code*"),
        ("--tiktok-rate-limits=maybe", "*expected on/off*"),
    ],
)
def test_bad_options_are_usage_errors(pytester: pytest.Pytester, option: str, message: str) -> None:
    pytester.makepyfile("def test_nothing(): pass")
    result = run(pytester, option)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"*pytest-tiktok-sandbox:{message}"])


def test_a_failing_test_reports_its_calls_without_secrets(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import requests

        def test_fails(tiktok_sandbox):
            requests.post(
                "https://open.tiktokapis.com/v2/oauth/token/",
                data={"client_key": tiktok_sandbox.client_key, "client_secret": tiktok_sandbox.client_secret,
                      "grant_type": "authorization_code", "code": "nope", "redirect_uri": "https://x.example/"},
            )
            print("SECRET", tiktok_sandbox.client_secret)
            with open("secret.txt", "w") as saved:
                saved.write(tiktok_sandbox.client_secret)
            assert False
        """
    )
    result = run(pytester, "-p", "no:logging", "--tiktok-seed=3")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*- tiktok sandbox -*",
            "seed: 3 (replay with --tiktok-seed=3); this test's data seed: *",
            "1 call(s) to TikTok:",
            "  1. POST open.tiktokapis.com/v2/oauth/token/ -> 200 invalid_grant",
        ]
    )
    secret = (pytester.path / "secret.txt").read_text()
    assert secret not in result.stdout.str()  # not in the section, nor in the captured output
    result.stdout.fnmatch_lines([f"SECRET {secret[:4]}…"])


def test_passing_tests_have_no_section(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        def test_ok(tiktok_sandbox):
            pass
        """
    )
    result = run(pytester, "-rA")
    result.assert_outcomes(passed=1)
    assert "tiktok sandbox" not in result.stdout.str()


def test_unmatched_tiktok_request_explains_itself_and_never_reaches_the_network(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import requests

        def test_miss(tiktok_api):
            answer = requests.get("https://open.tiktokapis.com/v2/user/info")
            assert answer.status_code == 404
            error = answer.json()["error"]
            assert error["code"] == "invalid_params"
            assert "did you mean https://open.tiktokapis.com/v2/user/info/" in error["message"] or (
                "Endpoints:" in error["message"])
            assert "POST https://open.tiktokapis.com/v2/oauth/token/" in error["message"]
            other = requests.get("https://ads.tiktok.com/anything")
            assert other.status_code == 404 and "No endpoint of the fake lives on ads.tiktok.com" in (
                other.json()["error"]["message"])
        """
    )
    run(pytester).assert_outcomes(passed=1)


def test_other_hosts_keep_working_with_a_users_own_responses_mock_either_order(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import requests, responses

        def test_user_mock_started_first():
            with responses.RequestsMock() as mine:
                mine.get("https://api.example.com/ping", json={"pong": True})
                from pytest_tiktok_sandbox import TikTokSandbox
                with TikTokSandbox():
                    assert requests.get("https://api.example.com/ping").json() == {"pong": True}
                    token = requests.post("https://open.tiktokapis.com/v2/oauth/token/", data={})
                    assert token.json()["error"] == "invalid_request"

        @responses.activate
        def test_default_mock_started_after_ours(tiktok_api):
            responses.get("https://api.example.com/ping", json={"pong": 1})
            assert requests.get("https://api.example.com/ping").json() == {"pong": 1}
            token = requests.post("https://open.tiktokapis.com/v2/oauth/token/", data={})
            assert token.json()["error"] == "invalid_request"

        def test_route_added_to_our_mock(tiktok_api):
            tiktok_api.requests_mock.get("https://api.example.com/ping", json={"pong": 2})
            assert requests.get("https://api.example.com/ping").json() == {"pong": 2}
        """
    )
    run(pytester).assert_outcomes(passed=3)


def test_nothing_survives_into_the_next_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import requests
        import responses

        SAVED = {}

        def test_first(tiktok_sandbox, tiktok_target_users, tiktok_clock):
            token = tiktok_sandbox.sign_in(tiktok_target_users[0], "user.info.basic")
            SAVED.update(token=token, key=tiktok_sandbox.client_key, secret=tiktok_sandbox.client_secret)
            tiktok_clock.advance(hours=5)

        def test_second(tiktok_sandbox, tiktok_api, tiktok_clock):
            assert tiktok_sandbox.client_key != SAVED["key"]
            import time
            assert abs(tiktok_clock.now() - time.time()) < 60
            answer = requests.post("https://open.tiktokapis.com/v2/oauth/token/", data={
                "client_key": SAVED["key"], "client_secret": SAVED["secret"],
                "grant_type": "refresh_token", "refresh_token": SAVED["token"]["refresh_token"]})
            assert answer.json()["error"] == "invalid_client"
            assert len(tiktok_api.calls) == 1

        def test_after_all_mocks_are_gone():
            assert responses.mock.registered() == []
        """
    )
    run(pytester, "-p", "no:randomly").assert_outcomes(passed=3)


def test_context_manager_and_decorator_work_without_pytest_fixtures(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import unittest, requests
        from pytest_tiktok_sandbox import TikTokSandbox

        SANDBOX = TikTokSandbox(target_users=2, seed=5)

        class TestWithUnittest(unittest.TestCase):
            @SANDBOX
            def test_decorated(self):
                self.assertEqual(len(SANDBOX.target_users), 2)
                self.assertTrue(SANDBOX.sandbox.client_key.startswith("sbaw"))
                answer = requests.post("https://open.tiktokapis.com/v2/oauth/token/", data={
                    "client_key": SANDBOX.sandbox.client_key, "client_secret": SANDBOX.sandbox.client_secret,
                    "grant_type": "client_credentials"})
                self.assertTrue(answer.json()["access_token"].startswith("clt."))

            def test_stopped_outside(self):
                with self.assertRaises(RuntimeError):
                    SANDBOX.sandbox
        """
    )
    run(pytester).assert_outcomes(passed=2)
