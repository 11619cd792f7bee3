"""The package's structure: imports read bottom-up (no circle), layers never import upwards,
modules stay small, and the public surface is one table."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import pytest_tiktok_sandbox
import pytest_tiktok_sandbox.errors

PACKAGE = Path(pytest_tiktok_sandbox.__file__).resolve().parent
NAME = PACKAGE.name

OBJECT_MODEL = {f"{NAME}.portal.portal", f"{NAME}.portal.apps", f"{NAME}.portal.sandbox"}
"""The one circle allowed, of type-only imports: a Portal holds its Apps, an App its
Sandboxes, and each knows its owner (``sandbox.app.portal`` is public and typed)."""

LAYERS = ["payloads", "portal", "api", "transports"]
"""Bottom-up: a module may import its own layer and those before it, never one after it."""


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def _imports(module: str, *, type_only: bool) -> set[str]:
    """The package's modules ``module`` imports: at run time (anywhere in it, deferred imports
    too), and with ``type_only`` also those under ``if TYPE_CHECKING:``."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    if not type_only:
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                skipped.update(id(inner) for stmt in node.body for inner in ast.walk(stmt))
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom):
            base_parts = package[: len(package) - node.level + 1] if node.level else []
            base = ".".join([*base_parts, *([node.module] if node.module else [])])
            for alias in node.names:
                target = f"{base}.{alias.name}"
                found.add(target if target in MODULES else base)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {m for m in found if m in MODULES and m != module}


def _circles(type_only: bool) -> list[set[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    graph = {m: _imports(m, type_only=type_only) for m in MODULES}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                circles.append(component)

    for module in graph:
        if module not in index:
            visit(module)
    return circles


def test_no_import_circle_at_run_time() -> None:
    assert _circles(type_only=False) == []


def test_no_import_circle_with_type_only_imports_but_the_object_model() -> None:
    assert _circles(type_only=True) in ([], [OBJECT_MODEL])


def test_the_circle_finder_finds_one() -> None:
    """The check could fail: the endpoints' former import of the class that registers them
    (a type-only import of api.fake_api from api.oauth) would close a circle."""
    imports = _imports(f"{NAME}.api.oauth", type_only=True)
    assert f"{NAME}.api.context" in imports and f"{NAME}.api.fake_api" not in imports
    assert f"{NAME}.api.oauth" in _imports(f"{NAME}.api.fake_api", type_only=False)


@pytest.mark.parametrize("layer", LAYERS)
def test_layers_never_import_upwards(layer: str) -> None:
    above = {f"{NAME}.{upper}" for upper in LAYERS[LAYERS.index(layer) + 1 :]}
    above |= {f"{NAME}.{top}" for top in ("plugin", "mock", "environment", "server", "scenario", "cli")}
    wrong = {
        f"{module} -> {target}"
        for module in MODULES
        if module.startswith(f"{NAME}.{layer}")
        for target in _imports(module, type_only=True)
        if any(target == a or target.startswith(a + ".") for a in above)
    }
    # the authorize page of the live server moves beside the server (issue 17); it is no endpoint
    wrong = {w for w in wrong if not w.startswith(f"{NAME}.api.authorize_page ")}
    assert wrong == set()


@pytest.mark.parametrize("layer", ["portal", "api", "payloads"])
def test_modules_of_the_lower_layers_stay_small(layer: str) -> None:
    exempt = {f"{NAME}.api.authorize_page"}  # moving to the server's templates (issue 17)
    sizes = {
        module: len(path.read_text(encoding="utf-8").splitlines())
        for module, path in MODULES.items()
        if module.startswith(f"{NAME}.{layer}") and module not in exempt
    }
    assert {m: n for m, n in sizes.items() if n > 400} == {}


def test_the_public_surface_is_one_table() -> None:
    exports = pytest_tiktok_sandbox._EXPORTS
    assert pytest_tiktok_sandbox.__all__ == [name for names in exports.values() for name in names]
    assert len(pytest_tiktok_sandbox.__all__) == len(set(pytest_tiktok_sandbox.__all__))
    for name in pytest_tiktok_sandbox.__all__:
        assert getattr(pytest_tiktok_sandbox, name) is not None
    assert pytest_tiktok_sandbox.PortalRuleError is pytest_tiktok_sandbox.errors.PortalRuleError


@pytest.mark.parametrize("name", pytest_tiktok_sandbox.errors.__all__)
def test_every_exception_lives_in_errors_and_still_imports_from_the_package(name: str) -> None:
    error = getattr(pytest_tiktok_sandbox.errors, name)
    assert issubclass(error, Exception)
    assert getattr(pytest_tiktok_sandbox, name) is error
    assert name == "PortalRuleError" or name not in pytest_tiktok_sandbox.__all__


def test_removed_names_are_gone() -> None:
    for name in ("NoDraft", "Media", "Publish", "Upload", "Posting"):
        with pytest.raises(AttributeError):
            getattr(pytest_tiktok_sandbox, name)
