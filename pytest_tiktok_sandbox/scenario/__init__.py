"""Scenario files: a portal's apps, sandboxes and target users, written down in YAML or JSON.

::

    seed: 7                      # the CLI's seed (pytest seeds each test itself)
    developer: developer@example.com
    apps:
      - name: Clip Uploader
        url_properties: [https://cdn.example.com/]
        app_live: false          # true: the app's first sandbox, imported and approved
        posting_audited: false
        sandboxes:
          - name: dev
            products: [login_kit, display_api, content_posting_api]
            scopes: [user.info.basic, video.list, video.upload, video.publish]
            redirect_uris:
              web: [https://example.com/auth/tiktok/callback]
              desktop: ["http://127.0.0.1:*/callback"]
            direct_post: true
            webhook_callback_url: https://example.com/tiktok/webhooks
            target_users:          # a count (0 to 10), or accounts:
              - username: alice
                password: alice-secret
                comment_disabled: true
                max_video_post_duration_sec: 600
              - {username: bob, private: false}

An app's and a sandbox's fields are the ``@pytest.mark.tiktok_sandbox`` marker's, with its
defaults and checks (:mod:`pytest_tiktok_sandbox.spec`). :func:`load_scenario` reads and checks
a file (:mod:`.load`, through the bounded readers ``json_reader``/``yaml_reader`` and the bounds
of ``limits``); :meth:`Scenario.apply` builds it in a portal with the portal's own
rules (:mod:`.schema`). Either raises :class:`ScenarioError`, naming the file, the field and
the line (of YAML and of JSON).
"""

from __future__ import annotations

from ..spec import field_path
from .limits import MAX_INTEGER_DIGITS, MAX_SCENARIO_BYTES, MAX_SCENARIO_DEPTH, MAX_SCENARIO_VALUES
from .load import MAX_LISTED_ISSUES, load_scenario, parse_scenario, scenario_for_marker
from .schema import (
    MAX_SEED,
    AppModel,
    SandboxModel,
    Scenario,
    ScenarioError,
    ScenarioIssue,
    SeededSandbox,
    SeededScenario,
    TargetUserModel,
)

__all__ = [
    "MAX_INTEGER_DIGITS",
    "MAX_LISTED_ISSUES",
    "MAX_SCENARIO_BYTES",
    "MAX_SCENARIO_DEPTH",
    "MAX_SCENARIO_VALUES",
    "MAX_SEED",
    "AppModel",
    "SandboxModel",
    "Scenario",
    "ScenarioError",
    "ScenarioIssue",
    "SeededSandbox",
    "SeededScenario",
    "TargetUserModel",
    "field_path",
    "load_scenario",
    "parse_scenario",
    "scenario_for_marker",
]
