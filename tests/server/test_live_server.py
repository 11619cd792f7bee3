"""The fake over a real socket: requests and httpx against ``tiktok_server``, routed by path to
TikTok's three hosts, sharing the test's portal, call log and faults."""

from __future__ import annotations

import asyncio
import socket

import httpx
import pytest
import requests
from live_helpers import CALLBACK, PageClient, exchange, live_token

from pytest_tiktok_sandbox import Account, Clock, Portal, Sandbox, TikTokSandbox
from pytest_tiktok_sandbox.mock import TikTokMock
from pytest_tiktok_sandbox.server import LiveServer, tiktok_host

MB = 1024 * 1024
POSTING = pytest.mark.tiktok_sandbox(
    products=["login_kit", "display_api", "content_posting_api"],
    scopes=["user.info.basic", "video.publish", "video.upload"],
    direct_post=True,
)


def client_token(server: LiveServer, sandbox: Sandbox, http: requests.Session) -> requests.Response:
    form = {
        "client_key": sandbox.client_key,
        "client_secret": sandbox.client_secret,
        "grant_type": "client_credentials",
    }
    return http.post(server.url + "/v2/oauth/token/", data=form, timeout=10)


# -- the server itself --------------------------------------------------------------------------------
def test_the_server_listens_on_loopback_on_a_free_port(tiktok_server: LiveServer) -> None:
    assert tiktok_server.running
    assert tiktok_server.url == f"http://127.0.0.1:{tiktok_server.port}"
    assert tiktok_server.port > 0
    assert repr(tiktok_server) == f"<LiveServer {tiktok_server.url}>"


def test_a_server_stops_closes_its_socket_and_stops_twice_quietly(tiktok_portal: Portal) -> None:
    server = LiveServer.for_portal(tiktok_portal).start()
    port = server.port
    with pytest.raises(RuntimeError, match="already started"):
        server.start()
    server.stop()
    server.stop()
    assert not server.running
    with pytest.raises(RuntimeError, match="not started"):
        _ = server.url
    with pytest.raises(ConnectionRefusedError), socket.create_connection(("127.0.0.1", port), timeout=2):
        pass


def test_paths_are_routed_to_tiktoks_hosts() -> None:
    assert tiktok_host("/v2/auth/authorize/") == "www.tiktok.com"
    assert tiktok_host("/video/") == "open-upload.tiktokapis.com"
    assert tiktok_host("/v2/user/info/") == "open.tiktokapis.com"
    assert tiktok_host("/anything") == "open.tiktokapis.com"


def test_url_for_and_authorize_url(tiktok_server: LiveServer, tiktok_sandbox: Sandbox) -> None:
    assert tiktok_server.url_for("/v2/user/info/") == tiktok_server.url + "/v2/user/info/"
    assert tiktok_server.url_for("https://open.tiktokapis.com/v2/oauth/token/") == (
        tiktok_server.url + "/v2/oauth/token/"
    )
    url = tiktok_server.authorize_url(tiktok_sandbox, ["user.info.basic", "video.list"], CALLBACK, "st")
    assert url.startswith(tiktok_server.url + "/v2/auth/authorize/?client_key=" + tiktok_sandbox.client_key)
    assert "scope=user.info.basic%2Cvideo.list" in url and "state=st" in url and "response_type=code" in url


def test_an_unknown_path_gets_tiktoks_404_and_no_network(tiktok_server: LiveServer, http: requests.Session) -> None:
    response = http.get(tiktok_server.url + "/v2/user/nope/", timeout=10)
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == "invalid_params"
    assert f"{tiktok_server.url}/v2/user/nope/" in error["message"]  # the address used, not TikTok's


def test_a_server_of_its_own_portal_without_pytest_fixtures() -> None:
    with TikTokSandbox(seed=3) as tt, LiveServer(tt.api) as server:
        form = {"client_key": tt.sandbox.client_key, "client_secret": tt.sandbox.client_secret}
        answer = requests.post(server.url + "/v2/oauth/token/", data={**form, "grant_type": "client_credentials"})
        assert answer.json()["access_token"].startswith("clt.")


