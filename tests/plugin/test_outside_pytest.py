"""``TikTokSandbox`` gives outside pytest what the fixtures give inside: the sandbox, its
target users, the call log, ``sign_in``, the webhook events, and ``LiveServer`` from the top
level."""

from __future__ import annotations

import pytest
import requests

import pytest_tiktok_sandbox
from pytest_tiktok_sandbox import TikTokSandbox, WebhookDelivery, WebhookOutbox, verify_signature

from ..fresh_interpreter import modules_after

HOOK = "https://example.com/hooks/tiktok"
REVOKE_URL = "https://open.tiktokapis.com/v2/oauth/revoke/"


def revoke(tt: TikTokSandbox, token: str) -> None:
    form = {"client_key": tt.sandbox.client_key, "client_secret": tt.sandbox.client_secret, "token": token}
    assert requests.post(REVOKE_URL, data=form, timeout=5).json() == {}


def test_tiktok_sandbox_gives_the_webhook_events() -> None:
    received: list[WebhookDelivery] = []
    with TikTokSandbox(webhook_callback_url=HOOK) as tt:
        assert isinstance(tt.webhooks, WebhookOutbox)
        assert tt.webhooks.events == []
        user = tt.target_users[0]
        revoke(tt, tt.sandbox.sign_in(user)["access_token"])
        (event,) = tt.webhooks.events
        assert (event.event, event.user_openid, event.callback_url) == ("authorization.removed", user.open_id, HOOK)
        assert tt.webhooks is tt.webhooks, "one outbox: what was delivered stays delivered"
        (attempt,) = tt.webhooks.deliver(lambda delivery: received.append(delivery))
        assert attempt.succeeded
        assert tt.webhooks.pending == []
        (delivery,) = received
        assert delivery.content == {"reason": 5}
        now = tt.clock.now()
        assert verify_signature(tt.sandbox.client_secret, delivery.headers["TikTok-Signature"], delivery.body, now=now)


def test_each_start_has_its_own_outbox() -> None:
    tt = TikTokSandbox(webhook_callback_url=HOOK)
    with tt:
        revoke(tt, tt.sandbox.sign_in(tt.target_users[0])["access_token"])
        first = tt.webhooks
        assert len(first.events) == 1
    with pytest.raises(RuntimeError, match="not started"):
        _ = tt.webhooks
    with tt:
        assert tt.webhooks is not first
        assert tt.webhooks.events == [], "a new portal, no events yet"


def test_live_server_is_importable_from_the_top_level() -> None:
    from pytest_tiktok_sandbox import LiveServer
    from pytest_tiktok_sandbox.server import LiveServer as Defined

    assert LiveServer is Defined
    assert pytest_tiktok_sandbox.LiveServer is Defined


def test_a_default_tiktoksandbox_loads_no_pydantic() -> None:
    """``from pytest_tiktok_sandbox import TikTokSandbox`` went through the old ``environment``
    module, which loads the spec's pydantic models (~60 ms) even for ``TikTokSandbox()``."""
    code = "from pytest_tiktok_sandbox import TikTokSandbox\nwith TikTokSandbox() as tt:\n    assert tt.target_users\n"
    loaded = modules_after(code)
    assert [m for m in loaded if m.startswith("pydantic") or m.endswith(".spec")] == []


def test_the_shared_default_spec_cannot_be_changed_and_spec_reads_as_before() -> None:
    """Every default sandbox of a session shares ``DEFAULT_SPEC``: a change to it would leak
    into all later ones. ``TikTokSandbox().spec`` is still the checked ``SandboxSpec()``."""
    from pytest_tiktok_sandbox import SandboxSpec, TikTokSandbox
    from pytest_tiktok_sandbox.spec_defaults import DEFAULT_SPEC

    with pytest.raises(TypeError):
        DEFAULT_SPEC.redirect_uris["web"] = ("https://evil.example/cb",)  # type: ignore[index]
    with TikTokSandbox(seed=7) as first:
        assert first.spec == SandboxSpec()
        assert first.sandbox.config.redirect_uris == {"web": ("https://example.com/auth/tiktok/callback",)}
