"""The Jinja2 environment of the live server's pages (built once, on first use)."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape


@cache
def environment() -> Environment:
    """Autoescaping HTML templates from ``web/templates``; an undefined name is an error."""
    return Environment(
        loader=PackageLoader("pytest_tiktok_sandbox.web", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(template: str, **context: object) -> str:
    return environment().get_template(template).render(**context)


@cache
def stylesheet() -> bytes:
    """The pages' one stylesheet."""
    return files("pytest_tiktok_sandbox.web").joinpath("static/portal.css").read_bytes()
