"""The samples of docs/how-to/authorize-page-form.md: the live authorize page driven with
plain form posts, as curl or any language would."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import requests

from pytest_tiktok_sandbox import Account, LiveServer, Sandbox

CALLBACK = "https://example.com/auth/tiktok/callback"
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')


def hidden_fields(page: str) -> dict[str, str]:
    """The hidden fields of the page's forms."""
    return {name: html.unescape(value) for name, value in HIDDEN.findall(page)}


# --8<-- [start:flow]
def test_log_in_and_authorize_with_form_posts(
    tiktok_server: LiveServer, tiktok_sandbox: Sandbox, tiktok_target_users: list[Account]
) -> None:
    user = tiktok_target_users[0]
    url = tiktok_server.authorize_url(tiktok_sandbox, "user.info.basic,video.list", CALLBACK, "xyz")
    browser = requests.Session()  # keeps the session cookie, as a browser does

    # 1. GET: the log-in form (the request was checked first: a bad one gets TikTok's error page).
    page = browser.get(url, timeout=10)
    assert page.status_code == 200 and 'id="login"' in page.text

    # 2. POST to the same URL: action=login, username, password. The answer sets the cookie.
    consent = browser.post(
        url, data={"action": "login", "username": user.username, "password": user.password}, timeout=10
    )
    assert "tt_sandbox_session" in browser.cookies
    assert 'id="consent"' in consent.text

    # 3. POST the consent form: its hidden fields (open_id, form_token) and action=approve;
    #    scope_form=1 with the ticked scope values unticks the others.
    form = hidden_fields(consent.text)
    assert set(form) == {"open_id", "form_token", "scope_form"} and form["open_id"] == user.open_id
    answer = browser.post(
        url, data={**form, "action": "approve", "scope": ["user.info.basic"]}, allow_redirects=False, timeout=10
    )
    assert answer.status_code == 302
    back = parse_qs(urlsplit(answer.headers["Location"]).query)
    assert back["scopes"] == ["user.info.basic"] and back["state"] == ["xyz"]
    assert "code" in back  # exchange it at tiktok_server.url + "/v2/oauth/token/"


# --8<-- [end:flow]


# --8<-- [start:stale]
def test_a_form_without_its_token_authorizes_nobody(
    tiktok_server: LiveServer, tiktok_sandbox: Sandbox, tiktok_target_users: list[Account]
) -> None:
    user = tiktok_target_users[0]
    url = tiktok_server.authorize_url(tiktok_sandbox, "user.info.basic", CALLBACK, "xyz")
    browser = requests.Session()
    browser.post(url, data={"action": "login", "username": user.username, "password": user.password}, timeout=10)

    forged = browser.post(url, data={"action": "approve", "open_id": user.open_id}, allow_redirects=False, timeout=10)
    assert forged.status_code == 200  # no redirect: the consent screen again, with a notice
    assert 'id="consent"' in forged.text and 'role="alert"' in forged.text


# --8<-- [end:stale]


def test_the_curl_script_of_the_page_authorizes(
    tiktok_server: LiveServer, tiktok_sandbox: Sandbox, tiktok_target_users: list[Account]
) -> None:
    user = tiktok_target_users[0]
    curl = shutil.which("curl")
    assert curl is not None, "the docs' curl script needs curl: apt-get install curl"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "URL": tiktok_server.authorize_url(tiktok_sandbox, "user.info.basic", CALLBACK, "xyz"),
        "USERNAME": user.username,
        "PASSWORD": user.password,
    }
    script = Path(__file__).with_name("authorize_form_curl.sh")
    done = subprocess.run(["sh", str(script)], env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    back = parse_qs(urlsplit(done.stdout.strip()).query)
    assert done.stdout.startswith(CALLBACK) and back["state"] == ["xyz"] and "code" in back, done.stdout
