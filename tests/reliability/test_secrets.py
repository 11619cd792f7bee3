"""No secret in a failing test's output: every token, code, client secret, upload token and
password the portal issued is masked in reprs and scrubbed from pytest's reports.

The main test runs a file of deliberately failing tests (comparisons of tokens, calls,
events, accounts and JSON bodies; exceptions, prints, logs and locals holding secrets) in a
pytest subprocess at default verbosity, at ``-vv`` and at ``-vv --showlocals``, records
every secret the portal issued there, and scans the whole output (and the JUnit XML) for
each of them, as written and percent-encoded.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from pytest_tiktok_sandbox import Account, Portal, Sandbox, TikTokSandbox, WebhookOutbox
from pytest_tiktok_sandbox.api.http import ApiRequest, ApiResponse
from pytest_tiktok_sandbox.masking import MIN_REMEMBERED, Secret, _written_forms, mask, scrub_report
from pytest_tiktok_sandbox.mock import TikTokMock

CALLBACK = "https://example.com/auth/tiktok/callback"
API = "https://open.tiktokapis.com"

RECORDING_CONFTEST = """
import json
import os

from pytest_tiktok_sandbox import masking

ISSUED = []
_issue = masking.SecretRegistry.issue


def issue(self, value):
    secret = _issue(self, value)
    ISSUED.append(str(secret))
    return secret


masking.SecretRegistry.issue = issue


def pytest_sessionfinish(session):
    with open(os.environ["TIKTOK_SECRETS_DUMP"], "w") as dump:
        json.dump(ISSUED, dump)
"""

FAILING_TESTS = """
import dataclasses
import logging
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

CALLBACK = "https://example.com/auth/tiktok/callback"
API = "https://open.tiktokapis.com"
SCOPES = "user.info.basic,video.publish,video.upload"

pytestmark = pytest.mark.tiktok_sandbox(
    products=["login_kit", "display_api", "content_posting_api", "webhooks"],
    scopes=["user.info.basic", "video.publish", "video.upload"],
    direct_post=True,
    webhook_callback_url="https://example.com/hooks",
    target_users=2,
)


def code_for(sandbox, user):
    return parse_qs(urlsplit(sandbox.authorize(user, SCOPES, CALLBACK)).query)["code"][0]


def exchange(sandbox, user):
    form = {
        "client_key": sandbox.client_key, "client_secret": sandbox.client_secret, "code": code_for(sandbox, user),
        "grant_type": "authorization_code", "redirect_uri": CALLBACK, "code_verifier": "a-verifier-" + "v" * 40,
    }
    return requests.post(API + "/v2/oauth/token/", data=form, timeout=10).json()


@pytest.fixture
def world(tiktok_sandbox, tiktok_target_users, tiktok_api):
    first = exchange(tiktok_sandbox, tiktok_target_users[0])
    second = exchange(tiktok_sandbox, tiktok_target_users[1])
    client = {"client_key": tiktok_sandbox.client_key, "client_secret": tiktok_sandbox.client_secret}
    refreshed = requests.post(
        API + "/v2/oauth/token/",
        data={**client, "grant_type": "refresh_token", "refresh_token": second["refresh_token"]},
        timeout=10,
    ).json()
    client_token = requests.post(
        API + "/v2/oauth/token/", data={**client, "grant_type": "client_credentials"}, timeout=10
    ).json()["access_token"]
    bearer = {"Authorization": "Bearer " + first["access_token"]}
    requests.get(API + "/v2/user/info/?fields=open_id", headers=bearer, timeout=10)
    source = {"source": "FILE_UPLOAD", "video_size": 10, "chunk_size": 10, "total_chunk_count": 1}
    upload_url = requests.post(
        API + "/v2/post/publish/video/init/",
        json={"post_info": {"privacy_level": "SELF_ONLY"}, "source_info": source},
        headers=bearer,
        timeout=10,
    ).json()["data"]["upload_url"]
    requests.put(upload_url, data=bytes(10), headers={"Content-Type": "video/mp4", "Content-Range": "bytes 0-9/10"})
    requests.post(API + "/v2/oauth/revoke/", data={**client, "token": refreshed["access_token"]}, timeout=10)
    return dict(first=first, second=second, refreshed=refreshed, client_token=client_token, upload_url=upload_url)


