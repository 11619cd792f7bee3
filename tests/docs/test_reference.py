"""docs/reference.md is in step with the code: nothing missing, nothing documented that is gone.

What the plugin registers is read from pytest itself (``--help``, ``--markers`` and
``--fixtures``, with and without the plugin); marker arguments, settings and exceptions
from the code.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import pytest

import pytest_tiktok_sandbox
from pytest_tiktok_sandbox import fixtures
from pytest_tiktok_sandbox.api.service import ApiSettings
from pytest_tiktok_sandbox.mock import TikTokMock
from pytest_tiktok_sandbox.portal.errors import PortalRuleError
from pytest_tiktok_sandbox.sandbox_setup import TikTokSandbox
from pytest_tiktok_sandbox.spec import ARGUMENTS, arguments_table

REFERENCE = Path(__file__).resolve().parents[2] / "docs" / "reference.md"
PKG = pytest_tiktok_sandbox.__name__
PLUGIN_NAME = "tiktok_sandbox"
"""The plugin's entry-point name, for ``-p no:tiktok_sandbox``."""

_HEADING = re.compile(r"^(#{2,3}) (.+?)\s*$", re.MULTILINE)
_ROW = re.compile(r"^\|([^|\n]*)\|([^|\n]*)\|", re.MULTILINE)
_CODE = re.compile(r"^\s*`([^`]+)`\s*$")


# -- reading the page ------------------------------------------------------------------------
def sections() -> dict[str, str]:
    """The page's ``##`` and ``###`` sections by heading (code spans unwrapped)."""
    text = REFERENCE.read_text(encoding="utf-8")
    found = list(_HEADING.finditer(text))
    out: dict[str, str] = {}
    for here, after in zip(found, [*found[1:], None], strict=True):
        end = after.start() if after is not None else len(text)
        out[here.group(2).replace("`", "")] = text[here.end() : end]
    return out


def table(section: str, column: int = 0) -> list[str]:
    """The code spans in ``column`` (0 or 1) of the section's table rows."""
    names = []
    for row in _ROW.finditer(sections()[section]):
        cell = _CODE.match(row.group(column + 1))
        if cell:
            names.append(cell.group(1))
    return names


def documented(section: str, column: int = 0) -> set[str]:
    names = table(section, column)
    assert len(names) == len(set(names)), f"{section}: a name is documented twice: {sorted(names)}"
    return set(names)


def defaults(section: str) -> dict[str, str]:
    """``{name: default}`` from a table whose second column is the default (code spans unwrapped)."""
    out = {}
    for row in _ROW.finditer(sections()[section]):
        name = _CODE.match(row.group(1))
        if name:
            out[name.group(1)] = row.group(2).strip().strip("`")
    return out


def assert_in_step(section: str, in_code: set[str], in_docs: set[str]) -> None:
    missing, gone = sorted(in_code - in_docs), sorted(in_docs - in_code)
    assert not missing and not gone, (
        f"docs/reference.md, section {section!r}: undocumented {missing}; documented but not in the code {gone}"
    )


# -- reading pytest ----------------------------------------------------------------------------
def output(pytester: pytest.Pytester, *args: str) -> str:
    result = pytester.runpytest("-p", "no:cacheprovider", *args)
    assert result.ret == pytest.ExitCode.OK, result.stderr.str()
    return result.stdout.str()


def added_by_plugin(pytester: pytest.Pytester, pattern: str, *args: str) -> set[str]:
    """What matches ``pattern`` in pytest's output with the plugin and not without it."""
    regex = re.compile(pattern, re.MULTILINE)
    with_plugin = set(regex.findall(output(pytester, *args)))
    without = set(regex.findall(output(pytester, "-p", f"no:{PLUGIN_NAME}", *args)))
    return with_plugin - without


# -- the tests ---------------------------------------------------------------------------------
def test_fixtures(pytester: pytest.Pytester) -> None:
    listing = output(pytester, "--fixtures")
    header = f"fixtures defined from {fixtures.__name__}"
    assert header in listing
    ours = listing.split(header, 1)[1].split("\n-", 1)[0]
    in_code = set(re.findall(r"^(\w+) -- ", ours, re.MULTILINE))
    assert in_code
    assert_in_step("Fixtures", in_code, documented("Fixtures"))


def test_markers(pytester: pytest.Pytester) -> None:
    in_code = added_by_plugin(pytester, r"^@pytest\.mark\.(\w+)", "--markers")
    marker_sections = {name for name in sections() if name in in_code or name.startswith("tiktok_")}
    assert_in_step("Markers", in_code, marker_sections)


def test_tiktok_sandbox_marker_arguments() -> None:
    """The page's table is the one the spec's fields make (names, defaults and meanings)."""
    assert arguments_table() in REFERENCE.read_text(encoding="utf-8"), (
        "docs/reference.md's tiktok_sandbox table differs from pytest_tiktok_sandbox.spec.arguments_table()"
    )
    assert_in_step("tiktok_sandbox", set(ARGUMENTS), documented("tiktok_sandbox"))


