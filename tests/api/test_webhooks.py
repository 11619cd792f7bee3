"""Webhooks: TikTok's body, its signature, and delivery to the test's own handler."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest
import requests

from pytest_tiktok_sandbox import WebhookDelivery, sign, verify_signature

CALLBACK = "https://example.com/auth/tiktok/callback"
HOOK = "https://example.com/hooks/tiktok"
webhooks = pytest.mark.tiktok_sandbox(webhook_callback_url=HOOK)


def token_for(sandbox, user) -> str:
    return str(sandbox.sign_in(user, "user.info.basic")["access_token"])


def revoke(sandbox, token: str) -> requests.Response:
    form = {"client_key": sandbox.client_key, "client_secret": sandbox.client_secret, "token": token}
    return requests.post("https://open.tiktokapis.com/v2/oauth/revoke/", data=form)


def test_signature_is_hmac_sha256_of_timestamp_dot_body() -> None:
    body = b'{"event":"x"}'
    expected = hmac.new(b"secret", b"1700000000." + body, hashlib.sha256).hexdigest()
    assert sign("secret", body, 1700000000) == f"t=1700000000,s={expected}"


def test_verify_signature_accepts_good_and_refuses_tampered_old_or_malformed() -> None:
    body = b'{"a":1}'
    header = sign("secret", body, 1000)
    assert verify_signature("secret", header, body, now=1000)
    assert verify_signature("secret", header, body, now=1300)
    assert not verify_signature("secret", header, body, now=1301)  # outside the 300 s tolerance
    assert not verify_signature("secret", header, b'{"a":2}', now=1000)
    assert not verify_signature("other", header, body, now=1000)
    for broken in (None, "", "t=1000", "s=abc", "t=x,s=abc", "garbage"):
        assert not verify_signature("secret", broken, body, now=1000)


@webhooks
def test_revoking_a_token_produces_authorization_removed_with_reason_5(
    tiktok_sandbox, tiktok_target_users, tiktok_webhooks
) -> None:
    user = tiktok_target_users[0]
    assert revoke(tiktok_sandbox, token_for(tiktok_sandbox, user)).json() == {}
    (event,) = tiktok_webhooks.events
    delivery = tiktok_webhooks.delivery(event)
    body = delivery.json()
    assert list(body) == ["client_key", "event", "create_time", "user_openid", "content"]
    assert body["client_key"] == tiktok_sandbox.client_key
    assert body["event"] == "authorization.removed"
    assert body["user_openid"] == user.open_id
    assert isinstance(body["content"], str) and json.loads(body["content"]) == {"reason": 5}
    assert delivery.url == HOOK
    assert verify_signature(
        tiktok_sandbox.client_secret, delivery.headers["TikTok-Signature"], delivery.body, now=event.create_time
    )


def test_no_events_without_the_webhooks_product(tiktok_sandbox, tiktok_target_users, tiktok_webhooks) -> None:
    revoke(tiktok_sandbox, token_for(tiktok_sandbox, tiktok_target_users[0]))
    assert tiktok_webhooks.events == []


@webhooks
def test_delivery_to_a_callable_and_retry_until_acknowledged(
    tiktok_sandbox, tiktok_target_users, tiktok_webhooks
) -> None:
    revoke(tiktok_sandbox, token_for(tiktok_sandbox, tiktok_target_users[0]))
    seen: list[WebhookDelivery] = []
    answers = iter([500, 200])

    def handler(delivery: WebhookDelivery) -> int:
        seen.append(delivery)
        assert verify_signature(tiktok_sandbox.client_secret, delivery.headers["TikTok-Signature"], delivery.body)
        return next(answers)

    (first,) = tiktok_webhooks.deliver(handler)
    assert first.status == 500 and not first.succeeded
    assert len(tiktok_webhooks.pending) == 1  # TikTok retries what did not get a 200
    (second,) = tiktok_webhooks.deliver(handler)
    assert second.succeeded
    assert tiktok_webhooks.pending == [] and tiktok_webhooks.deliver(handler) == []
    assert [d.content for d in seen] == [{"reason": 5}, {"reason": 5}]


@webhooks
def test_a_handler_that_raises_counts_as_a_failed_delivery(
    tiktok_sandbox, tiktok_target_users, tiktok_webhooks
) -> None:
    revoke(tiktok_sandbox, token_for(tiktok_sandbox, tiktok_target_users[0]))

    def broken(delivery: WebhookDelivery) -> int:
        raise RuntimeError("handler bug")

    (attempt,) = tiktok_webhooks.deliver(broken)
    assert attempt.status is None and isinstance(attempt.error, RuntimeError)
    assert len(tiktok_webhooks.pending) == 1


@webhooks
def test_delivery_to_a_url_posts_the_raw_signed_body(
    tiktok_sandbox, tiktok_target_users, tiktok_webhooks, tiktok_api
) -> None:
    received: list[requests.PreparedRequest] = []

    def receiver(request: requests.PreparedRequest) -> tuple[int, dict[str, str], str]:
        received.append(request)
        return 200, {}, ""

    tiktok_api.requests_mock.add_callback("POST", "https://myapp.example/hooks", callback=receiver)
    revoke(tiktok_sandbox, token_for(tiktok_sandbox, tiktok_target_users[0]))
    (attempt,) = tiktok_webhooks.deliver("https://myapp.example/hooks")
    assert attempt.succeeded
    (request,) = received
    assert request.headers["Content-Type"] == "application/json"
    assert verify_signature(tiktok_sandbox.client_secret, request.headers["TikTok-Signature"], request.body)


@pytest.mark.tiktok_sandbox(webhook_callback_url=HOOK)
def test_revoking_twice_sends_one_event(tiktok_sandbox, tiktok_target_users, tiktok_webhooks) -> None:
    token = token_for(tiktok_sandbox, tiktok_target_users[0])
    assert revoke(tiktok_sandbox, token).json() == {}
    assert revoke(tiktok_sandbox, token).json() == {}  # still {}: revoking is idempotent
    assert [e.event for e in tiktok_webhooks.events] == ["authorization.removed"]
