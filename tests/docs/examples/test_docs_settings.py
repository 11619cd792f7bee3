"""The samples of docs/reference.md and docs/differences.md: overriding ``tiktok_api_settings``."""

from __future__ import annotations

import pytest
import requests

from pytest_tiktok_sandbox import ApiSettings, Sandbox


# --8<-- [start:override]
# conftest.py (or a test module): every test below it gets these settings.
@pytest.fixture
def tiktok_api_settings() -> ApiSettings:
    return ApiSettings(oauth_error_status=400, rate_limits=True)


def test_oauth_errors_answer_400(tiktok_sandbox: Sandbox) -> None:
    answer = requests.post(
        "https://open.tiktokapis.com/v2/oauth/token/",
        data={
            "client_key": tiktok_sandbox.client_key,
            "client_secret": tiktok_sandbox.client_secret,
            "grant_type": "authorization_code",
            "code": "not-a-code",
            "redirect_uri": "https://example.com/auth/tiktok/callback",
        },
        timeout=10,
    )
    assert answer.status_code == 400
    assert answer.json()["error"] == "invalid_grant"
    # --8<-- [end:override]
