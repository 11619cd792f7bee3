"""Fuzzing every endpoint: whatever arrives, the answer is a well-formed TikTok answer.

Every route the fake knows is fuzzed (new endpoints are picked up from the router), with
random and malformed methods, paths, query strings, headers and bodies, valid and broken
tokens. Each answer must have TikTok's shape for its kind of endpoint, a documented code and
a sensible status, and never be a 500 (no fault is injected here). Afterwards the portal
still honours its rules. ``TIKTOK_FUZZ_EXAMPLES`` sets how many examples run (CI: 2000 per
test; the ``slow`` run: many more).
"""

from __future__ import annotations

import json
import os
import re
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from pytest_tiktok_sandbox import ApiRequest, TikTokSandbox

EXAMPLES = int(os.environ.get("TIKTOK_FUZZ_EXAMPLES", "2000"))
DERANDOMIZE = not os.environ.get("TIKTOK_FUZZ_RANDOM")
"""CI runs the same examples every time (no flaky run); ``TIKTOK_FUZZ_RANDOM=1`` explores afresh."""
CALLBACK = "https://example.com/auth/tiktok/callback"
LOG_ID = re.compile(r"^\d{14}[0-9A-F]{20}$")
OAUTH_ERRORS = {
    "access_denied",
    "invalid_client",
    "invalid_grant",
    "invalid_request",
    "invalid_scope",
    "unauthorized_client",
    "unsupported_grant_type",
    "unsupported_response_type",
    "server_error",
    "temporarily_unavailable",
}
V2_CODES = {
    "ok",
    "access_token_invalid",
    "scope_not_authorized",
    "scope_permission_missed",
    "invalid_params",
    "invalid_file_upload",
    "rate_limit_exceeded",
    "internal_error",
    "invalid_publish_id",
    "token_not_authorized_for_specified_publish_id",
    "publish_not_cancellable",
    "url_ownership_unverified",
    "spam_risk_too_many_posts",
    "spam_risk_user_banned_from_posting",
    "reached_active_user_cap",
    "unaudited_client_can_only_post_to_private_accounts",
    "privacy_level_option_mismatch",
    "spam_risk_too_many_pending_share",
    "app_version_check_failed",
}


@pytest.fixture(scope="module")
def world() -> Any:
    """One sandbox for the whole module (hypothesis runs many examples per test)."""
    environment = TikTokSandbox(
        seed=11,
        products=["login_kit", "display_api", "content_posting_api", "webhooks"],
        scopes=["user.info.basic", "user.info.profile", "user.info.stats", "video.list", "video.publish"],
        redirect_uris={"web": [CALLBACK], "desktop": ["http://localhost:*/cb"]},
        direct_post=True,
        webhook_callback_url="https://example.com/hooks",
        target_users=2,
    )
    with environment as tt:
        tt.api.api.rate_limiter.enabled = False
        user = tt.target_users[0]
        tt.tokens = tt.sandbox.sign_in(user, "user.info.basic,video.list")
        tt.video_url = tt.portal.create_account(is_private=False, video_count=1).videos[0].share_url
        yield tt


def routes(world: Any) -> list[tuple[str, str, str]]:
    return [(r.method, r.host, r.path) for r in world.api.api.router]


texts = st.text(max_size=40)
junk_values = st.one_of(
    texts,
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True),
    st.booleans(),
    st.none(),
    st.lists(texts, max_size=3),
    st.dictionaries(texts, texts, max_size=3),
)
FIELD_NAMES = [
    "client_key",
    "client_secret",
    "code",
    "grant_type",
    "redirect_uri",
    "code_verifier",
    "refresh_token",
    "token",
    "fields",
    "cursor",
    "max_count",
    "filters",
    "video_ids",
    "publish_id",
    "post_info",
    "source_info",
    "source",
    "video_size",
    "chunk_size",
    "total_chunk_count",
    "video_url",
    "privacy_level",
    "media_type",
    "post_mode",
    "photo_images",
    "scope",
    "response_type",
    "state",
    "code_challenge",
    "code_challenge_method",
    "upload_id",
    "upload_token",
    "url",
    "client_ticket",
]
field_names = st.one_of(st.sampled_from(FIELD_NAMES), texts)


