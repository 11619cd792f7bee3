"""Reading a request's JSON body into its payload model, refusing it as TikTok does (400
``invalid_params``, saying what is wrong) whatever is wrong with it: not JSON, nested too
deeply, not an object, or not the model's shape.

pydantic is imported by the payload models, when an endpoint first validates with one; an
endpoint may read the common, certainly valid bodies itself (:func:`read_object`, then
:func:`validate` for anything else), so its requests build no model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from .envelope import ApiError
from .http import ApiRequest, BodyError

if TYPE_CHECKING:
    from pydantic import BaseModel, ValidationError

Body = TypeVar("Body", bound="BaseModel")


def read_body(request: ApiRequest, model: type[Body]) -> Body:
    """The JSON body validated by ``model``; 400 ``invalid_params`` saying what is wrong."""
    return validate(read_object(request), model)


def read_object(request: ApiRequest) -> dict[str, Any]:
    """The JSON body, an object; 400 ``invalid_params`` if it is not JSON or not an object."""
    try:
        raw = request.json()
    except BodyError as error:
        raise ApiError(400, "invalid_params", f"Invalid request body: {error}.") from None
    except RecursionError:
        raise ApiError(400, "invalid_params", "Invalid request body: the JSON is nested too deeply.") from None
    if not isinstance(raw, dict):
        raise ApiError(400, "invalid_params", f"Invalid request body: it must be a JSON object, got {json_type(raw)}.")
    return raw


def validate(raw: dict[str, Any], model: type[Body]) -> Body:
    """``raw`` (a JSON object) validated by ``model``; 400 ``invalid_params`` saying what is wrong."""
    from pydantic import ValidationError  # loaded already: ``model`` is a pydantic model

    try:
        return model.model_validate(raw)
    except ValidationError as error:
        raise ApiError(400, "invalid_params", f"Invalid request body: {explain(error)}.") from None


def explain(error: ValidationError) -> str:
    problems = []
    for item in error.errors(include_url=False)[:3]:
        where = ".".join(str(part) for part in item["loc"]) or "body"
        got = "" if item["type"] == "missing" else f" (got {short(repr(item['input']))})"
        # pydantic names its model class ("a valid dictionary or instance of VideoQueryFilters"):
        # a client sent JSON, and the fake's class names are nothing to it
        message = "Input should be a JSON object" if item["type"] in _OBJECT_EXPECTED else item["msg"]
        problems.append(f"{where}: {message}{got}")
    more = error.error_count() - len(problems)
    return "; ".join(problems) + (f"; and {more} more" if more > 0 else "")


_OBJECT_EXPECTED = frozenset({"model_type", "model_attributes_type", "dataclass_type", "dict_type"})


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "an array"


def short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
