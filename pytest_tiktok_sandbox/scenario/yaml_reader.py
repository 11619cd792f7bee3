"""YAML scenario files: composed once with PyYAML's safe loader, bounded while composing (its
composer recurses), the node graph checked for alias loops, duplicate keys and its bounds
once aliases are expanded, then constructed and indexed for the line of each field. Needs
PyYAML (the ``server`` extra)."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from .limits import MAX_INTEGER_DIGITS, MAX_SCENARIO_DEPTH, MAX_SCENARIO_VALUES, Refused, deeper, too_long, too_many
from .schema import Loc, ScenarioError, ScenarioIssue


def read_yaml(text: str, source: str) -> tuple[Any, dict[Loc, int]]:
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
        raise Refused(f"not valid YAML: {problem}", line) from None
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
                raise Refused(deeper(), line, (self.top_key,) if self.top_key else ())
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
                raise Refused(deeper(), node.start_mark.line + 1, loc[:1])
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
                            raise Refused(f"duplicate key (first on line {first})", line, (*loc, part))
                        seen[(key.tag, part)] = line
                    children.append((key, -1, loc))
                    children.append((value, id(key), loc if part is None else (*loc, part)))
            elif isinstance(node, yaml.SequenceNode):
                children = [(item, index, (*loc, index)) for index, item in enumerate(node.value)]
            elif node.tag == _INT and len(node.value) > MAX_INTEGER_DIGITS:
                raise Refused(too_long(), node.start_mark.line + 1, loc)
            for child, slot, child_loc in children:
                if id(child) in open_nodes:
                    anchor, line = aliases.get((id(node), slot), ("", node.start_mark.line + 1))
                    raise Refused(f"the alias *{anchor} refers to a value that contains it", line, child_loc)
                size, child_height = walk(child, depth + 1, child_loc)
                count += size
                height = max(height, child_height)
                if count > MAX_SCENARIO_VALUES:
                    raise Refused(too_many(), node.start_mark.line + 1, loc[:4])
            open_nodes.discard(id(node))
            known = measured[id(node)] = (count, height + 1)
        if depth - 1 + known[1] > MAX_SCENARIO_DEPTH:
            raise Refused(deeper(), node.start_mark.line + 1, loc[:1])
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
