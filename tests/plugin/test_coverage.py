"""``--tiktok-coverage``: a known suite (docs/how-to/coverage.md's) run through pytester, its
terminal section, JSON and HTML checked exactly, serially and under xdist; fail-under; options."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pytest_tiktok_sandbox.outcomes import CATALOGUE, ENDPOINTS, OutcomeRecorder, current, install, report

pytest_plugins = ["pytester"]

SUITE = Path(__file__).parents[1] / "docs" / "examples" / "test_howto_coverage.py"

MET = {
    "GET /v2/auth/authorize/": ["ok"],
    "POST /v2/oauth/token/ (authorization_code)": ["ok"],
    "POST /v2/oauth/token/ (refresh_token)": ["ok"],
    "GET /v2/user/info/": ["ok", "access_token_invalid", "access_token_expired"],
}

REPORT = Path(__file__).parents[1] / "docs" / "examples" / "coverage_report.txt"
"""The suite's terminal section, exactly (docs/how-to/coverage.md shows this file)."""
INI = Path(__file__).parents[1] / "docs" / "examples" / "coverage.ini"


def section(result: pytest.RunResult) -> list[str]:
    """The lines of the terminal section, without its title and the report paths."""
    lines = result.stdout.lines
    start = next(i for i, line in enumerate(lines) if "- TikTok behaviour coverage -" in line) + 1
    end = next(
        i for i in range(start, len(lines)) if lines[i].startswith(("JSON report", "HTML report", "FAIL ", "=="))
    )
    return lines[start:end]


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    pytester.makepyfile(test_sign_in=SUITE.read_text())
    return pytester.runpytest("-p", "no:cacheprovider", *args)


def expected_json() -> dict[str, object]:
    endpoints = {}
    for endpoint in ENDPOINTS:
        names = [o.name for o in CATALOGUE if o.endpoint == endpoint]
        met = MET.get(endpoint, [])
        endpoints[endpoint] = {
            "met": [n for n in names if n in met],
            "missed": [n for n in names if n not in met],
            "called": endpoint in MET or endpoint == "POST /v2/oauth/token/",  # called through its grants
        }
    return {"endpoints": endpoints, "met": 6, "documented": 41, "percent": 14.6}


class _Cells(HTMLParser):
    """The matrix: its endpoint columns and documented cells (endpoint, outcome, class, link)."""

    def __init__(self) -> None:
        super().__init__()
        self.columns: list[str] = []
        self.cells: list[tuple[str, str, str, str]] = []
        self.external: list[str] = []
        self._column_text: str | None = None
        self._row = ""
        self._col = 0
        self._cell_class = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("link", "script", "img", "iframe"):
            self.external.append(tag)
        if tag == "th" and values.get("scope") == "col" and values.get("class") == "ep":
            self._column_text = ""
        elif tag == "tr":
            self._row, self._col = values.get("data-outcome") or "", 0
        elif tag == "td":
            self._cell_class = values.get("class") or ""
            if self._cell_class == "none":
                self._col += 1
        elif tag == "a" and self._row:
            self.cells.append((self.columns[self._col], self._row, self._cell_class, values.get("href") or ""))
            self._col += 1

    def handle_data(self, data: str) -> None:
        if self._column_text is not None:
            self._column_text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "th" and self._column_text is not None:
            self.columns.append(self._column_text.rsplit(" ", 1)[0])
            self._column_text = None


def parse_matrix(page: str) -> _Cells:
    cells = _Cells()
    cells.feed(page)
    return cells


def check_reports(result: pytest.RunResult, pytester: pytest.Pytester) -> None:
    assert section(result) == REPORT.read_text().splitlines()
    assert json.loads((pytester.path / "coverage.json").read_text()) == expected_json()
    matrix = parse_matrix((pytester.path / "coverage.html").read_text())
    assert matrix.external == []  # self-contained: no script, stylesheet link or image
    assert matrix.columns == list(ENDPOINTS)
    met = sorted((e, o) for e, o, css, _ in matrix.cells if css == "met")
    assert met == sorted((e, o) for e, names in MET.items() for o in names)
    assert len(matrix.cells) == len(CATALOGUE)  # one linked cell per documented outcome
    docs = {(o.endpoint, o.name): o.doc for o in CATALOGUE}
    assert all(docs[(e, o)] == href for e, o, _, href in matrix.cells)
    missed = {css for e, _, css, _ in matrix.cells if (e in MET) and css != "met"}
    assert missed == {"missed"}


