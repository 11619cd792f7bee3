"""Target users: credentials, terms, the limit of 10, removal and the display delay."""

from __future__ import annotations

import datetime as dt

import pytest

from pytest_tiktok_sandbox import (
    Account,
    App,
    Clock,
    DuplicateTargetUser,
    InvalidCredentials,
    NotATargetUser,
    Portal,
    Sandbox,
    TargetUser,
    TargetUserLimitExceeded,
    TermsNotAccepted,
)


def _accounts(portal: Portal, count: int) -> list[Account]:
    return [portal.create_account(password=f"password-{n}") for n in range(count)]


def test_a_target_user_is_added_with_the_accounts_own_password(
    portal: Portal, sandbox: Sandbox, account: Account
) -> None:
    added = sandbox.add_target_user(account, account.password)
    assert isinstance(added, TargetUser)
    assert added.account is account
    assert added.added_at == portal.clock.now()
    assert sandbox.all_target_users == [account]
    assert sandbox.target_users == [account], "no delay by default"
    assert sandbox.is_target_user(account)
    assert sandbox.may_authorize(account)


def test_a_wrong_password_is_refused(portal: Portal, sandbox: Sandbox, account: Account) -> None:
    other = portal.create_account(password="someone else's password")
    for wrong in ("", "wrong", account.password + "x", account.password.upper(), other.password):
        with pytest.raises(InvalidCredentials):
            sandbox.add_target_user(account, wrong)
    assert sandbox.all_target_users == []
    assert not sandbox.is_target_user(account)
    assert not sandbox.may_authorize(account)


def test_a_generated_password_works_too(portal: Portal, sandbox: Sandbox) -> None:
    account = portal.create_account()
    assert isinstance(account.password, str) and account.password
    sandbox.add_target_user(account, account.password)
    assert sandbox.all_target_users == [account]


def test_the_terms_must_be_accepted(sandbox: Sandbox, account: Account) -> None:
    with pytest.raises(TermsNotAccepted):
        sandbox.add_target_user(account, account.password, accept_terms=False)
    assert sandbox.all_target_users == []
    sandbox.add_target_user(account, account.password, accept_terms=True)
    assert sandbox.all_target_users == [account]


def test_an_account_is_added_once(sandbox: Sandbox, account: Account) -> None:
    sandbox.add_target_user(account, account.password)
    with pytest.raises(DuplicateTargetUser):
        sandbox.add_target_user(account, account.password)
    assert sandbox.all_target_users == [account]


def test_the_same_account_may_be_a_target_user_of_several_sandboxes(app: App, account: Account) -> None:
    first, second = app.create_sandbox("one"), app.create_sandbox("two")
    first.add_target_user(account, account.password)
    second.add_target_user(account, account.password)
    assert first.all_target_users == [account]
    assert second.all_target_users == [account]


def test_a_sandbox_has_at_most_ten_target_users(portal: Portal, sandbox: Sandbox) -> None:
    accounts = _accounts(portal, 11)
    for account in accounts[:10]:
        sandbox.add_target_user(account, account.password)
    assert sandbox.all_target_users == accounts[:10]
    eleventh = accounts[10]
    with pytest.raises(TargetUserLimitExceeded) as refused:
        sandbox.add_target_user(eleventh, eleventh.password)
    assert "at most 10" in str(refused.value)
    assert sandbox.all_target_users == accounts[:10]
    assert not sandbox.is_target_user(eleventh)


def test_the_limit_is_per_sandbox(portal: Portal, app: App) -> None:
    accounts = _accounts(portal, 10)
    first, second = app.create_sandbox("one"), app.create_sandbox("two")
    for account in accounts:
        first.add_target_user(account, account.password)
        second.add_target_user(account, account.password)
    assert len(first.all_target_users) == len(second.all_target_users) == 10


