"""Hostile requests to the live server: encoded paths and broken request framing, answered
exactly as the in-process mock answers them, TikTok-shaped, never werkzeug's HTML 500."""

from __future__ import annotations

import json
import socket

import pytest
import requests

from pytest_tiktok_sandbox import Sandbox
from pytest_tiktok_sandbox.mock import TikTokMock
from pytest_tiktok_sandbox.server import LiveServer, raw_target

HOSTILE_PATHS = [
    pytest.param("/v2/user%2Finfo/", id="encoded-slash"),
    pytest.param("/v2/user/info%2F", id="encoded-trailing-slash"),
    pytest.param("/v2/user/info/%3Ffields=open_id", id="encoded-question-mark"),
    pytest.param("/v2/user/info/%23top", id="encoded-hash"),
    pytest.param("/v2/oauth%2Ftoken/", id="encoded-slash-post-route"),
    pytest.param("/v2/auth/authorize%2F", id="encoded-authorize"),
    pytest.param("/video%2F", id="encoded-upload"),
    pytest.param("/v2/user/[info]/", id="brackets"),
    pytest.param("/v2/user/info/", id="control-plain-path"),
]


@pytest.mark.parametrize("path", HOSTILE_PATHS)
def test_the_live_server_routes_on_the_raw_path_like_the_in_process_mock(
    path: str, tiktok_server: LiveServer, tiktok_api: TikTokMock
) -> None:
    host = "www.tiktok.com" if "authorize" in path else "open.tiktokapis.com"
    in_process = requests.get(f"https://{host}{path}", timeout=10)
    live = requests.get(tiktok_server.url + path, timeout=10)
    assert live.status_code == in_process.status_code, (live.text[:300], in_process.text[:300])
    assert live.headers["Content-Type"] == in_process.headers["Content-Type"]
    mocked, served = tiktok_api.calls[-2], tiktok_api.calls[-1]
    assert served.path == mocked.path == path.replace("[", "%5B").replace("]", "%5D")  # urllib3 escapes brackets
    assert served.error_code == mocked.error_code
    if path != "/v2/user/info/":
        assert live.status_code == 404 and live.json()["error"]["code"] == "invalid_params"


def test_an_encoded_question_mark_is_not_a_query(tiktok_server: LiveServer, tiktok_api: TikTokMock) -> None:
    requests.get(tiktok_server.url + "/v2/user/info/%3Ffields=open_id?x=1", timeout=10)
    (call,) = tiktok_api.calls
    assert call.path == "/v2/user/info/%3Ffields=open_id"
    assert call.request.query_string == "x=1"


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        pytest.param({"RAW_URI": "/v2/user%2Finfo/?a=%2F"}, ("/v2/user%2Finfo/", "a=%2F"), id="raw-uri"),
        pytest.param({"REQUEST_URI": "/v2/a%3Fb?c"}, ("/v2/a%3Fb", "c"), id="request-uri"),
        pytest.param({"RAW_URI": "http://127.0.0.1:1/v2/x%2F?q"}, ("/v2/x%2F", "q"), id="absolute-form"),
        pytest.param({"RAW_URI": "/tt/v2/x%2F", "SCRIPT_NAME": "/tt"}, ("/v2/x%2F", ""), id="mounted"),
        pytest.param({"PATH_INFO": "/v2/user/info/", "QUERY_STRING": "x=1"}, ("/v2/user/info/", "x=1"), id="plain"),
        pytest.param({"PATH_INFO": "/v2/a?b#c"}, ("/v2/a%3Fb%23c", ""), id="decoded-only"),
    ],
)
def test_the_raw_target_of_any_wsgi_server(environ: dict[str, str], expected: tuple[str, str]) -> None:
    assert raw_target(environ) == expected  # type: ignore[arg-type]


