"""What a failing test's report shows of the fake: the seed and the calls made.

Tokens, codes and secrets are never printed: each call shows its method, host, path, status
and TikTok's error code (no query string, header or body), and a crash inside the fake adds
its traceback. Hints follow for the mistakes users most often make (a code exchanged while
still percent-encoded); they are the plugin's words, never part of TikTok's answer.
"""

from __future__ import annotations

import re
import traceback
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

if TYPE_CHECKING:
    from .api.service import Call
    from .mock import TikTokMock

_TOKEN_PATH = "/v2/oauth/token/"
_PERCENT_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")


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
    lines.extend(_hints(calls))
    # A path with a lone surrogate (urllib passes the URL as given) must not break the terminal.
    return "\n".join(lines).encode("utf-8", "backslashreplace").decode("utf-8")


def _hints(calls: list[Call]) -> list[str]:
    """What the calls suggest the user got wrong (the code or token itself is never shown)."""
    encoded = [
        str(index)
        for index, call in enumerate(calls, 1)
        if call.path == _TOKEN_PATH and call.error_code == "invalid_grant" and _sent_percent_encoded_code(call)
    ]
    if not encoded:
        return []
    which = "call " + encoded[0] if len(encoded) == 1 else "calls " + ", ".join(encoded)
    return [
        f"hint: {which} exchanged a code that is still percent-encoded (it holds %XX escapes such as %2A "
        "or %21), which TikTok refuses with invalid_grant: decode the code from the redirect URL first "
        "(urllib.parse.parse_qs or unquote), then send it once, form-encoded."
    ]


def _sent_percent_encoded_code(call: Call) -> bool:
    if b"code" not in call.request.body:  # the common case: no parsing
        return False
    try:
        form = parse_qs(call.request.body.decode("utf-8"), keep_blank_values=True)
    except (UnicodeDecodeError, ValueError):
        return False
    return form.get("grant_type") == ["authorization_code"] and any(
        _PERCENT_ESCAPE.search(c) for c in form.get("code", [])
    )
