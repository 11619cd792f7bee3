"""Work the plugin defers or skips, so a test pays only for what it uses (issue 18).

Timings live in tests/benchmarks (out of the default run); these check the mechanisms behind
them, which a refactoring could silently undo.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from hypothesis import given, settings, strategies as st

from pytest_tiktok_sandbox.api.envelope import ApiError
from pytest_tiktok_sandbox.api.http import ApiRequest
from pytest_tiktok_sandbox.api.service import FakeTikTokAPI
from pytest_tiktok_sandbox.portal import Portal


def test_the_router_is_built_on_the_first_request_only() -> None:
    api = FakeTikTokAPI(Portal(1))
    assert "router" not in vars(api)  # a test that makes no request never builds the routes
    response = api.handle(ApiRequest.build("GET", "https://open.tiktokapis.com/v2/user/info/?fields=open_id"))
    assert response.status == 401
    assert "router" in vars(api)
    assert {(r.method, r.path) for r in api.router} >= {("POST", "/v2/oauth/token/"), ("GET", "/v2/user/info/")}


def test_the_chain_s_fixtures_never_ask_pytest_for_request() -> None:
    """pytest builds a new ``FixtureDef`` each time a fixture asks for ``request``: the
    fixtures ``tiktok_sandbox`` builds itself read their test from the running protocol
    instead (``tiktok_sandbox`` alone asks, for when it must ask pytest for the chain)."""
    import inspect

    from pytest_tiktok_sandbox import fixture_chain, fixtures

    assert list(inspect.signature(fixtures.tiktok_sandbox).parameters) == ["request"]
    asking = [
        name for name in fixture_chain.CHAIN if "request" in inspect.signature(getattr(fixtures, name)).parameters
    ]
    assert asking == []


UNRELATED = """
import pytest

def test_plain(request):
    assert "_tiktok_markers" not in request.fixturenames

@pytest.mark.parametrize("n", [pytest.param(1, marks=pytest.mark.tiktok_sandbox(target_users=2)), 2])
def test_param(request, n):
    marked = n == 1
    assert ("_tiktok_markers" in request.fixturenames) is marked
    assert ("tiktok_sandbox" in request.fixturenames) is marked

@pytest.mark.tiktok_fault("/v2/user/info/", 500, "internal_error")
def test_fault(request):
    assert "tiktok_api" in request.fixturenames
"""


def test_a_test_without_the_plugins_markers_gets_no_autouse_fixture_and_no_portal(
    pytester: pytest.Pytester,
) -> None:
    """A user's unrelated test pays nothing for the plugin's marker handling: the autouse
    fixture is dropped at collection from tests that carry none of its markers (a
    parametrized sibling with a marker keeps it), and no portal module is imported."""
    pytester.makeconftest(
        "import pathlib, sys\n"
        "def pytest_sessionfinish(session):\n"
        "    loaded = [m for m in sys.modules if m.startswith('pytest_tiktok_sandbox.portal')]\n"
        "    pathlib.Path('loaded.txt').write_text(repr(loaded))\n"
    )
    plain = UNRELATED.split("@pytest.mark.parametrize")[0]
    pytester.makepyfile(test_unrelated=plain)
    pytester.runpytest_subprocess("-p", "no:randomly").assert_outcomes(passed=1)
    assert (pytester.path / "loaded.txt").read_text() == "[]"
    pytester.makepyfile(test_unrelated=UNRELATED)
    pytester.runpytest_inprocess("-p", "no:randomly").assert_outcomes(passed=4)


def test_a_lowercase_attribute_of_the_package_does_not_import_the_portal() -> None:
    """``from . import plugin`` (pytest loading the plugin) asks ``hasattr(package, "plugin")``
    first: the lazy ``__getattr__`` must not load the errors, and the portal with them."""
    # here, not at the top: a subprocess below imports this file as a top-level module
    from ..fresh_interpreter import modules_after

    code = (
        "import pytest_tiktok_sandbox as p\n"
        "assert not hasattr(p, 'plugin_not_there')\n"
        "from pytest_tiktok_sandbox import plugin\n"
    )
    assert [m for m in modules_after(code) if m.startswith("pytest_tiktok_sandbox.portal")] == []


def test_the_chain_reads_the_running_test_of_its_own_thread(request: pytest.FixtureRequest) -> None:
    """The test item the default chain reads is this test's, and another thread (a threaded
    runner's test) does not see it."""
    import threading

    from pytest_tiktok_sandbox import fixtures

    assert fixtures.running_item() is request.node
    seen: list[list[pytest.Item]] = []
    thread = threading.Thread(target=lambda: seen.append(list(fixtures.RUNNING.items)))
    thread.start()
    thread.join()
    assert seen == [[]]


