"""``tiktok-sandbox serve`` with hostile arguments: ports out of range are usage errors, the real
OS error is reported, and a bind address that is not loopback is printed and warned about."""

from __future__ import annotations

import contextlib
import io
import re
import subprocess
import sys
import threading

import pytest
from live_helpers import serving

from pytest_tiktok_sandbox import Portal
from pytest_tiktok_sandbox.cli import main, serve
from pytest_tiktok_sandbox.server import LiveServer


@pytest.mark.parametrize("port", ["-1", "65536", "70000", "99999999999999999999"])
def test_a_port_out_of_range_is_a_usage_error(port: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pytest_tiktok_sandbox.cli", "serve", "--port", port, "--quiet"],
        capture_output=True,
        text=True,
        timeout=20,  # before the fix, 70000 served on port 4464 until killed
    )
    assert result.returncode == 2, result.stderr
    assert f"argument --port: a port is 0 to 65535, got {port}" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


@pytest.mark.parametrize("port", [-1, 65536, 70000])
def test_the_live_server_refuses_a_port_out_of_range(port: int, tiktok_portal: Portal) -> None:
    with pytest.raises(ValueError, match=f"a port is 0 to 65535, got {port}"):
        LiveServer.for_portal(tiktok_portal, port=port)


def test_serve_refuses_a_port_out_of_range_with_status_2(capsys: pytest.CaptureFixture[str]) -> None:
    stopped = threading.Event()
    stopped.set()  # before the fix it served (on port 4464) until stopped
    assert serve(None, "127.0.0.1", 70000, 0, quiet=True, out=io.StringIO(), stop=stopped) == 2
    assert "a port is 0 to 65535, got 70000" in capsys.readouterr().err


def test_an_unassignable_host_reports_the_os_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--host", "192.0.2.1", "--port", "0", "--quiet"]) == 1  # TEST-NET-1: no interface has it
    err = capsys.readouterr().err
    assert "cannot listen on 192.0.2.1:0: [Errno 99] Cannot assign requested address" in err
    assert "in use" not in err


def test_an_unresolvable_host_reports_the_resolver_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--host", "no-such-host.invalid", "--port", "0", "--quiet"]) == 1
    err = capsys.readouterr().err
    assert re.search(r"cannot listen on no-such-host\.invalid:0: \[Errno -\d+\] \S", err), err
    assert "in use" not in err


def test_a_port_in_use_still_says_so(capsys: pytest.CaptureFixture[str], tiktok_portal: Portal) -> None:
    with LiveServer.for_portal(tiktok_portal) as taken:
        assert main(["serve", "--port", str(taken.port), "--quiet"]) == 1
    assert "[Errno 98] Address already in use" in capsys.readouterr().err


def banner_of(host: str) -> tuple[str, str]:
    """What ``serve`` prints for ``host`` (stdout, stderr), stopping it once it serves."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err), serving(host) as out:
        pass
    return out.getvalue(), err.getvalue()


@pytest.mark.parametrize("host", ["", "0.0.0.0"])
def test_listening_on_every_interface_prints_the_real_address_and_warns(host: str) -> None:
    out, err = banner_of(host)
    match = re.search(r"^listening on 0\.0\.0\.0:(\d+) \(every interface\)$", out, re.M)
    assert match is not None, out
    assert "WARNING: 0.0.0.0 is not a loopback address" in err
    assert "anyone who can reach this machine" in err
    assert out.index("listening on") < out.index("client_secret=")


def test_loopback_prints_its_address_and_no_warning() -> None:
    out, err = banner_of("127.0.0.1")
    assert re.search(r"^listening on 127\.0\.0\.1:\d+$", out, re.M), out
    assert "WARNING" not in err
