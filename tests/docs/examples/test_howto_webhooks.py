"""The samples of docs/how-to/webhooks.md: receive TikTok's signed webhook events in a test."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from pytest_tiktok_sandbox import (
    Account,
    Clock,
    Sandbox,
    TikTokMock,
    TikTokSandbox,
    WebhookDelivery,
    WebhookOutbox,
    verify_signature,
)

CALLBACK = "https://example.com/auth/tiktok/callback"
HOOK = "https://myapp.example/hooks/tiktok"


def sign_in(sandbox: Sandbox, user: Account) -> str:
    """An access token of ``user`` for ``sandbox`` (the web flow, in short)."""
    code = parse_qs(urlsplit(sandbox.authorize(user, "user.info.basic", CALLBACK)).query)["code"][0]
    form = {
        "client_key": sandbox.client_key,
        "client_secret": sandbox.client_secret,
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": CALLBACK,
    }
    return str(
        requests.post("https://open.tiktokapis.com/v2/oauth/token/", data=form, timeout=10).json()["access_token"]
    )


def revoke(sandbox: Sandbox, token: str) -> None:
    form = {"client_key": sandbox.client_key, "client_secret": sandbox.client_secret, "token": token}
    requests.post("https://open.tiktokapis.com/v2/oauth/revoke/", data=form, timeout=10)


# --8<-- [start:handler]
class MyWebhookHandler:
    """Stands in for your app's webhook view: check the signature, then act on the event."""

    def __init__(self, client_secret: str) -> None:
        self.client_secret = client_secret
        self.removed: list[str] = []

    def __call__(self, delivery: WebhookDelivery) -> int:
        signature = delivery.headers["TikTok-Signature"]  # t=<unix seconds>,s=<hex HMAC-SHA256>
        if not verify_signature(self.client_secret, signature, delivery.body):
            return 401
        body = delivery.json()
        if body["event"] == "authorization.removed":
            self.removed.append(body["user_openid"])
        return 200  # anything else and TikTok delivers the event again later


# --8<-- [end:handler]


# --8<-- [start:deliver]
@pytest.mark.tiktok_sandbox(webhook_callback_url=HOOK)  # adds the Webhooks product too
def test_revoking_a_token_sends_authorization_removed(
    tiktok_sandbox: Sandbox, tiktok_target_users: list[Account], tiktok_webhooks: WebhookOutbox
) -> None:
    user = tiktok_target_users[0]
    revoke(tiktok_sandbox, sign_in(tiktok_sandbox, user))

    (event,) = tiktok_webhooks.events
    assert event.event == "authorization.removed"
    assert event.content == {"reason": 5}  # 5: the developer revoked the authorization

    handler = MyWebhookHandler(tiktok_sandbox.client_secret)
    (attempt,) = tiktok_webhooks.deliver(handler)
    assert attempt.succeeded
    assert handler.removed == [user.open_id]
    assert tiktok_webhooks.pending == []  # acknowledged with a 200
    # --8<-- [end:deliver]


