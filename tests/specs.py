"""Validation against the vendors' official OpenAPI files in ../shared/specs (skipped if absent)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_schema_validator import OAS30Validator

SPECS = Path(__file__).resolve().parents[1].parent / "shared" / "specs"


@cache
def _load(name: str) -> dict[str, Any]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with (SPECS / name).open("rb") as handle:
        return yaml.load(handle, Loader=loader)  # type: ignore[no-any-return]


def spec(name: str) -> dict[str, Any]:
    """The parsed spec; the calling test is skipped when ../shared/specs is not there."""
    if not (SPECS / name).is_file():
        pytest.skip(f"{SPECS / name} is not available")
    return _load(name)


def assert_matches(spec_name: str, schema_name: str, instance: Any) -> None:
    """Validate ``instance`` against ``components.schemas[schema_name]`` of a spec."""
    document = spec(spec_name)
    schema = {
        **document["components"]["schemas"][schema_name],
        "components": document["components"],
    }
    OAS30Validator(schema).validate(instance)
