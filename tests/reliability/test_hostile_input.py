"""Hostile input: whatever a client sends, the answer is TikTok's, never a traceback.

Lone surrogates (valid JSON, unencodable as UTF-8) echoed in error messages, webhook
signature headers that cannot be verified, non-ASCII digits where TikTok takes ASCII ones,
and option values that are not numbers of seconds.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests
from hypothesis import HealthCheck, given, settings, strategies as st

from pytest_tiktok_sandbox import Account, ApiRequest, Sandbox, TikTokSandbox, sign, verify_signature
from pytest_tiktok_sandbox.mock import TikTokMock

CALLBACK = "https://example.com/auth/tiktok/callback"
API = "https://open.tiktokapis.com"
LONE_SURROGATE = '"\\ud800"'
"""A JSON string holding one lone surrogate: valid JSON, but no UTF-8 encodes it."""

pytestmark = pytest.mark.tiktok_sandbox(
    products=["login_kit", "content_posting_api"],
    scopes=["video.publish", "video.upload"],
    direct_post=True,
)


def user_token(sandbox: Sandbox, user: Account) -> str:
    return str(sandbox.sign_in(user, "user.info.basic,video.publish,video.upload")["access_token"])


# Raw JSON bodies (json.dumps would escape nothing here: the surrogate is written as \ud800).
SURROGATE_BODIES = [
    pytest.param(
        "/v2/post/publish/video/init/",
        '{"post_info":{"privacy_level":"SELF_ONLY"},'
        f'"source_info":{{"source":"PULL_FROM_URL","video_url":{LONE_SURROGATE}}}}}',
        id="video_url",
    ),
    pytest.param(
        "/v2/post/publish/inbox/video/init/",
        f'{{"source_info":{{"source":"PULL_FROM_URL","video_url":{LONE_SURROGATE}}}}}',
        id="inbox-video_url",
    ),
    pytest.param(
        "/v2/post/publish/content/init/",
        '{"post_mode":"MEDIA_UPLOAD","media_type":"PHOTO","post_info":{},'
        f'"source_info":{{"source":"PULL_FROM_URL","photo_cover_index":0,"photo_images":[{LONE_SURROGATE}]}}}}',
        id="photo_images",
    ),
    pytest.param(
        "/v2/post/publish/status/fetch/",
        f'{{"publish_id":{LONE_SURROGATE}}}',
        id="publish_id",
    ),
    pytest.param(
        "/v2/post/publish/video/init/",
        f'{{"post_info":{{"privacy_level":{LONE_SURROGATE}}},"source_info":{{"source":"PULL_FROM_URL"}}}}',
        id="privacy_level",
    ),
]


def post(base: str, path: str, raw: str, token: str) -> requests.Response:
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json; charset=UTF-8"}
    return requests.post(base + path, data=raw.encode(), headers=headers, timeout=10)


def assert_answered_as_any_bad_value(base: str, path: str, raw: str, token: str) -> None:
    """The surrogate gets TikTok's answer to an ordinary bad value ("x"), or 400
    ``invalid_params`` where the field must be text that UTF-8 can carry, in valid UTF-8
    JSON, with the value echoed as the client wrote it (``\\ud800``)."""
    response = post(base, path, raw, token)
    plain = post(base, path, raw.replace(LONE_SURROGATE, '"x"'), token)
    assert response.headers["Content-Type"].startswith("application/json")
    response.content.decode("utf-8")  # valid UTF-8
    body, expected = response.json(), plain.json()
    answer = (response.status_code, body["error"]["code"])
    assert answer in ((plain.status_code, expected["error"]["code"]), (400, "invalid_params"))
    assert 400 <= response.status_code < 500
    assert body["error"]["log_id"] == response.headers["x-tt-logid"]
    assert "\ud800" in body["error"]["message"] or "\\ud800" in body["error"]["message"]


@pytest.mark.parametrize(("path", "raw"), SURROGATE_BODIES)
def test_a_lone_surrogate_is_answered_in_process_and_logged(
    path: str,
    raw: str,
    tiktok_sandbox: Sandbox,
    tiktok_target_users: list[Account],
    tiktok_api: TikTokMock,
) -> None:
    json.loads(raw)  # the body is valid JSON
    token = user_token(tiktok_sandbox, tiktok_target_users[0])
    assert_answered_as_any_bad_value(API, path, raw, token)
    surrogate_call = tiktok_api.calls[-2]
    assert surrogate_call.path == path
    assert 400 <= surrogate_call.status < 500
    assert surrogate_call.exception is None


@pytest.mark.parametrize(("path", "raw"), SURROGATE_BODIES)
def test_a_lone_surrogate_is_answered_by_the_live_server(
    path: str, raw: str, tiktok_sandbox: Sandbox, tiktok_target_users: list[Account], tiktok_server: Any
) -> None:
    token = user_token(tiktok_sandbox, tiktok_target_users[0])
    assert_answered_as_any_bad_value(tiktok_server.url, path, raw, token)


# -- verify_signature -----------------------------------------------------------------------------------
BODY = b'{"event":"authorization.removed"}'


@pytest.mark.parametrize(
    "header",
    [
        pytest.param("t=" + "9" * 400 + ",s=" + "0" * 64, id="400-digit-t"),
        pytest.param("t=" + "9" * 5000 + ",s=" + "0" * 64, id="5000-digit-t"),
        pytest.param("t=1000,s=\u00e9" + "0" * 63, id="non-ascii-s"),
        pytest.param("t=1000,s=\ud800", id="surrogate-s"),
        pytest.param("t=\uff11\uff10\uff10\uff10,s=" + "0" * 64, id="fullwidth-t"),
        pytest.param("t=1_000,s=" + "0" * 64, id="underscore-t"),
        pytest.param("t=+1000,s=" + "0" * 64, id="signed-t"),
        pytest.param("t=1e3,s=" + "0" * 64, id="float-t"),
        pytest.param("t=nan,s=" + "0" * 64, id="nan-t"),
        pytest.param("t=1000,s", id="no-equals"),
        pytest.param(b"t=1000,s=00", id="bytes-header"),
        pytest.param(12, id="int-header"),
    ],
)
@pytest.mark.parametrize("now", [None, 1000.0])
def test_verify_signature_refuses_what_it_cannot_verify(header: Any, now: float | None) -> None:
    assert verify_signature("secret", header, BODY, now=now) is False


def test_verify_signature_refuses_a_signature_with_fullwidth_digits_in_t() -> None:
    good = sign("secret", BODY, 1000)
    assert verify_signature("secret", good, BODY, now=1000)
    signature = good.partition(",s=")[2]
    fullwidth = "t=" + "".join(chr(0xFF10 + int(d)) for d in "1000") + ",s=" + signature
    assert verify_signature("secret", fullwidth, BODY, now=1000) is False


@pytest.mark.parametrize("tolerance", [float("nan")])
def test_verify_signature_with_a_nan_tolerance_refuses(tolerance: float) -> None:
    assert verify_signature("secret", sign("secret", BODY, 1000), BODY, now=1000, tolerance=tolerance) is False


def test_verify_signature_refuses_non_text_secrets_and_bodies() -> None:
    header = sign("secret", BODY, 1000)
    assert verify_signature(None, header, BODY, now=1000) is False  # type: ignore[arg-type]
    assert verify_signature("secret", header, "text", now=1000) is False  # type: ignore[arg-type]


# -- Content-Range: ASCII digits only -----------------------------------------------------------------
def fullwidth(text: str) -> str:
    return "".join(chr(0xFF10 + int(c)) if c.isdigit() else c for c in text)


def upload_url(sandbox: Sandbox, user: Account, size: int) -> str:
    token = user_token(sandbox, user)
    source = {"source": "FILE_UPLOAD", "video_size": size, "chunk_size": size, "total_chunk_count": 1}
    body = {"post_info": {"privacy_level": "SELF_ONLY"}, "source_info": source}
    answer = requests.post(
        API + "/v2/post/publish/video/init/", json=body, headers={"Authorization": f"Bearer {token}"}, timeout=10
    )
    return str(answer.json()["data"]["upload_url"])


@pytest.mark.parametrize(
    "content_range",
    [
        pytest.param(fullwidth("bytes 0-9/10"), id="fullwidth-all"),
        pytest.param("bytes 0-9/" + fullwidth("10"), id="fullwidth-total"),
        pytest.param("bytes \u0660-\u0669/10", id="arabic-indic"),
        pytest.param("bytes\u20000-9/10", id="en-quad-space"),
        pytest.param("bytes 0-9/10\u3000", id="ideographic-space"),
    ],
)
def test_content_range_takes_ascii_digits_only(
    content_range: str, tiktok_sandbox: Sandbox, tiktok_target_users: list[Account], tiktok_api: TikTokMock
) -> None:
    url = upload_url(tiktok_sandbox, tiktok_target_users[0], 10)
    headers = {"Content-Type": "video/mp4", "Content-Range": content_range}
    refused = requests.put(url, data=bytes(10), headers=headers, timeout=10)
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "invalid_file_upload"
    assert "Content-Range" in refused.json()["error"]["message"]
    accepted = requests.put(url, data=bytes(10), headers={**headers, "Content-Range": "bytes 0-9/10"}, timeout=10)
    assert accepted.status_code == 201  # the refusal took nothing


# -- --tiktok-target-user-delay: a finite number of seconds, 0 or more ---------------------------------
@pytest.mark.parametrize(
    ("where", "value"),
    [
        *(("option", v) for v in ("nan", "NaN", "inf", "-Infinity", "-1", "-0.5", "1e999", fullwidth("5"), "1_0", "")),
        *(("ini", v) for v in ("nan", "inf", "-1")),
    ],
)
def test_a_target_user_delay_that_is_not_seconds_is_a_usage_error_naming_the_option(
    pytester: pytest.Pytester, where: str, value: str
) -> None:
    pytester.makepyfile("def test_nothing(): pass")
    if where == "ini":
        pytester.makeini(f"[pytest]\ntiktok_target_user_delay = {value}\n")
        result = pytester.runpytest("-p", "no:cacheprovider")
        name = "tiktok_target_user_delay"
    else:
        result = pytester.runpytest("-p", "no:cacheprovider", f"--tiktok-target-user-delay={value}")
        name = "--tiktok-target-user-delay"
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"*pytest-tiktok-sandbox: {name}*{value!r}*"])


@pytest.mark.parametrize("value", ["0", "1.5", "3600", " 60 "])
def test_a_finite_target_user_delay_is_taken(pytester: pytest.Pytester, value: str) -> None:
    pytester.makepyfile(
        f"""
        def test_delay(tiktok_portal):
            assert tiktok_portal.target_user_delay == {float(value)!r}
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider", f"--tiktok-target-user-delay={value}")
    result.assert_outcomes(passed=1)


