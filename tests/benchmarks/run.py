"""Benchmarks of pytest-tiktok-sandbox, as ratios against their floors measured in the same run.

    python tests/benchmarks/run.py            # full run, prints the table
    python tests/benchmarks/run.py --smoke    # a few repeats: CI's smoke check, never a timed assertion
    python tests/benchmarks/run.py --write-readme   # also puts the table in README.md

In-process figures and the per-test, first-use and start-up figures are CPU time (they barely
move when other processes share the machine); the xdist figures are wall time (parallelism is
their point), so run those on a quiet machine.

Floors: a ``requests`` call answered by a bare ``responses`` callback that parses the same
input and returns the same JSON; a test using a function-scoped fixture that activates a
``responses.RequestsMock`` with 10 routes; ``pytest --collect-only`` without the plugin.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parents[2]
CALLBACK = "https://example.com/auth/tiktok/callback"


def median_us(fn: Callable[[], object], repeats: int, number: int) -> float:
    fn()
    samples = []
    for _ in range(repeats):
        start = time.process_time()
        for _ in range(number):
            fn()
        samples.append((time.process_time() - start) / number * 1e6)
    return statistics.median(samples)


# -- per request ---------------------------------------------------------------------------------
def per_request(repeats: int, number: int) -> list[tuple[str, float, float]]:
    """Each call through the fake against the same call answered by a bare ``responses``
    callback that parses the same input and returns the same JSON."""
    import requests
    import responses

    from pytest_tiktok_sandbox import TikTokSandbox

    rows = []
    with TikTokSandbox(seed=1, products=POSTING_PRODUCTS, scopes=POSTING_SCOPES) as tt:
        tt.api.api.rate_limiter.enabled = False
        sandbox, user = tt.sandbox, tt.target_users[0]
        redirect = sandbox.authorize(user, ",".join(POSTING_SCOPES), CALLBACK)
        code = parse_qs(urlsplit(redirect).query)["code"][0]
        token_url = "https://open.tiktokapis.com/v2/oauth/token/"
        client = {"client_key": sandbox.client_key, "client_secret": sandbox.client_secret}
        grant = {**client, "grant_type": "authorization_code", "code": code, "redirect_uri": CALLBACK}
        tokens = requests.post(token_url, data=grant).json()
        state = {"refresh": tokens["refresh_token"]}
        bearer = {"Authorization": f"Bearer {tokens['access_token']}"}
        info_url = "https://open.tiktokapis.com/v2/user/info/?fields=open_id,union_id,display_name,username"
        list_url = "https://open.tiktokapis.com/v2/video/list/?fields=id,title,create_time,cover_image_url"
        status_url = "https://open.tiktokapis.com/v2/post/publish/status/fetch/"
        source = {"source": "FILE_UPLOAD", "video_size": MIB, "chunk_size": MIB, "total_chunk_count": 1}
        init = requests.post(INBOX_INIT_URL, headers=bearer, json={"source_info": source}).json()
        publish = {"publish_id": init["data"]["publish_id"]}

        def refresh() -> object:
            form = {**client, "grant_type": "refresh_token", "refresh_token": state["refresh"]}
            answer = requests.post(token_url, data=form).json()
            state["refresh"] = answer.get("refresh_token", state["refresh"])
            return answer

        cases: list[tuple[str, Callable[[], object], str, str]] = [
            ("token (refresh_token grant)", refresh, "POST", token_url),
            ("user info", lambda: requests.get(info_url, headers=bearer).json(), "GET", info_url),
            (
                "video list page",
                lambda: requests.post(list_url, headers=bearer, json={"max_count": 10}).json(),
                "POST",
                list_url,
            ),
            (
                "status fetch",
                lambda: requests.post(status_url, headers=bearer, json=publish).json(),
                "POST",
                status_url,
            ),
        ]
        for name, call, method, url in cases:
            body = json.dumps(call())

            def callback(request: object, body: str = body) -> tuple[int, dict[str, str], str]:
                raw = getattr(request, "body", None) or b""
                text = raw.decode() if isinstance(raw, bytes) else str(raw)
                json.loads(text) if text.startswith("{") else parse_qs(text)
                parse_qs(urlsplit(str(getattr(request, "url", ""))).query)
                return 200, {"Content-Type": "application/json"}, body

            route = re.compile(re.escape(url.split("?")[0]) + r"(\?.*)?$")
            ours_samples, floor_samples = [], []
            for _ in range(repeats):  # interleaved: the machine's drift hits both sides alike
                ours_samples.append(median_us(call, 1, number))
                tt.api.stop()
                with responses.RequestsMock(assert_all_requests_are_fired=False) as bare:
                    bare.add_callback(method, route, callback)
                    floor_samples.append(median_us(call, 1, number))
                tt.api.start()
            rows.append((name, statistics.median(ours_samples), statistics.median(floor_samples)))
    return rows


def coverage_cost(repeats: int, number: int) -> list[tuple[str, float, float, float]]:
    """``--tiktok-coverage``'s cost per request: the same call with a recorder installed and
    without (off: no recorder, one None check), and the recording itself timed alone on the
    call's request and response (the full calls' difference drowns in their noise)."""
    import requests

    from pytest_tiktok_sandbox import TikTokSandbox
    from pytest_tiktok_sandbox.outcomes import OutcomeRecorder

    rows = []
    with TikTokSandbox(seed=1) as tt:
        fake = tt.api.api
        fake.rate_limiter.enabled = False
        sandbox, user = tt.sandbox, tt.target_users[0]
        code = parse_qs(urlsplit(sandbox.authorize(user, "user.info.basic", CALLBACK)).query)["code"][0]
        client = {"client_key": sandbox.client_key, "client_secret": sandbox.client_secret}
        token_url = "https://open.tiktokapis.com/v2/oauth/token/"
        grant = {**client, "grant_type": "authorization_code", "code": code, "redirect_uri": CALLBACK}
        tokens = requests.post(token_url, data=grant).json()
        bearer = {"Authorization": f"Bearer {tokens['access_token']}"}
        info_url = "https://open.tiktokapis.com/v2/user/info/?fields=open_id,display_name"
        state = {"refresh": tokens["refresh_token"]}

        def refresh() -> object:
            form = {**client, "grant_type": "refresh_token", "refresh_token": state["refresh"]}
            answer = requests.post(token_url, data=form).json()
            state["refresh"] = answer.get("refresh_token", state["refresh"])
            return answer

        cases: list[tuple[str, Callable[[], object]]] = [
            ("user info", lambda: requests.get(info_url, headers=bearer).json()),
            ("token (refresh_token grant)", refresh),
        ]
        for name, call in cases:
            fake.outcomes = None
            off = median_us(call, repeats, number)
            recorder = OutcomeRecorder()
            fake.outcomes = recorder
            on = median_us(call, repeats, number)
            last = fake.calls[-1]
            alone = median_us(
                lambda recorder=recorder, last=last: recorder.record(last.request, last.response),
                repeats,
                number * 20,
            )
            rows.append((name, on, off, alone))
        fake.outcomes = None
    return rows


# -- uploads ---------------------------------------------------------------------------------------
MIB = 1024 * 1024
CHUNK = 64 * MIB
"""TikTok's largest chunk but the last (64 MB, clients count 1024²)."""
POSTING_PRODUCTS = ("login_kit", "display_api", "content_posting_api")
POSTING_SCOPES = ("user.info.basic", "user.info.profile", "video.list", "video.upload")
INBOX_INIT_URL = "https://open.tiktokapis.com/v2/post/publish/inbox/video/init/"


