"""What a failing test's report shows of the fake: the seed and the calls made.

Tokens, codes and secrets are never printed: each call shows its method, host, path, status
and TikTok's error code (no query string, header or body), and a crash inside the fake adds
its traceback.
"""

from __future__ import annotations

import traceback
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .mock import TikTokMock


def describe_calls(mock: TikTokMock, session_seed: int, test_seed: int | None) -> str:
    lines = [f"seed: {session_seed} (replay with --tiktok-seed={session_seed}); this test's data seed: {test_seed}"]
    calls = list(mock.calls)
    if not calls:
        lines.append("no calls to TikTok were made")
    else:
        lines.append(f"{len(calls)} call(s) to TikTok:")
        for index, call in enumerate(calls, 1):
            lines.append(f"  {index}. {call}")
            if call.exception is not None:
                trace = "".join(traceback.format_exception(call.exception))
                lines.extend("     " + line for line in trace.rstrip().splitlines())
    # A path with a lone surrogate (urllib passes the URL as given) must not break the terminal.
    return "\n".join(lines).encode("utf-8", "backslashreplace").decode("utf-8")
