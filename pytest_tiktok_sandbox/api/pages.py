"""The HTML pages the fake API itself answers on TikTok's authorize page (``templates/``):
TikTok's "We couldn't log in with TikTok" error page, and the in-process mock's page asking
the test to log a user in. Plain templates filled with escaped values (``string.Template``,
read once): the API layer needs no template engine, and the live server's styled pages
(``web/``) build on the same error page."""

from __future__ import annotations

from functools import cache
from html import escape
from importlib.resources import files
from string import Template

from ..portal.errors import AuthorizationRefused


@cache
def _template(name: str) -> Template:
    return Template(files(__package__ or "").joinpath("templates", name).read_text(encoding="utf-8"))


def authorize_error_page(refusal: AuthorizationRefused, *, extra: str = "") -> str:
    """TikTok's error page for ``refusal``: its ``error_type`` is what a developer corrects
    (``client_key``, ``redirect_uri``, ``scope``…). ``extra``: markup (already escaped)
    appended to the page's body, such as the live page's "Log in with another account"."""
    return _template("authorize_error.html").substitute(
        error=escape(refusal.error),
        error_type=escape(refusal.error_type),
        detail=escape(refusal.detail),
        extra=extra,
    )


def login_needed_page(app_name: str) -> str:
    """The in-process authorize page when no account is logged in in the test's browser."""
    return _template("login_needed.html").substitute(name=escape(app_name))


def bad_request_page(message: str) -> str:
    """The authorize page's answer to a request it cannot read (a broken body)."""
    return _template("bad_request.html").substitute(message=escape(message))
