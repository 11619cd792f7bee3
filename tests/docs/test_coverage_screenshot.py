"""The HTML coverage report in a real headless Chromium: it renders its matrix with no network,
and the screenshot in docs/how-to/coverage.md is taken here.

``TIKTOK_SANDBOX_UPDATE_DOCS=1 pytest tests/docs/test_coverage_screenshot.py`` rewrites
docs/img/coverage.png; otherwise the screenshot goes to a temporary folder.
"""

from __future__ import annotations

import os
import shutil
import struct
from pathlib import Path

import pytest

from pytest_tiktok_sandbox.outcomes import CATALOGUE, ENDPOINTS

pytest_plugins = ["pytester"]

CHROMIUM = os.environ.get("TIKTOK_SANDBOX_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
ROOT = Path(__file__).parents[2]
SUITE = ROOT / "tests" / "docs" / "examples" / "test_howto_coverage.py"
SCREENSHOT = ROOT / "docs" / "img" / "coverage.png"

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium installed (apt-get install chromium; .ci/run installs it)"
)


def test_the_html_report_renders_its_matrix_offline(pytester: pytest.Pytester, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    pytester.makepyfile(test_sign_in=SUITE.read_text())
    pytester.runpytest("-p", "no:cacheprovider", "--tiktok-coverage-html=coverage.html").assert_outcomes(passed=3)
    report = pytester.path / "coverage.html"
    fetched: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 900, "height": 760})
        page.on("request", lambda request: fetched.append(request.url))
        page.goto(report.as_uri())
        assert page.locator("#matrix thead th.ep").count() == len(ENDPOINTS)
        assert page.locator("#matrix tbody tr").count() == len({o.name for o in CATALOGUE})
        assert page.locator("#matrix td.met").count() == 6
        assert page.locator("#matrix td a").count() == len(CATALOGUE)
        assert page.locator("h1").inner_text() == "TikTok behaviour coverage"
        box = page.locator("#matrix").bounding_box()
        assert box is not None and box["width"] > 500  # laid out as a matrix, not collapsed
        png = page.screenshot(clip={"x": 0, "y": 0, "width": 900, "height": 760})
        browser.close()
    assert fetched == [report.as_uri()]  # self-contained: nothing else was fetched
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", png[16:24]) == (900, 760)
    target = SCREENSHOT if os.environ.get("TIKTOK_SANDBOX_UPDATE_DOCS") == "1" else tmp_path / "coverage.png"
    target.write_bytes(png)
    assert SCREENSHOT.exists() and struct.unpack(">II", SCREENSHOT.read_bytes()[16:24]) == (900, 760)