# -- Login Kit and Display over HTTP ----------------------------------------------------------------------
def test_client_credentials_over_http(tiktok_server: LiveServer, tiktok_sandbox: Sandbox, http) -> None:
    body = client_token(tiktok_server, tiktok_sandbox, http).json()
    assert body["access_token"].startswith("clt.") and body["expires_in"] == 7200


def test_the_whole_login_kit_flow_over_http(
    tiktok_server: LiveServer, tiktok_sandbox: Sandbox, tiktok_target_users: list[Account], person: PageClient, http
) -> None:
    user = tiktok_target_users[0]
    url = tiktok_server.authorize_url(tiktok_sandbox, "user.info.basic,user.info.profile", CALLBACK, "xyz")
    code = person.code(url, user)
    tokens = exchange(tiktok_server, tiktok_sandbox, code)
    assert tokens["open_id"] == user.open_id
    assert tokens["scope"] == "user.info.basic,user.info.profile"

    info = http.get(
        tiktok_server.url + "/v2/user/info/",
        params={"fields": "open_id,display_name,username"},
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
        timeout=10,
    )
    assert info.status_code == 200
    assert info.json()["data"]["user"] == {
        "open_id": user.open_id,
        "display_name": user.display_name,
        "username": user.username,
    }
    refreshed = http.post(
        tiktok_server.url + "/v2/oauth/token/",
        data={
            "client_key": tiktok_sandbox.client_key,
            "client_secret": tiktok_sandbox.client_secret,
            "grant_type": "refresh_token",
            "refresh_token": tokens["refresh_token"],
        },
        timeout=10,
    ).json()
    assert refreshed["access_token"] != tokens["access_token"]
    assert refreshed["open_id"] == user.open_id


def test_live_calls_land_in_the_tests_call_log(
    tiktok_server: LiveServer, tiktok_api: TikTokMock, tiktok_sandbox: Sandbox, http
) -> None:
    client_token(tiktok_server, tiktok_sandbox, http)
    http.get(tiktok_server.url + "/v2/user/info/?fields=open_id", timeout=10)
    (token,) = tiktok_api.calls.to("/v2/oauth/token/")
    assert token.request.host == "open.tiktokapis.com" and token.status == 200
    (info,) = tiktok_api.calls.to("/v2/user/info/")
    assert info.status == 401 and info.error_code == "access_token_invalid"
    assert tiktok_server.api is tiktok_api.api


def test_the_responses_mock_still_answers_tiktok_hosts_and_lets_loopback_through(
    tiktok_server: LiveServer, tiktok_api: TikTokMock, tiktok_sandbox: Sandbox
) -> None:
    in_process = requests.get("https://open.tiktokapis.com/v2/user/info/?fields=open_id", timeout=10)
    live = requests.get(tiktok_server.url + "/v2/user/info/?fields=open_id", timeout=10)
    assert in_process.status_code == live.status_code == 401
    assert in_process.json()["error"]["code"] == live.json()["error"]["code"] == "access_token_invalid"
    assert len(tiktok_api.calls.to("/v2/user/info/")) == 2


def test_faults_apply_to_live_requests(tiktok_server: LiveServer, tiktok_api: TikTokMock, http) -> None:
    tiktok_api.fail("/v2/user/info/", 503, times=1)
    first = http.get(tiktok_server.url + "/v2/user/info/?fields=open_id", timeout=10)
    second = http.get(tiktok_server.url + "/v2/user/info/?fields=open_id", timeout=10)
    assert first.status_code == 503 and second.status_code == 401


def test_the_mocks_own_authorize_page_is_unchanged_while_the_server_runs(
    tiktok_server: LiveServer, tiktok_sandbox: Sandbox
) -> None:
    query = {
        "client_key": tiktok_sandbox.client_key,
        "scope": "user.info.basic",
        "response_type": "code",
        "redirect_uri": CALLBACK,
    }
    answer = requests.get("https://www.tiktok.com/v2/auth/authorize/", params=query, allow_redirects=False)
    assert answer.status_code == 302 and "code=" in answer.headers["Location"]


