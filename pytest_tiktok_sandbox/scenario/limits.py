"""The bounds of a scenario file, and the refusal of a file that breaks one while it is read
(before its schema is checked): where and why."""

from __future__ import annotations

from ..spec import field_path
from .schema import Loc, ScenarioIssue

MAX_SCENARIO_BYTES = 64 * 1024
"""A scenario file larger than this is refused before it is parsed (a real one is a few KiB;
PyYAML reads some 50 to 100 KiB a second)."""
MAX_SCENARIO_DEPTH = 32
"""How deeply values may nest (a real scenario nests 8 levels), aliases counted."""
MAX_SCENARIO_VALUES = 50_000
"""How many values a scenario may hold once YAML aliases are expanded ("billion laughs")."""
MAX_INTEGER_DIGITS = 40
"""An integer written with more characters is refused (Python refuses to read 4 300 digits)."""


class Refused(Exception):
    """A file refused while reading it (before the schema): where and why."""

    def __init__(self, message: str, line: int | None, loc: Loc = ()) -> None:
        super().__init__(message)
        self.issue = ScenarioIssue(field_path(loc), message, line)


def deeper() -> str:
    return f"nested deeper than {MAX_SCENARIO_DEPTH} levels (aliases counted)"


def too_big() -> str:
    return f"the file is larger than {MAX_SCENARIO_BYTES} bytes"


def too_long() -> str:
    return f"an integer of more than {MAX_INTEGER_DIGITS} digits"


def too_many() -> str:
    return f"more than {MAX_SCENARIO_VALUES} values, aliases expanded (an alias repeats all that it names)"
