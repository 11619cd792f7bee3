"""What every payload module shares: strict request bases, lenient answer bases, the v2 envelope."""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict

__all__ = ["Answer", "ApiErrorBody", "Envelope", "Request"]


class Request(BaseModel):
    """A request body the fake validates: strict types (no ``"10"`` for 10, no ``1`` for
    ``true``), unknown keys ignored, immutable."""

    model_config = ConfigDict(strict=True, extra="ignore", frozen=True)


class Answer(BaseModel):
    """An answer's data: what TikTok documents, and unknown keys kept in ``model_extra``."""

    model_config = ConfigDict(extra="allow")


class ApiErrorBody(BaseModel):
    """The ``error`` object every v2 answer carries; ``code == "ok"`` on success."""

    model_config = ConfigDict(extra="allow")

    code: str
    message: str = ""
    log_id: str = ""


DataT = TypeVar("DataT")


class Envelope(BaseModel, Generic[DataT]):
    """A v2 answer: ``{"data": {...}, "error": {"code", "message", "log_id"}}``. Parametrise it
    with the data model (``Envelope[UserInfoData]``); errors carry an empty ``data``."""

    model_config = ConfigDict(extra="allow")

    data: DataT
    error: ApiErrorBody

    @property
    def ok(self) -> bool:
        return self.error.code == "ok"