def _upload_session() -> tuple[Any, dict[str, str]]:
    """A started TikTokSandbox with Content Posting and a bearer header of its target user."""
    import requests

    from pytest_tiktok_sandbox import TikTokSandbox

    tt = TikTokSandbox(seed=1, products=POSTING_PRODUCTS, scopes=POSTING_SCOPES).start()
    tt.api.api.rate_limiter.enabled = False
    sandbox, user = tt.sandbox, tt.target_users[0]
    code = parse_qs(urlsplit(sandbox.authorize(user, ",".join(POSTING_SCOPES), CALLBACK)).query)["code"][0]
    grant = {
        "client_key": sandbox.client_key,
        "client_secret": sandbox.client_secret,
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": CALLBACK,
    }
    token = requests.post("https://open.tiktokapis.com/v2/oauth/token/", data=grant).json()["access_token"]
    return tt, {"Authorization": f"Bearer {token}"}


def _init_upload(bearer: dict[str, str], video_size: int, chunk_size: int) -> str:
    import requests

    count = video_size // chunk_size
    source = {"source": "FILE_UPLOAD", "video_size": video_size, "chunk_size": chunk_size, "total_chunk_count": count}
    answer = requests.post(INBOX_INIT_URL, headers=bearer, json={"source_info": source}).json()
    return str(answer["data"]["upload_url"])


