"""The outcome catalogue and what the fake records into it: the right endpoint and outcome
for each answer, the refusal reasons as data (expired vs invalid), and a catalogue row for
every error code the fake can produce."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import pytest
import requests

import pytest_tiktok_sandbox
from pytest_tiktok_sandbox import Account, Clock, Portal, Sandbox, TikTokMock, TikTokSandbox
from pytest_tiktok_sandbox.api.posting import DATA_PORTABILITY_PATHS
from pytest_tiktok_sandbox.api.service import FakeTikTokAPI
from pytest_tiktok_sandbox.api.webhooks import WebhookOutbox
from pytest_tiktok_sandbox.outcomes import CATALOGUE, OutcomeRecorder, current, install
from pytest_tiktok_sandbox.outcomes.catalogue import BY_ENDPOINT, ROUTES, TOKEN, TOKEN_GRANTS

CALLBACK = "https://example.com/auth/tiktok/callback"
API = "https://open.tiktokapis.com"
TOKEN_URL = f"{API}/v2/oauth/token/"
USER_INFO_URL = f"{API}/v2/user/info/?fields=open_id"
VIDEO_LIST_URL = f"{API}/v2/video/list/?fields=id"
CODE = "POST /v2/oauth/token/ (authorization_code)"
REFRESH = "POST /v2/oauth/token/ (refresh_token)"
USER_INFO = "GET /v2/user/info/"


@pytest.fixture
def recorder(tiktok_api: TikTokMock) -> OutcomeRecorder:
    recorder = OutcomeRecorder()
    tiktok_api.api.outcomes = recorder
    return recorder


def code_for(sandbox: Sandbox, user: Account, scopes: str = "user.info.basic,video.list") -> str:
    return parse_qs(urlsplit(sandbox.authorize(user, scopes, CALLBACK)).query)["code"][0]


def token(sandbox: Sandbox, **form: str) -> dict[str, Any]:
    body = {"client_key": sandbox.client_key, "client_secret": sandbox.client_secret, **form}
    answer: dict[str, Any] = requests.post(TOKEN_URL, data=body, timeout=10).json()
    return answer


def exchange(sandbox: Sandbox, code: str) -> dict[str, Any]:
    return token(sandbox, grant_type="authorization_code", code=code, redirect_uri=CALLBACK)


def of(recorder: OutcomeRecorder, endpoint: str) -> set[str]:
    return {name for e, name in recorder.met if e == endpoint}


# -- the refusal reasons, as data ---------------------------------------------------------------------
def test_a_still_percent_encoded_code_is_told_apart_from_an_unknown_one(
    tiktok_sandbox: Sandbox, tiktok_target_users: list[Account], recorder: OutcomeRecorder
) -> None:
    code = code_for(tiktok_sandbox, tiktok_target_users[0])
    assert "*" in code and "!" in code
    assert exchange(tiktok_sandbox, quote(code, safe=""))["error"] == "invalid_grant"
    assert of(recorder, CODE) == {"invalid_grant", "code_percent_encoded"}
    exchange(tiktok_sandbox, "not-a-code")
    exchange(tiktok_sandbox, code)
    assert of(recorder, CODE) == {"invalid_grant", "code_percent_encoded", "ok"}


def test_an_expired_code_and_a_wrong_redirect_uri(
    tiktok_sandbox: Sandbox, tiktok_target_users: list[Account], tiktok_clock: Clock, recorder: OutcomeRecorder
) -> None:
    user = tiktok_target_users[0]
    wrong = token(
        tiktok_sandbox,
        grant_type="authorization_code",
        code=code_for(tiktok_sandbox, user),
        redirect_uri=CALLBACK + "x",
    )
    assert wrong["error"] == "invalid_grant"
    assert of(recorder, CODE) == {"invalid_grant", "redirect_uri_mismatch"}
    late = code_for(tiktok_sandbox, user)
    tiktok_clock.advance(minutes=11)
    assert exchange(tiktok_sandbox, late)["error"] == "invalid_grant"
    assert of(recorder, CODE) == {"invalid_grant", "redirect_uri_mismatch", "code_expired"}


def test_refresh_tokens_reused_expired_and_revoked(
    tiktok_sandbox: Sandbox, tiktok_target_users: list[Account], tiktok_clock: Clock, recorder: OutcomeRecorder
) -> None:
    user = tiktok_target_users[0]
    first = exchange(tiktok_sandbox, code_for(tiktok_sandbox, user))
    rotated = token(tiktok_sandbox, grant_type="refresh_token", refresh_token=first["refresh_token"])
    assert rotated["refresh_token"] != first["refresh_token"]
    assert token(tiktok_sandbox, grant_type="refresh_token", refresh_token=first["refresh_token"])["error"] == (
        "invalid_grant"
    )
    assert of(recorder, REFRESH) == {"ok", "invalid_grant", "refresh_token_reused"}
    tiktok_clock.advance(seconds=rotated["refresh_expires_in"] + 1)
    token(tiktok_sandbox, grant_type="refresh_token", refresh_token=rotated["refresh_token"])
    assert "refresh_token_expired" in of(recorder, REFRESH)
    other = exchange(tiktok_sandbox, code_for(tiktok_sandbox, user))
    token(tiktok_sandbox, token=other["access_token"])  # no grant_type: not a grant's endpoint
    requests.post(
        f"{API}/v2/oauth/revoke/",
        data={
            "client_key": tiktok_sandbox.client_key,
            "client_secret": tiktok_sandbox.client_secret,
            "token": other["access_token"],
        },
        timeout=10,
    )
    token(tiktok_sandbox, grant_type="refresh_token", refresh_token=other["refresh_token"])
    assert "refresh_token_revoked" in of(recorder, REFRESH)
    assert of(recorder, TOKEN) == {"unsupported_grant_type"}
    assert of(recorder, "POST /v2/oauth/revoke/") == {"ok"}


def test_an_expired_access_token_is_not_an_unknown_or_revoked_one(
    tiktok_sandbox: Sandbox, tiktok_target_users: list[Account], tiktok_clock: Clock, recorder: OutcomeRecorder
) -> None:
    tokens = exchange(tiktok_sandbox, code_for(tiktok_sandbox, tiktok_target_users[0]))
    bearer = {"Authorization": f"Bearer {tokens['access_token']}"}
    requests.get(USER_INFO_URL, headers={"Authorization": "Bearer act.unknown"}, timeout=10)
    assert of(recorder, USER_INFO) == {"access_token_invalid"}
    tiktok_clock.advance(seconds=tokens["expires_in"])
    answer = requests.get(USER_INFO_URL, headers=bearer, timeout=10)
    assert answer.status_code == 401 and answer.json()["error"]["code"] == "access_token_invalid"
    assert of(recorder, USER_INFO) == {"access_token_invalid", "access_token_expired"}
    fresh = exchange(tiktok_sandbox, code_for(tiktok_sandbox, tiktok_target_users[0]))
    requests.post(
        f"{API}/v2/oauth/revoke/",
        data={
            "client_key": tiktok_sandbox.client_key,
            "client_secret": tiktok_sandbox.client_secret,
            "token": fresh["access_token"],
        },
        timeout=10,
    )
    requests.get(USER_INFO_URL, headers={"Authorization": f"Bearer {fresh['access_token']}"}, timeout=10)
    assert of(recorder, USER_INFO) == {"access_token_invalid", "access_token_expired", "access_token_revoked"}


def test_video_list_pages(
    tiktok_sandbox: Sandbox, tiktok_target_users: list[Account], recorder: OutcomeRecorder, tiktok_api: TikTokMock
) -> None:
    tiktok_api.settings.short_pages = False  # full pages: short ones are the next test's
    user = tiktok_target_users[0]
    tokens = exchange(tiktok_sandbox, code_for(tiktok_sandbox, user))
    bearer = {"Authorization": f"Bearer {tokens['access_token']}"}
    listed = [v for v in user.videos if v.is_listed]
    assert len(listed) >= 2
    first = requests.post(VIDEO_LIST_URL, headers=bearer, json={"max_count": 1}, timeout=10).json()["data"]
    assert first["has_more"]
    requests.post(VIDEO_LIST_URL, headers=bearer, json={"max_count": 20}, timeout=10)
    requests.post(VIDEO_LIST_URL, headers=bearer, json={"cursor": 1}, timeout=10)  # before every video
    assert of(recorder, "POST /v2/video/list/") == {"ok", "has_more", "last_page", "empty_page"}


def test_a_short_page_is_its_own_outcome(
    tiktok_sandbox: Sandbox, tiktok_target_users: list[Account], recorder: OutcomeRecorder
) -> None:
    # TikTok's /v2/video/list/ "may return less than max_count ... even if has_more is true";
    # the fake's first page is always short when it could hold two videos or more.
    user = tiktok_target_users[0]
    tokens = exchange(tiktok_sandbox, code_for(tiktok_sandbox, user))
    bearer = {"Authorization": f"Bearer {tokens['access_token']}"}
    page = requests.post(VIDEO_LIST_URL, headers=bearer, json={"max_count": 20}, timeout=10).json()["data"]
    assert page["has_more"] and len(page["videos"]) < 20
    assert "short_page" in of(recorder, "POST /v2/video/list/")


def test_injected_faults_are_server_errors_and_slow_answers(
    tiktok_sandbox: Sandbox, tiktok_api: TikTokMock, recorder: OutcomeRecorder
) -> None:
    tiktok_api.fail("/v2/user/info/", 503)
    tiktok_api.fail("/v2/user/info/", 429)
    tiktok_api.fail("/v2/user/info/", None, latency=0.001)
    for _ in range(3):
        requests.get(USER_INFO_URL, headers={"Authorization": "Bearer act.x"}, timeout=10)
    assert of(recorder, USER_INFO) == {"server_error", "rate_limit_exceeded", "slow_response", "access_token_invalid"}


@pytest.mark.tiktok_sandbox(products=["login_kit", "content_posting_api"], scopes=["user.info.basic", "video.upload"])
def test_uploads_and_a_post_moving_through_its_statuses(
    tiktok_sandbox: Sandbox, tiktok_target_users: list[Account], tiktok_clock: Clock, recorder: OutcomeRecorder
) -> None:
    tokens = exchange(tiktok_sandbox, code_for(tiktok_sandbox, tiktok_target_users[0], "user.info.basic,video.upload"))
    bearer = {"Authorization": f"Bearer {tokens['access_token']}"}

    def init() -> dict[str, Any]:
        source = {"source": "FILE_UPLOAD", "video_size": 1000, "chunk_size": 1000, "total_chunk_count": 1}
        body = {"source_info": source}
        answer = requests.post(f"{API}/v2/post/publish/inbox/video/init/", headers=bearer, json=body, timeout=10)
        data: dict[str, Any] = answer.json()["data"]
        return data

    def put(url: str) -> int:
        headers = {"Content-Type": "video/mp4", "Content-Range": "bytes 0-999/1000"}
        return requests.put(url, data=b"x" * 1000, headers=headers, timeout=10).status_code

    def status(publish_id: str) -> str:
        url = f"{API}/v2/post/publish/status/fetch/"
        answer = requests.post(url, headers=bearer, json={"publish_id": publish_id}, timeout=10).json()
        return str(answer["data"]["status"])

    post = init()
    assert status(post["publish_id"]) == "PROCESSING_UPLOAD"
    assert put(post["upload_url"]) == 201
    assert put(post["upload_url"]) == 416
    assert put(post["upload_url"].replace("upload_token=", "upload_token=x")) == 404
    tiktok_clock.advance(minutes=1)
    assert status(post["publish_id"]) == "SEND_TO_USER_INBOX"
    late = init()
    tiktok_clock.advance(hours=2)
    assert put(late["upload_url"]) == 403
    assert of(recorder, "PUT {upload_url}") == {
        "ok",
        "upload_complete",
        "invalid_file_upload",
        "content_range_mismatch",
        "upload_not_found",
        "upload_url_expired",
    }
    assert of(recorder, "POST /v2/post/publish/status/fetch/") == {"ok", "PROCESSING_UPLOAD", "SEND_TO_USER_INBOX"}
    assert of(recorder, "POST /v2/post/publish/inbox/video/init/") == {"ok"}


def test_qr_code_statuses(tiktok_sandbox: Sandbox, tiktok_api: TikTokMock, recorder: OutcomeRecorder) -> None:
    base = {"client_key": tiktok_sandbox.client_key}
    qr = requests.post(f"{API}/v2/oauth/get_qrcode/", data={**base, "scope": "user.info.basic"}, timeout=10).json()
    check = {**base, "client_secret": tiktok_sandbox.client_secret, "token": qr["token"]}
    assert requests.post(f"{API}/v2/oauth/check_qrcode/", data=check, timeout=10).json()["status"] == "new"
    assert of(recorder, "POST /v2/oauth/check_qrcode/") == {"ok", "new"}
    assert of(recorder, "POST /v2/oauth/get_qrcode/") == {"ok"}


@pytest.mark.tiktok_sandbox(webhook_callback_url="https://example.com/tiktok/hook")
def test_webhook_deliveries_and_retries(
    tiktok_sandbox: Sandbox, tiktok_target_users: list[Account], tiktok_webhooks: WebhookOutbox
) -> None:
    recorder = OutcomeRecorder()
    tokens = exchange(tiktok_sandbox, code_for(tiktok_sandbox, tiktok_target_users[0], "user.info.basic"))
    revoke = {"client_secret": tiktok_sandbox.client_secret, "token": tokens["access_token"]}
    requests.post(f"{API}/v2/oauth/revoke/", data={"client_key": tiktok_sandbox.client_key, **revoke}, timeout=10)
    with recorder.recording():
        tiktok_webhooks.deliver(lambda delivery: 500)
        assert recorder.met == {("POST {callback_url}", "authorization.removed")}
        tiktok_webhooks.deliver(lambda delivery: 200)
    assert recorder.met == {("POST {callback_url}", "authorization.removed"), ("POST {callback_url}", "retried")}


# -- outside pytest, and off --------------------------------------------------------------------------
def test_tiktok_sandbox_outside_pytest_records_inside_recording() -> None:
    outer = install(None)  # this suite may itself run with --tiktok-coverage
    try:
        recorder = OutcomeRecorder()
        with recorder.recording(), TikTokSandbox(seed=1) as tt:
            requests.get(USER_INFO_URL, timeout=10)
        assert recorder.met == {(USER_INFO, "access_token_invalid")}
        assert current() is None
        with TikTokSandbox(seed=1) as tt:
            assert tt.api.api.outcomes is None  # off: no recorder at all
            requests.get(USER_INFO_URL, timeout=10)
        assert len(recorder.met) == 1
        assert "  GET /v2/user/info/   1/10  10%" in recorder.report().splitlines()
    finally:
        install(outer)


# -- the catalogue --------------------------------------------------------------------------------------
def test_every_route_of_the_fake_has_its_catalogue_rows() -> None:
    api = FakeTikTokAPI(Portal(0))
    for route in api.router:
        if route.path in DATA_PORTABILITY_PATHS:  # not served to sandboxes: always refused
            continue
        endpoint = ROUTES.get((route.method, route.path))
        assert endpoint is not None, f"add {route.method} {route.path} to ROUTES and its rows to the catalogue"
        for name in [endpoint] if endpoint != TOKEN else [TOKEN, *TOKEN_GRANTS.values()]:
            if name != TOKEN:  # the token endpoint's outcomes are its grants'
                assert {"ok", "server_error", "slow_response"} <= set(BY_ENDPOINT[name]), name


PACKAGE = Path(pytest_tiktok_sandbox.__file__).parent
NOT_TIKTOK = {"login_failed", "method_not_allowed"}
"""Error codes of the live authorize page's own login form: the fake's, not TikTok's outcomes."""
CODE_TABLES = {"STATUS_OF", "OUTCOME_OF_STATUS"}
"""Module-level tables whose keys or values are codes the fake answers with."""
NAME_FUNCTIONS = {"access_token_refusal", "_refresh_refusal", "_page_outcomes", "_find"}
"""Functions that return outcome names as data."""


