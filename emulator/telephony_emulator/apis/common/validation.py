"""Pydantic ``ValidationError`` to a surface's 400: the shared engine (wording stays per surface).

A surface passes a ``describe`` function that turns the error's details into its own
``EmulatorError``; :func:`wire_table` tells such a function how each field is named on the
wire and what it accepts, read once from the model.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal, TypeVar, get_args, get_origin

from annotated_types import Ge, Le
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from telephony_emulator.errors import EmulatorError

M = TypeVar("M", bound=BaseModel)
Describe = Callable[[Sequence[ErrorDetails]], EmulatorError]
#: The error types of a number outside its bounds.
RANGE_ERRORS = frozenset({"greater_than_equal", "less_than_equal", "greater_than", "less_than"})


def validate_json(model: type[M], raw: bytes, describe: Describe, context: Any = None) -> M:
    """``raw`` parsed into ``model``; on failure, the error ``describe`` makes of the details."""
    try:
        return model.model_validate_json(raw, context=context)
    except ValidationError as error:
        raise describe(error.errors(include_url=False)) from None


def validate_object(model: type[M], value: object, describe: Describe) -> M:
    """:func:`validate_json` for an already decoded value."""
    try:
        return model.model_validate(value)
    except ValidationError as error:
        raise describe(error.errors(include_url=False)) from None


def dotted(loc: Sequence[str | int]) -> str:
    """An error location as a dotted path, e.g. ``machineDetection.mode``."""
    return ".".join(str(part) for part in loc)


@dataclass(frozen=True, slots=True)
class Wire:
    """How one field is named in messages and what it accepts."""

    path: str  # dotted wire names, e.g. "machineDetection.mode"
    expected: str  # "a string", "a number", "one of [sync, async]", ...
    required: bool
    choices: tuple[str, ...] = ()
    low: float | None = None
    high: float | None = None
    url_path: str | None = None  # for an HTTP method: the URL it belongs to


WireTable = dict[tuple[str | int, ...], Wire]


def _expected(annotation: Any) -> str:
    if get_origin(annotation) is Literal:
        return f"one of [{', '.join(get_args(annotation))}]"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "an object"
    return {str: "a string", float: "a number", int: "an integer", bool: "a boolean"}.get(
        annotation, "valid"
    )


def wire_table(model: type[BaseModel], prefix: str = "") -> WireTable:
    """Every field of ``model`` (nested models too), by its error ``loc`` (alias or name)."""
    table: WireTable = {}
    fields = model.model_fields
    for name, field in fields.items():
        alias = field.alias or name
        annotation = field.annotation
        args = [arg for arg in get_args(annotation) if arg is not type(None)]
        if get_origin(annotation) is not Literal and len(args) == 1:  # X | None
            annotation = args[0]
        if get_origin(annotation) is Annotated:
            annotation = get_args(annotation)[0]
        choices = tuple(get_args(annotation)) if get_origin(annotation) is Literal else ()
        low = next((m.ge for m in field.metadata if isinstance(m, Ge)), None)
        high = next((m.le for m in field.metadata if isinstance(m, Le)), None)
        url_name = name.removesuffix("_method") + "_url" if name.endswith("_method") else ""
        url_field = fields.get(url_name)
        wire = Wire(
            path=prefix + alias,
            expected=_expected(annotation),
            required=field.is_required(),
            choices=choices,
            low=float(low) if low is not None else None,  # type: ignore[arg-type]
            high=float(high) if high is not None else None,  # type: ignore[arg-type]
            url_path=prefix + (url_field.alias or url_name) if url_field else None,
        )
        table[(alias,)] = table[(name,)] = wire
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            for loc, inner in wire_table(annotation, wire.path + ".").items():
                table[(alias, *loc)] = table[(name, *loc)] = inner
    return table
