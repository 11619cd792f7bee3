"""Shared fixtures for the portal model's unit tests: a seeded portal on a frozen clock."""

from __future__ import annotations

import datetime as dt

import pytest

from pytest_tiktok_sandbox import Account, App, Clock, Developer, Portal, Sandbox

START = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)
PASSWORD = "correct horse battery staple"


@pytest.fixture
def portal() -> Portal:
    return Portal(seed=1234, clock=Clock(START, frozen=True))


@pytest.fixture
def developer(portal: Portal) -> Developer:
    return portal.signup("dev@example.com")


@pytest.fixture
def app(portal: Portal, developer: Developer) -> App:
    return portal.create_app(developer, "My app")


@pytest.fixture
def sandbox(app: App) -> Sandbox:
    app.mode = "sandbox"
    return app.create_sandbox("dev")


@pytest.fixture
def account(portal: Portal) -> Account:
    return portal.create_account(password=PASSWORD)
