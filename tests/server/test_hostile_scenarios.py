"""Hostile scenario files: alias loops and "billion laughs", deep nesting, huge files, duplicate
keys and values of the wrong type. Each is refused quickly with a ScenarioError naming the file
and line (the CLI exits 2), never a RecursionError, a hang or gigabytes of memory."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pytest_tiktok_sandbox.scenario import (
    MAX_SCENARIO_BYTES,
    MAX_SCENARIO_DEPTH,
    MAX_SCENARIO_VALUES,
    ScenarioError,
    limits as scenario_limits,
    load_scenario,
    parse_scenario,
)


def laughs(levels: int, width: int = 9) -> str:
    """A "billion laughs" YAML: each level an anchor repeating the one before ``width`` times."""
    lines = [f"l0: &l0 [{','.join(['lol'] * width)}]"]
    for n in range(1, levels + 1):
        lines.append(f"l{n}: &l{n} [{','.join([f'*l{n - 1}'] * width)}]")
    lines.append(f"apps: *l{levels}")
    return "\n".join(lines) + "\n"


def refused(text: str, kind: str = "yaml") -> ScenarioError:
    started = time.perf_counter()
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text, kind, source="hostile." + kind)  # type: ignore[arg-type]
    assert time.perf_counter() - started < 2.0, "refusing it took too long"
    return caught.value


def only_issue(error: ScenarioError) -> tuple[int | None, str]:
    (issue,) = error.issues
    assert error.source.startswith("hostile.")
    return issue.line, issue.message


# -- aliases ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "line"),
    [
        pytest.param("apps: &a [*a]\n", 1, id="list-contains-itself"),
        pytest.param("seed: 1\napps: &a\n  - name: x\n    sandboxes: *a\n", 4, id="nested-loop"),
        pytest.param("apps:\n  - &m {name: x, sandboxes: [*m]}\n", 2, id="mapping-loop"),
    ],
)
def test_an_alias_loop_is_refused(text: str, line: int) -> None:
    where, message = only_issue(refused(text))
    assert where == line and "refers to a value that contains it" in message


@pytest.mark.parametrize("levels", [6, 9])
def test_a_billion_laughs_file_is_refused_quickly(levels: int) -> None:
    text = laughs(levels)
    assert len(text.encode()) < 500
    where, message = only_issue(refused(text))
    assert f"more than {MAX_SCENARIO_VALUES} values, aliases expanded" in message
    assert where is not None


def test_aliases_within_the_bound_still_work() -> None:
    text = "apps:\n  - name: A\n    sandboxes: &dev [{name: dev, target_users: 2}]\n  - name: B\n    sandboxes: *dev\n"
    scenario = parse_scenario(text)
    assert [(a.name, a.sandboxes[0].name, a.sandboxes[0].target_users) for a in scenario.apps] == [
        ("A", "dev", 2),
        ("B", "dev", 2),
    ]


def test_a_merge_key_overridden_is_not_a_duplicate() -> None:
    text = "apps:\n  - &base {name: A}\n  - <<: *base\n    name: B\n"
    assert [a.name for a in parse_scenario(text).apps] == ["A", "B"]


# -- depth ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["json", "yaml"])
@pytest.mark.parametrize("levels", [MAX_SCENARIO_DEPTH + 1, 20_000])
def test_deep_nesting_is_refused(kind: str, levels: int) -> None:
    text = '{"apps": ' + "[" * levels + "]" * levels + "}"
    where, message = only_issue(refused(text, kind))
    assert where == 1 and f"nested deeper than {MAX_SCENARIO_DEPTH} levels" in message


def test_deep_nesting_on_its_own_lines_names_the_line() -> None:
    text = "apps:\n" + "".join("  " * n + "-\n" for n in range(1, MAX_SCENARIO_DEPTH + 5))
    where, message = only_issue(refused(text))
    assert where == MAX_SCENARIO_DEPTH + 1 and "nested deeper" in message


def test_aliases_cannot_nest_deeper_than_the_bound() -> None:
    lines = ["a0: &a0 [x]"] + [f"a{n}: &a{n} [*a{n - 1}]" for n in range(1, 3 * MAX_SCENARIO_DEPTH)]
    where, message = only_issue(refused("\n".join(lines) + "\n"))
    assert "nested deeper" in message and where is not None


# -- size -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_a_file_larger_than_the_bound_is_refused_before_parsing(tmp_path: Path, suffix: str) -> None:
    big = tmp_path / f"big{suffix}"
    big.write_text('{"seed": 1, "developer": "' + "x" * MAX_SCENARIO_BYTES + '"}')
    with pytest.raises(ScenarioError, match=f"larger than {MAX_SCENARIO_BYTES} bytes") as caught:
        load_scenario(big)
    assert caught.value.source == str(big)


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="named pipes are POSIX")
def test_a_fifo_or_a_device_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    """Opening a FIFO for reading blocks until a writer comes: ``tiktok-sandbox serve
    --scenario`` (or a marker) given one hung forever. It is refused as no regular file."""
    import os
    import threading

    fifo = tmp_path / "scenario.yaml"
    os.mkfifo(fifo)
    outcome: list[BaseException] = []
    reader = threading.Thread(target=lambda: outcome.append(_refusal(fifo)), daemon=True)
    reader.start()
    reader.join(timeout=10)
    if reader.is_alive():  # unblock the reader before failing, or the test run hangs
        with open(fifo, "wb"):
            pass
        pytest.fail("load_scenario waited for a writer of the FIFO")
    assert isinstance(outcome[0], ScenarioError) and "not a regular file" in str(outcome[0])
    assert "not a regular file" in str(_refusal(Path("/dev/zero")))
    assert "not a regular file" in str(_refusal(tmp_path))


def _refusal(path: Path) -> BaseException:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    return caught.value


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        pytest.param("yaml", "apps: [" + "a," * (MAX_SCENARIO_BYTES // 2 - 10) + "]", id="yaml-many-scalars"),
        pytest.param("yaml", "".join(f"a{i}: &a{i} x\n" for i in range(6000))[:MAX_SCENARIO_BYTES], id="yaml-anchors"),
        pytest.param("json", '"' + '\\"' * (MAX_SCENARIO_BYTES // 2 - 1), id="json-escaped-quotes"),
        pytest.param("json", '{"a":' * (MAX_SCENARIO_BYTES // 5), id="json-open-objects"),
    ],
)
def test_the_largest_hostile_files_are_answered_within_seconds(kind: str, text: str) -> None:
    assert len(text) <= MAX_SCENARIO_BYTES
    started = time.perf_counter()
    with pytest.raises(ScenarioError):
        parse_scenario(text, kind)  # type: ignore[arg-type]
    assert time.perf_counter() - started < 10.0


def test_many_values_in_json_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scenario_limits, "MAX_SCENARIO_VALUES", 100)  # 64 KiB of JSON cannot hold 50 001
    text = json.dumps({"apps": [{"url_properties": ["x"] * 100}]})
    _, message = only_issue(refused(text, "json"))
    assert "more than 100 values" in message


def test_thousands_of_type_errors_are_listed_briefly() -> None:
    error = refused(json.dumps({"apps": [1] * 5000}), "json")
    assert len(error.issues) <= 21 and "and 4980 more" in str(error)


# -- duplicates and types ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "kind", "line", "first"),
    [
        pytest.param("seed: 1\nseed: 2\n", "yaml", 2, 1, id="yaml-top-level"),
        pytest.param(
            "apps:\n  - name: A\n    sandboxes:\n      - name: x\n        name: y\n", "yaml", 5, 4, id="yaml-deep"
        ),
        pytest.param('{"seed": 1,\n "seed": 2}', "json", 2, 1, id="json-top-level"),
        pytest.param('{"apps": [{"name": "A",\n\n "n\\u0061me": "B"}]}', "json", 3, 1, id="json-escaped-key"),
    ],
)
def test_a_duplicate_key_is_refused(text: str, kind: str, line: int, first: int) -> None:
    where, message = only_issue(refused(text, kind))
    assert where == line and f"duplicate key (first on line {first})" in message


def test_the_same_key_in_two_mappings_is_fine() -> None:
    assert len(parse_scenario('{"apps": [{"name": "A"}, {"name": "B"}]}', "json").apps) == 2


@pytest.mark.parametrize(
    ("value", "got"),
    [("true", "True"), ("1.0", "1.0"), ('"7"', "'7'"), ("[1]", "[1]")],
)
@pytest.mark.parametrize("kind", ["yaml", "json"])
def test_a_seed_is_an_integer(value: str, got: str, kind: str) -> None:
    text = f'{{"seed": {value}}}'
    where, message = only_issue(refused(text, kind))
    assert where == 1 and got in message and "integer" in message


@pytest.mark.parametrize(
    ("kind", "text", "line"),
    [
        pytest.param("yaml", "seed: 1\napps:\n  - name: " + "9" * 5000 + "\n", 3, id="yaml-5000-digits"),
        pytest.param("yaml", "seed: 0x" + "f" * 5000 + "\n", 1, id="yaml-hex-digits"),
        pytest.param("json", '{\n"seed": ' + "9" * 5000 + "}", 2, id="json-5000-digits"),
    ],
)
def test_an_integer_too_long_to_read_is_refused(kind: str, text: str, line: int) -> None:
    where, message = only_issue(refused(text, kind))  # before: Python's own ValueError, a traceback
    assert where == line and message == "an integer of more than 40 digits"


@pytest.mark.parametrize("seed", [2**64, -(2**64)])
def test_a_seed_beyond_64_bits_is_refused(seed: int) -> None:
    where, message = only_issue(refused(f"seed: {seed}\n"))
    assert where == 1 and "18446744073709551615" in message


@pytest.mark.parametrize("value", ['"yes"', "1", '"true"'])
def test_a_flag_is_a_boolean(value: str) -> None:
    error = refused(f'{{"apps": [{{"sandboxes": [{{"direct_post": {value}}}]}}]}}', "json")
    (issue,) = error.issues
    assert issue.field == "apps[0].sandboxes[0].direct_post" and "boolean" in issue.message


# -- through the CLI and the marker -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        pytest.param("loop.yaml", "apps: &a [*a]\n", "line 1: apps[0]: the alias *a refers", id="alias-loop"),
        pytest.param("laughs.yaml", laughs(9), "values, aliases expanded", id="billion-laughs"),
        pytest.param("deep.json", '{"apps":' + "[" * 20_000 + "]" * 20_000 + "}", "nested deeper", id="deep-json"),
        pytest.param("dup.yaml", "seed: 1\nseed: 2\n", "line 2: seed: duplicate key", id="duplicate"),
        pytest.param("seed.yaml", "seed: true\n", "line 1: seed: ", id="bool-seed"),
    ],
)
def test_the_cli_exits_2_naming_the_file_and_line(tmp_path: Path, name: str, text: str, expected: str) -> None:
    path = tmp_path / name
    path.write_text(text)
    result = subprocess.run(
        [sys.executable, "-m", "pytest_tiktok_sandbox.cli", "serve", "--scenario", str(path), "--port", "0"],
        capture_output=True,
        text=True,
        timeout=30,  # before the fix, the billion laughs hung here
    )
    assert result.returncode == 2, result.stderr[-2000:]
    assert f"tiktok-sandbox: invalid TikTok scenario: {path}, " in result.stderr
    assert expected in result.stderr and "Traceback" not in result.stderr and "RecursionError" not in result.stderr
    assert result.stdout == ""


def test_the_marker_fails_the_test_naming_the_file_and_line(pytester: pytest.Pytester) -> None:
    pytester.makefile(".json", deep='{"apps":' + "[" * 20_000 + "]" * 20_000 + "}")
    pytester.makefile(".yaml", loop="seed: 1\napps: &a [*a]\n")
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.tiktok_scenario("deep.json")
        def test_deep(tiktok_scenario):
            pass

        @pytest.mark.tiktok_scenario("loop.yaml")
        def test_loop(tiktok_scenario):
            pass
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(errors=2)
    result.stdout.fnmatch_lines(["*deep.json, line 1: apps: nested deeper than*"])
    result.stdout.fnmatch_lines(["*loop.yaml, line 2: apps[[]0[]]: the alias [*]a refers to a value that contains it*"])
    result.stdout.no_fnmatch_line("*RecursionError*")
