"""The coverage reports: a compact terminal section, JSON for CI and one self-contained HTML page.

Percentages count the endpoints a suite called: an endpoint it never called (a Display API
app never posts) is listed as never called, not counted as missed outcomes.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterable, Set
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from .catalogue import BY_ENDPOINT, CATALOGUE, ENDPOINTS, TOKEN, TOKEN_GRANTS, Outcome

Met = Set[tuple[str, str]]
WIDTH = 100
"""Terminal lines are wrapped at this width."""


@dataclass(frozen=True)
class EndpointCoverage:
    endpoint: str
    met: tuple[str, ...]
    """Catalogued outcomes met, in catalogue order."""
    missed: tuple[str, ...]
    called: bool

    @property
    def documented(self) -> int:
        return len(self.met) + len(self.missed)


def _called(met: Met) -> set[str]:
    """The endpoints called: the token endpoint's grant-less row too once one of its grants was
    (the suite did call ``/v2/oauth/token/``: it is not "never called")."""
    called = {endpoint for endpoint, _ in met}
    if called & set(TOKEN_GRANTS.values()):
        called.add(TOKEN)
    return called


def endpoints(met: Met) -> list[EndpointCoverage]:
    """Every catalogued endpoint with what was met and missed."""
    called = _called(met)
    rows = []
    for endpoint in ENDPOINTS:
        names = BY_ENDPOINT[endpoint]
        rows.append(
            EndpointCoverage(
                endpoint,
                tuple(n for n in names if (endpoint, n) in met),
                tuple(n for n in names if (endpoint, n) not in met),
                endpoint in called,
            )
        )
    return rows


def totals(met: Met, every: bool = False) -> tuple[int, int]:
    """(outcomes met, outcomes documented) over the endpoints the suite called (``every``:
    over every endpoint of the catalogue)."""
    counted = [e for e in endpoints(met) if e.called or every]
    return sum(len(e.met) for e in counted), sum(e.documented for e in counted)


def _scope(met: Met, every: bool) -> str:
    if every:
        return f"on all {len(ENDPOINTS)} endpoints"
    return f"on the {len(_called(met) & set(ENDPOINTS))} endpoints called"


def percent(met: Met, every: bool = False) -> float:
    done, documented = totals(met, every)
    return 100.0 * done / documented if documented else 0.0


def missed_advice(met: Met) -> list[str]:
    """One line per piece of advice never followed, naming the called endpoints it concerns."""
    called = _called(met)
    grouped: dict[str, list[str]] = {}
    for outcome in CATALOGUE:
        if outcome.advice and outcome.endpoint in called and (outcome.endpoint, outcome.name) not in met:
            grouped.setdefault(outcome.advice, []).append(_unbroken(outcome.endpoint))
    return [f"{advice} ({', '.join(where)})" for advice, where in grouped.items()]


def terminal_lines(met: Met, every: bool = False) -> list[str]:
    rows = endpoints(met)
    called = [e for e in rows if e.called]
    done, documented = totals(met, every)
    if not called:
        return ["no TikTok endpoint was called: nothing to report"]
    width = max(len(e.endpoint) for e in called)
    lines = [f"{done}/{documented} documented outcomes met ({percent(met, every):.0f}%) {_scope(met, every)}"]
    for e in called:
        lines.append(
            f"  {e.endpoint:<{width}}  {len(e.met):>2}/{e.documented:<2} {100 * len(e.met) / e.documented:3.0f}%"
        )
    never = [e.endpoint for e in rows if not e.called]
    if never:
        lines.extend(_wrap(f"never called ({len(never)}): {', '.join(map(_unbroken, never))}", "", "  "))
    advice = missed_advice(met)
    if advice:
        lines.append("never met:")
        for line in advice:
            lines.extend(_wrap(line, "  - ", "    "))
    return lines


def _wrap(text: str, first: str, rest: str) -> list[str]:
    """``text`` wrapped at WIDTH, never inside an endpoint's name (its spaces are ``_KEEP``)."""
    lines = textwrap.wrap(
        text, WIDTH, initial_indent=first, subsequent_indent=rest, break_long_words=False, break_on_hyphens=False
    )
    return [line.replace(_KEEP, " ") for line in lines]


_KEEP = "\x1f"


def _unbroken(endpoint: str) -> str:
    return endpoint.replace(" ", _KEEP)


def as_json(met: Met, every: bool = False) -> dict[str, Any]:
    done, documented = totals(met, every)
    return {
        "endpoints": {
            e.endpoint: {"met": list(e.met), "missed": list(e.missed), "called": e.called} for e in endpoints(met)
        },
        "met": done,
        "documented": documented,
        "percent": round(percent(met, every), 1),
    }


def write_json(met: Met, path: Path, every: bool = False) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(as_json(met, every), indent=2) + "\n", encoding="utf-8")


