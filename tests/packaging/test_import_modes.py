"""The tests import their helpers as packages, so they run under every import mode pytest has,
``--import-mode=importlib`` included (no helper imported by bare name through ``sys.path``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Files whose helpers used to be imported by bare name (``from login_kit_client import ...``,
# the example app's ``from app import create_app`` after a ``sys.path.insert``), and a
# conftest's fixtures.
FILES = [
    "tests/api/test_payloads.py",  # tests/api/login_kit_client.py
    "tests/api/test_upload.py",  # tests/api/posting_client.py, which imports login_kit_client
    "tests/portal/test_errors.py",  # tests/portal/conftest.py
    "docs/examples/tiktok_app/tests/test_example_sign_in.py",  # the example app's modules
]


@pytest.mark.parametrize("mode", ["importlib", "prepend"])
def test_the_tests_run_under_the_import_mode(mode: str) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "pytest", f"--import-mode={mode}", "-p", "no:cacheprovider", "-q", *FILES],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        check=False,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert " passed" in run.stdout and "error" not in run.stdout.lower(), run.stdout[-3000:]
