"""The code blocks of the docs, written into the pages from the tested example files.

A page marks where a block goes, and the block follows, inlined, so the page shows real code
on GitHub as well as on the built site::

    <!-- snippet: tests/docs/examples/test_howto_httpx.py:sync -->
    ```python
    ...generated...
    ```
    <!-- /snippet -->

``path:section[,section...]`` takes the sections of a Python file between its
``# --8<-- [start:section]`` and ``# --8<-- [end:section]`` comments, and puts before them
everything they need from the rest of the file: the imports they use (only those names) and
the module-level helpers, constants and fixtures they call, transitively. So every block can
be copied into a file on its own and run (``tests/docs/test_snippets.py`` does that for each
block). ``path`` alone inlines the whole file (a JSON or YAML scenario file).

Rewrite the pages after editing an example or a page::

    python tests/docs/snippets.py          # rewrite docs/**/*.md
    python tests/docs/snippets.py --check  # exit 1 when a page is out of date

Paths are relative to the repository's root (the folder of ``mkdocs.yml``), whatever the
working directory.
"""

from __future__ import annotations

import ast
import re
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
LANGUAGES = {
    ".py": "python",
    ".json": "json",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".toml": "toml",
    ".sh": "bash",
    ".ini": "ini",
}

_BLOCK = re.compile(
    r"^(?P<indent>[ \t]*)<!-- snippet: (?P<ref>\S+) -->\n(?P<body>.*?)^(?P=indent)<!-- /snippet -->$",
    re.MULTILINE | re.DOTALL,
)
_MARK = "--8<--"


@dataclass(frozen=True)
class Block:
    """One generated block of a page."""

    page: Path
    ref: str
    language: str
    code: str


def pages() -> list[Path]:
    """The published pages (the example app under docs/examples is not published)."""
    return sorted(p for p in DOCS.rglob("*.md") if "examples" not in p.relative_to(DOCS).parts)


def render(text: str) -> str:
    """``text`` with every snippet block regenerated from its file."""

    def fill(match: re.Match[str]) -> str:
        indent, ref = match["indent"], match["ref"]
        language, code = build(ref)
        fenced = [f"```{language}", *code.rstrip("\n").split("\n"), "```"]
        body = "\n".join(f"{indent}{line}" if line else "" for line in fenced)
        return f"{indent}<!-- snippet: {ref} -->\n{body}\n{indent}<!-- /snippet -->"

    return _BLOCK.sub(fill, text)


def blocks(page: Path) -> Iterator[Block]:
    """The blocks ``page`` includes, as they are generated."""
    for match in _BLOCK.finditer(page.read_text(encoding="utf-8")):
        language, code = build(match["ref"])
        yield Block(page, match["ref"], language, code)


def build(ref: str) -> tuple[str, str]:
    """The language and the complete code of ``path[:section,...]``."""
    path_text, _, wanted = ref.partition(":")
    path = ROOT / path_text
    if not path.is_file():
        raise ValueError(f"snippet {ref!r}: no file {path_text}")
    language = LANGUAGES.get(path.suffix, "text")
    source = path.read_text(encoding="utf-8")
    if not wanted:
        return language, source
    if language != "python":  # the lines between the markers, as they are
        lines = source.splitlines()
        parts = []
        for name in (s for s in wanted.split(",") if s):
            start, end = _section_lines(lines, name, ref)
            parts.append("\n".join(lines[start : end - 1]) + "\n")
        return language, "".join(parts)
    return language, _complete(source, [s for s in wanted.split(",") if s], ref)


# -- a section and what it needs ---------------------------------------------------------------
def _section_lines(lines: list[str], name: str, ref: str) -> tuple[int, int]:
    """The 1-based line numbers of the section's start and end markers."""
    start = [i for i, line in enumerate(lines, 1) if f"{_MARK} [start:{name}]" in line]
    end = [i for i, line in enumerate(lines, 1) if f"{_MARK} [end:{name}]" in line]
    if len(start) != 1 or len(end) != 1 or end[0] < start[0]:
        raise ValueError(f"snippet {ref!r}: section {name!r} needs one start and one end marker")
    return start[0], end[0]


def _first_line(node: ast.stmt) -> int:
    decorators = getattr(node, "decorator_list", [])
    return min([node.lineno, *(d.lineno for d in decorators)])


def _bound(node: ast.stmt) -> set[str]:
    """The module-level names a statement defines."""
    if isinstance(node, ast.Import | ast.ImportFrom):
        return {(a.asname or a.name).split(".")[0] for a in node.names}
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return {node.name}
    targets: list[ast.expr] = []
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, ast.AnnAssign | ast.AugAssign):
        targets = [node.target]
    return {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}


