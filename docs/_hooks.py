"""mkdocs hooks (mkdocs.yml, ``hooks:``): the docstrings' Sphinx roles read as plain code.

The package's docstrings cross-reference with Sphinx roles (``:class:`Portal```), which
mkdocstrings would show as ``:class:Portal``; the API reference shows ``Portal``, and
``~pytest_tiktok_sandbox.mock.TikTokMock`` as ``TikTokMock``.
"""

from __future__ import annotations

import re
from typing import Any

_ROLE = re.compile(r":(?:class|meth|func|attr|mod|exc|data|obj):<code>(~?)([^<]+)</code>")


def _plain(match: re.Match[str]) -> str:
    short, target = match.groups()
    return f"<code>{target.rsplit('.', 1)[-1] if short else target}</code>"


def on_page_content(html: str, **_: Any) -> str:
    return _ROLE.sub(_plain, html) if ":<code>" in html else html