@pytest.mark.parametrize("delay", [float("nan"), float("inf"), -1.0])
def test_a_portal_refuses_a_target_user_delay_that_is_not_seconds(delay: float) -> None:
    from pytest_tiktok_sandbox import InvalidConfiguration, Portal

    with pytest.raises(InvalidConfiguration, match="target_user_delay"):
        Portal(target_user_delay=delay)


@pytest.mark.parametrize(
    ("value", "told"),
    [
        ("9" * 5000, "(5000 characters)"),
        (str(2**64), "from -(2**64 - 1) to 2**64 - 1"),
        (str(-(2**64)), "from -(2**64 - 1) to 2**64 - 1"),
        ("0x" + "f" * 17, "from -(2**64 - 1) to 2**64 - 1"),
        ("seven", "'seven'"),
    ],
)
def test_a_seed_beyond_64_bits_or_a_huge_one_is_a_short_usage_error(
    pytester: pytest.Pytester, value: str, told: str
) -> None:
    pytester.makepyfile("def test_nothing(): pass")
    result = pytester.runpytest("-p", "no:cacheprovider", f"--tiktok-seed={value}")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert told in result.stderr.str()
    assert "9" * 100 not in result.stderr.str() + result.stdout.str()


@pytest.mark.parametrize(
    "step",
    [{"days": 10**9}, {"days": 3_000_000}, {"seconds": float("inf")}, {"seconds": float("nan")}, {"weeks": 1e12}],
)
def test_the_clock_refuses_a_step_it_cannot_take_with_a_value_error(step: dict[str, float]) -> None:
    from pytest_tiktok_sandbox import Clock

    clock = Clock(frozen=True)
    before = clock.now()
    with pytest.raises(ValueError, match="portal clock"):
        clock.advance(**step)
    assert clock.now() == before
    assert clock.datetime().year < 9999  # still shown as a date
    clock.advance(days=365 * 100)  # a century is fine
    assert clock.datetime().year >= 2100


