"""The site builds (strict) from any folder, with its sitemap and the generated API reference."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONFIG = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")
MKDOCS = Path(sys.executable).with_name("mkdocs")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built with ``-f path/to/mkdocs.yml`` from a folder that is not the project's."""
    if not MKDOCS.exists() and shutil.which("mkdocs") is None:
        pytest.fail("mkdocs is not installed: pip install -e '.[docs]' (the dev extra brings it too)")
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    out = elsewhere / "site"
    command = [str(MKDOCS) if MKDOCS.exists() else "mkdocs", "build", "--strict", "-q"]
    built = subprocess.run(
        [*command, "-f", str(ROOT / "mkdocs.yml"), "--site-dir", str(out)],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=False,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin"},
    )
    assert built.returncode == 0, built.stderr
    return out


def test_the_site_builds_from_another_folder(site: Path) -> None:
    assert (site / "index.html").is_file()
    assert (site / "how-to" / "login-kit-web" / "index.html").is_file()


def test_the_sitemap_lists_the_pages_at_the_site_url(site: Path) -> None:
    site_url = re.search(r"^site_url: (\S+)$", CONFIG, re.MULTILINE)
    assert site_url, "mkdocs.yml has no site_url: the sitemap would be empty"
    locations = re.findall(r"<loc>([^<]*)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8"))
    assert f"{site_url.group(1)}how-to/login-kit-web/" in locations
    assert f"{site_url.group(1)}api/" in locations


@pytest.mark.parametrize(
    "member",
    [
        "Portal.signup",
        "Portal.create_account",
        "App.delete_sandbox",
        "App.mode",
        "App.submit_for_review",
        "App.pass_posting_audit",
        "Sandbox.add_target_user",
        "Sandbox.apply_changes",
        "Account",
        "TikTokSandbox",
        "ApiSettings.access_token_lifetime",
        "TikTokMock.fail",
        "WebhookOutbox.deliver",
        "LiveServer.url_for",
        "CallLog.to",
        "PortalRuleError",
        "AuthorizationRefused",
        "plugin.tiktok_sandbox",
    ],
)
def test_the_api_reference_is_generated_from_the_code(site: Path, member: str) -> None:
    page = (site / "api" / "index.html").read_text(encoding="utf-8")
    assert f'id="pytest_tiktok_sandbox.{member}"' in page


def test_the_api_reference_shows_no_sphinx_roles_or_includes(site: Path) -> None:
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert ":class:<code>" not in text and ":meth:<code>" not in text, page
        assert "--8&lt;--" not in text and "--8<--" not in text, page


def test_the_readme_says_to_install_the_docs_extra_before_serving() -> None:
    serve = README.index("mkdocs serve")
    before = README[max(0, serve - 600) : serve]
    assert "pip install -e '.[docs]'" in before
