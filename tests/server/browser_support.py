"""Which Chromium the browser tests drive, and what to do when there is none.

``TIKTOK_SANDBOX_CHROMIUM`` if set, else a ``chromium`` on ``PATH`` (Debian's, as ``.ci/run``
installs), else the one ``python -m playwright install chromium`` downloaded. Without any, the
browser tests are skipped with a reason that names the install commands (shown in pytest's
summary: ``-rs`` is in the project's ``addopts``).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

INSTALL = (
    "install one: `sudo apt-get install chromium` (Debian, Ubuntu), or `python -m playwright install chromium`,"
    " or point TIKTOK_SANDBOX_CHROMIUM at a Chromium or Chrome binary"
)


def find_chromium() -> tuple[str | None, str]:
    """The browser's executable, or ``None`` and why the browser tests are skipped."""
    explicit = os.environ.get("TIKTOK_SANDBOX_CHROMIUM")
    if explicit:
        return explicit, ""
    on_path = shutil.which("chromium") or shutil.which("chromium-browser")
    if on_path:
        return on_path, ""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None, "playwright is not installed (pip install -e '.[dev]'), nor chromium: " + INSTALL
    # Starts playwright's driver (about a second): paid only on machines without a chromium.
    with sync_playwright() as playwright:
        downloaded = playwright.chromium.executable_path
    if os.path.isfile(downloaded):
        return downloaded, ""
    return None, "no Chromium for the browser tests: " + INSTALL


CHROMIUM, NO_CHROMIUM = find_chromium()
"""Looked for once a session (without a system Chromium that starts playwright's driver)."""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """A headless Chromium for one module's browser tests (each makes its own pages). Module
    scope, not session: playwright's sync API keeps an event loop running while it is open,
    and the later modules' ``asyncio.run`` would meet it."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield chromium
        chromium.close()
