"""Renamed: the sandbox spec lives in :mod:`pytest_tiktok_sandbox.spec`, the set-up and
:class:`TikTokSandbox` in :mod:`pytest_tiktok_sandbox.sandbox_setup`. This module keeps the
old import path working."""

from __future__ import annotations

from .sandbox_setup import TikTokSandbox, create_default_app, populate_sandbox
from .spec import (
    DEFAULT_APP_NAME,
    DEFAULT_DEVELOPER_EMAIL,
    DEFAULT_PRODUCTS,
    DEFAULT_REDIRECT_URI,
    DEFAULT_SCOPES,
    SandboxSpec,
    sandbox_spec,
)

__all__ = [
    "DEFAULT_APP_NAME",
    "DEFAULT_DEVELOPER_EMAIL",
    "DEFAULT_PRODUCTS",
    "DEFAULT_REDIRECT_URI",
    "DEFAULT_SCOPES",
    "SandboxSpec",
    "TikTokSandbox",
    "create_default_app",
    "populate_sandbox",
    "sandbox_spec",
]
