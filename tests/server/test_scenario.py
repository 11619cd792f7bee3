"""Scenario files: what they build, how a bad one is reported (field and line), and the
``tiktok_scenario`` marker seeding a test's portal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests
from live_helpers import CALLBACK, PageClient, exchange

from pytest_tiktok_sandbox import Portal
from pytest_tiktok_sandbox.mock import TikTokMock
from pytest_tiktok_sandbox.scenario import (
    Scenario,
    ScenarioError,
    SeededScenario,
    load_scenario,
    parse_scenario,
)
from pytest_tiktok_sandbox.server import LiveServer

HERE = Path(__file__).parent
CLIPS = HERE / "scenarios" / "clips.yaml"


def error_of(text: str, kind: str = "yaml") -> ScenarioError:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text, kind, source="s.yaml")  # type: ignore[arg-type]
    return caught.value


def build_error(text: str) -> ScenarioError:
    scenario = parse_scenario(text, source="s.yaml")
    with pytest.raises(ScenarioError) as caught:
        scenario.apply(Portal(1))
    return caught.value


# -- what a scenario builds ---------------------------------------------------------------------------
def test_a_yaml_scenario_builds_apps_sandboxes_and_target_users() -> None:
    scenario = load_scenario(CLIPS)
    assert scenario.seed == 11 and scenario.source == str(CLIPS)
    seeded = scenario.apply(Portal(scenario.seed))
    assert [a.name for a in seeded.apps] == ["Clip Uploader", "Second App"]
    assert [e.sandbox.name for e in seeded] == ["dev", "qa", "sandbox"]

    dev = seeded.sandbox("dev")
    config = dev.config
    assert {p.value for p in config.products} == {"login_kit", "display_api", "content_posting_api", "webhooks"}
    assert config.scopes == {"user.info.basic", "user.info.profile", "video.list", "video.upload", "video.publish"}
    assert config.redirect_uris == {
        "web": ("https://example.com/auth/tiktok/callback",),
        "desktop": ("http://127.0.0.1:*/callback",),
    }
    assert config.direct_post and config.webhook_callback_url == "https://example.com/tiktok/webhooks"
    assert dev.app.url_properties == ("https://cdn.example.com/",)
    assert not dev.has_unapplied_changes

    alice, bob = seeded.target_users("dev")
    assert (alice.username, alice.password, alice.is_private) == ("alice", "alice-secret", True)
    assert (bob.username, bob.display_name, bob.is_private) == ("bob", "Bob Builder", False)
    assert bob.password  # made up from the seed
    qa_users = seeded.target_users("qa")
    assert len(qa_users) == 2 and not any(u.is_private for u in qa_users)
    assert seeded.sandbox(app="Second App").config.scopes == {
        "user.info.basic",
        "user.info.profile",
        "user.info.stats",
        "video.list",
    }
    assert len(seeded.target_users()) == 5
    with pytest.raises(KeyError, match="no sandbox 'prod'"):
        seeded.sandbox("prod")


def test_the_same_seed_builds_the_same_keys_and_passwords() -> None:
    first = load_scenario(CLIPS).apply(Portal(4))
    second = load_scenario(CLIPS).apply(Portal(4))
    assert first.sandbox("qa").client_key == second.sandbox("qa").client_key
    assert [u.password for u in first.target_users()] == [u.password for u in second.target_users()]


def test_a_json_scenario() -> None:
    seeded = load_scenario(HERE / "scenarios" / "minimal.json").apply(Portal(0))
    (user,) = seeded.target_users("only")
    assert (user.username, user.password) == ("jay", "pw")
    assert seeded.sandbox().config.scopes == {"user.info.basic"}


def test_an_empty_scenario_is_the_markers_defaults() -> None:
    seeded = parse_scenario("").apply(Portal(0))
    assert seeded == SeededScenario(seeded.portal, seeded.developer, seeded.apps, seeded.sandboxes)
    assert seeded.developer.email == "developer@example.com"
    assert len(seeded.target_users()) == 1 and seeded.sandbox().name == "sandbox"
    assert Scenario().apps[0].name == "Test app"


# -- bad files: the field and the line ---------------------------------------------------------------------
def test_an_unknown_field_is_named_with_its_line() -> None:
    error = error_of("apps:\n  - name: A\n    sandboxes:\n      - name: s\n        colour: red\n")
    assert str(error) == "invalid TikTok scenario: s.yaml, line 5: apps[0].sandboxes[0].colour: unknown field"
    (issue,) = error.issues
    assert (issue.field, issue.line) == ("apps[0].sandboxes[0].colour", 5)


def test_an_unknown_scope_is_named_with_its_line() -> None:
    error = error_of("apps:\n  - sandboxes:\n      - scopes:\n          - user.info.basic\n          - video.publsh\n")
    (issue,) = error.issues
    assert issue.field == "apps[0].sandboxes[0].scopes[1]" and issue.line == 5
    assert "'video.publsh' is not a TikTok scope" in issue.message


def test_every_problem_is_listed() -> None:
    text = (
        "seed: many\napps:\n  - name: A\n    sandboxes:\n"
        "      - products: [login_kit, magic]\n        target_users: 11\n"
    )
    error = error_of(text)
    fields = {(i.field, i.line) for i in error.issues}
    assert fields == {
        ("seed", 1),
        ("apps[0].sandboxes[0].products[1]", 5),
        ("apps[0].sandboxes[0].target_users", 6),
    }
    assert str(error).count("\n") == 3
    assert "'magic'" in str(error)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        pytest.param("lots", "a number of target users (0 to 10) or a list of accounts, got 'lots'", id="text"),
        pytest.param("true", "a number of target users (0 to 10) or a list of accounts, got True", id="bool"),
        pytest.param("-1", "greater than or equal to 0", id="negative"),
        pytest.param("[{user: x}]", "unknown field", id="account-field"),
    ],
)
def test_target_users_must_be_a_count_or_accounts(value: str, message: str) -> None:
    error = error_of(f"apps:\n  - sandboxes:\n      - target_users: {value}\n")
    assert error.issues[0].line == 3 and message in str(error)


def test_a_yaml_syntax_error_gives_its_line() -> None:
    error = error_of("apps:\n  - name: A\n   sandboxes: [\n")
    (issue,) = error.issues
    assert issue.line is not None and issue.line >= 3 and "not valid YAML" in issue.message


def test_a_json_syntax_error_gives_its_line() -> None:
    error = error_of('{\n  "apps": [\n    {"name": "A",}\n  ]\n}\n', "json")
    assert error.issues[0].line == 3 and "not valid JSON" in str(error)


def test_a_json_field_error_names_the_field_and_line() -> None:
    error = error_of('{"apps": [{"sandboxes": [{"direct_post": "maybe"}]}]}', "json")
    assert error.issues[0].field == "apps[0].sandboxes[0].direct_post" and error.issues[0].line == 1
    pretty = json.dumps({"seed": 1, "apps": [{"name": "A"}, {"name": "B", "sandboxes": [7]}]}, indent=2)
    seven = next(n for n, text in enumerate(pretty.splitlines(), 1) if text.strip() == "7")
    (issue,) = error_of(pretty, "json").issues
    assert (issue.field, issue.line) == ("apps[1].sandboxes[0]", seven)
    built = parse_scenario(pretty.replace("7", '{"scopes": ["video.publish"]}'), "json")
    with pytest.raises(ScenarioError) as caught:
        built.apply(Portal(0))
    assert caught.value.issues[0].line == seven and caught.value.issues[0].field == "apps[1].sandboxes[0].scopes"


def test_a_scenario_is_a_mapping() -> None:
    assert "a scenario is a mapping" in str(error_of("- apps\n"))


def test_a_portal_rule_names_the_field_and_line() -> None:
    error = build_error("apps:\n  - sandboxes:\n      - products: [login_kit]\n        scopes: [video.publish]\n")
    (issue,) = error.issues
    assert issue.field == "apps[0].sandboxes[0].scopes" and issue.line == 4
    assert "video.publish needs the Content Posting API product" in issue.message


@pytest.mark.parametrize(
    ("sandbox", "field"),
    [
        pytest.param("redirect_uris: {web: ['http://example.com/cb']}", "redirect_uris", id="redirect-uri"),
        pytest.param("direct_post: true", "direct_post", id="direct-post"),
        pytest.param("webhook_callback_url: http://example.com/hooks", "webhook_callback_url", id="webhook"),
        pytest.param("products: [login_kit, data_portability_api]", "products", id="product"),
        pytest.param("{products: [display_api], redirect_uris: {web: []}}", "redirect_uris", id="no-login-kit"),
    ],
)
def test_portal_rules_point_at_the_setting_they_refuse(sandbox: str, field: str) -> None:
    error = build_error(f"apps:\n  - sandboxes:\n      - {sandbox}\n")
    assert error.issues[0].field == f"apps[0].sandboxes[0].{field}", str(error)
    assert error.issues[0].line == 3


def test_duplicate_names_are_refused() -> None:
    error = build_error("apps:\n  - sandboxes:\n      - name: a\n      - name: a\n")
    assert error.issues[0].field == "apps[0].sandboxes[1].name" and error.issues[0].line == 4
    users = build_error(
        "apps:\n  - sandboxes:\n      - target_users:\n          - username: x\n          - username: x\n"
    )
    assert users.issues[0].field == "apps[0].sandboxes[0].target_users[1].username" and users.issues[0].line == 5


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="cannot read the file"):
        load_scenario(tmp_path / "nope.yaml")


# -- the marker ----------------------------------------------------------------------------------------
@pytest.mark.tiktok_scenario("scenarios/clips.yaml")
def test_the_marker_seeds_the_tests_portal(
    tiktok_scenario: SeededScenario, tiktok_portal: Portal, tiktok_api: TikTokMock
) -> None:
    assert tiktok_scenario.portal is tiktok_portal
    assert [a.name for a in tiktok_portal.apps] == ["Clip Uploader", "Second App"]
    assert tiktok_api.api.browser.account is tiktok_scenario.target_users()[0]


@pytest.mark.tiktok_scenario(CLIPS)
def test_the_marker_and_the_live_server_serve_the_scenario(
    tiktok_scenario: SeededScenario, tiktok_server: LiveServer
) -> None:
    dev = tiktok_scenario.sandbox("dev")
    alice = tiktok_scenario.target_users("dev")[0]
    person = PageClient(tiktok_server)
    try:
        code = person.code(tiktok_server.authorize_url(dev, "user.info.basic,user.info.profile", CALLBACK, "s"), alice)
    finally:
        person.close()
    tokens = exchange(tiktok_server, dev, code)
    info = requests.get(
        tiktok_server.url + "/v2/user/info/?fields=username",
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
        timeout=10,
    )
    assert info.json()["data"]["user"] == {"username": "alice"}


def test_the_marker_through_pytester(pytester: pytest.Pytester) -> None:
    pytester.makefile(".yaml", scenario="apps:\n  - name: Marker app\n    sandboxes:\n      - target_users: 2\n")
    pytester.makefile(".yml", broken="apps:\n  - name: A\n    sandbox: []\n")
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.tiktok_scenario("scenario.yaml")
        def test_seeded(tiktok_portal, tiktok_api):
            (app,) = tiktok_portal.apps
            assert app.name == "Marker app" and len(app.sandboxes[0].all_target_users) == 2

        @pytest.mark.tiktok_scenario("broken.yml")
        def test_broken():
            pass

        @pytest.mark.tiktok_scenario()
        def test_no_path():
            pass

        def test_fixture_without_marker(tiktok_scenario):
            pass
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider", "--strict-markers")
    result.assert_outcomes(passed=1, errors=3)
    result.stdout.fnmatch_lines(["*broken.yml, line 3: apps[[]0[]].sandbox: unknown field*"])
    result.stdout.fnmatch_lines(["*tiktok_scenario*takes one path*"])
    result.stdout.fnmatch_lines(["*tiktok_scenario needs @pytest.mark.tiktok_scenario*"])


def test_the_marker_with_the_tiktok_sandbox_fixture(pytester: pytest.Pytester) -> None:
    pytester.makefile(".yaml", scenario="apps:\n  - name: Extra\n")
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.tiktok_scenario("scenario.yaml")
        def test_both(tiktok_sandbox, tiktok_scenario, tiktok_portal):
            assert [a.name for a in tiktok_portal.apps] == ["Test app", "Extra"]
            assert tiktok_scenario.developer is tiktok_sandbox.app.owner
        """
    )
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1)
