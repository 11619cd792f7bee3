"""One sandbox spec behind the marker, TikTokSandbox and scenario files; clear refusals of
marker misuse, fault paths no endpoint has, and options."""

from __future__ import annotations

import inspect

import pytest

from pytest_tiktok_sandbox import Portal, TikTokSandbox
from pytest_tiktok_sandbox.api.service import FakeTikTokAPI
from pytest_tiktok_sandbox.mock import TikTokMock
from pytest_tiktok_sandbox.plugin import MARKER
from pytest_tiktok_sandbox.portal import errors
from pytest_tiktok_sandbox.scenario import ScenarioError, parse_scenario
from pytest_tiktok_sandbox.spec import SandboxSpec, SpecError, marker_help, sandbox_spec

pytest_plugins = ["pytester"]


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest("-p", "no:cacheprovider", "-p", "no:randomly", "--strict-markers", *args)


def failure_report(result: pytest.RunResult) -> str:
    """The output up to the short summary, whose one line per test repeats the message when the
    terminal is wide enough (COLUMNS differs between machines)."""
    return result.stdout.str().partition("short test summary info")[0]


# -- the marker ------------------------------------------------------------------------------------
def test_a_misspelt_marker_argument_names_the_closest_one(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("import pytest\n\n@pytest.mark.tiktok_sandbox(target_user=3)\ndef test_it():\n    pass\n")
    result = run(pytester)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        ["*@pytest.mark.tiktok_sandbox: unknown argument 'target_user' (did you mean target_users?)"]
    )
    result.stdout.no_fnmatch_line("*sandbox_spec*")


def test_a_portal_refusal_from_the_marker_is_told_once_without_a_chain(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.tiktok_sandbox(products=["login_kit", "display_api", "content_posting_api"],
                                    posting_audited=True)
        def test_it():
            pass
        """
    )
    result = run(pytester)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*@pytest.mark.tiktok_sandbox: posting_audited: *no Live version*"])
    assert failure_report(result).count("no Live version") == 1
    result.stdout.no_fnmatch_line("*During handling of the above exception*")
    result.stdout.no_fnmatch_line("*Traceback*")


def test_the_marker_adds_target_users_with_their_posting_settings(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.tiktok_sandbox(target_users=[
            {"username": "alice", "comment_disabled": True, "duet_disabled": True, "stitch_disabled": False,
             "max_video_post_duration_sec": 600},
            {"private": False},
        ])
        def test_it(tiktok_target_users, tiktok_api):
            alice, other = tiktok_target_users
            assert alice.username == "alice" and alice.is_private and not other.is_private
            assert alice.comment_disabled and alice.duet_disabled and not alice.stitch_disabled
            assert alice.max_video_post_duration_sec == 600
            assert tiktok_api.api.browser.account is alice
        """
    )
    run(pytester).assert_outcomes(passed=1)


def test_a_bad_posting_setting_of_a_target_user_is_refused_naming_it() -> None:
    with pytest.raises(SpecError, match=r"target_users\[0\]\.comment_disabled must be True or False, got 'no'"):
        sandbox_spec(target_users=[{"comment_disabled": "no"}])
    with pytest.raises(SpecError, match=r"unknown argument 'coment_disabled' \(did you mean comment_disabled\?\)"):
        sandbox_spec(target_users=[{"coment_disabled": True}])


def test_a_target_users_password_is_in_no_repr() -> None:
    spec = sandbox_spec(target_users=[{"username": "alice", "password": "hunter2-secret"}])
    assert "hunter2-secret" not in repr(spec)


def test_a_bad_password_is_not_echoed() -> None:
    with pytest.raises(SpecError) as caught:
        sandbox_spec(target_users=[{"password": 918273645}])
    assert "918273645" not in str(caught.value) and "target_users[0].password" in str(caught.value)
    with pytest.raises(ScenarioError) as refused:
        parse_scenario("apps:\n  - sandboxes:\n      - target_users: [{password: 918273645}]\n")
    assert "918273645" not in str(refused.value) and "password" in str(refused.value)


def test_tiktok_sandbox_checks_its_arguments_through_the_same_spec() -> None:
    with pytest.raises(SpecError, match=r"unknown argument 'scope' \(did you mean scopes\?\)"):
        TikTokSandbox(scope=["video.list"])
    with TikTokSandbox(target_users=[{"username": "bob", "max_video_post_duration_sec": 300}]) as tt:
        (bob,) = tt.target_users
        assert bob.username == "bob" and bob.max_video_post_duration_sec == 300


