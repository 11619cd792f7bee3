"""A real headless Chromium at the live authorize page: a person picks a target user, logs in,
approves or declines, and lands on the app's redirect URI (a loopback receiver).

Uses Debian's chromium through playwright (``.ci/run`` installs it, so CI runs these), or
another Chromium (``browser_support``). Skipped only when there is none, with a reason naming
the install commands.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from browser_support import CHROMIUM, NO_CHROMIUM
from live_helpers import DESKTOP_CALLBACK, CallbackReceiver, exchange, pkce_pair, png_facts

from pytest_tiktok_sandbox import Account, Portal, Sandbox
from pytest_tiktok_sandbox.server import LiveServer

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM),
    pytest.mark.tiktok_sandbox(
        app_name="Clip Uploader",
        target_users=2,
        redirect_uris={"desktop": [DESKTOP_CALLBACK]},
        scopes=["user.info.basic", "user.info.profile", "video.list"],
    ),
]
SCOPES = "user.info.basic,user.info.profile,video.list"


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 800, "height": 900})
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def pkce() -> tuple[str, str]:
    return pkce_pair()


@pytest.fixture
def url(tiktok_server: LiveServer, tiktok_sandbox: Sandbox, receiver: CallbackReceiver, pkce) -> str:
    return tiktok_server.authorize_url(
        tiktok_sandbox, SCOPES, receiver.url, "browser-state", code_challenge=pkce[1], code_challenge_method="S256"
    )


def log_in(page: Any, account: Account, password: str | None = None, *, pick: bool = True) -> None:
    if pick:
        page.check(f'input[name="username"][value="{account.username}"]')
    else:
        page.check('input[name="username"][value=""]')
        page.fill('input[name="other_username"]', account.username)
    page.fill('input[name="password"]', account.password if password is None else password)
    page.click('button:has-text("Log in")')


def test_a_person_logs_in_approves_and_the_app_gets_a_working_code(
    page: Any,
    url: str,
    pkce: tuple[str, str],
    receiver: CallbackReceiver,
    tiktok_server: LiveServer,
    tiktok_sandbox: Sandbox,
    tiktok_target_users: list[Account],
) -> None:
    user = tiktok_target_users[1]  # not the default choice: really pick one
    page.goto(url)
    assert page.title() == "Log in | TikTok"
    assert page.inner_text("h1") == "Log in to Clip Uploader"
    assert page.locator("ul.scopes li").count() == 3
    log_in(page, user)

    page.wait_for_selector("#consent")
    assert user.display_name in page.inner_text("main")
    page.uncheck('input[name="scope"][value="video.list"]')
    page.click('button:has-text("Authorize")')
    page.wait_for_url(lambda current: current.startswith(receiver.url))
    assert page.inner_text("#result") == "signed in"

    (query,) = receiver.queries
    assert query["state"] == "browser-state" and query["scopes"] == "user.info.basic,user.info.profile"
    tokens = exchange(tiktok_server, tiktok_sandbox, query["code"], receiver.url, code_verifier=pkce[0])
    assert tokens["open_id"] == user.open_id
    info = requests.get(
        tiktok_server.url + "/v2/user/info/?fields=username",
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
        timeout=10,
    ).json()
    assert info["data"]["user"] == {"username": user.username}


def test_a_person_declines(page: Any, url: str, receiver: CallbackReceiver, tiktok_target_users: list[Account]) -> None:
    page.goto(url)
    log_in(page, tiktok_target_users[0])
    page.click('button:has-text("Cancel")')
    page.wait_for_url(lambda current: current.startswith(receiver.url))
    assert page.inner_text("#result") == "denied"
    (query,) = receiver.queries
    assert query["error"] == "access_denied" and query["state"] == "browser-state" and "code" not in query


def test_a_wrong_password_then_an_account_that_is_not_a_target_user(
    page: Any, url: str, receiver: CallbackReceiver, tiktok_target_users: list[Account], tiktok_portal: Portal
) -> None:
    page.goto(url)
    log_in(page, tiktok_target_users[0], "wrong-password")
    assert page.inner_text('[role="alert"]') == "Incorrect username or password."
    assert page.locator("#login").count() == 1

    stranger = tiktok_portal.create_account(is_private=True)
    log_in(page, stranger, pick=False)
    assert page.inner_text("h1") == "We couldn't log in with TikTok"
    assert page.get_attribute("li[data-error-type]", "data-error-type") == "client_key"
    assert receiver.queries == []

    page.click('button:has-text("Log in with another account")')  # not stuck on the error page
    page.wait_for_selector("#login")
    log_in(page, tiktok_target_users[1])
    page.wait_for_selector("#consent")
    page.click('button:has-text("Authorize")')
    page.wait_for_url(lambda current: current.startswith(receiver.url))
    assert page.inner_text("#result") == "signed in"


def test_authorizing_a_tab_shown_for_alice_after_switching_to_bob_in_another_tab(
    page: Any,
    url: str,
    pkce: tuple[str, str],
    receiver: CallbackReceiver,
    tiktok_server: LiveServer,
    tiktok_sandbox: Sandbox,
    tiktok_target_users: list[Account],
) -> None:
    alice, bob = tiktok_target_users
    page.goto(url)
    log_in(page, alice)
    page.wait_for_selector("#consent")
    other_tab = page.context.new_page()  # same browser, same cookies
    other_tab.goto(url)
    assert alice.display_name in other_tab.inner_text("main")  # already logged in as alice
    other_tab.click('button:has-text("Switch account")')
    other_tab.wait_for_selector("#login")
    log_in(other_tab, bob)
    other_tab.wait_for_selector("#consent")

    page.click('button:has-text("Authorize")')  # alice's page, in the first tab
    page.wait_for_selector('[role="alert"]')
    assert f"@{alice.username}" in page.inner_text('[role="alert"]')
    assert bob.display_name in page.inner_text("main") and receiver.queries == []

    page.click('button:has-text("Authorize")')  # now knowingly as bob
    page.wait_for_url(lambda current: current.startswith(receiver.url))
    (query,) = receiver.queries
    tokens = exchange(tiktok_server, tiktok_sandbox, query["code"], receiver.url, code_verifier=pkce[0])
    assert tokens["open_id"] == bob.open_id


def test_the_page_renders(page: Any, url: str, tmp_path: Path, tiktok_target_users: list[Account]) -> None:
    page.goto(url)
    login = page.screenshot(full_page=True)
    log_in(page, tiktok_target_users[0])
    page.wait_for_selector("#consent")
    consent = page.screenshot(full_page=True)
    for name, png in (("login", login), ("consent", consent)):
        (tmp_path / f"{name}.png").write_bytes(png)
        width, height, colours = png_facts(png)
        assert width == 800 and 300 <= height <= 4000, (name, width, height)
        assert colours > 20, f"the {name} page looks blank"
        assert len(png) > 5_000
