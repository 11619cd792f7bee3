"""The pytest side of TikTok behaviour coverage: ``--tiktok-coverage`` and its reports.

With the options off nothing is registered or recorded. With them on, one
:class:`~pytest_tiktok_sandbox.outcomes.OutcomeRecorder` per process records what every fake
API answers; xdist workers hand theirs to the controller (``workeroutput``), which prints the
terminal section, writes the JSON and HTML reports and applies the fail-under.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from .outcomes import OutcomeRecorder

WORKER_KEY = "tiktok_coverage"


def add_options(parser: pytest.Parser) -> None:
    group = parser.getgroup("tiktok-sandbox")
    group.addoption(
        "--tiktok-coverage",
        dest="tiktok_coverage",
        action="store_const",
        const="on",
        default=None,
        help="Report which of TikTok's documented outcomes (errors, expiries, statuses) the suite met.",
    )
    parser.addini("tiktok_coverage", help="Report TikTok behaviour coverage (on/off, default off).", default="off")
    entries = [
        (
            "endpoints",
            "called|all",
            "What the coverage percentage counts: the outcomes of the endpoints the suite called (default), or all.",
        ),
        ("json", "PATH", "Write the TikTok behaviour coverage report as JSON to PATH (turns coverage on)."),
        ("html", "PATH", "Write the TikTok behaviour coverage matrix as one HTML page to PATH (turns coverage on)."),
        (
            "fail-under",
            "PERCENT",
            "Fail the session if fewer than PERCENT of the documented outcomes of the endpoints called were met.",
        ),
    ]
    for name, metavar, help_text in entries:
        dest = "tiktok_coverage_" + name.replace("-", "_")
        group.addoption(f"--tiktok-coverage-{name}", dest=dest, metavar=metavar, default=None, help=help_text)
        parser.addini(dest, help=help_text, default="called" if name == "endpoints" else "")
    must_meet = (
        "A TikTok outcome the suite must meet, else the session fails: 'name' (on any endpoint) or 'ENDPOINT name' "
        "(e.g. 'GET /v2/user/info/ access_token_expired'); repeat the option, or one a line in ini (turns coverage on)."
    )
    group.addoption(
        "--tiktok-coverage-must-meet",
        dest="tiktok_coverage_must_meet",
        metavar="OUTCOME",
        action="append",
        help=must_meet,
    )
    parser.addini("tiktok_coverage_must_meet", type="linelist", default=[], help=must_meet)


@dataclass(frozen=True)
class CoverageOptions:
    json: Path | None = None
    html: Path | None = None
    fail_under: float | None = None
    must_meet: tuple[str, ...] = ()
    every: bool = False
    """Count every endpoint of the catalogue (``--tiktok-coverage-endpoints=all``)."""


def read_options(config: pytest.Config) -> CoverageOptions | None:
    """The coverage options, or None when coverage is off. UsageError for a bad value."""
    from .options import parse_bool

    def value(name: str) -> Any:
        given = config.getoption(name)
        return given if given is not None else config.getini(name)

    try:
        switched = parse_bool(value("tiktok_coverage") or "off")
        json_path, html_path = value("tiktok_coverage_json"), value("tiktok_coverage_html")
        fail_under = _percent(value("tiktok_coverage_fail_under"))
        every = _every(value("tiktok_coverage_endpoints"))
        must_meet = tuple(line for line in value("tiktok_coverage_must_meet") if line.strip())
        if must_meet:  # the catalogue is imported only when a name needs checking
            from .outcomes.report import split_must_meet

            for line in must_meet:
                split_must_meet(line)
    except ValueError as error:
        raise pytest.UsageError(f"pytest-tiktok-sandbox: {error}") from None
    if not (switched or json_path or html_path or fail_under is not None or must_meet):
        return None
    return CoverageOptions(
        Path(json_path) if json_path else None, Path(html_path) if html_path else None, fail_under, must_meet, every
    )


def _every(raw: str | None) -> bool:
    value = (raw or "called").strip().lower()
    if value not in ("called", "all"):
        raise ValueError(f"--tiktok-coverage-endpoints is 'called' or 'all', got {raw!r}")
    return value == "all"


def _percent(raw: str | None) -> float | None:
    if raw is None or not str(raw).strip():
        return None
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"--tiktok-coverage-fail-under is a percentage (0 to 100), got {raw!r}") from None
    if not 0 <= value <= 100:
        raise ValueError(f"--tiktok-coverage-fail-under is a percentage (0 to 100), got {raw!r}")
    return value


def configure(config: pytest.Config) -> None:
    """Install a recorder and register the reporting hooks, if coverage is on."""
    options = read_options(config)
    if options is None:
        recorder_module = sys.modules.get("pytest_tiktok_sandbox.outcomes.recorder")
        if recorder_module is not None and recorder_module.current() is not None:
            # An outer session records (pytester runs in-process): this one must not.
            previous = recorder_module.install(None)
            config.add_cleanup(lambda: recorder_module.install(previous))
        return
    from .outcomes import OutcomeRecorder, install

    recorder = OutcomeRecorder()
    reporter = CoverageReporter(config, options, recorder)
    reporter.previous = install(recorder)
    config.pluginmanager.register(reporter, "tiktok-sandbox-coverage")


class CoverageReporter:
    def __init__(self, config: pytest.Config, options: CoverageOptions, recorder: OutcomeRecorder) -> None:
        self.config = config
        self.options = options
        self.recorder = recorder
        self.problems: list[str] = []
        self.written: list[tuple[str, Path]] = []
        """The reports this session wrote: (kind, path)."""
        self.worker = hasattr(config, "workerinput")
        self.previous: OutcomeRecorder | None = None
        """The recorder installed before this session's (an outer pytester run's), put back at the end."""

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: Any) -> None:
        """An xdist worker finished: add what it met."""
        self.recorder.merge(getattr(node, "workeroutput", {}).get(WORKER_KEY, []))

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if self.worker:
            self.config.workeroutput[WORKER_KEY] = self.recorder.export()  # type: ignore[attr-defined]
            return
        from .outcomes.report import shortfall

        every = self.options.every
        self.problems = []
        self.written = []
        for kind, path, write in (
            ("JSON", self.options.json, self.recorder.write_json),
            ("HTML", self.options.html, self.recorder.write_html),
        ):
            if path is not None:
                try:
                    write(path, every=every)
                except OSError as error:
                    self.problems.append(
                        f"the TikTok behaviour coverage report could not be written to {path}: {error}"
                    )
                else:
                    self.written.append((kind, path))
        self.problems += shortfall(self.recorder.met, self.options.fail_under, self.options.must_meet, every)
        if self.problems and session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if self.worker:
            return
        from .outcomes.report import terminal_lines

        terminalreporter.write_sep("-", "TikTok behaviour coverage")
        for line in terminal_lines(self.recorder.met, self.options.every):
            terminalreporter.write_line(line)
        for kind, path in self.written:  # not path.exists(): a folder or a stale file exists too
            terminalreporter.write_line(f"{kind} report written to {path}")
        for problem in self.problems:
            terminalreporter.write_line(f"FAIL {problem}", red=True, bold=True)

    def pytest_unconfigure(self) -> None:
        from .outcomes import install

        install(self.previous)
