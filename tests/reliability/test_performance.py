"""Work the plugin defers or skips, so a test pays only for what it uses (issue 18).

Timings live in tests/benchmarks (out of the default run); these check the mechanisms behind
them, which a refactoring could silently undo.
"""

from __future__ import annotations

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


def test_the_default_fixture_chain_asks_pytest_for_request_once() -> None:
    """pytest builds a new ``FixtureDef`` (and reads a signature) each time a fixture asks for
    ``request``: about 10-35 µs apiece, twice per fixture. The default sandbox's chain reads
    the test item through one private fixture instead."""
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
    assert {"tiktok_portal", "tiktok_app", "tiktok_api_settings", "tiktok_api"} <= seen
    assert len(asking) == 1, asking