def test_tiktok_sandbox_raises_the_portal_s_own_refusal() -> None:
    with pytest.raises(errors.NoLiveVersion), TikTokSandbox(posting_audited=True):
        pass


def test_the_marker_help_is_the_spec_s() -> None:
    assert marker_help() == MARKER
    for name in SandboxSpec.model_fields:
        assert f" {name}=" in MARKER or f"({name}=" in MARKER or f"*, {name}=" in MARKER, name


def test_a_marked_test_gets_its_fixture_without_its_name_being_added(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        """
        import pytest

        @pytest.hookimpl(trylast=True)
        def pytest_collection_modifyitems(items):
            for item in items:
                assert "tiktok_sandbox" not in item.fixturenames, item.fixturenames
        """
    )
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.tiktok_sandbox(target_users=2)
        def test_it(request):
            assert len(request.getfixturevalue("tiktok_sandbox").all_target_users) == 2
        """
    )
    run(pytester).assert_outcomes(passed=1)


def test_a_scenario_marker_without_a_path_is_told_once(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("import pytest\n\n@pytest.mark.tiktok_scenario()\ndef test_it():\n    pass\n")
    result = run(pytester)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["@pytest.mark.tiktok_scenario: takes one path, got args=() kwargs={}"])
    assert failure_report(result).count("tiktok_scenario") == 1


# -- scenario files: the same fields ------------------------------------------------------------------
def test_a_scenario_sets_the_app_live_audited_and_its_creators_settings() -> None:
    scenario = parse_scenario(
        """
apps:
  - name: Poster
    app_live: true
    posting_audited: true
    sandboxes:
      - products: [login_kit, content_posting_api]
        scopes: [user.info.basic, video.publish]
        target_users:
          - {username: carol, comment_disabled: true, max_video_post_duration_sec: 900}
"""
    )
    seeded = scenario.apply(Portal(3))
    (app,) = seeded.apps
    assert app.live is not None and app.posting_audited
    (carol,) = seeded.target_users()
    assert carol.comment_disabled and carol.max_video_post_duration_sec == 900


def test_a_scenario_s_misspelt_field_names_the_closest_one() -> None:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario("apps:\n  - sandboxes:\n      - target_user: 2\n", source="s.yaml")
    (issue,) = caught.value.issues
    assert issue.field == "apps[0].sandboxes[0].target_user" and issue.line == 3
    assert issue.message == "unknown field (did you mean target_users?)"


def test_a_scenario_s_bad_posting_setting_names_the_user_and_setting() -> None:
    scenario = parse_scenario(
        "apps:\n  - sandboxes:\n      - target_users:\n          - {max_video_post_duration_sec: -5}\n",
        source="s.yaml",
    )
    with pytest.raises(ScenarioError) as caught:
        scenario.apply(Portal(1))
    (issue,) = caught.value.issues
    assert issue.field == "apps[0].sandboxes[0].target_users[0].max_video_post_duration_sec", str(caught.value)
    assert issue.line == 4


def test_portal_refusals_carry_the_setting_they_belong_to() -> None:
    portal = Portal(1)
    app = portal.create_app(portal.signup("dev@example.com"), "A")
    sandbox = app.create_sandbox("s")
    with pytest.raises(errors.ProductRequired) as direct_post:
        sandbox.set_direct_post(True)
    assert direct_post.value.field == "direct_post"
    with pytest.raises(errors.ProductRequired) as callback:
        sandbox.set_webhook_callback_url("https://example.com/hooks")
    assert callback.value.field == "webhook_callback_url"
    with pytest.raises(errors.UnknownScope) as scope:
        sandbox.configure(scopes=["no.such"])
    assert scope.value.field == "scopes"


# -- faults --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("path", "closest"),
    [
        ("/v2/oauth/token", "/v2/oauth/token/"),
        ("/v2/user/infos/", "/v2/user/info/"),
        ("/v2/video/lists/", "/v2/video/list/"),
    ],
)
def test_a_fault_on_a_path_no_endpoint_has_is_refused_naming_the_closest(path: str, closest: str) -> None:
    mock = TikTokMock(Portal(1))
    with pytest.raises(ValueError, match=f"no endpoint has the path {path!r}.*did you mean {closest!r}"):
        mock.fail(path, 500)
    assert not mock.api.faults


def test_a_fault_far_from_every_endpoint_lists_them() -> None:
    with pytest.raises(ValueError, match=r"the endpoints are .*/v2/oauth/token/"):
        TikTokMock(Portal(1)).fail("/nothing-like-it", 500)


def test_faults_on_real_paths_and_everywhere_are_taken() -> None:
    mock = TikTokMock(Portal(1))
    mock.fail("*", 503)
    mock.fail("/v2/user/info/", 429, times=None)
    mock.fail("/oembed", None, latency=0.0)
    assert mock.api.faults


def test_a_fault_marker_on_a_missing_slash_fails_the_test_naming_the_endpoint(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.tiktok_fault("/v2/oauth/token", 429)
        def test_it():
            pass
        """
    )
    result = run(pytester)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*@pytest.mark.tiktok_fault*did you mean '/v2/oauth/token/'?*"])
    result.stdout.no_fnmatch_line("*During handling*")


