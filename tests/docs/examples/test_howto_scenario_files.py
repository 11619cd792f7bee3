"""The samples of docs/how-to/scenario-files.md: a scenario file with every field, read by
the marker and outside pytest, and a bad file's message."""

from __future__ import annotations

from pathlib import Path

import pytest

from pytest_tiktok_sandbox import Portal, ScenarioError, SeededScenario, load_scenario


# --8<-- [start:marker]
@pytest.mark.tiktok_scenario("howto_scenario_full.yaml")  # relative to this test file
def test_every_field(tiktok_scenario: SeededScenario) -> None:
    dev = tiktok_scenario.sandbox("dev", app="Clip Uploader")
    assert dev.config.direct_post
    assert dev.config.webhook_callback_url == "https://example.com/tiktok/webhooks"
    assert dev.app.url_properties == ("example.com", "https://cdn.example.com/media/")
    alice, bob = tiktok_scenario.target_users("dev")
    assert (alice.username, alice.display_name, alice.is_private) == ("alice", "Alice", True)
    assert not bob.is_private
    qa_users = tiktok_scenario.target_users("qa")
    assert len(qa_users) == 3 and not any(u.is_private for u in qa_users)


# --8<-- [end:marker]


# --8<-- [start:outside_pytest]
def test_a_scenario_outside_pytest() -> None:
    scenario = load_scenario(Path(__file__).with_name("howto_scenario_full.yaml"))
    portal = Portal(seed=scenario.seed)
    seeded = scenario.apply(portal)
    assert [app.name for app in seeded.apps] == ["Clip Uploader"]
    assert [s.name for s in seeded.apps[0].sandboxes] == ["dev", "qa"]


# --8<-- [end:outside_pytest]


# --8<-- [start:errors]
def test_a_bad_file_names_the_field_and_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("apps:\n  - name: Clip Uploader\n    sandboxes:\n      - target_users: 11\n")
    with pytest.raises(ScenarioError) as refused:
        load_scenario(bad)
    message = str(refused.value)
    assert "bad.yaml" in message
    assert "apps[0].sandboxes[0].target_users" in message and "line 4" in message


# --8<-- [end:errors]