# -- any text, anywhere a client puts it -----------------------------------------------------------------
any_text = st.lists(st.one_of(st.characters(categories=["Cs"]), st.characters()), max_size=12).map("".join)
"""Any text, lone surrogates often (``st.text`` leaves them out)."""
json_values = st.recursive(
    st.one_of(any_text, st.integers(), st.booleans(), st.none()),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(any_text, inner, max_size=3)),
    max_leaves=8,
)
BODY_FIELDS = [
    "post_info",
    "source_info",
    "video_url",
    "photo_images",
    "publish_id",
    "privacy_level",
    "title",
    "filters",
    "video_ids",
    "cursor",
    "max_count",
    "post_mode",
    "media_type",
]


ECHOING_PATHS = (
    "/v2/post/publish/video/init/",
    "/v2/post/publish/inbox/video/init/",
    "/v2/post/publish/content/init/",
    "/v2/post/publish/status/fetch/",
    "/v2/post/publish/cancel/",
    "/v2/video/query/",
)
"""Endpoints whose error messages echo what the client sent."""


def valid_body_with_text(path: str) -> st.SearchStrategy[dict[str, Any]]:
    """A body the endpoint would take, with any text in each of its text fields."""
    text = st.lists(st.one_of(st.characters(categories=["Cs"]), st.characters()), min_size=1, max_size=6).map("".join)
    pull = {"source": st.just("PULL_FROM_URL"), "video_url": text.map(lambda t: "https://example.com/" + t) | text}
    bodies: dict[str, st.SearchStrategy[dict[str, Any]]] = {
        "/v2/post/publish/video/init/": st.fixed_dictionaries(
            {
                "post_info": st.fixed_dictionaries({"privacy_level": st.just("SELF_ONLY"), "title": text}),
                "source_info": st.fixed_dictionaries(pull),
            }
        ),
        "/v2/post/publish/inbox/video/init/": st.fixed_dictionaries({"source_info": st.fixed_dictionaries(pull)}),
        "/v2/post/publish/content/init/": st.fixed_dictionaries(
            {
                "post_mode": st.just("MEDIA_UPLOAD"),
                "media_type": st.just("PHOTO"),
                "post_info": st.fixed_dictionaries({"title": text, "description": text}),
                "source_info": st.fixed_dictionaries(
                    {
                        "source": st.just("PULL_FROM_URL"),
                        "photo_cover_index": st.just(0),
                        "photo_images": st.lists(text, min_size=1, max_size=2),
                    }
                ),
            }
        ),
        "/v2/post/publish/status/fetch/": st.fixed_dictionaries({"publish_id": text}),
        "/v2/post/publish/cancel/": st.fixed_dictionaries({"publish_id": text}),
        "/v2/video/query/": st.fixed_dictionaries(
            {"filters": st.fixed_dictionaries({"video_ids": st.lists(text, min_size=1, max_size=2)})}
        ),
    }
    return bodies.get(path, st.dictionaries(st.sampled_from(BODY_FIELDS), json_values, max_size=4))


