"""Hostile uses of the transports: other HTTP mocks in the same test, out-of-order mocks, odd
bodies, openers without the usual handlers, timeouts, decorators on classes and overlapping
calls. Each test here failed before the stack of active mocks and its one interception point
per client library (``transports/install.py``)."""

from __future__ import annotations

import asyncio
import io
import socket
import time
import unittest
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import httpcore
import httpx
import pytest
import requests
import responses
from pytest_httpx import HTTPXMock
from requests.adapters import HTTPAdapter
from responses.registries import OrderedRegistry
from urllib3.util import Retry

from pytest_tiktok_sandbox import Account, Portal, Sandbox, TikTokMock, TikTokSandbox

TOKEN_URL = "https://open.tiktokapis.com/v2/oauth/token/"
USER_INFO = "https://open.tiktokapis.com/v2/user/info/?fields=open_id"
INBOX_INIT = "https://open.tiktokapis.com/v2/post/publish/inbox/video/init/"
CALLBACK = "https://example.com/auth/tiktok/callback"
OTHER = "https://api.example.com/x"


def client_form(sandbox: Sandbox) -> dict[str, str]:
    return {
        "client_key": sandbox.client_key,
        "client_secret": sandbox.client_secret,
        "grant_type": "client_credentials",
    }


def client_token(sandbox: Sandbox) -> dict[str, Any]:
    return dict(requests.post(TOKEN_URL, data=client_form(sandbox), timeout=5).json())


def user_token(sandbox: Sandbox, account: Account, scope: str = "user.info.basic") -> str:
    return str(sandbox.sign_in(account, scope)["access_token"])


def authorize_url(sandbox: Sandbox) -> str:
    query = {"client_key": sandbox.client_key, "scope": "user.info.basic", "response_type": "code"}
    return f"https://www.tiktok.com/v2/auth/authorize/?{urlencode({**query, 'redirect_uri': CALLBACK})}"


# -- 1, 2: responses mocks of the user's own, in any number and order -------------------------------


def test_the_default_responses_registry_holds_only_the_users_routes(tiktok_sandbox: Sandbox) -> None:
    responses.start()
    try:
        responses.get(OTHER, json={"ok": 1})
        assert len(responses.registered()) == 1
        assert client_token(tiktok_sandbox)["token_type"] == "Bearer"
        assert requests.get(OTHER, timeout=5).json() == {"ok": 1}
        assert len(responses.calls) == 1  # the TikTok call is the fake's, not the user's mock's
    finally:
        responses.stop()
        responses.reset()


def test_assert_all_requests_are_fired_sees_only_the_users_routes(tiktok_sandbox: Sandbox) -> None:
    @responses.activate(assert_all_requests_are_fired=True)
    def no_tiktok_call() -> None:
        responses.get(OTHER, json={"ok": 1})
        assert requests.get(OTHER, timeout=5).json() == {"ok": 1}

    no_tiktok_call()  # raised "Not all requests have been executed" for the lent TikTok route


def test_an_ordered_registry_is_not_disturbed(tiktok_sandbox: Sandbox) -> None:
    @responses.activate(registry=OrderedRegistry)
    def ordered() -> None:
        responses.get(OTHER, json={"n": 1})
        responses.get(OTHER, json={"n": 2})
        assert requests.get(OTHER, timeout=5).json() == {"n": 1}
        assert client_token(tiktok_sandbox)["token_type"] == "Bearer"
        assert requests.get(OTHER, timeout=5).json() == {"n": 2}

    ordered()


def test_a_private_requests_mock_does_not_swallow_tiktok_calls(tiktok_sandbox: Sandbox, tiktok_api: TikTokMock) -> None:
    with responses.RequestsMock() as rsps:
        rsps.get(OTHER, json={"mine": True})
        assert client_token(tiktok_sandbox)["token_type"] == "Bearer"
        assert requests.get(OTHER, timeout=5).json() == {"mine": True}
    assert tiktok_api.calls.count("/v2/oauth/token/") == 1


def test_two_responses_blocks_in_one_test_both_reach_the_fake(tiktok_sandbox: Sandbox) -> None:
    @responses.activate
    def block() -> str:
        return str(client_token(tiktok_sandbox)["access_token"])

    assert block().startswith("clt.")
    assert block().startswith("clt.")  # the first block's reset used to drop the TikTok route