def test_the_package_is_imported_without_assertion_rewriting(pytester: pytest.Pytester) -> None:
    """pytest marks every module of a plugin's distribution for assertion rewriting, and
    recompiles rewritten modules every session where it may not cache them
    (``PYTHONDONTWRITEBYTECODE=1``, a read-only site-packages): the portal and the fake API
    load through Python's own loader instead (and so from pip's compiled bytecode); a test
    file's own asserts are still rewritten."""
    pytester.makepyfile(
        """
        import sys

        def test_loaders(tiktok_sandbox):
            loaders = {
                name: type(sys.modules[name].__loader__).__name__
                for name in ("pytest_tiktok_sandbox.portal.sandbox", "pytest_tiktok_sandbox.api.fake_api")
            }
            assert set(loaders.values()) == {"SourceFileLoader"}, loaders
            assert type(sys.modules[__name__].__loader__).__name__ == "AssertionRewritingHook"
        """
    )
    pytester.runpytest_subprocess("-p", "no:randomly").assert_outcomes(passed=1)


# -- per request (issue 18, item 3) ----------------------------------------------------------------
POSTING = {"products": ("login_kit", "display_api", "content_posting_api")}
SCOPES = "user.info.basic,user.info.profile,video.list,video.upload"
CALLBACK = "https://example.com/auth/tiktok/callback"
API = "https://open.tiktokapis.com"