def test_tiktok_fault_marker_arguments() -> None:
    parameters = inspect.signature(TikTokMock.fail).parameters
    in_code = set(parameters) - {"self"}
    assert_in_step("tiktok_fault", in_code, documented("tiktok_fault"))
    for name, default in defaults("tiktok_fault").items():
        expected = parameters[name].default
        shown = "required" if expected is inspect.Parameter.empty else repr(expected)
        assert default == shown, (name, default, shown)


def test_options(pytester: pytest.Pytester) -> None:
    in_code = added_by_plugin(pytester, r"(?<![\w-])(--[a-z][\w-]+)", "--help")
    assert_in_step("Options", in_code, documented("Options", 0))


def test_ini_options(pytester: pytest.Pytester) -> None:
    in_code = added_by_plugin(pytester, r"^  ([a-z]\w*) \(\w+\):", "--help")
    assert in_code
    assert_in_step("Options", in_code, documented("Options", 1))


def test_ini_defaults_match_the_code(pytester: pytest.Pytester) -> None:
    config = pytester.parseconfig()
    page = REFERENCE.read_text(encoding="utf-8")
    for option, ini in zip(table("Options", 0), table("Options", 1), strict=True):
        default = config.getini(ini)
        cell = f"`{default}`" if default not in ("", []) else "none"
        assert f"| `{option}` | `{ini}` | {cell} |" in page, (option, ini, default)


def test_api_settings() -> None:
    in_code = {f.name for f in dataclasses.fields(ApiSettings)}
    assert_in_step("ApiSettings", in_code, documented("ApiSettings"))
    for field in dataclasses.fields(ApiSettings):
        assert defaults("ApiSettings")[field.name] == repr(field.default)


def test_tiktok_sandbox_keywords() -> None:
    parameters = inspect.signature(TikTokSandbox.__init__).parameters
    in_code = {name for name, p in parameters.items() if p.kind is inspect.Parameter.KEYWORD_ONLY}
    assert_in_step("TikTokSandbox", in_code, documented("TikTokSandbox"))
    for name, default in defaults("TikTokSandbox").items():
        assert default == repr(parameters[name].default), (name, default)


def portal_rule_errors() -> set[str]:
    """Every ``PortalRuleError`` class defined anywhere in the package."""
    found: set[str] = set()
    for module_info in pkgutil.walk_packages(pytest_tiktok_sandbox.__path__, pytest_tiktok_sandbox.__name__ + "."):
        try:
            module = importlib.import_module(module_info.name)
        except ModuleNotFoundError as missing:  # an optional extra (httpx) is not installed
            if (missing.name or "").startswith(PKG):
                raise
            continue
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and issubclass(value, PortalRuleError)
                and value.__module__ == module.__name__
                and not value.__name__.startswith("_")
            ):
                found.add(value.__name__)
    return found


def test_exceptions() -> None:
    in_code = portal_rule_errors()
    assert {"PortalRuleError", "AuthorizationRefused", "OAuthError"} <= in_code
    assert_in_step("Exceptions", in_code, documented("Exceptions"))
    # the page says every one of them can be imported from pytest_tiktok_sandbox.portal
    assert in_code <= set(vars(importlib.import_module(f"{PKG}.portal")))


def test_documented_fixture_types_exist() -> None:
    for name in table("Fixtures", 1):
        base = name.removeprefix("list[").removesuffix("]")
        assert hasattr(pytest_tiktok_sandbox, base), f"the Fixtures table names a type {name!r} the package lacks"


def has_member(cls: type, name: str) -> bool:
    """Whether instances of ``cls`` have ``name``: a class attribute, a dataclass field, or
    an attribute its ``__init__`` sets."""
    if hasattr(cls, name):
        return True
    if dataclasses.is_dataclass(cls) and name in {f.name for f in dataclasses.fields(cls)}:
        return True
    return any(f"self.{name} " in inspect.getsource(klass) for klass in cls.__mro__ if klass.__module__.startswith(PKG))


def test_names_the_docs_use_exist() -> None:
    """Every ``Class.member`` and ``fixture.member`` the pages mention exists."""
    fixture_types = dict(zip(table("Fixtures", 0), table("Fixtures", 1), strict=True))
    owners: dict[str, type] = {}
    for name in pytest_tiktok_sandbox.__all__:
        value = getattr(pytest_tiktok_sandbox, name)
        if inspect.isclass(value):
            owners[name] = value
    for fixture, type_name in fixture_types.items():
        if type_name in owners:
            owners[fixture] = owners[type_name]
    owners["tt"] = TikTokSandbox  # the pages' name for a started TikTokSandbox
    mention = re.compile(r"`(\w+)\.(\w+)")
    unknown = []
    for page in sorted(REFERENCE.parent.rglob("*.md")):
        if "examples" in page.relative_to(REFERENCE.parent).parts:
            continue
        for owner, member in mention.findall(page.read_text(encoding="utf-8")):
            if owner in owners and not has_member(owners[owner], member):
                unknown.append(f"{page.name}: {owner}.{member}")
    assert unknown == []