def test_a_responses_mock_stopped_after_ours_leaves_tiktok_answered(tiktok_sandbox: Sandbox) -> None:
    rsps = responses.RequestsMock(assert_all_requests_are_fired=False)
    rsps.start()
    try:
        with TikTokSandbox(seed=3) as inner:
            assert "access_token" in client_token(inner.sandbox)
        assert "access_token" in client_token(tiktok_sandbox)
    finally:
        rsps.stop()
    assert "access_token" in client_token(tiktok_sandbox)


def test_a_sessions_retry_adapter_still_retries_a_429(tiktok_sandbox: Sandbox, tiktok_api: TikTokMock) -> None:
    tiktok_api.fail("/v2/oauth/token/", 429, times=1)
    session = requests.Session()
    session.mount("https://", HTTPAdapter(max_retries=Retry(total=2, status_forcelist=[429], allowed_methods=None)))
    assert session.post(TOKEN_URL, data=client_form(tiktok_sandbox), timeout=5).status_code == 200
    assert [call.status for call in tiktok_api.calls] == [429, 200]


# -- 3: pytest-httpx, set up before or after the plugin ---------------------------------------------


def _httpx_both(sandbox: Sandbox, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url=OTHER, json={"mine": True})
    assert httpx.post(TOKEN_URL, data=client_form(sandbox)).json()["token_type"] == "Bearer"
    assert httpx.get(OTHER).json() == {"mine": True}


def test_pytest_httpx_set_up_after_the_plugin(tiktok_sandbox: Sandbox, httpx_mock: HTTPXMock) -> None:
    _httpx_both(tiktok_sandbox, httpx_mock)


def test_pytest_httpx_set_up_before_the_plugin(httpx_mock: HTTPXMock, tiktok_sandbox: Sandbox) -> None:
    _httpx_both(tiktok_sandbox, httpx_mock)


