"""The samples of docs/how-to/coverage.md: a small sign-in suite and what coverage says of it.

tests/plugin/test_coverage.py runs this very file with ``--tiktok-coverage`` (serially and
under xdist) and checks the terminal, JSON and HTML reports exactly.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests

from pytest_tiktok_sandbox import Account, Clock, Sandbox, TikTokSandbox
from pytest_tiktok_sandbox.outcomes import OutcomeRecorder

CALLBACK = "https://example.com/auth/tiktok/callback"
AUTHORIZE_URL = "https://www.tiktok.com/v2/auth/authorize/"
TOKEN_URL = "https://open.tiktokapis.com/v2/oauth/token/"
USER_INFO_URL = "https://open.tiktokapis.com/v2/user/info/?fields=open_id,display_name"


def sign_in(sandbox: Sandbox) -> dict[str, Any]:
    """Your code under test: the authorize redirect, then the code exchange."""
    query = {
        "client_key": sandbox.client_key,
        "scope": "user.info.basic",
        "response_type": "code",
        "redirect_uri": CALLBACK,
        "state": "xyz",
    }
    redirect = requests.get(AUTHORIZE_URL, params=query, allow_redirects=False, timeout=10)
    code = parse_qs(urlsplit(redirect.headers["Location"]).query)["code"][0]
    form = {
        "client_key": sandbox.client_key,
        "client_secret": sandbox.client_secret,
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": CALLBACK,
    }
    tokens: dict[str, Any] = requests.post(TOKEN_URL, data=form, timeout=10).json()
    return tokens


def profile(sandbox: Sandbox, tokens: dict[str, Any]) -> requests.Response:
    """Your code under test: read the profile, refreshing the access token once if refused."""
    bearer = {"Authorization": f"Bearer {tokens['access_token']}"}
    answer = requests.get(USER_INFO_URL, headers=bearer, timeout=10)
    if answer.status_code == 401:
        form = {
            "client_key": sandbox.client_key,
            "client_secret": sandbox.client_secret,
            "grant_type": "refresh_token",
            "refresh_token": tokens["refresh_token"],
        }
        tokens.update(requests.post(TOKEN_URL, data=form, timeout=10).json())
        bearer = {"Authorization": f"Bearer {tokens['access_token']}"}
        answer = requests.get(USER_INFO_URL, headers=bearer, timeout=10)
    return answer


def test_sign_in_reads_the_profile(tiktok_sandbox: Sandbox, tiktok_target_users: list[Account]) -> None:
    answer = profile(tiktok_sandbox, sign_in(tiktok_sandbox))
    assert answer.json()["data"]["user"]["open_id"] == tiktok_target_users[0].open_id


# --8<-- [start:expired]
def test_an_expired_access_token_is_refreshed(tiktok_sandbox: Sandbox, tiktok_clock: Clock) -> None:
    tokens = sign_in(tiktok_sandbox)
    tiktok_clock.advance(seconds=tokens["expires_in"])  # the access token expires
    answer = profile(tiktok_sandbox, tokens)
    assert answer.json()["error"]["code"] == "ok"
    # --8<-- [end:expired]


# --8<-- [start:outside]
def test_outside_pytest_fixtures(tmp_path: Path) -> None:
    recorder = OutcomeRecorder()
    with recorder.recording(), TikTokSandbox(seed=1) as tt:  # every fake built inside records
        profile(tt.sandbox, sign_in(tt.sandbox))
    print(recorder.report())  # the terminal section's text
    recorder.write_json(tmp_path / "tiktok-coverage.json")
    recorder.write_html(tmp_path / "tiktok-coverage.html")
    assert recorder.as_json()["endpoints"]["GET /v2/user/info/"]["met"] == ["ok"]
    # --8<-- [end:outside]