def _produced_codes() -> dict[str, str]:
    """Every code or outcome name the fake can answer with, found in its source: code -> where."""
    found: dict[str, str] = {}

    def text(node: ast.AST) -> str | None:
        return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None

    for path in [*(PACKAGE / "api").glob("*.py"), *(PACKAGE / "portal").glob("*.py")]:
        where = str(path.relative_to(PACKAGE))
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                args = node.args
                if name == "ApiError" and len(args) >= 2:
                    status = args[0].value if isinstance(args[0], ast.Constant) else None
                    if isinstance(status, int) and status >= 500:
                        continue  # every 5xx is recorded as server_error
                    if (code := text(args[1])) is not None:
                        found[code] = f"{where}:{node.lineno}"
                elif name in ("OAuthError", "PostingRefused") and args and (code := text(args[0])) is not None:
                    found[code] = f"{where}:{node.lineno}"
                elif name == "AuthorizationRefused" and where in ("portal/authorization.py", "portal/consent.py"):
                    pair = [text(a) for a in args[:2]]
                    if None not in pair:
                        found[f"{pair[0]}:{pair[1]}"] = f"{where}:{node.lineno}"
                for keyword in node.keywords:
                    if keyword.arg in ("outcome", "reason", "error"):
                        for constant in ast.walk(keyword.value):
                            if (code := text(constant)) is not None:
                                found[code] = f"{where}:{node.lineno}"
            elif isinstance(node, ast.FunctionDef) and node.name in NAME_FUNCTIONS:
                for inner in ast.walk(node):
                    if isinstance(inner, ast.Return) and inner.value is not None:
                        for constant in ast.walk(inner.value):
                            if (code := text(constant)) is not None:
                                found[code] = f"{where}:{inner.lineno}"
            elif isinstance(node, ast.AnnAssign) and getattr(node.target, "id", "") in CODE_TABLES:
                assert isinstance(node.value, ast.Dict)
                for item in [*node.value.keys, *node.value.values]:
                    if item is not None and (code := text(item)) is not None:
                        found[code] = f"{where}:{node.lineno}"
    return found


