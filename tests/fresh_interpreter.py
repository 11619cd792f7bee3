"""What a fresh Python process imports: for the tests that pin what the package does *not*
load (pydantic, the portal, the HTTP layer), which an already warm test process cannot show."""

from __future__ import annotations

import json
import subprocess
import sys


def modules_after(code: str) -> list[str]:
    """The names in ``sys.modules`` of a fresh interpreter once it has run ``code``, sorted
    (``code`` may print; the list is read from the last line)."""
    script = code + "\nimport json as _json, sys as _sys\nprint(_json.dumps(sorted(_sys.modules)))\n"
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 0, run.stderr
    return list(json.loads(run.stdout.strip().splitlines()[-1]))