def shortfall(met: Met, fail_under: float | None, must_meet: Iterable[str], every: bool = False) -> list[str]:
    """Why the session fails: below ``fail_under`` percent, or a must-meet outcome never met
    (``"name"`` on any endpoint, or ``"ENDPOINT name"``)."""
    problems = []
    if fail_under is not None and percent(met, every) < fail_under:
        problems.append(
            f"TikTok behaviour coverage {percent(met, every):.1f}% is under --tiktok-coverage-fail-under={fail_under:g}"
        )
    for wanted in must_meet:
        endpoint, name = split_must_meet(wanted)
        if not any((e == endpoint or endpoint is None) and n == name for e, n in met):
            problems.append(f"the must-meet outcome {wanted!r} was never met")
    return problems


def split_must_meet(entry: str) -> tuple[str | None, str]:
    """``"GET /v2/user/info/ access_token_expired"`` -> (endpoint, name); ``"name"`` -> (None, name).
    ValueError if the catalogue has no such outcome."""
    entry = entry.strip()
    endpoint, _, name = entry.rpartition(" ")
    if not endpoint:
        if not any(o.name == name for o in CATALOGUE):
            raise ValueError(f"no documented TikTok outcome is named {name!r}")
        return None, name
    if endpoint not in BY_ENDPOINT or name not in BY_ENDPOINT[endpoint]:
        raise ValueError(f"{endpoint!r} has no documented outcome {name!r}")
    return endpoint, name


# -- HTML -----------------------------------------------------------------------------------------
_CSS = """
body{font:13px/1.35 system-ui,-apple-system,"Segoe UI",sans-serif;margin:16px;color:#161823;background:#fff}
h1{font-size:18px;margin:0 0 4px}p{margin:4px 0 12px}
table{border-collapse:collapse}th,td{border:1px solid #d0d0d6;padding:0}
thead th{vertical-align:bottom;background:#f4f4f6;font-weight:600}
thead th.ep{writing-mode:vertical-rl;transform:rotate(180deg);padding:6px 3px;white-space:nowrap;font-size:12px}
thead th.ep small{font-weight:400;color:#555}
tbody th{text-align:left;padding:2px 8px;font-weight:500;white-space:nowrap;background:#fafafb}
tbody th span{color:#777;font-weight:400;font-size:11px;margin-left:6px}
td{width:22px;height:20px;text-align:center}
td a{display:block;text-decoration:none;line-height:20px;color:inherit}
td.met{background:#25c16f;color:#fff}td.missed{background:#fde2e5;color:#c0142c}td.none{background:#f4f4f6}
td.uncalled{background:#fff}
.legend span{display:inline-block;padding:1px 8px;margin-right:8px;border:1px solid #d0d0d6}
"""


def as_html(met: Met, every: bool = False) -> str:
    """One self-contained page (inline CSS, no script, no external asset): outcome rows by
    endpoint columns, each documented cell linking TikTok's page."""
    rows = endpoints(met)
    done, documented = totals(met, every)
    names: dict[str, Outcome] = {}
    for outcome in CATALOGUE:
        names.setdefault(outcome.name, outcome)
    head = "".join(
        f'<th class="ep" scope="col">{escape(e.endpoint)} <small>{len(e.met)}/{e.documented}</small></th>' for e in rows
    )
    body = []
    for name, first in names.items():
        cells = []
        for e in rows:
            found = BY_ENDPOINT[e.endpoint].get(name)
            if found is None:
                cells.append('<td class="none"></td>')
                continue
            outcome, hit = found, (e.endpoint, name) in met
            css = "met" if hit else ("missed" if e.called else "uncalled")
            status = f"HTTP {outcome.status}, " if outcome.status else ""
            tip = f"{e.endpoint}: {name} ({status}{outcome.kind}) {'met' if hit else 'never met'}"
            if outcome.advice and not hit:
                tip += f" - {outcome.advice}"
            mark = "&#10003;" if hit else "&#183;"
            cells.append(f'<td class="{css}"><a href="{escape(outcome.doc)}" title="{escape(tip)}">{mark}</a></td>')
        label = f'<th scope="row">{escape(name)}<span>{first.kind}</span></th>'
        body.append(f'<tr data-outcome="{escape(name)}">{label}{"".join(cells)}</tr>')
    pct = f"{percent(met, every):.0f}%"
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        "<title>TikTok behaviour coverage</title>"
        f"<style>{_CSS}</style></head><body>"
        "<h1>TikTok behaviour coverage</h1>"
        f"<p>{done} of {documented} documented outcomes met ({pct}) {_scope(met, every)}. "
        "Each cell links the TikTok page that documents the outcome.</p>"
        '<p class="legend"><span class="met" style="background:#25c16f;color:#fff">&#10003; met</span>'
        '<span style="background:#fde2e5">&#183; never met</span>'
        "<span>&#183; endpoint never called</span>"
        '<span style="background:#f4f4f6">not documented for the endpoint</span></p>'
        f'<table id="matrix"><thead><tr><th scope="col">outcome</th>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></body></html>\n"
    )


def write_html(met: Met, path: Path, every: bool = False) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(as_html(met, every), encoding="utf-8")