def test_the_catalogue_has_a_row_for_every_code_the_fake_can_produce() -> None:
    produced = _produced_codes()
    assert {
        "access_token_invalid",
        "access_token_expired",
        "code_percent_encoded",
        "invalid_grant",
        "unaudited_client_can_only_post_to_private_accounts",
        "upload_url_expired",
        "has_more",
        "oembed:video_not_public",
        "unauthorized_client:client_key",
    } <= set(produced)  # the scan finds them
    catalogued = {outcome.name for outcome in CATALOGUE}
    missing = {code: where for code, where in produced.items() if code not in catalogued and code not in NOT_TIKTOK}
    assert not missing, (
        "add a row to _TABLE in pytest_tiktok_sandbox/outcomes/catalogue.py for each of these codes "
        f"(endpoint, name, status, kind, TikTok doc URL, advice or None): {missing}"
    )


def test_every_fail_reason_and_status_is_catalogued() -> None:
    from pytest_tiktok_sandbox.portal.publishing import FAIL_REASONS, Status

    status_fetch = BY_ENDPOINT["POST /v2/post/publish/status/fetch/"]
    assert set(status_fetch) >= set(FAIL_REASONS)
    assert set(Status.__args__) <= set(status_fetch)  # type: ignore[attr-defined]


def test_every_row_links_a_tiktok_doc_page_and_names_its_kind() -> None:
    assert len({(o.endpoint, o.name) for o in CATALOGUE}) == len(CATALOGUE)
    for outcome in CATALOGUE:
        assert outcome.doc.startswith("https://developers.tiktok.com/doc/"), outcome
        assert outcome.kind in ("success", "error", "time", "injected"), outcome
        assert outcome.advice is None or outcome.advice.startswith("your suite never"), outcome