@st.composite
def requests_for(draw: st.DrawFn, world: Any) -> ApiRequest:
    known = routes(world)
    method, host, path = draw(st.sampled_from(known))
    method = draw(st.one_of(st.just(method), st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"])))
    path = draw(
        st.one_of(
            st.just(path),
            st.just(path.rstrip("/")),
            st.just(path + "x/"),
            st.text(alphabet="/abcv2._-%", max_size=30).map(lambda p: "/" + p),
        )
    )
    host = draw(st.one_of(st.just(host), st.sampled_from(["open.tiktokapis.com", "www.tiktok.com"])))
    query = draw(st.dictionaries(field_names, st.one_of(texts, st.just("open_id,display_name")), max_size=4))
    if draw(st.booleans()):
        query["fields"] = draw(
            st.sampled_from(["open_id", "id,title", "display_name,follower_count", "", "nope", "id,,"])
        )
    if host == "www.tiktok.com" and draw(st.booleans()):
        query["url"] = draw(st.one_of(st.sampled_from([world.video_url, world.video_url + "?lang=en"]), texts))
    if host == "www.tiktok.com" and draw(st.booleans()):
        query.update(
            client_key=world.sandbox.client_key,
            redirect_uri=draw(st.sampled_from([CALLBACK, "http://localhost:1234/cb", "https://evil.example/"])),
            scope=draw(st.sampled_from(["user.info.basic", "video.list,user.info.basic", "", "video.upload", "x"])),
            response_type=draw(st.sampled_from(["code", "token", ""])),
        )
    headers: dict[str, str] = {}
    token = draw(
        st.sampled_from([None, world.tokens.get("access_token"), "act.garbage", "", world.tokens.get("refresh_token")])
    )
    if token is not None:
        headers["Authorization"] = draw(st.sampled_from(["Bearer ", "bearer ", "Basic ", ""])) + str(token)
    content_type = draw(
        st.sampled_from(
            [
                None,
                "application/json",
                "application/json; charset=UTF-8",
                "application/x-www-form-urlencoded",
                "text/plain",
                "video/mp4",
            ]
        )
    )
    if content_type:
        headers["Content-Type"] = content_type
    if draw(st.booleans()):
        headers["Content-Range"] = draw(
            st.one_of(
                st.just("bytes 0-99/100"),
                st.builds(
                    lambda a, b, c: f"bytes {a}-{b}/{c}",
                    st.integers(-5, 10**10),
                    st.integers(-5, 10**10),
                    st.integers(-5, 10**10),
                ),
                texts,
            )
        )
    if draw(st.booleans()):
        headers["Content-Length"] = str(draw(st.integers(-1, 10**9)))
    body_kind = draw(st.sampled_from(["none", "json", "form", "bytes", "json-junk"]))
    body: bytes = b""
    if body_kind == "json":
        body = json.dumps(draw(st.dictionaries(field_names, junk_values, max_size=6))).encode()
    elif body_kind == "form":
        body = urlencode(draw(st.dictionaries(field_names, texts, max_size=6))).encode()
    elif body_kind == "bytes":
        body = draw(st.binary(max_size=200))
    elif body_kind == "json-junk":
        body = json.dumps(draw(junk_values)).encode()
    url = f"https://{host}{path}"
    if query:
        url += "?" + urlencode(query)
    return ApiRequest.build(method, url, headers, body)


def check_shape(request: ApiRequest, status: int, headers: dict[str, str], body: bytes) -> None:
    assert status != 500, body
    assert 200 <= status < 600
    assert LOG_ID.match(headers["x-tt-logid"])
    if request.method == "HEAD":
        assert body == b"", body
        return
    if request.host == "www.tiktok.com" and request.path == "/v2/auth/authorize/" and request.method in ("GET", "HEAD"):
        assert status in (200, 302)
        if status == 302:
            assert urlsplit(headers["Location"]).scheme in ("http", "https")
        else:
            assert headers["Content-Type"].startswith("text/html")
        return
    assert headers["Content-Type"].startswith("application/json"), headers
    payload = json.loads(body)
    assert isinstance(payload, dict)
    if request.host == "www.tiktok.com" and request.path == "/oembed" and request.method == "GET":
        if status == 200:  # oEmbed's own flat shape (no key or token: any public video)
            assert payload["version"] == "1.0" and payload["type"] == "video", payload
        else:
            assert (status, payload) == (400, {"status_code": 10101, "status_msg": "Something went wrong"})
        return
    if request.path.startswith("/v2/oauth/") and "error" in payload and isinstance(payload["error"], str):
        assert set(payload) == {"error", "error_description", "log_id"}
        assert payload["error"] in OAUTH_ERRORS
        assert payload["log_id"] == headers["x-tt-logid"]
        return
    if request.path.startswith("/v2/oauth/") and status == 200:
        return  # a success body: checked by the Login Kit tests
    if request.host == "open-upload.tiktokapis.com" and payload == {}:
        return
    assert set(payload) == {"data", "error"}, payload
    error = payload["error"]
    assert error["code"] in V2_CODES, error
    assert error["log_id"] == headers["x-tt-logid"]
    assert isinstance(error["message"], str)
    if error["code"] == "ok":
        assert status == 200
    elif error["code"] not in (
        "spam_risk_too_many_posts",
        "spam_risk_user_banned_from_posting",
        "reached_active_user_cap",
    ):
        assert status >= 400


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=DERANDOMIZE)
@given(data=st.data())
def test_every_endpoint_answers_in_tiktoks_shape(world: Any, data: st.DataObject) -> None:
    request = data.draw(requests_for(world))
    answer = world.api.handle(request)
    check_shape(request, answer.status, answer.headers, answer.body)


@settings(
    max_examples=max(50, EXAMPLES // 20),
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=DERANDOMIZE,
)
@given(data=st.data())
def test_through_requests_too(world: Any, data: st.DataObject) -> None:
    import requests

    request = data.draw(requests_for(world))
    # requests itself refuses header values with leading whitespace, line breaks or characters
    # outside latin-1, before sending: not the fake's input
    assume(all(_sendable(v) for v in request.headers.values()))
    # never follow a redirect: the authorize page sends the browser to the client's own host
    answer = requests.request(
        request.method, request.url, headers=dict(request.headers), data=request.body, allow_redirects=False
    )
    check_shape(request, answer.status_code, dict(answer.headers), answer.content)


def _sendable(value: str) -> bool:
    try:
        value.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return value == "" or (not value[0].isspace() and "\r" not in value and "\n" not in value)


@pytest.mark.slow
@settings(max_examples=50_000, deadline=None, suppress_health_check=list(HealthCheck), derandomize=False)
@given(data=st.data())
def test_every_endpoint_at_length(world: Any, data: st.DataObject) -> None:
    """The slow run (``pytest -m slow``): 50 000 fresh examples, a few minutes."""
    request = data.draw(requests_for(world))
    answer = world.api.handle(request)
    check_shape(request, answer.status, answer.headers, answer.body)


def test_the_portal_still_honours_its_rules_after_fuzzing(world: Any) -> None:
    """Run last in this module: the fuzzed sandbox still works and its invariants hold."""
    sandbox, portal = world.sandbox, world.portal
    assert len(sandbox.app.sandboxes) <= 5
    assert len(sandbox.all_target_users) <= 10
    for grant in portal.login_kit.grants():
        assert portal.client(grant.client_key) is not None
        assert grant.scopes <= {
            "user.info.basic",
            "user.info.profile",
            "user.info.stats",
            "video.list",
            "video.publish",
        }
    # a fresh code still works exactly once
    user = world.target_users[1]
    code = parse_qs(urlsplit(sandbox.authorize(user, "user.info.basic", CALLBACK)).query)["code"][0]
    form = urlencode(
        {
            "client_key": sandbox.client_key,
            "client_secret": sandbox.client_secret,
            "code": code,
            "grant_type": "authorization_code",
            "redirect_uri": CALLBACK,
        }
    )
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    url = "https://open.tiktokapis.com/v2/oauth/token/"
    first = world.api.handle(ApiRequest.build("POST", url, headers, form)).json()
    second = world.api.handle(ApiRequest.build("POST", url, headers, form)).json()
    assert first["open_id"] == user.open_id
    assert second["error"] == "invalid_grant"