def test_the_reports_say_exactly_which_outcomes_the_suite_met(pytester: pytest.Pytester) -> None:
    result = run(
        pytester, "--tiktok-coverage", "--tiktok-coverage-json=coverage.json", "--tiktok-coverage-html=coverage.html"
    )
    result.assert_outcomes(passed=3)
    check_reports(result, pytester)
    result.stdout.fnmatch_lines(["JSON report written to coverage.json", "HTML report written to coverage.html"])


def test_xdist_workers_records_are_combined_by_the_controller(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        "-n",
        "2",
        "--dist=each",  # both workers run both tests: the union must still be counted once
        "--tiktok-coverage-json=coverage.json",
        "--tiktok-coverage-html=coverage.html",
    )
    assert result.ret == 0
    check_reports(result, pytester)
    split = run(pytester, "-n", "2", "--tiktok-coverage-json=coverage.json", "--tiktok-coverage-html=coverage.html")
    split.assert_outcomes(passed=3)  # the tests spread over both workers: only their union has every outcome
    check_reports(split, pytester)
    failing = run(pytester, "-n", "2", "--tiktok-coverage-fail-under=50")
    assert failing.ret == pytest.ExitCode.TESTS_FAILED  # the controller applies the threshold, once
    assert [line for line in failing.stdout.lines if line.startswith("FAIL")] == [
        "FAIL TikTok behaviour coverage 14.6% is under --tiktok-coverage-fail-under=50"
    ]


def test_counting_every_endpoint_of_the_catalogue(pytester: pytest.Pytester) -> None:
    result = run(pytester, "--tiktok-coverage-endpoints=all", "--tiktok-coverage-json=coverage.json")
    every = len(CATALOGUE)
    result.stdout.fnmatch_lines([f"6/{every} documented outcomes met ({100 * 6 / every:.0f}%) on all 20 endpoints"])
    report = json.loads((pytester.path / "coverage.json").read_text())
    assert (report["met"], report["documented"], report["percent"]) == (6, every, round(100 * 6 / every, 1))
    assert report["endpoints"] == expected_json()["endpoints"]  # the lists do not change
    pytester.makeini("[pytest]\ntiktok_coverage_endpoints = all\n")
    assert run(pytester, "--tiktok-coverage-fail-under=10").ret == pytest.ExitCode.TESTS_FAILED  # 2.7% of all
    assert run(pytester, "--tiktok-coverage-fail-under=10", "--tiktok-coverage-endpoints=called").ret == 0


def test_a_suite_that_called_the_token_endpoint_is_not_told_it_never_called_it() -> None:
    met = {("POST /v2/oauth/token/ (client_credentials)", "ok")}
    lines = report.terminal_lines(met)
    never = " ".join(line for line in lines if not line.startswith("  POST /v2/oauth/token/ "))
    assert "POST /v2/oauth/token/," not in never  # the grant-less row is not listed as never called
    assert ["POST", "/v2/oauth/token/", "0/2", "0%"] in [line.split() for line in lines]  # its errors count as missed
    assert lines[0] == "1/7 documented outcomes met (14%) on the 2 endpoints called"
    token = report.as_json(met)["endpoints"]["POST /v2/oauth/token/"]
    assert token == {"met": [], "missed": ["unsupported_grant_type", "invalid_request"], "called": True}
    assert not report.as_json(set())["endpoints"]["POST /v2/oauth/token/"]["called"]