def _put(url: str, chunk: bytes, first: int, total: int) -> int:
    import requests

    last = first + len(chunk) - 1
    headers = {"Content-Type": "video/mp4", "Content-Range": f"bytes {first}-{last}/{total}"}
    return requests.put(url, data=chunk, headers=headers).status_code


def upload_speed(repeats: int) -> tuple[float, float]:
    """Median ms of one 64 MiB chunk PUT through ``requests``: answered by the fake (a fresh
    upload each time, its init untimed), and by a bare ``responses`` callback that reads the
    body and answers 201."""
    import responses

    chunk = bytes(CHUNK)
    ours = []
    for _ in range(repeats):  # a sandbox each: a creator may have only 5 uploads pending in a day
        tt, bearer = _upload_session()
        try:
            url = _init_upload(bearer, CHUNK, CHUNK)
            start = time.process_time()
            status = _put(url, chunk, 0, CHUNK)
            ours.append(time.process_time() - start)
            assert status == 201, status
        finally:
            tt.stop()

    content_range = re.compile(r"^bytes ([0-9]+)-([0-9]+)/([0-9]+)$")

    def callback(request: Any) -> tuple[int, dict[str, str], str]:
        """The same parsing as the fake's: the query, Content-Range, the body's length."""
        parse_qs(urlsplit(request.url).query)
        match = content_range.match(request.headers["Content-Range"])
        assert match is not None and len(request.body) == int(match[2]) - int(match[1]) + 1
        return 201, {"Content-Range": f"bytes 0-{match[2]}/{match[3]}"}, "{}"

    floor = []
    with responses.RequestsMock(assert_all_requests_are_fired=False) as bare:
        bare.add_callback("PUT", re.compile(r"https://open-upload\.tiktokapis\.com/video/.*"), callback)
        for _ in range(repeats):
            start = time.process_time()
            status = _put("https://open-upload.tiktokapis.com/video/?upload_id=1", chunk, 0, CHUNK)
            floor.append(time.process_time() - start)
            assert status == 201, status
    return statistics.median(ours) * 1e3, statistics.median(floor) * 1e3


def upload_memory(chunks: int) -> float:
    """Peak traced memory an upload of ``chunks`` 64 MiB chunks adds, in chunks, beyond the
    client's own chunk (allocated before, and sent each time, as a client reusing its buffer)."""
    import tracemalloc

    tt, bearer = _upload_session()
    try:
        url = _init_upload(bearer, chunks * CHUNK, CHUNK)
        chunk = bytes(CHUNK)
        tracemalloc.start()
        try:
            baseline, _ = tracemalloc.get_traced_memory()
            tracemalloc.reset_peak()
            for index in range(chunks):
                status = _put(url, chunk, index * CHUNK, chunks * CHUNK)
                assert status == (201 if index == chunks - 1 else 206), status
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    finally:
        tt.stop()
    return (peak - baseline) / CHUNK


# -- per test, start-up, memory, xdist -------------------------------------------------------------
FLOOR_CONFTEST = """
import pytest, responses

@pytest.fixture
def floor_mock():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        for i in range(10):
            mock.get(f"https://api.example.com/{i}", json={"i": i})
        yield mock
"""


def _suite(directory: Path, count: int, body: str, conftest: str = FLOOR_CONFTEST) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "conftest.py").write_text(textwrap.dedent(conftest))
    tests = "\n".join(f"def test_{i}({body}):\n    pass\n" for i in range(count))
    (directory / "test_many.py").write_text(tests)