def _usual_requests() -> Iterator[tuple[str, Callable[[], requests.Response]]]:
    """A sandbox's user signed in, then each usual request of a client, as (name, call):
    the token grants, user info, a video list page, an upload's init and status fetch."""
    from pytest_tiktok_sandbox import TikTokSandbox

    with TikTokSandbox(seed=3, products=POSTING["products"], scopes=SCOPES.split(",")) as tt:
        sandbox, user = tt.sandbox, tt.target_users[0]
        code = parse_qs(urlsplit(sandbox.authorize(user, SCOPES, CALLBACK)).query)["code"][0]
        client = {"client_key": sandbox.client_key, "client_secret": sandbox.client_secret}
        token_url = f"{API}/v2/oauth/token/"
        grant = {**client, "grant_type": "authorization_code", "code": code, "redirect_uri": CALLBACK}
        tokens: dict[str, str] = {}

        def exchange() -> requests.Response:
            answer = requests.post(token_url, data=grant, timeout=5)
            tokens.update(answer.json())
            return answer

        def refresh() -> requests.Response:
            form = {**client, "grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]}
            answer = requests.post(token_url, data=form, timeout=5)
            tokens.update(answer.json())
            return answer

        def bearer() -> dict[str, str]:
            return {"Authorization": f"Bearer {tokens['access_token']}"}

        publish: dict[str, str] = {}

        def init() -> requests.Response:
            source = {"source": "FILE_UPLOAD", "video_size": 1 << 20, "chunk_size": 1 << 20, "total_chunk_count": 1}
            answer = requests.post(
                f"{API}/v2/post/publish/inbox/video/init/", headers=bearer(), json={"source_info": source}, timeout=5
            )
            publish["publish_id"] = answer.json()["data"]["publish_id"]
            return answer

        yield "token (authorization_code)", exchange
        yield "token (refresh_token)", refresh
        yield (
            "token (client_credentials)",
            lambda: requests.post(token_url, data={**client, "grant_type": "client_credentials"}, timeout=5),
        )
        yield (
            "user info",
            lambda: requests.get(
                f"{API}/v2/user/info/?fields=open_id,union_id,display_name,username", headers=bearer(), timeout=5
            ),
        )
        yield (
            "video list",
            lambda: requests.post(
                f"{API}/v2/video/list/?fields=id,title", headers=bearer(), json={"max_count": 5}, timeout=5
            ),
        )
        yield "inbox init", init
        yield (
            "status fetch",
            lambda: requests.post(f"{API}/v2/post/publish/status/fetch/", headers=bearer(), json=publish, timeout=5),
        )


def test_no_pydantic_model_is_built_to_answer_the_usual_requests(monkeypatch: pytest.MonkeyPatch) -> None:
    """A token grant's answer is a dict in ``TokenResponse``'s order, and the usual bodies of
    /video/list/ and status/fetch/ (valid ones) are read without a payload model: a pydantic
    model costs a few µs a request and pydantic's import ~60 ms at first use. (The init
    endpoints' nested bodies still go through their models.)"""
    from pydantic import BaseModel

    built: list[str] = []
    init, validate = BaseModel.__init__, BaseModel.model_validate.__func__  # type: ignore[attr-defined]

    def counting_init(self: BaseModel, /, **data: Any) -> None:
        built.append(type(self).__name__)
        init(self, **data)

    def counting_validate(cls: type[BaseModel], obj: Any, **kwargs: Any) -> BaseModel:
        built.append(cls.__name__)
        return validate(cls, obj, **kwargs)  # type: ignore[no-any-return]

    answered = []
    for name, call in _usual_requests():
        monkeypatch.setattr(BaseModel, "__init__", counting_init)
        monkeypatch.setattr(BaseModel, "model_validate", classmethod(counting_validate))
        answer = call()
        monkeypatch.undo()
        assert answer.status_code == 200, (name, answer.text)
        answered.append((name, built[:] if name != "inbox init" else []))
        built.clear()
    assert answered == [(name, []) for name, _ in answered]


IMPORTS_ON_THE_REQUEST_PATH = """
import builtins, importlib.util, json, sys

executed, during = [], ["import"]
real_import = builtins.__import__

def recording_import(name, globals=None, locals=None, fromlist=(), level=0):
    importer = (globals or {}).get("__name__", "")
    if importer.startswith("pytest_tiktok_sandbox"):
        package = globals.get("__package__") or importer.rpartition(".")[0]
        target = importlib.util.resolve_name("." * level + name, package) if level else name
        executed.extend((during[0], importer, f"{target}.{item}") for item in fromlist or ())
        executed.append((during[0], importer, target))
    return real_import(name, globals, locals, fromlist, level)

builtins.__import__ = recording_import
sys.path.insert(0, sys.argv[1])
from test_performance import _usual_requests

for name, call in _usual_requests():
    during[0] = name
    assert call().status_code == 200, name
builtins.__import__ = real_import
print(json.dumps({"executed": executed, "loaded": sorted(sys.modules)}))
"""

OURS = ("pytest_tiktok_sandbox.api.", "pytest_tiktok_sandbox.transports.", "pytest_tiktok_sandbox.mock")
NOT_ON_THE_REQUEST_PATH = ("pydantic", "pytest_tiktok_sandbox.payloads", "pytest_tiktok_sandbox.outcomes")


def test_the_request_path_imports_no_pydantic_payload_model_or_outcome_recorder(tmp_path: Path) -> None:
    """The fake API's and the transports' modules, and what they import to answer a sign-in
    (token grants), user info, a video list page and a status fetch, name neither pydantic nor
    a payload model (pydantic costs ~60 ms at first use) nor the outcome recorder (coverage
    off costs one None check; the recorder module is not even loaded)."""
    import json
    import subprocess
    import sys

    script = tmp_path / "imports.py"
    script.write_text(IMPORTS_ON_THE_REQUEST_PATH)
    result = subprocess.run(
        [sys.executable, str(script), str(Path(__file__).parent)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    imported = sorted(
        {
            (during, importer, target)
            for during, importer, target in found["executed"]
            if importer.startswith(OURS)
            and target.startswith(NOT_ON_THE_REQUEST_PATH)
            and during != "inbox init"  # a nested body: its payload model reads it
        }
    )
    assert imported == []
    assert "pytest_tiktok_sandbox.outcomes.recorder" not in found["loaded"]


def test_token_answers_are_their_payload_models_key_for_key() -> None:
    """The token grants' answers, built as dicts, hold exactly the documented payload model's
    keys in its order, with the values it reads."""
    from pytest_tiktok_sandbox.payloads.oauth import ClientTokenResponse, TokenResponse

    checked = []
    for name, call in _usual_requests():
        body = call().json()
        if name.startswith("token"):
            model = ClientTokenResponse if "client_credentials" in name else TokenResponse
            assert list(body) == list(model.model_fields), name
            assert model.model_validate(body).model_dump() == body, name
            checked.append(name)
    assert len(checked) == 3


FORM_TEXT = st.text(alphabet="ab=&+%2Fé;\x00 ", max_size=30) | st.lists(
    st.sampled_from(["a=1", "a=", "a", "=", "=b", "a=b=c", "%zz=%2", "x+y=%2B", "b=%C3%A9", "&", "c=%FF"]), max_size=6
).map("&".join)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(text=FORM_TEXT)
def test_the_form_reads_as_parse_qs_reads_it(text: str) -> None:
    """``ApiRequest.form`` reads a form in one pass, as ``parse_qs(keep_blank_values=True)``
    (the first value of each field) does."""
    expected = {k: v[0] for k, v in parse_qs(text, keep_blank_values=True).items()}
    request = ApiRequest.build("POST", "https://open.tiktokapis.com/v2/oauth/token/", {}, text)
    assert request.form() == expected


JSON_VALUES = st.none() | st.booleans() | st.integers(-3, 25) | st.sampled_from([2**63 - 1, 2**63, -1, 0, 20, 21])
JSON_VALUES |= (
    st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=3) | st.lists(st.integers(), max_size=1)
)
JSON_VALUES |= st.sampled_from(["\ud800", "a\udcff", "é", "\x00", "v_inbox_file~v2.7"])  # pydantic refuses surrogates


def _outcome(read: Callable[[], object]) -> object:
    try:
        return read()
    except ApiError as refusal:
        return (refusal.status, refusal.code, refusal.message)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(
    body=st.dictionaries(st.sampled_from(["cursor", "max_count", "other"]), JSON_VALUES, max_size=3),
    publish=st.dictionaries(st.sampled_from(["publish_id", "other"]), JSON_VALUES | st.text(max_size=4), max_size=2),
)
def test_the_usual_bodies_are_read_as_their_payload_models_read_them(
    body: dict[str, Any], publish: dict[str, Any]
) -> None:
    """/video/list/'s and status/fetch/'s bodies, read without a model when certainly valid,
    give what ``VideoListRequest`` and ``PublishIdRequest`` give: the same values, or the same
    refusal (status, code and message)."""
    import json

    from pytest_tiktok_sandbox.api import display, posting
    from pytest_tiktok_sandbox.api.bodies import read_body
    from pytest_tiktok_sandbox.payloads.display import VideoListRequest
    from pytest_tiktok_sandbox.payloads.posting import PublishIdRequest

    request = ApiRequest.build("POST", "https://open.tiktokapis.com/v2/video/list/", {}, json.dumps(body))
    model = _outcome(lambda: read_body(request, VideoListRequest))
    expected = model if isinstance(model, tuple) else (model.cursor, model.max_count)  # type: ignore[attr-defined]
    assert _outcome(lambda: display._page_request(request)) == expected
    request = ApiRequest.build(
        "POST", "https://open.tiktokapis.com/v2/post/publish/status/fetch/", {}, json.dumps(publish)
    )
    model = _outcome(lambda: read_body(request, PublishIdRequest))
    expected = model if isinstance(model, tuple) else model.publish_id  # type: ignore[attr-defined]
    assert _outcome(lambda: posting._publish_id(request)) == expected


def test_a_query_s_fields_are_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """``?fields=`` is parsed once per query string (a client sends the same few on every
    call); a refused one is refused again, never remembered."""
    from pytest_tiktok_sandbox.api import display

    reads: list[str] = []
    read = display._read_fields

    def counting(request: ApiRequest, known: Any, kind: str) -> tuple[str, ...]:
        reads.append(request.query_string)
        return read(request, known, kind)

    monkeypatch.setattr(display, "_read_fields", counting)
    monkeypatch.setattr(display, "_PARSED_FIELDS", {})
    queries = ("fields=open_id,nope", "fields=open_id,nope", "fields=open_id", "fields=open_id")
    known = display.USER_FIELD_SCOPES
    requests_ = [ApiRequest.build("GET", f"{API}/v2/user/info/?{query}") for query in queries]
    outcomes = [_outcome(lambda r=r: display._fields(r, known, "user")) for r in requests_]
    assert [outcome[:2] for outcome in outcomes[:2]] == [(400, "invalid_params")] * 2  # type: ignore[index]
    assert outcomes[2:] == [("open_id",)] * 2
    assert reads == ["fields=open_id,nope", "fields=open_id,nope", "fields=open_id"]


def test_a_log_id_carries_the_second_of_its_request() -> None:
    """log_ids format their timestamp once a second (every request has one): any time, in
    any order, still gets its own UTC second."""
    import time

    from pytest_tiktok_sandbox.portal.ids import IdSource

    ids = IdSource(1)
    for now in (1_700_000_000.2, 1_700_000_000.9, 1_700_000_001.0, 1_699_999_999.99, 0.5, -0.5, 1_700_000_000.3):
        log_id = ids.log_id(now)
        assert log_id[:14] == time.strftime("%Y%m%d%H%M%S", time.gmtime(now)), now
        assert len(log_id) == 34


def test_a_webhook_body_is_its_payload_model_key_for_key() -> None:
    """A delivery's body, built as a dict, is byte for byte what ``WebhookBody`` dumps: its
    keys, in its order, with ``content`` a JSON string."""
    import json

    from pytest_tiktok_sandbox.api.webhooks import event_body
    from pytest_tiktok_sandbox.payloads.webhooks import WebhookBody
    from pytest_tiktok_sandbox.portal.events import WebhookEvent

    event = WebhookEvent(
        "sbawkey",
        "secret",
        "https://example.com/hook",
        "post.publish.complete",
        1_700_000_000,
        "-000open",
        {"publish_id": "v_pub~1", "publish_type": "DIRECT_PUBLISH", "é": [1, None]},
    )
    fields = {name: getattr(event, name) for name in WebhookBody.model_fields if name != "content"}
    model = WebhookBody(**fields, content=json.dumps(event.content, separators=(",", ":")))
    assert event_body(event) == json.dumps(model.model_dump(), separators=(",", ":")).encode()
    assert list(json.loads(event_body(event))) == list(WebhookBody.model_fields)


def test_a_long_url_is_not_kept_alive_by_the_parsing_caches() -> None:
    """The URL and ``?fields=`` caches hold a few short strings; a long URL (a test's
    megabyte of padding) is parsed each time instead of outliving the test."""
    from pytest_tiktok_sandbox.api import display, http
    from pytest_tiktok_sandbox.videos import VIDEO_FIELDS

    long_url = "https://open.tiktokapis.com/v2/video/list/?fields=id&pad=" + "x" * 100_000
    short_url = "https://open.tiktokapis.com/v2/video/list/?fields=id,title"
    http._split_short_url.cache_clear()
    display._PARSED_FIELDS.clear()
    for url in (long_url, short_url):
        request = http.ApiRequest.build("GET", url)
        assert display._fields(request, VIDEO_FIELDS, "video")[0] == "id"
    assert http._split_short_url.cache_info().currsize == 1
    assert [query for query, _ in display._PARSED_FIELDS] == ["fields=id,title"]


MARKED = """
import pytest

@pytest.fixture
def account(tiktok_portal):
    return tiktok_portal.create_account()

@pytest.mark.tiktok_sandbox(target_users=2)
def test_asks_first(request, tiktok_sandbox, account):
    assert "_tiktok_markers" not in request.fixturenames
    assert len(tiktok_sandbox.all_target_users) == 2

@pytest.mark.tiktok_sandbox(target_users=2)
def test_asks_later(request, account, tiktok_sandbox):
    assert "_tiktok_markers" in request.fixturenames  # the sandbox is still built first

@pytest.mark.tiktok_sandbox(target_users=2)
def test_asks_nothing(request):
    assert "_tiktok_markers" in request.fixturenames
    assert len(request.getfixturevalue("tiktok_sandbox").all_target_users) == 2

@pytest.mark.tiktok_fault("/v2/user/info/", 500, "internal_error")
def test_fault_asks_for_the_api(request, tiktok_api):
    assert "_tiktok_markers" not in request.fixturenames
"""


def test_a_marked_test_that_asks_for_the_markers_fixture_first_skips_the_autouse_fixture(
    pytester: pytest.Pytester,
) -> None:
    """The autouse fixture costs a marked test ~0.1-0.2 ms (a fixture and a getfixturevalue);
    it is dropped where pytest sets the same fixture up at the same point anyway, and kept
    where dropping it would change the set-up order (and the seeded ids with it)."""
    pytester.makepyfile(test_marked=MARKED)
    pytester.runpytest_inprocess("-p", "no:randomly").assert_outcomes(passed=4)


def test_a_marked_sandbox_is_built_the_same_with_or_without_the_autouse_fixture(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same seed, same test: the same client key and target users whether the autouse fixture
    builds the sandbox or the test's own argument does."""
    from pytest_tiktok_sandbox import plugin

    pytester.makepyfile(
        """
        import pytest

        @pytest.fixture
        def account(tiktok_portal):
            return tiktok_portal.create_account()

        @pytest.mark.tiktok_sandbox(target_users=3)
        def test_it(tiktok_sandbox, account, tiktok_target_users):
            print("IDS", tiktok_sandbox.client_key, account.open_id, [u.open_id for u in tiktok_target_users])
        """
    )

    def ids() -> str:
        result = pytester.runpytest_inprocess("-p", "no:randomly", "-s", "--tiktok-seed=5")
        result.assert_outcomes(passed=1)
        (line,) = [line for line in result.outlines if "IDS " in line]
        return line.split("IDS ", 1)[1]

    dropped = ids()
    monkeypatch.setattr(plugin, "_markers_need_the_autouse", lambda item, names: True)
    assert ids() == dropped