def raw_exchange(server: LiveServer, data: bytes) -> bytes:
    """Send ``data`` on a fresh connection; everything the server answers until it closes."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as conn:
        conn.sendall(data)
        conn.shutdown(socket.SHUT_WR)
        received = b""
        while chunk := conn.recv(65536):
            received += chunk
    return received


def test_a_fragment_sent_raw_does_not_reach_the_route(tiktok_server: LiveServer, tiktok_api: TikTokMock) -> None:
    answer = raw_exchange(tiktok_server, b"GET /v2/user/info/#x HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 404")
    assert tiktok_api.calls[-1].error_code == "invalid_params"


def chunked(path: str, body: bytes, content_type: str = "application/json") -> bytes:
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {content_type}\r\n"
        "Transfer-Encoding: chunked\r\nAuthorization: Bearer act.x\r\n\r\n"
    )
    return head.encode() + body


BAD_FRAMING = [
    pytest.param(b"zz\r\n{}\r\n0\r\n\r\n", id="chunk-size-not-hex"),
    pytest.param(b"-5\r\n{}\r\n0\r\n\r\n", id="negative-chunk-size"),
    pytest.param(b"2\r\n{}XX0\r\n\r\n", id="no-chunk-terminator"),
    pytest.param(b"", id="no-chunk-at-all"),
]


@pytest.mark.parametrize("framing", BAD_FRAMING)
def test_malformed_chunked_framing_gets_tiktoks_400(
    framing: bytes, tiktok_server: LiveServer, tiktok_api: TikTokMock
) -> None:
    answer = raw_exchange(tiktok_server, chunked("/v2/post/publish/creator_info/query/", framing))
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400"), answer[:400]
    assert b"content-type: application/json" in head.lower() and b"connection: close" in head.lower()
    assert b"<html" not in body.lower() and b"Traceback" not in body
    call = tiktok_api.calls[-1]
    assert call.status == 400 and call.error_code == "invalid_params"
    assert call.response.json()["error"]["message"].startswith("The request body's chunked framing is malformed")


def test_malformed_chunked_framing_on_the_token_endpoint_gets_the_flat_oauth_body(
    tiktok_server: LiveServer, tiktok_api: TikTokMock
) -> None:
    request = chunked("/v2/oauth/token/", b"zz\r\nab\r\n0\r\n\r\n", "application/x-www-form-urlencoded")
    answer = raw_exchange(tiktok_server, request)
    assert answer.startswith(b"HTTP/1.1 400")
    body = tiktok_api.calls[-1].response.json()
    assert body["error"] == "invalid_request" and set(body) == {"error", "error_description", "log_id"}


def test_malformed_chunked_framing_on_the_authorize_page_gets_an_html_400(
    tiktok_server: LiveServer, tiktok_api: TikTokMock, tiktok_sandbox: Sandbox
) -> None:
    url = tiktok_server.authorize_url(tiktok_sandbox, "user.info.basic", "https://example.com/auth/tiktok/callback")
    path = url.removeprefix(tiktok_server.url)
    request = chunked(path, b"zz\r\naction=approve\r\n0\r\n\r\n", "application/x-www-form-urlencoded")
    answer = raw_exchange(tiktok_server, request)
    assert answer.startswith(b"HTTP/1.1 400") and b"text/html" in answer
    assert tiktok_api.calls[-1].error_code == "invalid_request"


def test_a_body_shorter_than_its_content_length_gets_tiktoks_400(
    tiktok_server: LiveServer, tiktok_api: TikTokMock
) -> None:
    head = (
        "POST /v2/post/publish/creator_info/query/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n"
    )
    answer = raw_exchange(tiktok_server, head.encode() + b'{"a": 1}')  # then the client stops sending
    assert answer.startswith(b"HTTP/1.1 400") and b"<html" not in answer.lower()
    assert tiktok_api.calls[-1].error_code == "invalid_params"


@pytest.mark.parametrize(
    ("request_bytes", "status"),
    [
        pytest.param(b"GARBAGE\r\n\r\n", 400, id="no-request-line"),
        pytest.param(b"GET /v2/user/info/ HTTP/9.9\r\n\r\n", 505, id="unknown-http-version"),
        pytest.param(b"GET /v2/user/info/ HTTP/1.x\r\n\r\n", 400, id="bad-http-version"),
        pytest.param(b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n", 414, id="path-too-long"),
        pytest.param(b"GET / HTTP/1.1\r\n" + b"X-A: b\r\n" * 200 + b"\r\n", 431, id="too-many-headers"),
    ],
)
def test_a_request_the_http_server_cannot_parse_gets_tiktoks_envelope(
    request_bytes: bytes, status: int, tiktok_server: LiveServer
) -> None:
    answer = raw_exchange(tiktok_server, request_bytes)
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(f"HTTP/1.1 {status} ".encode()), head
    assert b"content-type: application/json" in head.lower() and b"connection: close" in head.lower()
    error = json.loads(body)["error"]
    assert error["code"] == "invalid_params" and len(error["log_id"]) == 34
    assert error["message"].startswith("The request could not be read as HTTP: ")


def test_a_good_chunked_body_still_works(tiktok_server: LiveServer, tiktok_sandbox: Sandbox) -> None:
    form = (
        f"client_key={tiktok_sandbox.client_key}&client_secret={tiktok_sandbox.client_secret}"
        "&grant_type=client_credentials"
    ).encode()
    framing = f"{len(form):x}\r\n".encode() + form + b"\r\n0\r\n\r\n"
    request = chunked("/v2/oauth/token/", framing, "application/x-www-form-urlencoded")
    answer = raw_exchange(tiktok_server, request.replace(b"\r\n\r\n", b"\r\nConnection: close\r\n\r\n", 1))
    assert answer.startswith(b"HTTP/1.1 200") and b'"access_token":"clt.' in answer


def test_the_request_log_masks_the_secrets_of_a_query(
    tiktok_sandbox: Sandbox, tiktok_api: TikTokMock, caplog: pytest.LogCaptureFixture
) -> None:
    """A verbose live server (``tiktok-sandbox serve`` without ``--quiet``) logs each request
    line: an upload URL's token, a code, a secret sent in the query are masked there too."""
    secret = tiktok_sandbox.client_secret
    token = "act.0123456789abcdefghij"
    upload = "upload-token-0123456789abcdef"
    with LiveServer(tiktok_api, quiet=False) as server, caplog.at_level("INFO", logger="werkzeug"):
        requests.post(f"{server.url}/v2/oauth/token/?client_secret={secret}&code=code0123456789", timeout=10)
        requests.get(f"{server.url}/v2/user/info/?fields=open_id&access_token={token}", timeout=10)
        requests.put(f"{server.url}/video/?upload_id=1&upload_token={upload}", data=b"x", timeout=10)
        sock = socket.create_connection((server.host, server.port), timeout=10)
        sock.sendall(f"GET /v2/user/info/?refresh_token={token} extra words\r\n\r\n".encode())  # unparsable
        sock.recv(65536)
        sock.close()
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "/v2/oauth/token/?client_secret=" in logged and "upload_token=" in logged  # the lines are there
    for value in (secret, token, upload, "code0123456789"):
        assert value not in logged, logged
