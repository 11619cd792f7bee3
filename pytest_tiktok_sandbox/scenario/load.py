"""Reading scenario files: YAML or JSON text, bounded, to a checked :class:`Scenario`
with the line of each field.

One parse per file: YAML is composed once (the node graph is checked for alias loops,
duplicate keys and its bounds, then constructed and indexed for lines); JSON is scanned once
for its lines, depth and duplicate keys, then parsed. A hostile file is refused quickly:
over :data:`MAX_SCENARIO_BYTES`, nested deeper than :data:`MAX_SCENARIO_DEPTH`, more than
:data:`MAX_SCENARIO_VALUES` values once YAML aliases are expanded, an alias loop, a
duplicate key, an integer of more than :data:`MAX_INTEGER_DIGITS` digits. YAML needs PyYAML
(the ``server`` extra); JSON needs nothing.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from ..portal.products import MAX_TARGET_USERS_PER_SANDBOX
from ..spec import SandboxSettings, TargetUserSpec, did_you_mean, field_path, real_loc, shown_input
from .schema import AppModel, Loc, Scenario, ScenarioError, ScenarioIssue

# -- reading files --------------------------------------------------------------------------------
MAX_SCENARIO_BYTES = 64 * 1024
"""A scenario file larger than this is refused before it is parsed (a real one is a few KiB;
PyYAML reads some 50 to 100 KiB a second)."""
MAX_SCENARIO_DEPTH = 32
"""How deeply values may nest (a real scenario nests 8 levels), aliases counted."""
MAX_SCENARIO_VALUES = 50_000
"""How many values a scenario may hold once YAML aliases are expanded ("billion laughs")."""
MAX_INTEGER_DIGITS = 40
"""An integer written with more characters is refused (Python refuses to read 4 300 digits)."""
MAX_LISTED_ISSUES = 20
"""How many problems a refusal lists (the rest are counted)."""


class _Refused(Exception):
    """A file refused while reading it (before the schema): where and why."""

    def __init__(self, message: str, line: int | None, loc: Loc = ()) -> None:
        super().__init__(message)
        self.issue = ScenarioIssue(field_path(loc), message, line)


def _deeper() -> str:
    return f"nested deeper than {MAX_SCENARIO_DEPTH} levels (aliases counted)"


def _too_big() -> str:
    return f"the file is larger than {MAX_SCENARIO_BYTES} bytes"


def _too_long() -> str:
    return f"an integer of more than {MAX_INTEGER_DIGITS} digits"


def _too_many() -> str:
    return f"more than {MAX_SCENARIO_VALUES} values, aliases expanded (an alias repeats all that it names)"


def load_scenario(path: str | Path) -> Scenario:
    """Read and check a scenario file (``.json`` as JSON, anything else as YAML)."""
    path = Path(path)
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_SCENARIO_BYTES + 1)
        if len(raw) > MAX_SCENARIO_BYTES:
            raise ScenarioError(str(path), [ScenarioIssue("", _too_big())])
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ScenarioError(str(path), [ScenarioIssue("", f"cannot read the file: {error}")]) from None
    kind: Literal["json", "yaml"] = "json" if path.suffix.lower() == ".json" else "yaml"
    return parse_scenario(text, kind, source=str(path))


def parse_scenario(text: str, kind: Literal["yaml", "json"] = "yaml", *, source: str = "<scenario>") -> Scenario:
    """Check a scenario given as text. Files larger than :data:`MAX_SCENARIO_BYTES`, nested
    deeper than :data:`MAX_SCENARIO_DEPTH`, holding more than :data:`MAX_SCENARIO_VALUES`
    values (YAML aliases expanded), with an alias loop or a duplicate key are refused."""
    lines: dict[Loc, int] = {}
    try:
        if len(text) > MAX_SCENARIO_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_SCENARIO_BYTES:
            raise _Refused(_too_big(), None)
        if kind == "json":
            data, lines = _read_json(text)
        else:
            data, lines = _read_yaml(text, source)
    except _Refused as refusal:
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


# -- JSON -----------------------------------------------------------------------------------------
_JSON_SPECIAL = re.compile(r'[\[\]{}:,\n"\\tfn0-9-]')


@dataclass
class _JsonLevel:
    """One open bracket of a JSON text: an object's keys (and their lines) or an array's index."""

    keys: dict[str, int] | None
    part: str | int | None


def _read_json(text: str) -> tuple[Any, dict[Loc, int]]:
    """JSON and the line of each field, refused when nested too deeply (checked before
    parsing: no RecursionError), with a duplicate key, or with too many values."""
    duplicate, lines = _scan_json(text)

    def integer(digits: str) -> int:
        if len(digits) > MAX_INTEGER_DIGITS:
            raise _Refused(_too_long(), text.count("\n", 0, text.find(digits)) + 1)
        return int(digits)

    try:
        data = json.loads(text, parse_int=integer) if text.strip() else {}
    except json.JSONDecodeError as error:
        raise _Refused(f"not valid JSON: {error.msg}", error.lineno) from None
    if duplicate is not None:
        raise duplicate
    _count_values(data)
    return data, lines


def _scan_json(text: str) -> tuple[_Refused | None, dict[Loc, int]]:
    """One pass over the JSON's strings, punctuation and the first character of other values:
    :class:`_Refused` raised at the first bracket nested too deeply (before ``json``
    recurses); the first duplicate key (reported only once the text is known to be JSON) and
    the line of each field and list item."""
    line = 1
    lines: dict[Loc, int] = {}
    levels: list[_JsonLevel] = []
    in_string = False
    start = skip = 0
    string: str | None = None  # the string just closed, while it may still be a key
    item = True  # a value starts next (the document, or an item of a list): note its line
    duplicate: _Refused | None = None
    for match in _JSON_SPECIAL.finditer(text):  # linear: each special character once
        at = match.start()
        char = text[at]
        if char == "\n":
            line += 1
            continue
        if at < skip:  # the character after a backslash
            continue
        if in_string:
            if char == "\\":
                skip = at + 2
            elif char == '"':
                in_string = False
                string = text[start : at + 1]
            continue
        if item and char not in ",]}:":
            lines.setdefault(_json_loc(levels), line)
            item = False
        if char == '"':
            in_string, start = True, at
            continue
        if char in "[{":
            if len(levels) >= MAX_SCENARIO_DEPTH:
                raise _Refused(_deeper(), line, _json_loc(levels)[:1])
            levels.append(_JsonLevel({}, None) if char == "{" else _JsonLevel(None, 0))
            item = char == "["
        elif char in "]}":
            if levels:
                levels.pop()
            item = False
        elif char == "," and levels and levels[-1].keys is None and isinstance(levels[-1].part, int):
            levels[-1].part += 1
            item = True
        elif char == ":" and string is not None and levels and (keys := levels[-1].keys) is not None:
            try:
                key = str(json.loads(string))
            except ValueError:
                key = string
            levels[-1].part = key
            lines.setdefault(_json_loc(levels), line)
            if key not in keys:
                keys[key] = line
            elif duplicate is None:
                first = keys[key]
                duplicate = _Refused(f"duplicate key (first on line {first})", line, _json_loc(levels))
        string = None
    return duplicate, lines


def _json_loc(levels: list[_JsonLevel]) -> Loc:
    return tuple(level.part for level in levels if level.part is not None)


def _count_values(data: Any) -> None:
    """:class:`_Refused` when ``data`` (known to nest shallowly) holds too many values."""
    count = 0
    pending = [data]
    while pending:
        value = pending.pop()
        count += 1
        if count > MAX_SCENARIO_VALUES:
            raise _Refused(_too_many(), None)
        if isinstance(value, dict):
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)


# -- YAML -----------------------------------------------------------------------------------------
def _read_yaml(text: str, source: str) -> tuple[Any, dict[Loc, int]]:
    try:
        import yaml
    except ImportError:  # pragma: no cover - the server extra brings it
        raise ScenarioError(
            source, [ScenarioIssue("", "reading YAML needs PyYAML: pip install 'pytest-tiktok-sandbox[server]'")]
        ) from None
    loader = _bounded_loader()(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            _check_graph(node, loader.aliases)
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        line = mark.line + 1 if mark is not None else None
        raise _Refused(f"not valid YAML: {problem}", line) from None
    finally:
        loader.dispose()
    lines: dict[Loc, int] = {}
    if node is not None:
        _index_lines(node, (), lines)
    return data, lines


@functools.cache
def _bounded_loader() -> Any:
    """PyYAML's safe loader, refusing to compose values nested deeper than the bound (its
    composer recurses) and remembering where each alias is used."""
    import yaml

    class BoundedLoader(yaml.SafeLoader):
        def __init__(self, stream: str) -> None:
            super().__init__(stream)
            self.depth = 0
            self.top_key: str | None = None
            self.aliases: dict[tuple[int, int], tuple[str, int]] = {}
            """(id of the parent node, index or id of the key node) -> the alias there and its line."""

        def compose_node(self, parent: Any, index: Any) -> Any:
            event: Any = self.peek_event()  # type: ignore[no-untyped-call]
            if self.depth == 1 and isinstance(index, yaml.ScalarNode):
                self.top_key = index.value
            line = int(event.start_mark.line) + 1
            if isinstance(event, yaml.AliasEvent) and parent is not None:
                slot = index if isinstance(index, int) else id(index)
                self.aliases[(id(parent), slot)] = (str(event.anchor), line)
            if self.depth >= MAX_SCENARIO_DEPTH:
                raise _Refused(_deeper(), line, (self.top_key,) if self.top_key else ())
            self.depth += 1
            try:
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1

    return BoundedLoader


_MERGE = "tag:yaml.org,2002:merge"
_INT = "tag:yaml.org,2002:int"


def _check_graph(root: Any, aliases: Mapping[tuple[int, int], tuple[str, int]]) -> None:
    """Refuse a composed YAML graph with an alias loop, a duplicate key, or more values or
    depth than the bounds once aliases are expanded. Linear in the file: each node is
    measured once (the values it expands to, its height), however often aliases repeat it."""
    import yaml

    measured: dict[int, tuple[int, int]] = {}
    open_nodes: set[int] = set()  # the nodes being measured: the path from the root

    def walk(node: Any, depth: int, loc: Loc) -> tuple[int, int]:
        known = measured.get(id(node))
        if known is None:
            if depth > MAX_SCENARIO_DEPTH:
                raise _Refused(_deeper(), node.start_mark.line + 1, loc[:1])
            open_nodes.add(id(node))
            count, height = 1, 0
            children: list[tuple[Any, int, Loc]] = []  # (child, its slot in ``aliases``, its location)
            if isinstance(node, yaml.MappingNode):
                seen: dict[tuple[str, str], int] = {}
                for key, value in node.value:
                    part = key.value if isinstance(key, yaml.ScalarNode) else None
                    if part is not None and key.tag != _MERGE:
                        line = key.start_mark.line + 1
                        if (key.tag, part) in seen:
                            first = seen[(key.tag, part)]
                            raise _Refused(f"duplicate key (first on line {first})", line, (*loc, part))
                        seen[(key.tag, part)] = line
                    children.append((key, -1, loc))
                    children.append((value, id(key), loc if part is None else (*loc, part)))
            elif isinstance(node, yaml.SequenceNode):
                children = [(item, index, (*loc, index)) for index, item in enumerate(node.value)]
            elif node.tag == _INT and len(node.value) > MAX_INTEGER_DIGITS:
                raise _Refused(_too_long(), node.start_mark.line + 1, loc)
            for child, slot, child_loc in children:
                if id(child) in open_nodes:
                    anchor, line = aliases.get((id(node), slot), ("", node.start_mark.line + 1))
                    raise _Refused(f"the alias *{anchor} refers to a value that contains it", line, child_loc)
                size, child_height = walk(child, depth + 1, child_loc)
                count += size
                height = max(height, child_height)
                if count > MAX_SCENARIO_VALUES:
                    raise _Refused(_too_many(), node.start_mark.line + 1, loc[:4])
            open_nodes.discard(id(node))
            known = measured[id(node)] = (count, height + 1)
        if depth - 1 + known[1] > MAX_SCENARIO_DEPTH:
            raise _Refused(_deeper(), node.start_mark.line + 1, loc[:1])
        return known

    walk(root, 1, ())


def _index_lines(node: Any, loc: Loc, lines: dict[Loc, int]) -> None:
    import yaml

    lines[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                child = (*loc, key.value)
                _index_lines(value, child, lines)
                lines[child] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _index_lines(item, (*loc, index), lines)


def scenario_for_marker(args: tuple[Any, ...], kwargs: Mapping[str, Any], base: Path) -> Scenario:
    """The scenario of ``@pytest.mark.tiktok_scenario(path)`` (a relative path is read
    from ``base``, the test file's folder): :class:`TypeError` for other arguments."""
    if len(args) != 1 or kwargs or not isinstance(args[0], (str, Path)):
        raise TypeError(f"takes one path, got args={args!r} kwargs={dict(kwargs)!r}")
    path = Path(args[0])
    return load_scenario(path if path.is_absolute() else base / path)
