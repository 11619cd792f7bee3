"""``urllib.request`` clients (``urlopen`` and custom openers) reach the fake unmodified."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from pytest_tiktok_sandbox import Account, Sandbox, TikTokMock, pkce_challenge

TOKEN_URL = "https://open.tiktokapis.com/v2/oauth/token/"
CALLBACK = "https://example.com/auth/tiktok/callback"


def client_token(sandbox: Sandbox, opener: urllib.request.OpenerDirector | None = None) -> dict[str, object]:
    form = {
        "client_key": sandbox.client_key,
        "client_secret": sandbox.client_secret,
        "grant_type": "client_credentials",
    }
    request = urllib.request.Request(TOKEN_URL, data=urlencode(form).encode(), method="POST")
    with opener.open(request) if opener else urllib.request.urlopen(request, timeout=5) as answer:
        assert answer.status == 200 and answer.headers["Content-Type"] == "application/json"
        return dict(json.loads(answer.read()))


def test_urlopen_gets_a_client_token(tiktok_sandbox: Sandbox, tiktok_api: TikTokMock) -> None:
    assert client_token(tiktok_sandbox)["token_type"] == "Bearer"
    call = tiktok_api.calls[-1]
    assert call.request.content_type == "application/x-www-form-urlencoded"  # added as urllib adds it


def test_a_custom_opener_is_answered_too(tiktok_sandbox: Sandbox) -> None:
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    assert str(client_token(tiktok_sandbox, opener)["access_token"]).startswith("clt.")


def test_user_info_with_a_bearer_header(tiktok_sandbox: Sandbox, tiktok_target_users: list[Account]) -> None:
    url = tiktok_sandbox.authorize(tiktok_target_users[0], "user.info.basic", CALLBACK)
    code = parse_qs(urlsplit(url).query)["code"][0]
    form = {
        "client_key": tiktok_sandbox.client_key,
        "client_secret": tiktok_sandbox.client_secret,
        "code": code,
        "grant_type": "authorization_code",
        "redirect_uri": CALLBACK,
    }
    with urllib.request.urlopen(TOKEN_URL, data=urlencode(form).encode(), timeout=5) as answer:
        token = json.loads(answer.read())["access_token"]
    info = urllib.request.Request(
        "https://open.tiktokapis.com/v2/user/info/?fields=open_id", headers={"Authorization": f"Bearer {token}"}
    )
    with urllib.request.urlopen(info, timeout=5) as answer:
        assert json.loads(answer.read())["data"]["user"] == {"open_id": tiktok_target_users[0].open_id}


def test_a_refusal_is_an_http_error_with_tiktoks_body(tiktok_sandbox: Sandbox) -> None:
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen("https://open.tiktokapis.com/v2/user/info/?fields=open_id", timeout=5)
    assert refused.value.code == 401
    assert json.loads(refused.value.read())["error"]["code"] == "access_token_invalid"


def test_an_unknown_tiktok_path_never_reaches_the_network(tiktok_sandbox: Sandbox) -> None:
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen("https://open.tiktokapis.com/v2/nope/", timeout=5)
    assert refused.value.code == 404


def test_other_urls_go_where_they_would_have_gone(tiktok_sandbox: Sandbox) -> None:
    with urllib.request.urlopen("data:text/plain,hello", timeout=5) as answer:
        assert answer.read() == b"hello"


class _Callback(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"landed " + self.path.encode())

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def loopback() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), _Callback)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/callback"
    server.shutdown()
    server.server_close()


@pytest.mark.tiktok_sandbox(redirect_uris={"desktop": ["http://127.0.0.1:*/callback"]})
def test_the_authorize_page_redirects_through_urllib(tiktok_sandbox: Sandbox, loopback: str) -> None:
    query = {
        "client_key": tiktok_sandbox.client_key,
        "scope": "user.info.basic",
        "response_type": "code",
        "redirect_uri": loopback,
        "state": "s",
        "code_challenge": pkce_challenge("v" * 43),
        "code_challenge_method": "S256",
    }
    with urllib.request.urlopen(f"https://www.tiktok.com/v2/auth/authorize/?{urlencode(query)}", timeout=5) as answer:
        landed = answer.read().decode()
    assert landed.startswith("landed /callback?code=") and "state=s" in landed


def test_stopping_the_mock_restores_urllib(tiktok_sandbox: Sandbox, tiktok_api: TikTokMock) -> None:
    patched = urllib.request.AbstractHTTPHandler.do_open
    tiktok_api.stop()
    assert urllib.request.AbstractHTTPHandler.do_open is not patched
    tiktok_api.start()
    assert client_token(tiktok_sandbox)["token_type"] == "Bearer"


def test_any_other_client_fails_closed_with_a_message(tiktok_sandbox: Sandbox) -> None:
    import http.client
    import socket

    with pytest.raises(socket.gaierror, match="tiktok_server"):
        socket.create_connection(("open.tiktokapis.com", 443), timeout=1)
    connection = http.client.HTTPSConnection("www.tiktok.com", timeout=1)
    with pytest.raises(socket.gaierror, match=r"pytest-tiktok-sandbox blocked a connection to www\.tiktok\.com"):
        connection.request("GET", "/v2/auth/authorize/")
    connection.close()
    assert socket.getaddrinfo("127.0.0.1", 80)  # everything else resolves as before


def test_the_guard_is_gone_after_the_mock_stops(tiktok_api: TikTokMock) -> None:
    import socket

    guarded = socket.getaddrinfo
    tiktok_api.stop()
    assert socket.getaddrinfo is not guarded
    tiktok_api.start()
