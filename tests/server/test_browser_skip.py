"""Without a Chromium the browser tests skip, and say so: the reason names the install commands,
pytest's summary shows it, and the README's test section tells the same."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from browser_support import INSTALL

ROOT = Path(__file__).resolve().parents[2]
COMMANDS = re.findall(r"`([^`]+)`", INSTALL)


def test_without_chromium_the_summary_says_how_to_install_it(tmp_path: Path) -> None:
    # No chromium on PATH, no playwright download, no TIKTOK_SANDBOX_CHROMIUM.
    env = {k: v for k, v in os.environ.items() if k != "TIKTOK_SANDBOX_CHROMIUM"}
    env.update(PATH=str(tmp_path), PLAYWRIGHT_BROWSERS_PATH=str(tmp_path))
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "tests/server/test_browser.py"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    summary = [line for line in run.stdout.splitlines() if line.startswith("SKIPPED")]
    assert summary, run.stdout
    assert COMMANDS == ["sudo apt-get install chromium", "python -m playwright install chromium"]
    for command in COMMANDS:
        assert command in summary[0]
    assert "TIKTOK_SANDBOX_CHROMIUM" in summary[0]
    assert re.search(r"\d+ skipped", run.stdout)


def test_the_readme_test_section_tells_the_same() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[: readme.index("## A first test")]
    assert "browser tests" in section
    for command in [*COMMANDS, "TIKTOK_SANDBOX_CHROMIUM"]:
        assert command in section
