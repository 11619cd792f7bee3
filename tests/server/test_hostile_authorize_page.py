"""The live authorize page against a person who switches accounts in another tab, replays an old
form, or logs in as an account that cannot authorize: nothing is authorized for an account the
page did not show, and nobody is stuck on an error page."""

from __future__ import annotations

import pytest
from live_helpers import CALLBACK, PageClient, error_type, exchange, hidden_fields, redirect_query

from pytest_tiktok_sandbox import Account, Portal, Sandbox
from pytest_tiktok_sandbox.mock import TikTokMock
from pytest_tiktok_sandbox.server import LiveServer

pytestmark = pytest.mark.tiktok_sandbox(target_users=2)


@pytest.fixture
def url(tiktok_server: LiveServer, tiktok_sandbox: Sandbox) -> str:
    return tiktok_server.authorize_url(tiktok_sandbox, "user.info.basic", CALLBACK, "tab-state")


def test_approving_a_page_shown_for_alice_after_switching_to_bob_authorizes_nobody(
    person: PageClient, url: str, tiktok_target_users: list[Account], tiktok_api: TikTokMock, tiktok_sandbox: Sandbox
) -> None:
    alice, bob = tiktok_target_users
    alices_page = person.log_in(url, alice)  # tab 1: alice's consent page stays open
    assert f'data-open-id="{alice.open_id}"' in alices_page.text
    person.answer(url, "switch")  # tab 2, same browser: switch to bob
    assert f'data-open-id="{bob.open_id}"' in person.log_in(url, bob).text

    stale = person.answer(url, page=alices_page)  # back in tab 1: "Authorize"
    assert stale.status_code == 200 and "Location" not in stale.headers
    assert tiktok_api.calls[-1].error_code == "session_changed"
    assert 'role="alert"' in stale.text and f"@{alice.username}" in stale.text and f"@{bob.username}" in stale.text
    assert 'id="consent"' in stale.text and f'data-open-id="{bob.open_id}"' in stale.text  # bob's own page now
    assert not any(c.status == 302 for c in tiktok_api.calls)  # no code, no redirect for anyone
    declined = person.answer(url, "decline", page=alices_page)  # declining on alice's behalf neither
    assert declined.status_code == 200 and tiktok_api.calls[-1].error_code == "session_changed"

    code = redirect_query(person.answer(url, page=stale))["code"]  # bob's page, approved: bob
    assert exchange(person.server, tiktok_sandbox, code)["open_id"] == bob.open_id


def test_a_page_from_an_earlier_session_of_the_same_account_is_refused(
    person: PageClient, url: str, tiktok_target_users: list[Account], tiktok_api: TikTokMock
) -> None:
    alice = tiktok_target_users[0]
    old = person.log_in(url, alice)
    person.answer(url, "switch")
    person.log_in(url, alice)  # a new session: the old page's form is no longer valid
    refused = person.answer(url, page=old)
    assert "Location" not in refused.headers and tiktok_api.calls[-1].error_code == "session_changed"
    assert redirect_query(person.answer(url, page=refused))["state"] == "tab-state"


def test_a_consent_post_without_the_forms_binding_is_refused(
    person: PageClient, url: str, tiktok_target_users: list[Account], tiktok_api: TikTokMock
) -> None:
    page = person.log_in(url, tiktok_target_users[0])
    fields = hidden_fields(page.text)
    assert set(fields) >= {"open_id", "form_token"} and fields["open_id"] == tiktok_target_users[0].open_id
    for forged in ({}, {"open_id": fields["open_id"]}, {**fields, "form_token": "guessed"}):
        response = person.session.post(url, data={"action": "approve", **forged}, allow_redirects=False, timeout=10)
        assert "Location" not in response.headers and tiktok_api.calls[-1].error_code == "session_changed"
    assert fields["form_token"] not in str(tiktok_api.calls[-1].response.headers)


# -- an account that cannot authorize this request ---------------------------------------------------
def test_an_account_that_is_not_a_target_user_is_offered_the_login_form_again(
    person: PageClient, url: str, tiktok_portal: Portal, tiktok_target_users: list[Account]
) -> None:
    stranger = tiktok_portal.create_account(is_private=True, username="stranger")
    page = person.log_in(url, stranger)
    assert error_type(page) == "client_key"  # TikTok's error page, as before
    assert 'id="switch"' in page.text and 'name="action" value="switch"' in page.text
    assert error_type(person.open(url)) == "client_key" and 'id="switch"' in person.open(url).text  # a reload

    login = person.answer(url, "switch")  # "Log in with another account"
    assert 'id="login"' in login.text and "Max-Age=0" in login.headers["Set-Cookie"]
    assert 'id="consent"' in person.log_in(url, tiktok_target_users[0]).text
    assert redirect_query(person.answer(url))["state"] == "tab-state"


def test_a_refusal_that_is_not_about_the_account_offers_no_switch(
    person: PageClient, tiktok_server: LiveServer, tiktok_sandbox: Sandbox
) -> None:
    page = person.open(tiktok_server.authorize_url(tiktok_sandbox, "user.info.basic", "https://evil.example/cb"))
    assert error_type(page) == "redirect_uri" and 'id="switch"' not in page.text
