"""The failure report's hints (the plugin's words, not TikTok's answer) and the call log's repr."""

from __future__ import annotations

import pytest

from pytest_tiktok_sandbox import TikTokMock

EXCHANGE = """
    from urllib.parse import parse_qs, urlsplit

    import requests

    CALLBACK = "https://example.com/auth/tiktok/callback"


    def exchange(sandbox, code):
        return requests.post(
            "https://open.tiktokapis.com/v2/oauth/token/",
            data={"client_key": sandbox.client_key, "client_secret": sandbox.client_secret,
                  "grant_type": "authorization_code", "code": code, "redirect_uri": CALLBACK},
            timeout=10,
        ).json()


    def test_fails(tiktok_sandbox, tiktok_target_users):
        location = tiktok_sandbox.authorize(tiktok_target_users[0], "user.info.basic", CALLBACK)
        {line}
        answer = exchange(tiktok_sandbox, code)
        assert "access_token" in answer
"""
RAW = 'code = urlsplit(location).query.partition("code=")[2].partition("&")[0]  # still %2A-encoded'
DECODED = 'code = parse_qs(urlsplit(location).query)["code"][0] + "x"  # decoded, but wrong'


def run(pytester: pytest.Pytester, line: str) -> str:
    pytester.makepyfile(EXCHANGE.replace("{line}", line))
    result = pytester.runpytest("-p", "no:cacheprovider", "--tiktok-seed=1")
    result.assert_outcomes(failed=1)
    return result.stdout.str()


def test_a_percent_encoded_code_gets_a_hint_in_the_report_section(pytester: pytest.Pytester) -> None:
    out = run(pytester, RAW)
    section = out.split("- tiktok sandbox -", 1)[1]
    assert "POST open.tiktokapis.com/v2/oauth/token/ -> 200 invalid_grant" in section
    assert "hint: call 1 exchanged a code that is still percent-encoded" in section
    assert "parse_qs" in section
    # the hint is not TikTok's: the answer the test got says nothing of it
    assert "percent-encoded" not in out.split("- tiktok sandbox -", 1)[0]


def test_a_decoded_but_wrong_code_gets_no_hint(pytester: pytest.Pytester) -> None:
    out = run(pytester, DECODED)
    assert "200 invalid_grant" in out
    assert "percent-encoded" not in out


def test_the_call_log_repr_lists_the_calls_without_secrets(tiktok_api: TikTokMock, tiktok_sandbox: object) -> None:
    import requests

    requests.get("https://open.tiktokapis.com/v2/user/info/?fields=open_id", headers={"Authorization": "Bearer act.x"})
    requests.post("https://open.tiktokapis.com/v2/oauth/token/", data={"code": "secret-code"})
    text = repr(tiktok_api.calls)
    assert text.startswith("CallLog([GET open.tiktokapis.com/v2/user/info/ -> 401 access_token_invalid, ")
    assert ", POST open.tiktokapis.com/v2/oauth/token/ -> 200 " in text
    assert "act.x" not in text and "secret-code" not in text and "fields" not in text


def test_the_call_log_repr_shows_the_latest_calls_only(tiktok_api: TikTokMock) -> None:
    import requests

    for _ in range(25):
        requests.get("https://open.tiktokapis.com/v2/user/info/")
    text = repr(tiktok_api.calls)
    assert text.startswith("CallLog([5 earlier call(s), GET open.tiktokapis.com/v2/user/info/ -> 401")
    assert text.count("GET ") == 20
