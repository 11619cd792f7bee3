"""Moved: the fake API is :mod:`pytest_tiktok_sandbox.api.fake_api`, its settings
:mod:`pytest_tiktok_sandbox.api.settings`. This module re-exports them for one release."""

from __future__ import annotations

from .fake_api import Call, CallLog, FakeTikTokAPI
from .settings import ApiSettings, BrowserSession

__all__ = ["ApiSettings", "BrowserSession", "Call", "CallLog", "FakeTikTokAPI"]
