"""JSON scenario files: parsed once the text is known to be bounded, with the line of each
field. One linear scan over the text's strings and punctuation finds each field's line, a
duplicate key and a nesting too deep (before ``json`` recurses); the parsed value is then
counted against :data:`~.limits.MAX_SCENARIO_VALUES`."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from . import limits
from .limits import MAX_INTEGER_DIGITS, MAX_SCENARIO_DEPTH, Refused, deeper, too_long, too_many
from .schema import Loc

_JSON_SPECIAL = re.compile(r'[\[\]{}:,\n"\\tfn0-9-]')


@dataclass
class _JsonLevel:
    """One open bracket of a JSON text: an object's keys (and their lines) or an array's index."""

    keys: dict[str, int] | None
    part: str | int | None


def read_json(text: str) -> tuple[Any, dict[Loc, int]]:
    """JSON and the line of each field, refused when nested too deeply (checked before
    parsing: no RecursionError), with a duplicate key, or with too many values."""
    duplicate, lines = _scan_json(text)

    def integer(digits: str) -> int:
        if len(digits) > MAX_INTEGER_DIGITS:
            raise Refused(too_long(), text.count("\n", 0, text.find(digits)) + 1)
        return int(digits)

    try:
        data = json.loads(text, parse_int=integer) if text.strip() else {}
    except json.JSONDecodeError as error:
        raise Refused(f"not valid JSON: {error.msg}", error.lineno) from None
    if duplicate is not None:
        raise duplicate
    _count_values(data)
    return data, lines


def _scan_json(text: str) -> tuple[Refused | None, dict[Loc, int]]:
    """One pass over the JSON's strings, punctuation and the first character of other values:
    :class:`Refused` raised at the first bracket nested too deeply (before ``json``
    recurses); the first duplicate key (reported only once the text is known to be JSON) and
    the line of each field and list item."""
    line = 1
    lines: dict[Loc, int] = {}
    levels: list[_JsonLevel] = []
    in_string = False
    start = skip = 0
    string: str | None = None  # the string just closed, while it may still be a key
    item = True  # a value starts next (the document, or an item of a list): note its line
    duplicate: Refused | None = None
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
                raise Refused(deeper(), line, _json_loc(levels)[:1])
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
                duplicate = Refused(f"duplicate key (first on line {first})", line, _json_loc(levels))
        string = None
    return duplicate, lines


def _json_loc(levels: list[_JsonLevel]) -> Loc:
    return tuple(level.part for level in levels if level.part is not None)


def _count_values(data: Any) -> None:
    """:class:`Refused` when ``data`` (known to nest shallowly) holds too many values."""
    count = 0
    pending = [data]
    while pending:
        value = pending.pop()
        count += 1
        if count > limits.MAX_SCENARIO_VALUES:  # read when called: a test lowers it
            raise Refused(too_many(), None)
        if isinstance(value, dict):
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
