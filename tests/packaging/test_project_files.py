"""The project's own files tell the truth about it.

Until the package is on PyPI, every page that shows ``pip install pytest-tiktok-sandbox`` says
it is for later and shows an install that works today (a checkout or a git URL) beside it;
the changelog starts with the version being made; the license file is the declared license;
the repository address is one, in ``pyproject.toml`` and the README.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from packaging.version import Version

import pytest_tiktok_sandbox

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
PYPROJECT = (ROOT / "pyproject.toml").read_text(encoding="utf-8")

_CODE_BLOCK = re.compile(r"```(?:bash|sh|shell|console)\n(.*?)```", re.S)
# The package by name: what works once it is published (not a path, not a git URL).
_FROM_PYPI = re.compile(
    r"""pip install\s+(?:-U\s+|--upgrade\s+)?["']?pytest-tiktok-sandbox(?:\[[^\]]*\])?["']?(?=[\s`]|$)"""
)
# What works today: a checkout's folder (., ./x, /x, ~/x, $VAR) or a git URL.
_FROM_CHECKOUT = re.compile(r"""pip install\s+(?:-e\s+)?["']?(?:\.|/|~|\$|git\+)""")
_RELEASE = re.compile(r"^(\d+\.\d+\.\d+) - (\d{4}-\d{2}-\d{2})$")


def url(name: str) -> str:
    found = re.search(rf'^{name} = "([^"]+)"$', PYPROJECT, re.M)
    assert found, f"pyproject.toml has no {name} URL"
    return found.group(1)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_an_install_from_pypi_is_said_to_be_for_later(page: Path) -> None:
    lines = page.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        if _FROM_PYPI.search(line):
            said = line + (lines[number - 1] if number else "")
            assert "once" in said, f"{page.name}:{number + 1}: not on PyPI yet, say it is for later: {line}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_an_install_from_pypi_comes_with_one_that_works_today(page: Path) -> None:
    for block in _CODE_BLOCK.findall(page.read_text(encoding="utf-8")):
        if _FROM_PYPI.search(block):
            assert _FROM_CHECKOUT.search(block), f"{page.name}: no install from a checkout or git URL in:\n{block}"


def test_the_readme_says_the_package_is_not_on_pypi_yet() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    install = readme[readme.index("## Install") :]
    install = install[: install.index("\n## ", 1)]
    assert "not on PyPI yet" in install
    assert _FROM_CHECKOUT.search(install)
    assert "git+" in install
    assert "CHANGELOG.md" in install


def test_the_changelog_starts_with_the_version_being_made() -> None:
    headings = re.findall(r"^## (.+)$", (ROOT / "CHANGELOG.md").read_text(encoding="utf-8"), re.M)
    version = Version(pytest_tiktok_sandbox.__version__)
    if version.is_devrelease:
        assert headings[0] == "Unreleased", "a .dev version: its changes go under Unreleased"
        headings = headings[1:]
    else:
        assert headings[0].startswith(f"{version} - "), "a release: its section comes first"
    releases = []
    for heading in headings:
        release = _RELEASE.match(heading)
        assert release, f"a release heading is 'X.Y.Z - YYYY-MM-DD': {heading}"
        releases.append(Version(release.group(1)))
    assert releases == sorted(releases, reverse=True), "newest first"
    assert releases and releases[0] <= version


def test_the_license_file_is_the_declared_license() -> None:
    assert re.search(r'^license = "MIT"$', PYPROJECT, re.M)
    assert re.search(r'^license-files = \["LICENSE"\]$', PYPROJECT, re.M)
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License\n")


def test_the_repository_address_is_one() -> None:
    source = url("Source")
    assert url("Homepage") == source
    assert url("Issues") == f"{source}/issues"
    assert url("Changelog") == f"{source}/blob/main/CHANGELOG.md"
    assert source in (ROOT / "README.md").read_text(encoding="utf-8")
