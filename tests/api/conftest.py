"""Fixtures of the Login Kit tests: a backend bound to the sandbox's key, and a second sandbox."""

from __future__ import annotations

import pytest

from pytest_tiktok_sandbox import Account, App, Portal, Sandbox

from .login_kit_client import CALLBACK, LoginKitClient


@pytest.fixture
def login_kit(tiktok_sandbox: Sandbox) -> LoginKitClient:
    """A backend using ``tiktok_sandbox``'s client key and secret, with plain ``requests``."""
    return LoginKitClient(tiktok_sandbox.client_key, tiktok_sandbox.client_secret)


@pytest.fixture
def target_user(tiktok_target_users: list[Account]) -> Account:
    """The target user logged in to the authorize page (the marker's default)."""
    return tiktok_target_users[0]


@pytest.fixture
def other_sandbox(tiktok_app: App, tiktok_portal: Portal, tiktok_sandbox: Sandbox) -> Sandbox:
    """A second sandbox of the same app: Login Kit, the same web redirect URI, its own
    target user, its own client key and secret."""
    other = tiktok_app.create_sandbox("other")
    other.configure(products=["login_kit"], redirect_uris={"web": [CALLBACK]})
    account = tiktok_portal.create_account(is_private=True)
    other.add_target_user(account, account.password)
    return other


@pytest.fixture
def other_login_kit(other_sandbox: Sandbox) -> LoginKitClient:
    return LoginKitClient(other_sandbox.client_key, other_sandbox.client_secret)