def test_len_of_webhook_events(world, tiktok_webhooks):
    assert len(tiktok_webhooks.events) == 2


def test_webhook_events_compared(world, tiktok_webhooks):
    event = tiktok_webhooks.events[0]
    assert event == dataclasses.replace(event, create_time=0)


def test_a_delivery(world, tiktok_webhooks):
    assert tiktok_webhooks.delivery(tiktok_webhooks.events[0]) is None


def test_calls_compared(world, tiktok_api):
    assert tiktok_api.calls[0] == tiktok_api.calls[1]


def test_requests_compared(world, tiktok_api):
    assert tiktok_api.calls[0].request == tiktok_api.calls[3].request


def test_responses_compared(world, tiktok_api):
    assert tiktok_api.calls[0].response == tiktok_api.calls[1].response


def test_headers_compared(world, tiktok_api):
    assert tiktok_api.calls.to("/v2/user/info/")[0].request.headers == {}


def test_all_calls(world, tiktok_api):
    assert list(tiktok_api.calls) == []


def test_json_bodies_compared(world):
    assert world["first"] == world["second"]


def test_plain_tokens_compared(world):
    assert world["first"]["access_token"] == world["first"]["access_token"][:-1] + "x"


def test_token_sets_compared(world, tiktok_portal, tiktok_sandbox, tiktok_target_users):
    kit = tiktok_portal.login_kit
    one = kit.exchange_code(tiktok_sandbox, code_for(tiktok_sandbox, tiktok_target_users[0]), CALLBACK, None)
    two = kit.exchange_code(tiktok_sandbox, code_for(tiktok_sandbox, tiktok_target_users[0]), CALLBACK, None)
    assert one == two


def test_token_records(world, tiktok_portal):
    assert tiktok_portal.login_kit.access_token(world["first"]["access_token"]) is None


def test_accounts_compared(world, tiktok_target_users):
    assert tiktok_target_users[0] == tiktok_target_users[1]


def test_passwords_compared(world, tiktok_target_users):
    assert tiktok_target_users[0].password == tiktok_target_users[1].password


def test_client_secrets(world, tiktok_sandbox, tiktok_app):
    assert tiktok_sandbox.client_secret == tiktok_app.client_secret


def test_secret_in_an_exception(world, tiktok_sandbox):
    raise RuntimeError(f"refused {world['refreshed']['refresh_token']} for {tiktok_sandbox.client_secret}")


def test_printed_and_logged(world, tiktok_sandbox, tiktok_target_users):
    print("token", world["first"]["access_token"], "client token", world["client_token"])
    logging.getLogger("app").warning("code %s secret %s", code_for(tiktok_sandbox, tiktok_target_users[0]),
                                     tiktok_sandbox.client_secret)
    assert False


def test_upload_url(world):
    assert world["upload_url"] == "https://open-upload.tiktokapis.com/video/"


def test_a_stopped_sandbox(world):
    import gc

    from pytest_tiktok_sandbox import TikTokSandbox

    with TikTokSandbox(seed=9) as tt:
        token = exchange(tt.sandbox, tt.target_users[0])["access_token"]
        secret = str(tt.sandbox.client_secret)
    gc.collect()  # the portal is gone
    assert f"{token} {secret}" == ""


def test_a_passing_test_that_prints(world, tiktok_sandbox):
    print("passing with", world["second"]["refresh_token"], tiktok_sandbox.client_secret)


def test_authorize_redirect(world, tiktok_api, tiktok_sandbox):
    query = f"client_key={tiktok_sandbox.client_key}&scope=user.info.basic&response_type=code&redirect_uri={CALLBACK}"
    answer = requests.get("https://www.tiktok.com/v2/auth/authorize/?" + query, allow_redirects=False, timeout=10)
    assert answer.headers["Location"] == CALLBACK