def test_a_server_can_answer_the_authorize_path_from_the_browser_session(
    tiktok_api: TikTokMock, tiktok_sandbox: Sandbox
) -> None:
    with LiveServer(tiktok_api, authorize_page=False) as server:
        url = server.authorize_url(tiktok_sandbox, "user.info.basic", CALLBACK)
        answer = requests.get(url, allow_redirects=False, timeout=10)
    assert answer.status_code == 302 and "code=" in answer.headers["Location"]


# -- Content Posting over HTTP -----------------------------------------------------------------------------
@POSTING
def test_a_chunked_direct_post_uploads_to_the_live_upload_url(
    tiktok_server: LiveServer,
    tiktok_sandbox: Sandbox,
    tiktok_target_users: list[Account],
    tiktok_clock: Clock,
    http,
) -> None:
    token = live_token(tiktok_server, tiktok_sandbox, tiktok_target_users[0], "user.info.basic,video.publish")
    headers = {"Authorization": f"Bearer {token}"}
    base = tiktok_server.url + "/v2/post/publish/"
    info = http.post(base + "creator_info/query/", headers=headers, timeout=10).json()
    assert "SELF_ONLY" in info["data"]["privacy_level_options"]

    size, chunk = 12 * MB, 5 * MB  # two chunks: 5 MB, then the 7 MB remainder
    init = http.post(
        base + "video/init/",
        headers=headers,
        json={
            "post_info": {"privacy_level": "SELF_ONLY", "title": "live"},
            "source_info": {"source": "FILE_UPLOAD", "video_size": size, "chunk_size": chunk, "total_chunk_count": 2},
        },
        timeout=10,
    ).json()
    upload_url = init["data"]["upload_url"]
    assert upload_url.startswith(tiktok_server.url + "/video/?upload_id=")

    first = http.put(
        upload_url,
        data=b"\0" * chunk,
        headers={"Content-Type": "video/mp4", "Content-Range": f"bytes 0-{chunk - 1}/{size}"},
        timeout=30,
    )
    assert first.status_code == 206 and first.headers["Content-Range"] == f"bytes 0-{chunk - 1}/{size}"
    second = http.put(
        upload_url,
        data=b"\1" * (size - chunk),
        headers={"Content-Type": "video/mp4", "Content-Range": f"bytes {chunk}-{size - 1}/{size}"},
        timeout=30,
    )
    assert second.status_code == 201 and second.headers["Content-Range"] == f"bytes 0-{size - 1}/{size}"

    publish_id = init["data"]["publish_id"]
    tiktok_clock.advance(minutes=10)
    status = http.post(base + "status/fetch/", headers=headers, json={"publish_id": publish_id}, timeout=10).json()
    assert status["data"]["uploaded_bytes"] == size
    assert status["data"]["status"] == "PUBLISH_COMPLETE"
    (put_call, _) = tiktok_server.api.calls.to("/video/")
    assert put_call.request.host == "open-upload.tiktokapis.com"


@POSTING
def test_an_out_of_order_chunk_gets_416_from_the_live_upload_url(
    tiktok_server: LiveServer, tiktok_sandbox: Sandbox, tiktok_target_users: list[Account], http
) -> None:
    token = live_token(tiktok_server, tiktok_sandbox, tiktok_target_users[0], "user.info.basic,video.upload")
    source = {"source": "FILE_UPLOAD", "video_size": 1000, "chunk_size": 1000, "total_chunk_count": 1}
    init = http.post(
        tiktok_server.url + "/v2/post/publish/inbox/video/init/",
        headers={"Authorization": f"Bearer {token}"},
        json={"source_info": source},
        timeout=10,
    ).json()
    url = init["data"]["upload_url"]
    bad = http.put(url, data=b"x" * 10, headers={"Content-Type": "video/mp4", "Content-Range": "bytes 10-19/1000"})
    assert bad.status_code == 416  # the upload expects bytes 0-999 first
    unknown = http.put(url.replace("upload_token=", "upload_token=x"), data=b"x", headers={"Content-Type": "video/mp4"})
    assert unknown.status_code == 404


