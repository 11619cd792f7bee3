"""Type-checked by CI (`mypy --strict tests/typing/public_names.py`), never run: what a user
writes must pass a strict type checker, every public name imported from the package."""

from __future__ import annotations

from pytest_tiktok_sandbox import (
    Account,
    ApiSettings,
    App,
    Portal,
    PortalRuleError,
    Sandbox,
    TikTokMock,
    TikTokSandbox,
    WebhookOutbox,
    verify_signature,
)
from pytest_tiktok_sandbox.errors import PostingRefused, SignInFailed


def a_users_test(tiktok_sandbox: Sandbox, tiktok_target_users: list[Account], tiktok_api: TikTokMock) -> None:
    tokens = tiktok_sandbox.sign_in(tiktok_target_users[0], scopes=["user.info.basic"])
    assert isinstance(tokens["access_token"], str)
    app: App = tiktok_sandbox.app
    portal: Portal = app.portal
    assert portal.clock.now() >= 0
    settings: ApiSettings = tiktok_api.settings
    assert settings.short_pages
    outbox: WebhookOutbox = WebhookOutbox(portal)
    assert not outbox.events
    assert not verify_signature("secret", "t=1,s=00", b"{}")
    with TikTokSandbox(target_users=1) as sandbox:
        assert sandbox.target_users
    errors: tuple[type[Exception], ...] = (PortalRuleError, PostingRefused, SignInFailed)
    assert errors