def test_tiktok_mock_fail_is_fake_api_fail() -> None:
    assert inspect.signature(TikTokMock.fail) == inspect.signature(FakeTikTokAPI.fail)
    assert TikTokMock.fail.__doc__ == FakeTikTokAPI.fail.__doc__


# -- options -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("where", "named"),
    [("--tiktok-rate-limits=maybe", "--tiktok-rate-limits"), ("ini", "tiktok_rate_limits")],
)
def test_a_bad_rate_limits_value_names_its_option(pytester: pytest.Pytester, where: str, named: str) -> None:
    pytester.makepyfile("def test_nothing(): pass")
    if where == "ini":
        pytester.makeini("[pytest]\ntiktok_rate_limits = maybe\n")
        result = run(pytester)
    else:
        result = run(pytester, where)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"*pytest-tiktok-sandbox: {named}: expected on/off (or true/false), got 'maybe'"])


# -- the default spec, without pydantic ---------------------------------------------------------------
def test_the_default_spec_agrees_with_the_models_defaults() -> None:
    """``DEFAULT_SPEC`` (what a marker without arguments gets, with no pydantic) is
    ``SandboxSpec()`` written out: every field, the same values."""
    import dataclasses

    from pytest_tiktok_sandbox.spec import ARGUMENTS, SandboxSpec
    from pytest_tiktok_sandbox.spec_defaults import DEFAULT_SPEC

    model = SandboxSpec()
    assert [f.name for f in dataclasses.fields(DEFAULT_SPEC)] == list(ARGUMENTS)
    for name in ARGUMENTS:
        ours, theirs = getattr(DEFAULT_SPEC, name), getattr(model, name)
        if name == "products":
            theirs = [p.value for p in theirs]
        if name == "redirect_uris":
            theirs = {k: tuple(v) for k, v in theirs.items()}
        assert (list(ours) if isinstance(ours, tuple) else ours) == (
            list(theirs) if isinstance(theirs, (list, tuple)) else theirs
        ), name
    assert DEFAULT_SPEC.product_names() == model.product_names()
    assert DEFAULT_SPEC.model_fields_set == model.model_fields_set == set()


def test_a_default_sandbox_test_loads_no_pydantic(pytester: pytest.Pytester) -> None:
    """The first default-sandbox test of a session paid ~60 ms for pydantic and the spec's
    models, even to sign in and read user info; a marker with arguments (or a request body
    that needs a model) still loads them when needed."""
    pytester.makepyfile(
        """
        import sys
        import pytest
        import requests

        CALLBACK = "https://example.com/auth/tiktok/callback"

        def test_default(tiktok_sandbox, tiktok_target_users):
            from urllib.parse import parse_qs, urlsplit

            user = tiktok_target_users[0]
            location = tiktok_sandbox.authorize(user, "user.info.basic", CALLBACK)
            code = parse_qs(urlsplit(location).query)["code"][0]
            token = requests.post("https://open.tiktokapis.com/v2/oauth/token/", data={
                "client_key": tiktok_sandbox.client_key, "client_secret": tiktok_sandbox.client_secret,
                "code": code, "grant_type": "authorization_code", "redirect_uri": CALLBACK,
            }).json()["access_token"]
            info = requests.get("https://open.tiktokapis.com/v2/user/info/?fields=display_name",
                                headers={"Authorization": f"Bearer {token}"}).json()
            assert info["data"]["user"]["display_name"] == user.display_name
            loaded = [m for m in sys.modules if m.startswith("pydantic") or m == "pytest_tiktok_sandbox.spec"]
            assert loaded == []

        @pytest.mark.tiktok_sandbox(target_users=2)
        def test_marked(tiktok_target_users):
            assert len(tiktok_target_users) == 2
            assert "pytest_tiktok_sandbox.spec" in sys.modules
        """
    )
    pytester.runpytest_subprocess("-p", "no:randomly", "-p", "no:hypothesispytest").assert_outcomes(passed=2)
