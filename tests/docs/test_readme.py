"""The README's code runs: its first test through pytest, its other samples as scripts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

README = (Path(__file__).parents[2] / "README.md").read_text()
BLOCKS = re.findall(r"```python\n(.*?)```", README, re.S)


def test_the_readme_has_its_samples() -> None:
    assert len(BLOCKS) >= 4


def test_the_first_test_passes(pytester: pytest.Pytester) -> None:
    first = BLOCKS[0]
    assert "def test_" in first
    pytester.makepyfile(test_readme_first=first)
    pytester.runpytest("-p", "no:cacheprovider", "-p", "no:randomly").assert_outcomes(passed=1)


@pytest.mark.parametrize("block", [b for b in BLOCKS if "def test_" not in b and "@pytest.mark" not in b])
def test_the_other_samples_run(block: str) -> None:
    exec(compile(block, "README.md", "exec"), {})
