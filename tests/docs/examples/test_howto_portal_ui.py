"""The samples of docs/how-to/portal-ui.md: where the developer portal's pages are served."""

from __future__ import annotations

import requests

from pytest_tiktok_sandbox import Sandbox, TikTokMock
from pytest_tiktok_sandbox.server import LiveServer


# --8<-- [start:url]
def test_the_portal_pages_are_beside_the_api(tiktok_server: LiveServer, tiktok_sandbox: Sandbox) -> None:
    answer = requests.get(f"{tiktok_server.url}/portal/", timeout=10)
    assert answer.status_code == 200
    assert tiktok_sandbox.app.name in answer.text  # Manage apps lists the developer's apps


# --8<-- [end:url]


# --8<-- [start:hosts]
def test_the_portal_is_served_on_loopback_only_unless_asked(tiktok_api: TikTokMock) -> None:
    with LiveServer(tiktok_api, host="0.0.0.0") as everywhere:
        answer = requests.get(everywhere.url + "/portal/", timeout=10)
        assert answer.status_code == 404 and "portal UI is off" in answer.text
    with LiveServer(tiktok_api, host="0.0.0.0", portal_ui=True) as asked:
        assert requests.get(asked.url + "/portal/", timeout=10).status_code == 200
    with LiveServer(tiktok_api, portal_ui=False) as off:
        assert requests.get(off.url + "/portal/", timeout=10).status_code == 404


# --8<-- [end:hosts]
