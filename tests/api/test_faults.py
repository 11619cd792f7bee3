"""Fault injection: chosen endpoints answer errors N times or always, or answer late."""

from __future__ import annotations

import pytest
import requests

from pytest_tiktok_sandbox import TikTokSandbox

TOKEN_URL = "https://open.tiktokapis.com/v2/oauth/token/"
INFO_URL = "https://open.tiktokapis.com/v2/user/info/?fields=open_id"


def client_token(sandbox) -> requests.Response:
    form = {
        "client_key": sandbox.client_key,
        "client_secret": sandbox.client_secret,
        "grant_type": "client_credentials",
    }
    return requests.post(TOKEN_URL, data=form)


def test_a_fault_answers_n_times_then_the_endpoint_recovers(tiktok_sandbox, tiktok_api) -> None:
    tiktok_api.fail("/v2/oauth/token/", 503, times=2)
    first, second, third = (client_token(tiktok_sandbox) for _ in range(3))
    assert (first.status_code, second.status_code, third.status_code) == (503, 503, 200)
    # OAuth endpoints keep their flat error shape
    assert first.json()["error"] == "internal_error"
    assert set(first.json()) == {"error", "error_description", "log_id"}
    assert third.json()["access_token"].startswith("clt.")
    assert [c.status for c in tiktok_api.calls] == [503, 503, 200]


def test_a_429_uses_tiktoks_code_in_the_v2_envelope(tiktok_api) -> None:
    tiktok_api.fail("/v2/user/info/", 429)
    answer = requests.get(INFO_URL)
    assert answer.status_code == 429
    assert answer.json()["data"] == {}
    assert answer.json()["error"]["code"] == "rate_limit_exceeded"
    assert len(answer.json()["error"]["log_id"]) == 34


def test_always_and_method_filter(tiktok_sandbox, tiktok_api) -> None:
    tiktok_api.fail("*", 500, "internal_error", times=None, method="POST")
    for _ in range(3):
        assert client_token(tiktok_sandbox).status_code == 500
    assert requests.get(INFO_URL).status_code != 500


def test_latency_only_sleeps_and_then_answers_normally(tiktok_sandbox, tiktok_api) -> None:
    slept: list[float] = []
    tiktok_api.api.faults.sleep = slept.append
    tiktok_api.fail("/v2/oauth/token/", None, latency=2.5)
    assert client_token(tiktok_sandbox).status_code == 200
    assert slept == [2.5]


@pytest.mark.tiktok_fault("/v2/oauth/token/", 500, times=1)
@pytest.mark.tiktok_fault("/v2/oauth/revoke/", 429)
def test_the_marker_injects_faults(tiktok_sandbox) -> None:
    assert client_token(tiktok_sandbox).status_code == 500
    assert client_token(tiktok_sandbox).status_code == 200
    revoke = requests.post("https://open.tiktokapis.com/v2/oauth/revoke/", data={})
    assert revoke.status_code == 429


@pytest.mark.parametrize(
    "arguments",
    [{"status": 200}, {"times": 0}, {"latency": -1}],
)
def test_bad_faults_are_refused(arguments: dict[str, object]) -> None:
    with TikTokSandbox() as tt, pytest.raises(ValueError):
        tt.api.fail("/v2/oauth/token/", **arguments)  # type: ignore[arg-type]


@pytest.mark.parametrize("latency", [float("nan"), float("inf")])
def test_a_latency_that_is_not_a_finite_number_is_refused_when_the_fault_is_made(latency: float) -> None:
    """Not later, as a traceback out of ``time.sleep`` in the request that meets the fault."""
    with TikTokSandbox() as tt:
        with pytest.raises(ValueError, match="latency is a finite number of seconds, 0 or more, got"):
            tt.api.fail("/v2/oauth/token/", 503, latency=latency)
        assert client_token(tt.sandbox).status_code == 200  # no fault was added


def test_a_retrying_client_succeeds_after_transient_faults(tiktok_sandbox, tiktok_api) -> None:
    """What users test with this: their retry loop."""
    tiktok_api.fail("/v2/oauth/token/", 429, times=2)
    attempts = 0
    while True:
        attempts += 1
        answer = client_token(tiktok_sandbox)
        if answer.status_code != 429:
            break
    assert attempts == 3
    assert answer.json()["token_type"] == "Bearer"
