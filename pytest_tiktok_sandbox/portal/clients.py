"""What the portal's services need of an API client: :class:`ApiClient`.

A client key belongs to an app's production side (:class:`~.apps.App`, serving its Live
version) or to one of its sandboxes (:class:`~.sandbox.Sandbox`). Login Kit, QR code login,
Content Posting and the webhook log work with either through this protocol, so none of them
imports the app: the portal reads bottom-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from ..accounts import Account
    from .config import AppConfig


class ApiClient(Protocol):
    """A client key and what it may do: an app's production side, or a sandbox."""

    @property
    def client_key(self) -> str: ...
    @property
    def client_secret(self) -> str: ...
    @property
    def environment(self) -> str:
        """``"production"`` or ``"sandbox"``."""
        ...

    @property
    def api_config(self) -> AppConfig | None:
        """What the API sees of the client (None: it serves nothing)."""
        ...

    @property
    def url_properties(self) -> tuple[str, ...]:
        """The app's verified domains and URL prefixes (``PULL_FROM_URL``)."""
        ...

    @property
    def posting_audited(self) -> bool:
        """Whether the client passed the Content Posting audit (never a sandbox)."""
        ...

    def may_authorize(self, account: Account) -> bool: ...