def _used(node: ast.AST) -> set[str]:
    """The names a statement reads, and its functions' parameters (fixtures by name)."""
    names = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
    for function in ast.walk(node):
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            names.update(a.arg for a in function.args.args + function.args.kwonlyargs)
    return names


def _import_line(node: ast.Import | ast.ImportFrom, keep: set[str]) -> str:
    aliases = [a for a in node.names if (a.asname or a.name).split(".")[0] in keep]
    names = ", ".join(a.name + (f" as {a.asname}" if a.asname else "") for a in aliases)
    if isinstance(node, ast.Import):
        return f"import {names}"
    return f"from {'.' * node.level}{node.module or ''} import {names}"


def _complete(source: str, sections: list[str], ref: str) -> str:
    lines = source.split("\n")
    tree = ast.parse(source)
    spans = [_section_lines(lines, name, ref) for name in sections]
    inside = [any(start < node.lineno < end for start, end in spans) for node in tree.body]
    section_nodes = [node for node, is_in in zip(tree.body, inside, strict=True) if is_in]
    if not section_nodes:
        raise ValueError(f"snippet {ref!r}: the section holds no statement")

    defined_by: dict[str, int] = {}
    for index, node in enumerate(tree.body):
        if not inside[index] and not _is_docstring(node):
            for name in _bound(node):
                defined_by.setdefault(name, index)
    in_section = set().union(*(_bound(n) for n in section_nodes))
    needed: set[int] = set()
    used_names: set[str] = set()
    todo = [name for node in section_nodes for name in _used(node) if name not in in_section]
    while todo:
        name = todo.pop()
        if name in used_names:
            continue
        used_names.add(name)
        index = defined_by.get(name)
        if index is not None and index not in needed:
            needed.add(index)
            if not isinstance(tree.body[index], ast.Import | ast.ImportFrom):
                todo.extend(_used(tree.body[index]))

    head: list[str] = []
    previous_end: int | None = None
    for index in sorted(needed):
        node = tree.body[index]
        if isinstance(node, ast.Import | ast.ImportFrom):
            if previous_end is not None and _blank_between(lines, previous_end, node.lineno):
                head.append("")
            head.append(_import_line(node, used_names))
            previous_end = node.end_lineno or node.lineno
    future = [n for n in tree.body if isinstance(n, ast.ImportFrom) and n.module == "__future__"]
    if future:
        head = [_import_line(future[0], {a.name for a in future[0].names}), "", *head]

    parts: list[tuple[ast.stmt, str]] = []
    for index in sorted(needed):
        node = tree.body[index]
        if not isinstance(node, ast.Import | ast.ImportFrom):
            text = "\n".join(lines[_first_line(node) - 1 : node.end_lineno])
            parts.append((node, text))
    body = "\n\n\n".join(
        textwrap.dedent("\n".join(line for line in lines[start : end - 1] if _MARK not in line)).strip("\n")
        for start, end in sorted(spans)
    )

    out = "\n".join(head).strip("\n")
    kinds = [*(n for n, _ in parts), section_nodes[0]]
    texts = [t for _, t in parts] + [body]
    before: ast.stmt | None = None
    for node, text in zip(kinds, texts, strict=True):
        if out:
            if _is_definition(node) or (before is not None and _is_definition(before)):
                out += "\n\n\n"
            elif before is not None and not _blank_between(lines, before.end_lineno or 0, _first_line(node)):
                out += "\n"  # constants that stand together in the file
            else:
                out += "\n\n"
        out += text
        before = node
    return _collapse_blank_lines(out) + "\n"


def _is_docstring(node: ast.stmt) -> bool:
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)


def _is_definition(node: ast.stmt) -> bool:
    return isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)


def _blank_between(lines: list[str], end: int, start: int) -> bool:
    return any(not line.strip() for line in lines[end : start - 1])


def _collapse_blank_lines(text: str) -> str:
    return re.sub(r"\n{4,}", "\n\n\n", text)


# -- the command line --------------------------------------------------------------------------
def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for page in pages():
        text = page.read_text(encoding="utf-8")
        new = render(text)
        if new != text:
            stale.append(page.relative_to(ROOT).as_posix())
            if not check:
                page.write_text(new, encoding="utf-8")
    verb = "out of date" if check else "rewritten"
    for name in stale:
        print(f"{name}: {verb}")
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