def test_the_ini_twin_turns_coverage_on(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\ntiktok_coverage = on\ntiktok_coverage_json = out/coverage.json\n")
    result = run(pytester)
    result.stdout.fnmatch_lines(["6/41 documented outcomes met (15%) on the 5 endpoints called"])
    assert json.loads((pytester.path / "out" / "coverage.json").read_text())["met"] == 6


def test_off_by_default_nothing_is_recorded(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        """
        import pytest
        from pytest_tiktok_sandbox.outcomes import current

        @pytest.fixture(autouse=True)
        def _off(request, tiktok_api):
            assert current() is None and tiktok_api.api.outcomes is None
            assert not request.config.pluginmanager.has_plugin("tiktok-sandbox-coverage")
        """
    )
    before = current()  # an outer session's, when this suite runs with --tiktok-coverage
    result = run(pytester)
    result.assert_outcomes(passed=3)
    assert "TikTok behaviour coverage" not in result.stdout.str()
    assert current() is before


def test_an_inner_session_without_coverage_does_not_record_into_an_outer_one(pytester: pytest.Pytester) -> None:
    outer = OutcomeRecorder()
    previous = install(outer)  # as an outer --tiktok-coverage session would
    try:
        run(pytester).assert_outcomes(passed=3)
        assert outer.met == frozenset()
        assert current() is outer
    finally:
        install(previous)


def test_fail_under_fails_a_green_session_like_cov_fail_under(pytester: pytest.Pytester) -> None:
    failing = run(pytester, "--tiktok-coverage-fail-under=50")
    failing.assert_outcomes(passed=3)
    assert failing.ret == pytest.ExitCode.TESTS_FAILED
    failing.stdout.fnmatch_lines(["FAIL TikTok behaviour coverage 14.6% is under --tiktok-coverage-fail-under=50"])
    passing = run(pytester, "--tiktok-coverage-fail-under=14")
    assert passing.ret == pytest.ExitCode.OK
    assert "FAIL" not in passing.stdout.str()


def test_must_meet_outcomes_named_in_ini(pytester: pytest.Pytester) -> None:
    pytester.makeini(INI.read_text())  # the docs' ini: 14% is met, refresh_token_reused is not
    result = run(pytester)
    result.assert_outcomes(passed=3)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    assert [line for line in result.stdout.lines if line.startswith("FAIL")] == [
        "FAIL the must-meet outcome 'refresh_token_reused' was never met"
    ]
    assert json.loads((pytester.path / "reports" / "tiktok-coverage.json").read_text()) == expected_json()
    assert (pytester.path / "reports" / "tiktok-coverage.html").exists()
    pytester.makeini(INI.read_text().replace("refresh_token_reused", "POST /v2/oauth/token/ (refresh_token) ok"))
    assert run(pytester).ret == pytest.ExitCode.OK
    pytester.makeini("[pytest]\n")
    cli = run(pytester, "--tiktok-coverage-must-meet=ok", "--tiktok-coverage-must-meet", "code_expired")
    assert [line for line in cli.stdout.lines if line.startswith("FAIL")] == [
        "FAIL the must-meet outcome 'code_expired' was never met"
    ]


def test_a_report_that_cannot_be_written_fails_the_session_and_says_why(pytester: pytest.Pytester) -> None:
    (pytester.path / "taken").write_text("a file, not a folder")
    result = run(pytester, "--tiktok-coverage-json=taken/coverage.json", "--tiktok-coverage-html=coverage.html")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(
        ["FAIL the TikTok behaviour coverage report could not be written to taken/coverage.json: *"]
    )
    assert "JSON report written" not in result.stdout.str()
    result.stdout.fnmatch_lines(["HTML report written to coverage.html"])


def test_a_report_path_that_exists_but_was_not_written_is_not_said_written(pytester: pytest.Pytester) -> None:
    (pytester.path / "reports").mkdir()  # exists, yet no report can be written there
    result = run(pytester, "--tiktok-coverage-html=reports", "--tiktok-coverage-json=coverage.json")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["FAIL the TikTok behaviour coverage report could not be written to reports: *"])
    assert "HTML report written" not in result.stdout.str()
    result.stdout.fnmatch_lines(["JSON report written to coverage.json"])


@pytest.mark.parametrize(
    ("args", "ini", "message"),
    [
        (["--tiktok-coverage-fail-under=lots"], "", "is a percentage (0 to 100), got 'lots'"),
        (["--tiktok-coverage-fail-under=101"], "", "is a percentage (0 to 100), got '101'"),
        ([], "tiktok_coverage = maybe", "expected on/off (or true/false), got 'maybe'"),
        (["--tiktok-coverage-endpoints=some"], "", "is 'called' or 'all', got 'some'"),
        ([], "tiktok_coverage_must_meet = access_token_expird", "no documented TikTok outcome is named"),
        ([], "tiktok_coverage_must_meet = GET /v2/user/info/ has_more", "'GET /v2/user/info/' has no documented"),
    ],
)
def test_bad_coverage_options_are_usage_errors(
    pytester: pytest.Pytester, args: list[str], ini: str, message: str
) -> None:
    pytester.makeini(f"[pytest]\n{ini}\n")
    result = run(pytester, *args)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"*pytest-tiktok-sandbox: *{message}*"])