def test_pytest_httpx_with_an_async_client(tiktok_sandbox: Sandbox, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(url=OTHER, json={"mine": True})

    async def both() -> tuple[Any, Any]:
        async with httpx.AsyncClient() as client:
            token = await client.post(TOKEN_URL, data=client_form(tiktok_sandbox))
            other = await client.get(OTHER)
            return token.json(), other.json()

    token, other = asyncio.run(both())
    assert token["token_type"] == "Bearer" and other == {"mine": True}


# -- 4: bodies of any bytes-like type ----------------------------------------------------------------

SIZE = 1000
PAYLOAD = bytes((i % 255) + 1 for i in range(SIZE))  # no zero byte: the decimal text would differ


@pytest.fixture
def upload_url(tiktok_sandbox: Sandbox, tiktok_target_users: list[Account]) -> str:
    token = user_token(tiktok_sandbox, tiktok_target_users[0], "video.upload")
    source = {"source": "FILE_UPLOAD", "video_size": SIZE, "chunk_size": SIZE, "total_chunk_count": 1}
    answer = requests.post(
        INBOX_INIT, json={"source_info": source}, headers={"Authorization": f"Bearer {token}"}, timeout=5
    )
    return str(answer.json()["data"]["upload_url"])


def _bodies() -> Iterator[Any]:
    yield pytest.param(lambda: memoryview(PAYLOAD), id="memoryview")
    yield pytest.param(lambda: bytearray(PAYLOAD), id="bytearray")
    yield pytest.param(lambda: io.BytesIO(PAYLOAD), id="file")
    yield pytest.param(lambda: iter([memoryview(PAYLOAD)[:400], bytearray(PAYLOAD[400:])]), id="chunks")


@pytest.mark.tiktok_sandbox(products=["login_kit", "content_posting_api"], scopes=["video.upload"])
@pytest.mark.parametrize("body", list(_bodies()))
def test_a_bytes_like_upload_arrives_as_its_bytes(upload_url: str, tiktok_api: TikTokMock, body: Any) -> None:
    headers = {"Content-Type": "video/mp4", "Content-Range": f"bytes 0-{SIZE - 1}/{SIZE}", "Content-Length": str(SIZE)}
    answer = requests.put(upload_url, data=body(), headers=headers, timeout=5)
    assert answer.status_code == 201, answer.text
    assert tiktok_api.calls[-1].request.body == PAYLOAD


# -- 5: urllib's own machinery runs --------------------------------------------------------------------


def test_an_opener_without_a_redirect_handler_does_not_follow(tiktok_sandbox: Sandbox) -> None:
    opener = urllib.request.OpenerDirector()
    for handler in (urllib.request.HTTPSHandler(), urllib.request.HTTPDefaultErrorHandler()):
        opener.add_handler(handler)
    opener.add_handler(urllib.request.HTTPErrorProcessor())
    with pytest.raises(urllib.error.HTTPError) as answer:
        opener.open(authorize_url(tiktok_sandbox), timeout=5)
    assert answer.value.code == 302
    assert answer.value.headers["Location"].startswith(CALLBACK + "?code=")


def test_the_openers_addheaders_reach_the_fake(tiktok_sandbox: Sandbox, tiktok_target_users: list[Account]) -> None:
    opener = urllib.request.build_opener()
    opener.addheaders = [("Authorization", f"Bearer {user_token(tiktok_sandbox, tiktok_target_users[0])}")]
    with opener.open(USER_INFO, timeout=5) as answer:
        assert answer.status == 200


def test_a_handlers_request_processor_runs(tiktok_sandbox: Sandbox, tiktok_target_users: list[Account]) -> None:
    token = user_token(tiktok_sandbox, tiktok_target_users[0])

    class Auth(urllib.request.BaseHandler):
        def https_request(self, request: urllib.request.Request) -> urllib.request.Request:
            request.add_header("Authorization", f"Bearer {token}")
            return request

    with urllib.request.build_opener(Auth()).open(USER_INFO, timeout=5) as answer:
        assert answer.status == 200


# -- 6: mocks and live servers stopped out of order ----------------------------------------------------


def _patched() -> tuple[Any, ...]:
    return (
        socket.getaddrinfo,
        socket.gethostbyname,
        socket.gethostbyname_ex,
        socket.gethostbyaddr,
        HTTPAdapter.get_connection_with_tls_context,
        responses.RequestsMock._on_request,
        urllib.request.AbstractHTTPHandler.do_open,
        httpcore.ConnectionPool.handle_request,
        httpcore.AsyncConnectionPool.handle_async_request,
    )


def _answers(mock: TikTokMock) -> None:
    before = len(mock.calls)
    requests.post(TOKEN_URL, data={}, timeout=5)
    httpx.post(TOKEN_URL, data={})
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen("https://open.tiktokapis.com/v2/nope/", timeout=5)
    assert len(mock.calls) == before + 3
    with pytest.raises(socket.gaierror):
        socket.getaddrinfo("open.tiktokapis.com", 443)


@pytest.mark.parametrize("first_stopped", ["older", "newer"])
def test_mocks_stopped_out_of_order_restore_exactly(first_stopped: str) -> None:
    original = _patched()
    older, newer = TikTokMock(Portal(seed=1)).start(), TikTokMock(Portal(seed=2)).start()
    try:
        _answers(newer)
        stopped, running = (older, newer) if first_stopped == "older" else (newer, older)
        stopped.stop()
        _answers(running)  # the mock still running keeps intercepting
        assert _patched() != original
    finally:
        older.stop()
        newer.stop()
    assert _patched() == original


def test_a_mock_started_inside_a_stopped_outer_is_still_alone() -> None:
    original = _patched()
    with TikTokMock(Portal(seed=1)) as outer:
        inner = TikTokMock(Portal(seed=2)).start()
    _answers(inner)
    assert not outer.active
    inner.stop()
    assert _patched() == original


@pytest.mark.parametrize("first_stopped", [0, 1])
def test_live_servers_stopped_out_of_order_restore_the_upload_url(first_stopped: int) -> None:
    from pytest_tiktok_sandbox.server import LiveServer

    mock = TikTokMock(Portal(seed=1))
    servers = [LiveServer(mock).start(), LiveServer(mock).start()]
    assert mock.settings.upload_base_url == servers[1].url
    still_running = servers[1 - first_stopped]
    servers[first_stopped].stop()
    assert mock.settings.upload_base_url == still_running.url
    still_running.stop()
    assert mock.settings.upload_base_url is None


# -- 7: the guard covers every resolver of the socket module ------------------------------------------


@pytest.mark.parametrize("name", ["gethostbyname", "gethostbyname_ex", "gethostbyaddr", "getaddrinfo"])
def test_every_socket_resolver_refuses_tiktoks_hosts(tiktok_api: TikTokMock, name: str) -> None:
    resolver = getattr(socket, name)  # the guarded one, looked up while the mock is active
    args: tuple[Any, ...] = (443,) if name == "getaddrinfo" else ()
    for host in ("open.tiktokapis.com", "WWW.TIKTOK.COM.", b"open-upload.tiktokapis.com"):
        with pytest.raises(socket.gaierror, match="pytest-tiktok-sandbox blocked a connection"):
            resolver(host, *args)
    if name != "gethostbyaddr":  # a reverse lookup of loopback depends on the machine's hosts file
        assert resolver("localhost", *args)


def test_asyncio_resolves_through_the_guard(tiktok_api: TikTokMock) -> None:
    async def resolve(host: str) -> Any:
        return await asyncio.get_running_loop().getaddrinfo(host, 443)

    with pytest.raises(socket.gaierror, match="pytest-tiktok-sandbox blocked a connection"):
        asyncio.run(resolve("open.tiktokapis.com"))
    assert asyncio.run(resolve("localhost"))


# -- 8, 9: latency on an event loop, and the client's own timeout ------------------------------------


def test_latency_on_an_async_client_does_not_block_the_event_loop(
    tiktok_sandbox: Sandbox, tiktok_api: TikTokMock
) -> None:
    tiktok_api.fail("/v2/oauth/token/", status=None, latency=0.3)

    async def measure() -> tuple[int, Any]:
        ticks = 0
        done = False

        async def tick() -> None:
            nonlocal ticks
            while not done:
                await asyncio.sleep(0.01)
                ticks += 1

        ticker = asyncio.create_task(tick())
        async with httpx.AsyncClient() as client:
            answer = await client.post(TOKEN_URL, data=client_form(tiktok_sandbox))
        done = True
        await ticker
        return ticks, answer.json()

    ticks, body = asyncio.run(measure())
    assert body["token_type"] == "Bearer"
    assert ticks >= 10  # time.sleep in the loop's thread let none through


def _timed(call: Any) -> float:
    start = time.monotonic()
    call()
    return time.monotonic() - start


def test_requests_raises_read_timeout(tiktok_sandbox: Sandbox, tiktok_api: TikTokMock) -> None:
    tiktok_api.fail("/v2/oauth/token/", status=None, latency=5)

    def call() -> None:
        with pytest.raises(requests.exceptions.ReadTimeout, match=r"open\.tiktokapis\.com.*Read timed out"):
            requests.post(TOKEN_URL, data=client_form(tiktok_sandbox), timeout=(1, 0.2))

    assert 0.2 <= _timed(call) < 2
    assert client_token(tiktok_sandbox)["token_type"] == "Bearer"  # the fault was spent: the retry goes through


def test_a_read_retry_adapter_retries_a_timeout(tiktok_sandbox: Sandbox, tiktok_api: TikTokMock) -> None:
    tiktok_api.fail("/v2/user/info/", status=None, latency=5, times=1)
    session = requests.Session()
    session.mount("https://", HTTPAdapter(max_retries=Retry(total=2, read=2)))
    started = time.monotonic()
    answer = session.get(USER_INFO, timeout=0.2)  # GET is idempotent: urllib3 retries the read
    assert answer.status_code == 401 and time.monotonic() - started < 2
    assert len(tiktok_api.calls) == 1  # the timed-out attempt was never answered


@pytest.mark.parametrize("asynchronous", [False, True])
def test_httpx_raises_read_timeout(tiktok_sandbox: Sandbox, tiktok_api: TikTokMock, asynchronous: bool) -> None:
    tiktok_api.fail("/v2/oauth/token/", status=None, latency=5)

    async def post_async() -> None:
        async with httpx.AsyncClient(timeout=0.2) as client:
            await client.post(TOKEN_URL, data=client_form(tiktok_sandbox))

    def post() -> None:
        if asynchronous:
            asyncio.run(post_async())
        else:
            httpx.post(TOKEN_URL, data=client_form(tiktok_sandbox), timeout=0.2)

    def call() -> None:
        with pytest.raises(httpx.ReadTimeout):
            post()

    assert 0.2 <= _timed(call) < 2


def test_urllib_raises_timeout_error(tiktok_sandbox: Sandbox, tiktok_api: TikTokMock) -> None:
    tiktok_api.fail("/v2/oauth/token/", status=None, latency=5)
    data = urlencode(client_form(tiktok_sandbox)).encode()

    def call() -> None:
        with pytest.raises(socket.timeout):
            urllib.request.urlopen(TOKEN_URL, data=data, timeout=0.2)

    assert 0.2 <= _timed(call) < 2


def test_a_latency_within_the_timeout_is_answered(tiktok_sandbox: Sandbox, tiktok_api: TikTokMock) -> None:
    tiktok_api.fail("/v2/oauth/token/", status=None, latency=0.1)
    answer = requests.post(TOKEN_URL, data=client_form(tiktok_sandbox), timeout=2)
    assert answer.json()["token_type"] == "Bearer"


# -- 10, 11: the decorators on classes, and overlapping calls -----------------------------------------


def _run(case: type[unittest.TestCase]) -> unittest.TestResult:
    result = unittest.TestResult()
    unittest.defaultTestLoader.loadTestsFromTestCase(case).run(result)
    return result


def test_the_sandbox_decorates_each_test_method_of_a_test_case() -> None:
    tiktok = TikTokSandbox(seed=1)
    seen: list[str] = []

    @tiktok
    class Case(unittest.TestCase):
        def test_one(self) -> None:
            seen.append(client_token(tiktok.sandbox)["token_type"])

        def test_two(self) -> None:
            seen.append(client_token(tiktok.sandbox)["token_type"])

        def helper(self) -> None:
            raise AssertionError("not a test: not decorated, never run")

    assert isinstance(Case, type)
    result = _run(Case)
    assert result.testsRun == 2 and result.wasSuccessful(), result.errors + result.failures
    assert seen == ["Bearer", "Bearer"]
    with pytest.raises(RuntimeError, match="not started"):
        tiktok.sandbox  # noqa: B018 - stopped after each test


def test_the_mock_decorates_a_test_case_too() -> None:
    portal = Portal(seed=1)
    mock = TikTokMock(portal)

    @mock
    class Case(unittest.TestCase):
        def test_answered(self) -> None:
            assert requests.post(TOKEN_URL, data={}, timeout=5).json()["error"] == "invalid_request"

    result = _run(Case)
    assert result.testsRun == 1 and result.wasSuccessful(), result.errors + result.failures
    assert len(mock.calls) == 1 and not mock.active


def test_overlapping_async_calls_share_one_activation() -> None:
    tiktok = TikTokSandbox(seed=1)

    @tiktok
    async def token(delay: float) -> str:
        await asyncio.sleep(delay)
        async with httpx.AsyncClient() as client:
            answer = await client.post(TOKEN_URL, data=client_form(tiktok.sandbox))
        return str(answer.json()["access_token"])

    async def both() -> list[str]:
        return list(await asyncio.gather(token(0.05), token(0.0)))

    tokens = asyncio.run(both())
    assert len(set(tokens)) == 2 and all(t.startswith("clt.") for t in tokens)
    with pytest.raises(RuntimeError, match="not started"):
        tiktok.sandbox  # noqa: B018 - the last call out stopped it


def test_a_recursive_decorated_call_shares_the_activation() -> None:
    tiktok = TikTokSandbox(seed=1)

    @tiktok
    def countdown(n: int) -> list[str]:
        here = [str(client_token(tiktok.sandbox)["token_type"])]
        return here + (countdown(n - 1) if n else [])

    assert countdown(2) == ["Bearer"] * 3
    with pytest.raises(RuntimeError, match="not started"):
        tiktok.sandbox  # noqa: B018
