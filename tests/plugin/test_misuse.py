"""Misuse of the plugin itself: each case works, or fails with a message that says what to do."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

CLIENT_CREDENTIALS = """
def client_token(sandbox):
    form = {"grant_type": "client_credentials", "client_key": sandbox.client_key,
            "client_secret": sandbox.client_secret}
    return requests.post("https://open.tiktokapis.com/v2/oauth/token/", data=form).json()
"""


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest("-p", "no:cacheprovider", "-p", "no:randomly", "--strict-markers", *args)


@pytest.mark.parametrize(
    ("marker", "says"),
    [
        ('@pytest.mark.tiktok_sandbox("web")', "*tiktok_sandbox takes keyword arguments only*"),
        ("@pytest.mark.tiktok_sandbox(colour='red')", "*tiktok_sandbox*colour*"),
        ("@pytest.mark.tiktok_sandbox(target_users=11)", "*target_users must be between 0 and 10*"),
        ("@pytest.mark.tiktok_sandbox(products=['data_portability_api'])", "*does not offer*"),
        ("@pytest.mark.tiktok_fault('/v2/oauth/token/', 429, bogus=1)", "*tiktok_fault*bogus*"),
    ],
)
def test_bad_marker_arguments_error_the_test_with_the_reason(pytester: pytest.Pytester, marker: str, says: str) -> None:
    pytester.makepyfile(f"import pytest\n\n{marker}\ndef test_it(tiktok_sandbox):\n    pass\n")
    result = run(pytester)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines([says])


def test_a_session_fixture_using_a_test_scoped_one_gets_pytests_scope_error(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.fixture(scope="session")
        def shared_portal(tiktok_portal):
            return tiktok_portal

        def test_it(shared_portal):
            pass
        """
    )
    result = run(pytester)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*ScopeMismatch*function scoped fixture tiktok_portal*session scoped*"])


def test_responses_activate_and_the_users_own_mocks_work_alongside(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        "import requests, responses\n"
        + CLIENT_CREDENTIALS
        + """
        @responses.activate
        def test_decorated(tiktok_sandbox):
            responses.get("https://api.example.com/x", json={"ok": 1})
            assert requests.get("https://api.example.com/x").json() == {"ok": 1}
            assert client_token(tiktok_sandbox)["token_type"] == "Bearer"

        def test_started_by_hand(tiktok_sandbox):
            responses.start()
            try:
                responses.get("https://api.example.com/y", json={"ok": 2})
                assert requests.get("https://api.example.com/y").json() == {"ok": 2}
                assert client_token(tiktok_sandbox)["token_type"] == "Bearer"
            finally:
                responses.stop()
                responses.reset()
            assert client_token(tiktok_sandbox)["token_type"] == "Bearer"
        """.replace("\n        ", "\n")
    )
    run(pytester).assert_outcomes(passed=2)


def test_a_sandbox_opened_inside_a_test_takes_over_and_gives_back(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        "import requests\nfrom pytest_tiktok_sandbox import TikTokSandbox\n"
        + CLIENT_CREDENTIALS
        + """
        def test_nested(tiktok_sandbox, tiktok_api):
            with TikTokSandbox(seed=1) as inner:
                assert "access_token" in client_token(inner.sandbox)
                assert client_token(tiktok_sandbox)["error"] == "invalid_client"  # the inner fake answers
            assert "access_token" in client_token(tiktok_sandbox)
            assert len(tiktok_api.calls) == 1
        """.replace("\n        ", "\n")
    )
    run(pytester).assert_outcomes(passed=1)


def test_the_marker_without_the_fixture_still_sets_up_the_sandbox(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        "import pytest, requests\n"
        + """
        @pytest.mark.tiktok_sandbox(target_users=2)
        def test_marker_only(request):
            users = request.getfixturevalue("tiktok_target_users")
            assert len(users) == 2
        """.replace("\n        ", "\n")
    )
    run(pytester).assert_outcomes(passed=1)


def test_marker_arguments_merge_across_levels_app_name_included(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        pytestmark = pytest.mark.tiktok_sandbox(app_name="Module app", target_users=3)

        @pytest.mark.tiktok_sandbox(target_users=2)
        def test_closest_wins_per_argument(tiktok_app, tiktok_target_users):
            assert tiktok_app.name == "Module app"
            assert len(tiktok_target_users) == 2

        @pytest.mark.tiktok_sandbox(products=["display_api"], redirect_uris={"web": ["https://x.example/cb"]})
        def test_redirect_uris_without_login_kit_are_refused(tiktok_sandbox):
            pass
        """
    )
    result = run(pytester)
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*redirect_uris belong to Login Kit*"])


def test_a_marker_on_one_parameter_does_not_spread_to_the_others(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.parametrize("n", [pytest.param(1, marks=pytest.mark.tiktok_sandbox(target_users=2)), 2])
        def test_it(n, request):
            assert ("tiktok_sandbox" in request.fixturenames) == (n == 1)
        """
    )
    run(pytester).assert_outcomes(passed=2)


def test_a_value_the_portal_refuses_fails_without_a_traceback(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.tiktok_sandbox(scopes=["no.such.scope"])
        def test_it(tiktok_sandbox):
            pass
        """
    )
    result = run(pytester)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*@pytest.mark.tiktok_sandbox: scopes[[]0]: 'no.such.scope' is not a TikTok scope*"])
    result.stdout.no_fnmatch_line("*portal/sandbox.py*")


def test_the_decorators_cover_async_functions(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import asyncio
        import httpx
        from pytest_tiktok_sandbox import TikTokSandbox

        SANDBOX = TikTokSandbox(seed=1)

        @SANDBOX
        async def fetch_token():
            form = {"client_key": SANDBOX.sandbox.client_key, "client_secret": SANDBOX.sandbox.client_secret,
                    "grant_type": "client_credentials"}
            async with httpx.AsyncClient() as client:
                answer = await client.post("https://open.tiktokapis.com/v2/oauth/token/", data=form)
            return answer.json()

        def test_it():
            assert asyncio.run(fetch_token())["token_type"] == "Bearer"
        """
    )
    run(pytester).assert_outcomes(passed=1)


def test_a_mock_that_fails_to_start_leaves_nothing_patched(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket
    import urllib.request

    from pytest_tiktok_sandbox import Portal, TikTokMock
    from pytest_tiktok_sandbox.transports.urllib_request import UrllibInterceptor

    def broken(self: UrllibInterceptor) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(UrllibInterceptor, "install", broken)
    before = (socket.getaddrinfo, urllib.request.AbstractHTTPHandler.do_open)
    mock = TikTokMock(Portal(seed=1))
    with pytest.raises(RuntimeError, match="boom"):
        mock.start()
    assert (socket.getaddrinfo, urllib.request.AbstractHTTPHandler.do_open) == before
    assert not mock.active