@POSTING
def test_in_process_clients_get_live_upload_urls_while_the_server_runs(
    tiktok_api: TikTokMock, tiktok_sandbox: Sandbox, tiktok_target_users: list[Account], tiktok_portal: Portal
) -> None:
    token = _in_process_token(tiktok_sandbox, tiktok_target_users[0])
    source = {"source": "FILE_UPLOAD", "video_size": 1000, "chunk_size": 1000, "total_chunk_count": 1}
    body = {"source_info": source}
    headers = {"Authorization": f"Bearer {token}"}
    url = "https://open.tiktokapis.com/v2/post/publish/inbox/video/init/"
    with LiveServer(tiktok_api) as server:
        live_url = requests.post(url, headers=headers, json=body, timeout=10).json()["data"]["upload_url"]
        assert live_url.startswith(server.url + "/video/?")
        put = requests.put(
            live_url, data=b"v" * 1000, headers={"Content-Type": "video/mp4", "Content-Range": "bytes 0-999/1000"}
        )
        assert put.status_code == 201
    assert tiktok_api.settings.upload_base_url is None
    after = requests.post(url, headers=headers, json=body, timeout=10).json()["data"]["upload_url"]
    assert after.startswith("https://open-upload.tiktokapis.com/video/?upload_id=")


def _in_process_token(sandbox: Sandbox, account: Account) -> str:
    location = sandbox.authorize(account, "user.info.basic,video.upload,video.publish", CALLBACK)
    code = requests.utils.unquote(location.split("code=")[1].split("&")[0])
    form = {
        "client_key": sandbox.client_key,
        "client_secret": sandbox.client_secret,
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": CALLBACK,
    }
    return str(requests.post("https://open.tiktokapis.com/v2/oauth/token/", data=form).json()["access_token"])


# -- httpx -----------------------------------------------------------------------------------------------
def test_httpx_against_the_live_server(
    tiktok_server: LiveServer, tiktok_sandbox: Sandbox, tiktok_target_users: list[Account]
) -> None:
    user = tiktok_target_users[0]
    code = PageClient(tiktok_server)
    try:
        the_code = code.code(tiktok_server.authorize_url(tiktok_sandbox, "user.info.basic", CALLBACK, "s"), user)
    finally:
        code.close()
    with httpx.Client(base_url=tiktok_server.url, timeout=10) as client:
        tokens = client.post(
            "/v2/oauth/token/",
            data={
                "client_key": tiktok_sandbox.client_key,
                "client_secret": tiktok_sandbox.client_secret,
                "grant_type": "authorization_code",
                "code": the_code,
                "redirect_uri": CALLBACK,
            },
        ).json()
        info = client.get(
            "/v2/user/info/",
            params={"fields": "open_id"},
            headers={"Authorization": f"Bearer {tokens['access_token']}"},
        )
    assert info.status_code == 200 and info.json()["data"]["user"] == {"open_id": user.open_id}


def test_httpx_async_against_the_live_server(tiktok_server: LiveServer, tiktok_sandbox: Sandbox) -> None:
    form = {
        "client_key": tiktok_sandbox.client_key,
        "client_secret": tiktok_sandbox.client_secret,
        "grant_type": "client_credentials",
    }

    async def fetch() -> list[httpx.Response]:
        async with httpx.AsyncClient(base_url=tiktok_server.url, timeout=10) as client:
            return list(await asyncio.gather(*(client.post("/v2/oauth/token/", data=form) for _ in range(5))))

    answers = asyncio.run(fetch())
    tokens = {a.json()["access_token"] for a in answers}
    assert len(tokens) == 5 and all(t.startswith("clt.") for t in tokens)