def test_removing_a_target_user(portal: Portal, sandbox: Sandbox) -> None:
    accounts = _accounts(portal, 11)
    for account in accounts[:10]:
        sandbox.add_target_user(account, account.password)
    sandbox.remove_target_user(accounts[3])
    assert accounts[3] not in sandbox.all_target_users
    assert accounts[3] not in sandbox.target_users
    assert not sandbox.is_target_user(accounts[3])
    assert not sandbox.may_authorize(accounts[3])
    assert len(sandbox.all_target_users) == 9
    sandbox.add_target_user(accounts[10], accounts[10].password)
    assert len(sandbox.all_target_users) == 10


def test_a_removed_target_user_can_be_added_again(sandbox: Sandbox, account: Account) -> None:
    sandbox.add_target_user(account, account.password)
    sandbox.remove_target_user(account)
    sandbox.add_target_user(account, account.password)
    assert sandbox.all_target_users == [account]


def test_removing_someone_who_is_not_a_target_user_is_refused(
    portal: Portal, sandbox: Sandbox, account: Account
) -> None:
    with pytest.raises(NotATargetUser):
        sandbox.remove_target_user(account)
    other = portal.create_account()
    sandbox.add_target_user(account, account.password)
    with pytest.raises(NotATargetUser):
        sandbox.remove_target_user(other)
    sandbox.remove_target_user(account)
    with pytest.raises(NotATargetUser):
        sandbox.remove_target_user(account)


def test_a_target_user_of_one_sandbox_is_not_one_of_another(app: App, account: Account) -> None:
    first, second = app.create_sandbox("one"), app.create_sandbox("two")
    first.add_target_user(account, account.password)
    assert not second.is_target_user(account)
    assert not second.may_authorize(account)
    with pytest.raises(NotATargetUser):
        second.remove_target_user(account)
    assert first.all_target_users == [account]


# -- the display delay -------------------------------------------------------------------------------
def test_target_users_show_only_after_the_delay() -> None:
    portal = Portal(target_user_delay=3600)
    app = portal.create_app(portal.signup("dev@example.com"), "App")
    sandbox = app.create_sandbox("dev")
    account = portal.create_account(password="pw")
    sandbox.add_target_user(account, "pw")
    assert sandbox.target_users == []
    assert sandbox.all_target_users == [account]
    assert sandbox.may_authorize(account), "a target user can authorize before showing"
    portal.clock.advance(3600)
    assert sandbox.target_users == [account]


def test_the_delay_boundary_on_a_frozen_clock() -> None:
    start = dt.datetime(2025, 6, 1, tzinfo=dt.timezone.utc)
    portal = Portal(clock=Clock(start, frozen=True), target_user_delay=3600)
    assert portal.target_user_delay == 3600.0
    app = portal.create_app(portal.signup("dev@example.com"), "App")
    sandbox = app.create_sandbox("dev")
    account = portal.create_account(password="pw")
    sandbox.add_target_user(account, "pw")
    portal.clock.advance(3599)
    assert sandbox.target_users == []
    portal.clock.advance(1)
    assert sandbox.target_users == [account]


def test_each_target_user_has_its_own_delay() -> None:
    portal = Portal(clock=Clock(0, frozen=True), target_user_delay=3600)
    sandbox = portal.create_app(portal.signup("dev@example.com"), "App").create_sandbox("dev")
    early, late = portal.create_account(password="a"), portal.create_account(password="b")
    sandbox.add_target_user(early, "a")
    portal.clock.advance(minutes=30)
    sandbox.add_target_user(late, "b")
    portal.clock.advance(minutes=30)
    assert sandbox.target_users == [early]
    assert sandbox.all_target_users == [early, late]
    portal.clock.advance(minutes=30)
    assert sandbox.target_users == [early, late]


def test_the_limit_counts_target_users_not_yet_shown() -> None:
    portal = Portal(clock=Clock(0, frozen=True), target_user_delay=3600)
    sandbox = portal.create_app(portal.signup("dev@example.com"), "App").create_sandbox("dev")
    accounts = _accounts(portal, 11)
    for account in accounts[:10]:
        sandbox.add_target_user(account, account.password)
    assert sandbox.target_users == []
    with pytest.raises(TargetUserLimitExceeded):
        sandbox.add_target_user(accounts[10], accounts[10].password)
    with pytest.raises(DuplicateTargetUser):
        sandbox.add_target_user(accounts[0], accounts[0].password)