# --8<-- [start:user_removes_access]
@pytest.mark.tiktok_sandbox(webhook_callback_url=HOOK)
def test_the_user_disconnects_the_app(
    tiktok_sandbox: Sandbox, tiktok_target_users: list[Account], tiktok_webhooks: WebhookOutbox
) -> None:
    user = tiktok_target_users[0]
    token = sign_in(tiktok_sandbox, user)
    user.disconnect(tiktok_sandbox)  # reason 1; user.delete() 2, user.change_age() 3, user.ban() 4

    (event,) = tiktok_webhooks.events
    assert (event.event, event.content) == ("authorization.removed", {"reason": 1})
    info = requests.get(
        "https://open.tiktokapis.com/v2/user/info/?fields=open_id",
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    assert info.status_code == 401  # "the access_token ... will have been already revoked"
    # --8<-- [end:user_removes_access]


# --8<-- [start:retry]
@pytest.mark.tiktok_sandbox(webhook_callback_url=HOOK)
def test_an_event_is_delivered_again_until_it_gets_a_200(
    tiktok_sandbox: Sandbox, tiktok_target_users: list[Account], tiktok_webhooks: WebhookOutbox
) -> None:
    revoke(tiktok_sandbox, sign_in(tiktok_sandbox, tiktok_target_users[0]))
    handler = MyWebhookHandler("not the client secret")  # a bug: every signature looks forged
    (attempt,) = tiktok_webhooks.deliver(handler)
    assert attempt.status == 401 and not attempt.succeeded
    assert len(tiktok_webhooks.pending) == 1  # still waiting: TikTok retries

    handler.client_secret = tiktok_sandbox.client_secret  # the fix
    (attempt,) = tiktok_webhooks.deliver(handler)
    assert attempt.succeeded and tiktok_webhooks.pending == []
    # --8<-- [end:retry]


# --8<-- [start:url]
@pytest.mark.tiktok_sandbox(webhook_callback_url=HOOK)
def test_delivery_over_http(
    tiktok_api: TikTokMock, tiktok_sandbox: Sandbox, tiktok_target_users: list[Account], tiktok_webhooks: WebhookOutbox
) -> None:
    received: list[requests.PreparedRequest] = []

    def my_endpoint(request: requests.PreparedRequest) -> tuple[int, dict[str, str], str]:
        received.append(request)
        return 200, {}, ""

    # Any host but TikTok's can be mocked on the same `responses` mock:
    tiktok_api.requests_mock.add_callback("POST", HOOK, callback=my_endpoint)
    revoke(tiktok_sandbox, sign_in(tiktok_sandbox, tiktok_target_users[0]))
    (attempt,) = tiktok_webhooks.deliver()  # POSTs to the registered callback URL
    assert attempt.succeeded
    (request,) = received
    assert isinstance(request.body, bytes)
    assert verify_signature(tiktok_sandbox.client_secret, request.headers["TikTok-Signature"], request.body)
    # --8<-- [end:url]


# --8<-- [start:no_product]
def test_no_webhooks_product_no_events(
    tiktok_sandbox: Sandbox, tiktok_target_users: list[Account], tiktok_webhooks: WebhookOutbox
) -> None:
    revoke(tiktok_sandbox, sign_in(tiktok_sandbox, tiktok_target_users[0]))
    assert tiktok_webhooks.events == []
    # --8<-- [end:no_product]


@pytest.mark.tiktok_sandbox(webhook_callback_url=HOOK)
def test_signatures_after_time_travel(
    tiktok_sandbox: Sandbox, tiktok_target_users: list[Account], tiktok_webhooks: WebhookOutbox, tiktok_clock: Clock
) -> None:
    revoke(tiktok_sandbox, sign_in(tiktok_sandbox, tiktok_target_users[0]))
    tiktok_clock.advance(hours=2)
    handler = MyWebhookHandler(tiktok_sandbox.client_secret)
    (late,) = tiktok_webhooks.deliver(handler)
    assert late.status == 401  # signed two hours "in the future" for the wall clock
    (now,) = tiktok_webhooks.deliver(handler, timestamp=int(time.time()))
    assert now.succeeded
    (event,) = tiktok_webhooks.events
    delivery = tiktok_webhooks.delivery(event)
    assert verify_signature(
        tiktok_sandbox.client_secret, delivery.headers["TikTok-Signature"], delivery.body, now=tiktok_clock.now()
    )


def test_a_handler_that_raises_is_a_failed_delivery() -> None:
    with TikTokSandbox(webhook_callback_url=HOOK) as tt:
        revoke(tt.sandbox, sign_in(tt.sandbox, tt.target_users[0]))
        outbox = WebhookOutbox(tt.portal)

        def broken(delivery: WebhookDelivery) -> int:
            raise RuntimeError("bug")

        (attempt,) = outbox.deliver(broken)
        assert isinstance(attempt.error, RuntimeError) and len(outbox.pending) == 1
        assert len(outbox.attempts) == 1