@pytest.fixture(scope="module")
def world() -> Any:
    environment = TikTokSandbox(
        seed=5,
        products=["login_kit", "display_api", "content_posting_api"],
        scopes=["user.info.basic", "user.info.profile", "video.list", "video.publish", "video.upload"],
        direct_post=True,
        url_properties=["example.com"],
        target_users=1,
    )
    with environment as tt:
        tt.api.api.rate_limiter.enabled = False
        world: Any = tt
        world.token = user_token(tt.sandbox, tt.target_users[0])
        yield world


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(data=st.data())
def test_any_text_in_any_field_query_or_header_is_answered_in_tiktoks_shape(world: Any, data: st.DataObject) -> None:
    routes = [(r.method, r.host, r.path) for r in world.api.api.router]
    echoing = [route for route in routes if route[2] in ECHOING_PATHS]
    method, host, path = data.draw(st.sampled_from(echoing) | st.sampled_from(routes))
    body = data.draw(st.one_of(valid_body_with_text(path), st.dictionaries(st.sampled_from(BODY_FIELDS), json_values)))
    query = data.draw(any_text)
    header = data.draw(any_text)
    request = ApiRequest.build(
        method,
        f"https://{host}{path}?fields=open_id&q={query}",
        {"Authorization": f"Bearer {world.token}", "Content-Type": "application/json", "X-Anything": header},
        json.dumps(body).encode(),  # ASCII: a lone surrogate travels as \ud800, as clients send it
    )
    before = len(world.api.calls)
    response = world.api.handle(request)  # never raises

    assert len(world.api.calls) == before + 1
    assert response.status != 500, response.body
    text = response.body.decode("utf-8")  # always valid UTF-8
    if response.headers["Content-Type"].startswith("application/json"):
        payload = json.loads(text)
        if "error" in payload and isinstance(payload["error"], dict):
            assert payload["error"]["log_id"] == response.headers["x-tt-logid"]


def test_a_seed_with_spaces_around_it_is_read() -> None:
    from pytest_tiktok_sandbox.options import parse_seed

    assert parse_seed(" " * 100 + "7 ") == 7


@pytest.mark.parametrize(("state", "error"), [(5, TypeError), ("\ud800", ValueError)])
def test_an_authorize_state_that_is_not_text_is_refused_plainly(
    tiktok_sandbox: Sandbox, tiktok_target_users: list[Account], state: Any, error: type[Exception]
) -> None:
    with pytest.raises(error, match="state"):
        tiktok_sandbox.authorize(tiktok_target_users[0], "user.info.basic", CALLBACK, state=state)


def test_header_names_and_values_given_as_bytes_reach_the_fake_as_the_wire_carries_them(
    tiktok_sandbox: Sandbox,
) -> None:
    """requests sends bytes header values as they are; the fake read them as text (a 500)."""
    response = requests.get(
        "https://open.tiktokapis.com/v2/user/info/?fields=open_id",
        headers={"Authorization": b"Bearer act.not-a-token", b"X-Thing": b"\xe9"},
    )
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "access_token_invalid"
