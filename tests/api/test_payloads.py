"""The pydantic payload models parse the fake's real answers (and refuse what is not one)."""

from __future__ import annotations

import pytest
import requests
from pydantic import ValidationError

from pytest_tiktok_sandbox import Account, Sandbox, WebhookOutbox
from pytest_tiktok_sandbox.payloads.common import Envelope
from pytest_tiktok_sandbox.payloads.display import UserInfoData
from pytest_tiktok_sandbox.payloads.oauth import ClientTokenResponse, OAuthErrorBody, TokenResponse
from pytest_tiktok_sandbox.payloads.webhooks import WebhookBody

from .login_kit_client import LoginKitClient


@pytest.fixture
def login_kit(tiktok_sandbox: Sandbox) -> LoginKitClient:
    return LoginKitClient(tiktok_sandbox.client_key, tiktok_sandbox.client_secret)


def test_token_answers(login_kit: LoginKitClient, tiktok_target_users: list[Account]) -> None:
    tokens = TokenResponse.model_validate(login_kit.sign_in("user.info.basic,video.list"))
    assert tokens.open_id == tiktok_target_users[0].open_id
    assert tokens.scopes == {"user.info.basic", "video.list"}
    assert tokens.model_extra == {}  # exactly TikTok's keys, nothing more
    client = ClientTokenResponse.model_validate(login_kit.client_credentials().json())
    assert client.access_token.startswith("clt.") and client.expires_in == 7200
    refused = OAuthErrorBody.model_validate(login_kit.exchange("not-a-code").json())
    assert refused.error == "invalid_grant"
    with pytest.raises(ValidationError):
        TokenResponse.model_validate(login_kit.exchange("not-a-code").json())


def test_a_v2_envelope(login_kit: LoginKitClient, tiktok_target_users: list[Account]) -> None:
    token = login_kit.sign_in("user.info.basic")["access_token"]
    answer = requests.get(
        "https://open.tiktokapis.com/v2/user/info/?fields=open_id,display_name",
        headers={"Authorization": f"Bearer {token}"},
        timeout=5,
    )
    parsed = Envelope[UserInfoData].model_validate(answer.json())
    assert parsed.ok and parsed.data.user.display_name == tiktok_target_users[0].display_name
    refused = Envelope[dict[str, object]].model_validate(
        requests.get("https://open.tiktokapis.com/v2/user/info/?fields=open_id", timeout=5).json()
    )
    assert not refused.ok and refused.error.code == "access_token_invalid" and refused.data == {}


@pytest.mark.tiktok_sandbox(webhook_callback_url="https://example.com/hook")
def test_a_webhook_body(login_kit: LoginKitClient, tiktok_webhooks: WebhookOutbox) -> None:
    token = login_kit.sign_in("user.info.basic")["access_token"]
    login_kit.revoke(token)
    delivery = tiktok_webhooks.delivery(tiktok_webhooks.events[0])
    body = WebhookBody.model_validate_json(delivery.body)
    assert body.event == "authorization.removed"
    assert body.content_data == {"reason": 5}
