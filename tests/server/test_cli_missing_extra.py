"""``tiktok-sandbox serve`` without the ``server`` extra: one line naming it, exit status 2."""

from __future__ import annotations

import sys
import threading

import pytest

from pytest_tiktok_sandbox.cli import main, serve


def test_serve_without_werkzeug_names_the_extra_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in [m for m in sys.modules if m == "werkzeug" or m.startswith("werkzeug.")] or ["werkzeug"]:
        monkeypatch.setitem(sys.modules, name, None)  # importing it raises ModuleNotFoundError
    monkeypatch.delitem(sys.modules, "pytest_tiktok_sandbox.server", raising=False)

    stop = threading.Event()
    stop.set()  # should it serve after all, stop at once
    assert serve(None, "127.0.0.1", 0, None, quiet=True, stop=stop) == 2

    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1, err  # one line, no traceback
    assert "Traceback" not in err
    assert err.startswith("tiktok-sandbox: serve needs the 'server' extra (werkzeug is not installed)")
    assert "pip install 'pytest-tiktok-sandbox[server]'" in err


def test_a_broken_import_of_the_package_itself_is_not_blamed_on_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pytest_tiktok_sandbox.server", None)  # our own module, not an extra

    with pytest.raises(ImportError):
        main(["serve", "--port", "0", "--quiet"])