def _pytest_seconds(directory: Path, *args: str, cpu: bool = True) -> float:
    """The CPU seconds (user and system) of a pytest run, or its wall time with ``cpu=False``.
    CPU time barely moves when other processes share the cores; wall time is what xdist is about."""
    wall, before = time.perf_counter(), _children_cpu()
    subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly", *args, str(directory)],
        check=True,
        capture_output=True,
        cwd=directory,
    )
    return _children_cpu() - before if cpu else time.perf_counter() - wall


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def per_test(count: int, repeats: int) -> list[tuple[str, float]]:
    """Per-test cost as a slope: the time of ``2 * count`` tests minus that of ``count``,
    over ``count``, so one-off costs (imports on first use) cancel out; those are reported
    on their own as the difference of the intercepts."""
    bodies = {
        "floor": ("", "floor_mock"),
        "ours": ("", "tiktok_sandbox"),
        "ours10": ("@pytest.mark.tiktok_sandbox(target_users=10)\n", "tiktok_sandbox"),
        "unrelated": ("", ""),  # a user's test that uses nothing of the plugin...
        "unrelated-off": ("", ""),  # ... and the same without the plugin
    }
    arguments = {"unrelated-off": ("-p", "no:tiktok_sandbox")}
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        for name, (marker, fixture) in bodies.items():
            for n in (count, 2 * count):
                directory = base / f"{name}-{n}"
                _suite(directory, 0, "")
                (directory / "test_many.py").write_text(
                    "import pytest\n\n" + "\n".join(f"{marker}def test_{i}({fixture}):\n    pass\n" for i in range(n))
                )
        timings: dict[str, list[float]] = {f"{name}-{n}": [] for name in bodies for n in (count, 2 * count)}
        for _ in range(repeats):
            for name in timings:
                timings[name].append(_pytest_seconds(base / name, *arguments.get(name.rsplit("-", 1)[0], ())))
        median = {name: statistics.median(values) for name, values in timings.items()}
        slope = {name: (median[f"{name}-{2 * count}"] - median[f"{name}-{count}"]) / count for name in bodies}
        intercept = {name: median[f"{name}-{count}"] - slope[name] * count for name in bodies}
        return [
            ("default tiktok_sandbox, 1 target user", (slope["ours"] - slope["floor"]) * 1e3),
            ("tiktok_sandbox with 10 target users", (slope["ours10"] - slope["floor"]) * 1e3),
            ("a test using no TikTok fixture or marker", (slope["unrelated"] - slope["unrelated-off"]) * 1e3),
            ("first use in a session (imports, once)", (intercept["ours"] - intercept["floor"]) * 1e3),
        ]


def startup(repeats: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        (directory / "test_empty.py").write_text("")
        without, with_plugin = [], []
        for _ in range(repeats):
            without.append(_collect(directory, "-p", "no:tiktok_sandbox"))
            with_plugin.append(_collect(directory))
        return (statistics.median(with_plugin) - statistics.median(without)) * 1e3


def _collect(directory: Path, *args: str) -> float:
    before = _children_cpu()
    subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *args, str(directory)],
        capture_output=True,
        cwd=directory,
    )
    return _children_cpu() - before


MEMORY_CONFTEST = (
    FLOOR_CONFTEST
    + """
import os, json, resource, tracemalloc, gc
SAMPLES = []
def pytest_sessionstart(session):
    tracemalloc.start()
def pytest_runtest_teardown(item, nextitem):
    n = len(SAMPLES) + 1
    SAMPLES.append(n)
def pytest_runtest_logfinish(nodeid, location):
    count = len(SAMPLES)
    total = int(os.environ["BENCH_TESTS"])
    if count in (total // 10, total):
        gc.collect()
        current, _ = tracemalloc.get_traced_memory()
        with open(os.environ["BENCH_OUT"], "a") as out:
            out.write(json.dumps([count, current]) + "\\n")
"""
)


