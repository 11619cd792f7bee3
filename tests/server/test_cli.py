"""``tiktok-sandbox serve``: a subprocess serving a scenario until SIGINT, and its errors."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from importlib.metadata import entry_points
from pathlib import Path

import pytest
import requests
from live_helpers import hidden_fields, serving

from pytest_tiktok_sandbox.cli import main

HERE = Path(__file__).parent
CLIPS = HERE / "scenarios" / "clips.yaml"
CALLBACK = "https://example.com/auth/tiktok/callback"


def read_banner(process: subprocess.Popen[str], timeout: float = 30.0) -> str:
    """The lines the CLI prints before serving, up to ``Ctrl-C to stop.``."""
    assert process.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        if line.startswith("Ctrl-C to stop."):
            return "".join(lines)
    process.kill()
    raise AssertionError(
        f"no banner; printed {''.join(lines)!r}, stderr {process.stderr.read() if process.stderr else ''}"
    )


def test_serve_a_scenario_answer_requests_and_stop_on_sigint(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "pytest_tiktok_sandbox.cli", "serve", "--scenario", str(CLIPS), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        banner = read_banner(process)
        url = re.search(r"^base URL: (http://127\.0\.0\.1:\d+)$", banner, re.M).group(1)  # type: ignore[union-attr]
        assert "(seed 11)" in banner  # the file's seed
        keys = re.search(r'sandbox "dev": client_key=(\S+) client_secret=(\S+)', banner)
        assert keys is not None
        client_key, client_secret = keys.groups()
        assert "target user: username=alice password=alice-secret" in banner
        assert "redirect_uri (desktop): http://127.0.0.1:*/callback" in banner
        bob = re.search(r"username=bob password=(\S+)", banner)
        assert bob is not None

        with requests.Session() as http:
            # the printed credentials work: bob logs in on the page and his code becomes a token
            authorize = (
                f"{url}/v2/auth/authorize/?client_key={client_key}&scope=user.info.basic"
                f"&response_type=code&redirect_uri={CALLBACK}&state=cli"
            )
            form = {"action": "login", "username": "bob", "password": bob.group(1)}
            consent = http.post(authorize, data=form, timeout=10).text
            assert 'id="consent"' in consent
            approve = {**hidden_fields(consent), "action": "approve"}
            approve.pop("scope_form")
            location = http.post(authorize, data=approve, allow_redirects=False).headers["Location"]
            code = requests.utils.unquote(re.search(r"code=([^&]+)", location).group(1))  # type: ignore[union-attr]
            tokens = http.post(
                url + "/v2/oauth/token/",
                data={
                    "client_key": client_key,
                    "client_secret": client_secret,
                    "grant_type": "authorization_code",
                    "code": code,
                    "redirect_uri": CALLBACK,
                },
                timeout=10,
            ).json()
            assert tokens["access_token"].startswith("act.")
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "tiktok-sandbox: stopped" in out
    assert '"POST /v2/oauth/token/ HTTP/1.1" 200' in err  # each request is logged


def test_a_bad_scenario_exits_2_naming_the_field_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("apps:\n  - name: A\n    sandboxes:\n      - scopes: [video.nope]\n")
    result = subprocess.run(
        [sys.executable, "-m", "pytest_tiktok_sandbox.cli", "serve", "--scenario", str(bad), "--port", "0"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert f"{bad}, line 4: apps[0].sandboxes[0].scopes[0]: 'video.nope' is not a TikTok scope" in result.stderr
    assert result.stdout == ""


def test_main_reports_bad_scenarios_usage_and_version(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--scenario", str(tmp_path / "missing.yaml")]) == 2
    assert "cannot read the file" in capsys.readouterr().err
    broken = tmp_path / "broken.json"
    broken.write_text('{"apps": [{"sandboxes": [{"products": ["login_kit"], "scopes": ["video.upload"]}]}]}')
    assert main(["serve", "--scenario", str(broken)]) == 2
    assert "apps[0].sandboxes[0].scopes: a scope can only be added when its product is added" in capsys.readouterr().err
    assert main([]) == 2
    assert main(["serve", "--port", "many"]) == 2
    assert main(["--version"]) == 0
    assert re.fullmatch(r"tiktok-sandbox \d+\.\d+\.\d+(\.dev\d+)?\n", capsys.readouterr().out)


def test_a_port_in_use_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port), "--quiet"]) == 1
    assert f"cannot listen on 127.0.0.1:{port}" in capsys.readouterr().err


def test_serve_without_a_scenario_serves_one_default_sandbox() -> None:
    with serving() as out:
        banner = out.getvalue()
        assert "(seed 3)" in banner and 'app "Test app"' in banner and 'sandbox "sandbox"' in banner
        assert banner.count("target user: username=") == 1
        assert "try: http://127.0.0.1:" in banner
        url = re.search(r"base URL: (\S+)", banner).group(1)  # type: ignore[union-attr]
        assert requests.get(url + "/v2/user/info/", timeout=10).status_code == 401


def test_the_console_script_is_declared() -> None:
    (script,) = entry_points(group="console_scripts", name="tiktok-sandbox")
    assert script.value == "pytest_tiktok_sandbox.cli:main"