"""
FAILING = 20


def run_failing_tests(pytester: pytest.Pytester, *args: str) -> tuple[str, set[str]]:
    dump = pytester.path / "issued.json"
    pytester.makeconftest(RECORDING_CONFTEST)
    pytester.makepyfile(test_failing=FAILING_TESTS)
    pytester._monkeypatch.setenv("TIKTOK_SECRETS_DUMP", str(dump))
    junit = pytester.path / "junit.xml"
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", f"--junitxml={junit}", *args)
    result.assert_outcomes(failed=FAILING, passed=1)
    output = "\n".join([*result.outlines, *result.errlines, junit.read_text()])
    issued = set(json.loads(dump.read_text()))
    return output, issued


@pytest.mark.parametrize(
    "args",
    [(), ("-vv",), ("-vv", "--showlocals", "--tb=long"), ("-rA", "--tb=native")],
    ids=["default", "vv", "vv-l", "rA-native"],
)
def test_no_issued_secret_in_the_output_of_failing_tests(pytester: pytest.Pytester, args: tuple[str, ...]) -> None:
    output, issued = run_failing_tests(pytester, *args)
    kinds = {s[:4] for s in issued if s[:4] in ("act.", "rft.", "clt.")}
    assert kinds == {"act.", "rft.", "clt."}
    assert len(issued) > 20  # client secrets, passwords, tokens, codes, an upload token
    assert all(len(secret) >= MIN_REMEMBERED for secret in issued)
    leaked = sorted((form, secret) for secret in issued for form in _written_forms(secret) if form in output)
    assert not leaked, f"{len(leaked)} secrets leaked"
    # Not even a piece: pytest cuts long reprs in the middle at default verbosity.
    pieces = {secret[i : i + 16] for secret in issued for i in range(len(secret) - 15)}
    assert not [piece for piece in pieces if piece in output]
    if "-rA" in args:
        assert "passing with rft." in output  # a passing test's captured output is scrubbed too
    # The reprs stay useful: the kind of token and a short prefix.
    assert "act." in output and "…" in output


# -- reprs, one by one -----------------------------------------------------------------------------
def test_mask_keeps_a_short_recognisable_prefix() -> None:
    token = "act." + "1a2b" + "x" * 56 + "!1234.va"
    assert mask(token) == "act.1a2b…"
    assert mask("A" * 32) == "AAAA…"
    assert mask("pw") == "…"
    assert mask("t=1700000000,s=" + "ab" * 32) == "t=1700000000,s=abab…"
    secret = Secret(token)
    assert secret == token and hash(secret) == hash(token) and f"{secret}" == token and str(secret) == token
    assert repr(secret) == "'act.1a2b…'"


def issued(sandbox: Sandbox, user: Account) -> dict[str, str]:
    location = sandbox.authorize(user, "user.info.basic", CALLBACK)
    code = parse_qs(urlsplit(location).query)["code"][0]
    form = {
        "client_key": sandbox.client_key,
        "client_secret": sandbox.client_secret,
        "code": code,
        "grant_type": "authorization_code",
        "redirect_uri": CALLBACK,
        "code_verifier": "verifier-" + "v" * 40,
    }
    tokens = requests.post(API + "/v2/oauth/token/", data=form, timeout=10).json()
    return {"code": code, "client_secret": sandbox.client_secret, "password": user.password, **tokens}


def secrets_of(values: dict[str, str]) -> list[str]:
    return [values[k] for k in ("code", "client_secret", "password", "access_token", "refresh_token")]


@pytest.mark.tiktok_sandbox(
    products=["login_kit", "webhooks"], scopes=["user.info.basic"], webhook_callback_url="https://example.com/hooks"
)
def test_every_model_holding_a_secret_has_a_masked_repr(
    tiktok_sandbox: Sandbox,
    tiktok_target_users: list[Account],
    tiktok_api: TikTokMock,
    tiktok_webhooks: WebhookOutbox,
) -> None:
    values = issued(tiktok_sandbox, tiktok_target_users[0])
    token = values["access_token"]
    requests.get(API + "/v2/user/info/?fields=open_id", headers={"Authorization": f"Bearer {token}"}, timeout=10)
    client = {"client_key": tiktok_sandbox.client_key, "client_secret": tiktok_sandbox.client_secret}
    requests.post(API + "/v2/oauth/revoke/", data={**client, "token": token}, timeout=10)
    portal = tiktok_api.portal
    kit = portal.login_kit
    event = tiktok_webhooks.events[0]
    reprs = [
        *(repr(call) for call in tiktok_api.calls),
        repr(list(tiktok_api.calls)),
        repr(kit._access),
        repr(kit._refresh),
        repr(kit.client_token(tiktok_sandbox)),
        repr(event),
        repr(tiktok_webhooks.delivery(event)),
        repr(tiktok_sandbox.client_secret),
        repr(tiktok_target_users[0].password),
        repr(vars(tiktok_target_users[0])),
        repr(kit.exchange_code(tiktok_sandbox, issued_code(tiktok_sandbox, tiktok_target_users[0]), CALLBACK, None)),
    ]
    text = "\n".join(reprs)
    for secret in secrets_of(values):
        assert secret not in text
        assert mask(secret) in text
    assert "verifier-" not in text  # a client's own secret field is masked too
    assert "Bearer act." in text
    assert "t=" in repr(tiktok_webhooks.delivery(event)) and "s=" in repr(tiktok_webhooks.delivery(event))


def issued_code(sandbox: Sandbox, user: Account) -> str:
    return parse_qs(urlsplit(sandbox.authorize(user, "user.info.basic", CALLBACK)).query)["code"][0]


def test_requests_and_responses_mask_secret_headers_fields_and_keys() -> None:
    request = ApiRequest.build(
        "POST",
        "https://open-upload.tiktokapis.com/video/?upload_id=1&upload_token=TOKEN_IN_THE_QUERY_123",
        {"Authorization": "Bearer act.SECRETSECRETSECRET", "Cookie": "tt_sandbox_session=SESSIONSESSION"},
        "client_key=k&client_secret=CLIENTSECRETCLIENT&code=CODECODECODECODE&password=PASSWORDPASS",
    )
    response = ApiResponse(
        200,
        {"Location": "https://example.com/cb?code=CODECODECODECODE&state=s", "Set-Cookie": "s=SESSIONSESSION; Path=/"},
        b'{"access_token":"act.SECRETSECRETSECRET","refresh_token":"rft.REFRESHREFRESH","error":{"code":"ok"}}',
    )
    text = repr(request) + repr(response)
    for raw in (
        "TOKEN_IN_THE_QUERY",
        "SECRETSECRETSECRET",
        "CLIENTSECRET",
        "CODECODE",
        "PASSWORDPASS",
        "SESSIONSESSION",
    ):
        assert raw not in text
    assert '"code":"ok"' in text  # a JSON "code" is TikTok's error code, not a secret
    assert "upload_id=1" in text and "client_key=k" in text and "state=s" in text


def test_a_report_is_scrubbed_of_every_written_form_of_an_issued_secret() -> None:
    with TikTokSandbox(seed=3) as tt:
        secret = tt.sandbox.client_secret
        code = issued_code(tt.sandbox, tt.target_users[0])
        encoded = "".join(f"%{ord(c):02X}" if c in "*!" else c for c in code)

        class Report:
            def __init__(self) -> None:
                self.longrepr = f"E   assert '{secret}' == 'x'\nE   body: b'code={encoded}'"
                self.sections = [("Captured stdout call", f"secret={secret}")]

        report = Report()
        from pytest_tiktok_sandbox.masking import Scrubber

        scrub_report(report, Scrubber())
        assert secret not in report.longrepr and encoded not in report.longrepr
        assert mask(secret) in report.longrepr and mask(code) in report.longrepr
        assert report.sections == [("Captured stdout call", f"secret={mask(secret)}")]


def test_a_scenario_password_is_in_no_repr_and_is_scrubbed(tmp_path: Path) -> None:
    from pytest_tiktok_sandbox import load_scenario
    from pytest_tiktok_sandbox.masking import Scrubber
    from pytest_tiktok_sandbox.scenario import TargetUserModel

    password = "alice-secret-1234"
    assert password not in repr(TargetUserModel(username="alice", password=password))
    scenario_file = tmp_path / "scenario.json"
    scenario_file.write_text(
        json.dumps(
            {
                "apps": [
                    {
                        "name": "App",
                        "sandboxes": [
                            {
                                "name": "sb",
                                "products": ["login_kit"],
                                "scopes": ["user.info.basic"],
                                "target_users": [{"username": "alice", "password": password}],
                            }
                        ],
                    }
                ]
            }
        )
    )
    scenario = load_scenario(scenario_file)
    assert password not in repr(scenario)
    from pytest_tiktok_sandbox import Portal

    portal = Portal(seed=1)
    scenario.apply(portal)
    account = portal.find_account("alice")
    assert account is not None and account.password == password
    assert repr(account.password) == repr(mask(password))
    assert Scrubber()(f"password={password}") == f"password={mask(password)}"


def test_only_comparisons_of_what_holds_a_secret_are_explained_by_the_plugin(
    tiktok_portal: Portal,
) -> None:
    from pytest_tiktok_sandbox.masking import explain_comparison

    account = tiktok_portal.create_account()
    other = tiktok_portal.create_account()
    explained = explain_comparison("==", account, other)
    assert explained is not None and any("password" in line for line in explained)
    assert str(account.password) not in "\n".join(explained)
    # A video holds no secret: pytest's own explanation (with its drill-down) is kept.
    assert explain_comparison("==", account.videos[0], other.videos[0]) is None
    assert explain_comparison("==", "a plain string", "another one") is None
    assert explain_comparison("==", 1, 2) is None


def test_the_scrubber_follows_new_secrets_and_new_portals() -> None:
    from pytest_tiktok_sandbox.masking import current_scrubber

    first = Portal(seed=1)
    secret = first.ids.client_secret()
    assert current_scrubber()(secret) == mask(secret)
    assert current_scrubber() is current_scrubber()  # cached while nothing is issued
    another = first.ids.access_token()
    assert current_scrubber()(f"Bearer {another}") == f"Bearer {mask(another)}"
    del first
    import gc

    gc.collect()
    second = Portal(seed=1)  # may reuse the first's memory, and issues as many secrets
    secret_again, token_again = second.ids.client_secret(), second.ids.access_token()
    assert current_scrubber()(f"{secret_again} {token_again}") == f"{mask(secret_again)} {mask(token_again)}"


def test_scrubbing_is_fast_whatever_the_number_of_secrets() -> None:
    import time

    from pytest_tiktok_sandbox.masking import current_scrubber

    portal = Portal(seed=2)
    tokens = [portal.ids.access_token() for _ in range(5000)]
    scrubber = current_scrubber()
    text = "lorem ipsum dolor sit amet, " * 400 + f"token={tokens[-1]}"
    started = time.perf_counter()
    scrubbed = scrubber(text)
    assert time.perf_counter() - started < 0.5  # a dict lookup per position, not one search per secret
    assert tokens[-1] not in scrubbed and mask(tokens[-1]) in scrubbed


def test_a_secret_dumps_as_a_plain_string_in_json_and_yaml() -> None:
    import subprocess
    import sys

    script = (
        "import json, yaml\n"
        "from pytest_tiktok_sandbox import Portal\n"
        "secret = Portal(seed=1).ids.client_secret()\n"
        "assert yaml.safe_load(yaml.safe_dump({'s': secret})) == {'s': str(secret)}\n"
        "assert json.loads(json.dumps({'s': secret})) == {'s': str(secret)}\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False)
    assert done.stdout.strip() == "ok", done.stderr


def test_another_plugins_failure_representation_is_scrubbed_as_text() -> None:
    from pytest_tiktok_sandbox.masking import current_scrubber

    secret = Portal(seed=4).ids.client_secret()  # the portal is gone; its secrets are remembered

    class PluginRepr:
        def __str__(self) -> str:
            return f"failed with {secret}"

    class Report:
        def __init__(self) -> None:
            self.longrepr: object = PluginRepr()
            self.sections: list[tuple[str, str]] = []

    report = Report()
    scrub_report(report, current_scrubber())
    assert report.longrepr == f"failed with {mask(secret)}"