def _memory_growth(directory: Path, count: int) -> tuple[float, float]:
    out = directory.parent / f"{directory.name}.jsonl"
    env = {**os.environ, "BENCH_TESTS": str(count), "BENCH_OUT": str(out)}
    subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *DEV_PLUGINS_OFF, str(directory)],
        check=True,
        capture_output=True,
        env=env,
        cwd=directory,
    )
    samples = [json.loads(line) for line in out.read_text().splitlines()]
    (_, early), (_, late) = samples[0], samples[-1]
    return early / 1e6, late / 1e6


def memory(count: int) -> tuple[float, float, float]:
    """Traced memory after 10% and 100% of ``count`` tests using ``tiktok_sandbox``, and the
    bytes per test it grew by beyond what pytest itself keeps per test (the floor suite's
    growth: reports, stashes, timings)."""
    with tempfile.TemporaryDirectory() as tmp:
        ours, floor = Path(tmp) / "ours", Path(tmp) / "floor"
        _suite(ours, count, "tiktok_sandbox", MEMORY_CONFTEST)
        _suite(floor, count, "floor_mock", MEMORY_CONFTEST)
        early, late = _memory_growth(ours, count)
        floor_early, floor_late = _memory_growth(floor, count)
        per_test = ((late - early) - (floor_late - floor_early)) * 1e6 / (count - count // 10)
        return early, late, per_test


DEV_PLUGINS_OFF = ("-p", "no:hypothesispytest")
"""Plugins of our own dev environment that a user does not have (hypothesis alone adds
0.6 s to every pytest process): off in the suite-level measurements, for both sides."""

SIGN_IN_TEST = """
def test_{i}(tiktok_sandbox, tiktok_target_users):
    user = tiktok_target_users[0]
    code = parse_qs(urlsplit(tiktok_sandbox.authorize(user, "user.info.basic", CALLBACK)).query)["code"][0]
    token = requests.post(TOKEN_URL, data={{"client_key": tiktok_sandbox.client_key,
        "client_secret": tiktok_sandbox.client_secret, "code": code, "grant_type": "authorization_code",
        "redirect_uri": CALLBACK}}).json()["access_token"]
    info = requests.get(INFO_URL, headers={{"Authorization": "Bearer " + token}}).json()
    assert info["data"]["user"]["display_name"] == user.display_name
"""
FLOOR_TEST = """
def test_{i}(floor_mock):
    assert requests.get("https://api.example.com/{n}").json() == {{"i": {n}}}
"""
SUITE_HEAD = """import requests
from urllib.parse import parse_qs, urlsplit
CALLBACK = "https://example.com/auth/tiktok/callback"
TOKEN_URL = "https://open.tiktokapis.com/v2/oauth/token/"
INFO_URL = "https://open.tiktokapis.com/v2/user/info/?fields=display_name"
"""


def _package_dir() -> Path:
    """Where the imported package lives (a checkout, or site-packages in CI's fresh venv)."""
    import importlib.util

    spec = importlib.util.find_spec("pytest_tiktok_sandbox")
    assert spec is not None and spec.submodule_search_locations
    return Path(next(iter(spec.submodule_search_locations)))


def _compile_package() -> None:
    """Write the package's bytecode, as ``pip install`` does (an editable checkout on a machine
    with ``PYTHONDONTWRITEBYTECODE=1`` has none, and would pay for compiling every session)."""
    import compileall

    compileall.compile_dir(_package_dir(), quiet=1)


# -- first use -------------------------------------------------------------------------------------
def first_use(repeats: int) -> list[tuple[str, float]]:
    """CPU milliseconds a one-test session costs beyond the floor's one-test session: what
    the first TikTok test pays once (imports, first models). Three cases: the default sandbox
    and a test that signs in and reads user info, with the package's bytecode compiled (as
    pip installs it), and the default sandbox with none (``PYTHONDONTWRITEBYTECODE=1`` and no
    ``__pycache__``: an editable checkout on a machine that never writes bytecode)."""
    import shutil

    package = _package_dir()
    suites = {
        "floor": ("", "def test_0(floor_mock):\n    pass\n"),
        "floor-request": (SUITE_HEAD, FLOOR_TEST.format(i=0, n=1)),
        "ours": ("", "def test_0(tiktok_sandbox):\n    pass\n"),
        "ours-sign-in": (SUITE_HEAD, SIGN_IN_TEST.format(i=0)),
    }

    def no_bytecode() -> None:
        for cache in package.rglob("__pycache__"):
            shutil.rmtree(cache, ignore_errors=True)

    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        for name, (head, body) in suites.items():
            _suite(base / name, 0, "")
            (base / name / "test_one.py").write_text(head + body)
        runs: dict[str, list[float]] = {name: [] for name in (*suites, "ours-no-bytecode")}
        environment = dict(os.environ)
        for _ in range(repeats):
            _compile_package()
            for name in suites:
                runs[name].append(_pytest_seconds(base / name, *DEV_PLUGINS_OFF))
            no_bytecode()
            os.environ["PYTHONDONTWRITEBYTECODE"] = "1"
            try:
                runs["ours-no-bytecode"].append(_pytest_seconds(base / "ours", *DEV_PLUGINS_OFF))
            finally:
                os.environ.clear()
                os.environ.update(environment)
        _compile_package()  # as it was: the other benchmarks run as installed
        median = {name: statistics.median(values) for name, values in runs.items()}
        return [
            ("default tiktok_sandbox", (median["ours"] - median["floor"]) * 1e3),
            ("a sign-in and a user info call", (median["ours-sign-in"] - median["floor-request"]) * 1e3),
            ("default tiktok_sandbox, no bytecode", (median["ours-no-bytecode"] - median["floor"]) * 1e3),
        ]


@dataclass
class XdistRun:
    """Wall times of one suite, serial and under ``-n 2``, each with 1 test and ``count`` tests."""

    name: str
    count: int
    serial_one: float
    serial: float
    parallel_one: float
    parallel: float

    @property
    def ratio(self) -> float:
        return self.parallel / self.serial

    @property
    def per_test(self) -> float:
        """Seconds a test costs serially (start-up subtracted)."""
        return (self.serial - self.serial_one) / (self.count - 1)

    @property
    def per_test_parallel(self) -> float:
        """Seconds a test adds to the ``-n 2`` wall time (start-up subtracted)."""
        return (self.parallel - self.parallel_one) / (self.count - 1)

    @property
    def worker_startup(self) -> float:
        """Seconds ``-n 2`` spends before its first test beyond the serial start-up: the
        workers' own pytest start-up and the collection they each repeat."""
        return self.parallel_one - self.serial_one


def xdist(count: int) -> list[XdistRun]:
    """Serial and ``-n 2`` wall time of a suite of sign-in tests, and of the floor suite
    (bare ``responses``), which shows what pytest-xdist itself gains on this machine; each
    also with one test, so start-up and per-test cost are told apart (the scaling model of
    tests/benchmarks/README.md)."""
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, body in (("sign-in tests (ours)", SIGN_IN_TEST), ("bare `responses` tests (floor)", FLOOR_TEST)):
            times = []
            for n in (1, count):
                directory = Path(tmp) / f"{name.split()[0]}-{n}"
                _suite(directory, 0, "")
                tests = "".join(body.format(i=i, n=i % 10) for i in range(n))
                (directory / "test_many.py").write_text(SUITE_HEAD + tests)
                times.append(_pytest_seconds(directory, *DEV_PLUGINS_OFF, cpu=False))
                times.append(_pytest_seconds(directory, *DEV_PLUGINS_OFF, "-n", "2", cpu=False))
            serial_one, parallel_one, serial, parallel = times
            runs.append(XdistRun(name, count, serial_one, serial, parallel_one, parallel))
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="tiny counts: checks the benchmarks run")
    parser.add_argument("--write-readme", action="store_true", help="write the table into README.md")
    options = parser.parse_args()
    smoke = options.smoke
    _compile_package()  # as pip installs it: every figure but the "no bytecode" one
    lines = [
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()}; {time.strftime('%Y-%m-%d')}{' (smoke run: not meaningful)' if smoke else ''}.",
        "",
        "| what | ours | floor | ratio (budget) |",
        "|---|---|---|---|",
    ]
    for name, ours, floor in per_request(3 if smoke else 7, 20 if smoke else 300):
        lines.append(f"| per request: {name} | {ours:.0f} µs | {floor:.0f} µs | {ours / floor:.2f}x (≤ 1.1x) |")
    for name, on, off, alone in coverage_cost(3 if smoke else 7, 20 if smoke else 300):
        lines.append(
            f"| per request: {name}, `--tiktok-coverage` on | {on:.0f} µs | {off:.0f} µs off | "
            f"recording: {alone:.2f} µs (≤ 5 µs) |"
        )
    ours_ms, floor_ms = upload_speed(1 if smoke else 7)
    lines.append(
        f"| upload: one 64 MiB chunk PUT (`requests`) | {ours_ms:.2f} ms | {floor_ms:.2f} ms, bare `responses` "
        f"callback reading the body | {ours_ms / floor_ms:.2f}x (≤ 1.2x) |"
    )
    chunks = 2 if smoke else 16
    extra = upload_memory(chunks)
    lines.append(
        f"| upload: peak memory of {chunks} chunks of 64 MiB ({chunks * 64} MiB) | {extra:+.2f} chunks | "
        "the client's own chunk, allocated before | (≤ about 1 chunk) |"
    )
    for name, extra in per_test(50 if smoke else 1000, 1 if smoke else 5):
        if "once" in name:
            continue  # the intercept of the slopes: measured directly below
        if "no TikTok" in name:
            lines.append(f"| per test: {name} | {extra:+.3f} ms | the same test without the plugin | (~0) |")
            continue
        budget = "≤ 0.5 ms" if "10" in name else "≤ 0.25 ms"
        lines.append(f"| per test: {name} | {extra:+.2f} ms | empty 10-route `responses` fixture | ({budget} above) |")
    for name, extra in first_use(2 if smoke else 9):
        if "sign-in" in name:
            floor, budget = "the floor's first test making one `requests` call", "(no budget: what it is)"
        elif "bytecode" in name:
            floor, budget = (
                "empty 10-route `responses` fixture",
                "(no budget: Python compiles the package each session)",
            )
        else:
            floor, budget = "empty 10-route `responses` fixture", "(≤ 50 ms above)"
        lines.append(f"| first use in a session: {name} (once) | {extra:+.0f} ms | {floor} | {budget} |")
    lines.append(
        f"| start-up: `pytest --collect-only`, empty suite | {startup(2 if smoke else 7):+.0f} ms | "
        "without the plugin | (≤ 150 ms above) |"
    )
    early, late, growth = memory(200 if smoke else 10_000)
    lines.append(
        f"| memory: traced after 10% / 100% of {200 if smoke else 10_000} tests | {early:.1f} MB / {late:.1f} MB | "
        f"pytest's own growth subtracted | {growth:+.0f} bytes per test (flat) |"
    )
    ours_run, floor_run = xdist(20 if smoke else 2000)
    for run in (ours_run, floor_run):
        budget = f"≤ {floor_run.ratio:.2f}x, the floor's" if run is ours_run else "the floor"
        lines.append(
            f"| pytest-xdist `-n 2`, {run.count} {run.name} | {run.parallel:.1f} s | {run.serial:.1f} s serial | "
            f"{run.ratio:.2f}x ({budget}) |"
        )
    model = [
        "",
        "xdist model inputs (tests/benchmarks/README.md): "
        + "; ".join(
            f"{run.name}: start-up {run.serial_one:.2f} s serial, +{run.worker_startup:.2f} s for `-n 2`; "
            f"per test {run.per_test * 1e3:.2f} ms serial, {run.per_test_parallel * 1e3:.2f} ms of `-n 2` wall time"
            for run in (ours_run, floor_run)
        )
        + ".",
    ]
    table = "\n".join(lines)
    print(table + "\n".join(model))
    if options.write_readme and not smoke:
        readme = ROOT / "README.md"
        text = readme.read_text()
        start, end = "<!-- performance-table -->", "<!-- /performance-table -->"
        head, _, rest = text.partition(start)
        _, _, tail = rest.partition(end)
        readme.write_text(f"{head}{start}\n{table}\n{end}{tail}")


if __name__ == "__main__":
    main()
