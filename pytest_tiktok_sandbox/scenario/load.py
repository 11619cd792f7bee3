"""Reading scenario files: YAML or JSON text, bounded, to a checked :class:`Scenario`
with the line of each field.

One parse per file: YAML is composed once (``yaml_reader.py``: the node graph is checked for
alias loops, duplicate keys and its bounds, then constructed and indexed for lines); JSON is
scanned once for its lines, depth and duplicate keys, then parsed (``json_reader.py``). A
hostile file is refused quickly (the bounds are ``limits.py``'s): over
``MAX_SCENARIO_BYTES``, nested deeper than ``MAX_SCENARIO_DEPTH``, more than
``MAX_SCENARIO_VALUES`` values once YAML aliases are expanded, an alias loop, a duplicate
key, an integer of more than ``MAX_INTEGER_DIGITS`` digits. YAML needs PyYAML
(the ``server`` extra); JSON needs nothing.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from ..portal.products import MAX_TARGET_USERS_PER_SANDBOX
from ..spec import SandboxSettings, TargetUserSpec, did_you_mean, field_path, real_loc, shown_input
from .json_reader import read_json
from .limits import (
    MAX_INTEGER_DIGITS as MAX_INTEGER_DIGITS,  # the bounds import from here too
    MAX_SCENARIO_BYTES,
    MAX_SCENARIO_DEPTH as MAX_SCENARIO_DEPTH,
    MAX_SCENARIO_VALUES as MAX_SCENARIO_VALUES,
    Refused,
    too_big,
)
from .schema import AppModel, Loc, Scenario, ScenarioError, ScenarioIssue
from .yaml_reader import read_yaml

MAX_LISTED_ISSUES = 20
"""How many problems a refusal lists (the rest are counted)."""


def load_scenario(path: str | Path) -> Scenario:
    """Read and check a scenario file (``.json`` as JSON, anything else as YAML)."""
    path = Path(path)
    try:
        # Opened without blocking and checked before reading: a FIFO would wait for a writer
        # forever, a device (/dev/zero, a terminal) is no file to read a scenario from.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        try:
            if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                raise ScenarioError(str(path), [ScenarioIssue("", "cannot read the file: not a regular file")])
            raw = b""
            while len(raw) <= MAX_SCENARIO_BYTES:  # a read may return less than asked
                chunk = os.read(descriptor, MAX_SCENARIO_BYTES + 1 - len(raw))
                if not chunk:
                    break
                raw += chunk
        finally:
            os.close(descriptor)
        if len(raw) > MAX_SCENARIO_BYTES:
            raise ScenarioError(str(path), [ScenarioIssue("", too_big())])
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ScenarioError(str(path), [ScenarioIssue("", f"cannot read the file: {error}")]) from None
    kind: Literal["json", "yaml"] = "json" if path.suffix.lower() == ".json" else "yaml"
    return parse_scenario(text, kind, source=str(path))


def parse_scenario(text: str, kind: Literal["yaml", "json"] = "yaml", *, source: str = "<scenario>") -> Scenario:
    """Check a scenario given as text. Files larger than ``MAX_SCENARIO_BYTES``, nested
    deeper than ``MAX_SCENARIO_DEPTH``, holding more than ``MAX_SCENARIO_VALUES`` values
    (YAML aliases expanded), with an alias loop or a duplicate key are refused."""
    lines: dict[Loc, int] = {}
    try:
        if len(text) > MAX_SCENARIO_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_SCENARIO_BYTES:
            raise Refused(too_big(), None)
        if kind == "json":
            data, lines = read_json(text)
        else:
            data, lines = read_yaml(text, source)
    except Refused as refusal:
        raise ScenarioError(source, [refusal.issue]) from None
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        raise ScenarioError(source, [ScenarioIssue("", "a scenario is a mapping (apps:, seed:…)", lines.get(()))])
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as error:
        issues = []
        for issue in error.errors()[:MAX_LISTED_ISSUES]:
            loc = real_loc(issue["loc"])
            line = next((lines[loc[:n]] for n in range(len(loc), -1, -1) if loc[:n] in lines), None)
            issues.append(ScenarioIssue(field_path(loc), _message(issue), line))
        raise ScenarioError(source, issues, more=error.error_count() - len(issues)) from None
    scenario._source = source
    scenario._lines = lines
    return scenario


def _fields_at(loc: Loc) -> list[str]:
    """The fields of the model at ``loc`` (a scenario, an app, a sandbox or a target user)."""
    models: dict[int, type[BaseModel]] = {0: Scenario, 2: AppModel, 4: SandboxSettings, 6: TargetUserSpec}
    return list(models.get(len(loc), Scenario).model_fields)


def _message(issue: Any) -> str:
    message = str(issue["msg"])
    if issue["type"] == "extra_forbidden":
        loc = real_loc(issue["loc"])
        return "unknown field" + did_you_mean(str(loc[-1]), _fields_at(loc[:-1]))
    if issue["loc"] and issue["loc"][-1] == "count" and issue["type"].startswith("int"):
        limit = MAX_TARGET_USERS_PER_SANDBOX
        return f"a number of target users (0 to {limit}) or a list of accounts, got {issue['input']!r}"
    if issue["type"] in ("literal_error", "enum") or issue["type"].endswith(("_type", "_parsing")):
        return f"{message}, got {shown_input(issue)}"
    return message.removeprefix("Value error, ")


def scenario_for_marker(args: tuple[Any, ...], kwargs: Mapping[str, Any], base: Path) -> Scenario:
    """The scenario of ``@pytest.mark.tiktok_scenario(path)`` (a relative path is read
    from ``base``, the test file's folder): :class:`TypeError` for other arguments."""
    if len(args) != 1 or kwargs or not isinstance(args[0], (str, Path)):
        raise TypeError(f"takes one path, got args={args!r} kwargs={dict(kwargs)!r}")
    path = Path(args[0])
    return load_scenario(path if path.is_absolute() else base / path)
