"""TikTok behaviour coverage: which of TikTok's documented outcomes a suite met.

``catalogue`` holds the documented outcomes (one table), ``recorder`` what the fake
produced, ``report`` the terminal, JSON and HTML reports. No HTTP and no pytest here.
"""

from __future__ import annotations

from .catalogue import CATALOGUE, ENDPOINTS, Outcome
from .recorder import OutcomeRecorder, current, install

__all__ = ["CATALOGUE", "ENDPOINTS", "Outcome", "OutcomeRecorder", "current", "install"]
