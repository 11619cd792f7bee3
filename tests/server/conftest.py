"""Fixtures of the live-server tests: a person's browser session, a loopback redirect URI."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
from browser_support import browser  # noqa: F401  (a headless Chromium for the browser tests)
from live_helpers import CallbackReceiver, PageClient

from pytest_tiktok_sandbox.server import LiveServer


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "browser: drives a real headless Chromium (skipped only when no chromium is installed)"
    )


@pytest.fixture
def http() -> Iterator[requests.Session]:
    """A ``requests`` session, closed after the test."""
    with requests.Session() as session:
        yield session


@pytest.fixture
def person(tiktok_server: LiveServer) -> Iterator[PageClient]:
    """Someone at the live authorize page (their own cookie jar)."""
    client = PageClient(tiktok_server)
    yield client
    client.close()


@pytest.fixture
def receiver() -> Iterator[CallbackReceiver]:
    """A loopback app standing for the redirect URI (register ``http://127.0.0.1:*/callback``)."""
    with CallbackReceiver().running() as running:
        yield running
