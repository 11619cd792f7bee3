"""What pytest knows of the chain ``tiktok_sandbox`` stands on, at collection.

``tiktok_sandbox`` declares none of ``tiktok_portal``, ``tiktok_app``, ``tiktok_api_settings``
and ``tiktok_api`` (see :mod:`.fixtures`), so pytest would leave them out of a test's closure:
the closure is where pytest looks for fixtures to parametrize (a redefinition's ``params``, a
``pytest_generate_tests`` hook's ``metafunc.parametrize``) and what it sets up before the test.
Here, collection is kept as it was with a declared chain. Knows nothing of the portal.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

CHAIN = ("tiktok_portal", "tiktok_app", "tiktok_api_settings", "tiktok_api")
"""The fixtures ``tiktok_sandbox`` stands on, in the order it builds them."""

FIXTURES_MODULE = __name__.rpartition(".")[0] + ".fixtures"
"""Where the plugin's own definitions of the chain live."""

_REDEFINED_KEY = pytest.StashKey[bool]()


def chain_redefined(item: pytest.Item) -> bool:
    """Whether a conftest, module or class redefines a fixture of :data:`CHAIN` for ``item``
    (the same for every test of its parent: cached there)."""
    parent = item.parent
    known = None if parent is None else parent.stash.get(_REDEFINED_KEY, None)
    if known is None:
        known = _look_up_redefinitions(item)
        if parent is not None:
            parent.stash[_REDEFINED_KEY] = known
    return known


def _look_up_redefinitions(item: pytest.Item) -> bool:
    """From pytest's private fixture manager; without it (a pytest that changed it), taken as
    redefined: the chain is then asked of pytest, which is always right, only slower."""
    lookup = getattr(getattr(item.session, "_fixturemanager", None), "getfixturedefs", None)
    if not callable(lookup):
        return True
    for name in CHAIN:
        try:
            definitions = lookup(name, item)
        except Exception:
            try:
                definitions = lookup(name, item.nodeid)  # pytest before 8.1 looks up by node id
            except Exception:  # any other change of the private API: the safe answer
                return True
        if not isinstance(definitions, (list, tuple)) or len(definitions) != 1:
            return True
        if getattr(getattr(definitions[0], "func", None), "__module__", None) != FIXTURES_MODULE:
            return True
    return False


def chain_in_closure(metafunc: pytest.Metafunc) -> Callable[[], None] | None:
    """Put the chain back into the closure of a test that has it only through
    ``tiktok_sandbox``, for as long as the ``pytest_generate_tests`` hooks run: they see it in
    ``metafunc.fixturenames`` and may parametrize it, as when ``tiktok_sandbox`` declared it.

    Where a conftest, module, class or plugin redefines part of the chain, the test gets the
    chain's whole closure for good, with its definitions (pytest's private fixture manager):
    a redefinition with ``params`` (or standing on a fixture with ``params``) is parametrized,
    and pytest sets the chain up, as before. Otherwise the four names are taken out again
    afterwards (with the returned callable) unless a hook parametrized one. (pytest then
    prunes a parametrized test's closure to what its arguments reach; ``tiktok_sandbox`` reads
    the parameters from the test's ``callspec``.)"""
    names = metafunc.fixturenames
    if "tiktok_sandbox" not in names or all(name in names for name in CHAIN):
        return None
    definition = metafunc.definition
    if chain_redefined(definition):
        _add_the_chain_s_closure(metafunc)
        return None
    added = [name for name in CHAIN if name not in names]
    names.extend(added)

    def take_out() -> None:
        calls = getattr(metafunc, "_calls", None)
        if not isinstance(calls, list):  # a pytest that changed it: keep them (always right)
            return
        if not any(name in getattr(call, "params", {}) for call in calls for name in added):
            names[:] = [name for name in names if name not in added]

    return take_out


def _add_the_chain_s_closure(metafunc: pytest.Metafunc) -> None:
    """The test's closure as pytest built it when ``tiktok_sandbox`` declared ``tiktok_app``
    and ``tiktok_api``: their closure (the test's direct parametrizations left out, as pytest
    leaves them out) right after ``tiktok_sandbox``, where pytest's depth-first walk put it,
    then everything ordered by scope, widest first, keeping that order within a scope. So the
    same fixtures are parametrized, in the same order (the same test ids, the same seeds), and
    set up in the same order. pytest's private fixture manager computes the closure; without
    it, the four names alone (a redefinition's ``params`` are then lost)."""
    names = metafunc.fixturenames
    definition = metafunc.definition
    closure_of = getattr(getattr(definition.session, "_fixturemanager", None), "getfixtureclosure", None)
    known = getattr(metafunc, "_arg2fixturedefs", None)
    known = known if isinstance(known, dict) else {}
    try:
        closure, found = closure_of(definition, ("tiktok_app", "tiktok_api"), _directly_parametrized(definition))  # type: ignore[misc]
        closure, found = list(closure), dict(found)
    except Exception:  # a pytest that changed it
        closure, found = list(CHAIN), {}
    for name, definitions in found.items():
        known.setdefault(name, definitions)
    at = names.index("tiktok_sandbox") + 1
    before = names[:at]
    merged = before + [n for n in closure if n not in before] + [n for n in names[at:] if n not in closure]

    def width(name: str) -> int:
        definitions = known.get(name)
        scope = getattr(definitions[-1], "scope", "function") if definitions else "function"
        return _SCOPE_WIDTH.get(scope, 0)

    names[:] = sorted(merged, key=width, reverse=True)  # stable, as pytest's sort


_SCOPE_WIDTH = {"function": 0, "class": 1, "module": 2, "package": 3, "session": 4}


def _directly_parametrized(definition: pytest.Item) -> set[str]:
    """The names the test's ``parametrize`` markers give values directly (not ``indirect``):
    pytest leaves them out of the closure, hiding the fixtures of those names."""
    direct: set[str] = set()
    for marker in definition.iter_markers("parametrize"):
        argnames = marker.args[0] if marker.args else marker.kwargs.get("argnames", ())
        listed = [n.strip() for n in argnames.split(",") if n.strip()] if isinstance(argnames, str) else list(argnames)
        indirect = marker.args[2] if len(marker.args) > 2 else marker.kwargs.get("indirect", False)
        if isinstance(indirect, (list, tuple)):
            direct.update(name for name in listed if name not in indirect)
        elif not indirect:
            direct.update(listed)
    return direct
