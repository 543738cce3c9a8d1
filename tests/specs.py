"""Validation against the vendors' official OpenAPI files in ../shared/specs.

The folder is ``$TELEPHONY_SPECS_DIR`` when set. When a spec is absent only the schema
assertion is skipped (one warning per spec); the rest of the calling test still runs.
"""

from __future__ import annotations

import os
import warnings
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from openapi_schema_validator import OAS30Validator

SPECS = Path(
    os.environ.get("TELEPHONY_SPECS_DIR")
    or Path(__file__).resolve().parents[1].parent / "shared" / "specs"
)


@cache
def _load(name: str) -> dict[str, Any]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with (SPECS / name).open("rb") as handle:
        return yaml.load(handle, Loader=loader)  # type: ignore[no-any-return]


@cache
def spec(name: str) -> dict[str, Any] | None:
    """The parsed spec, or None (with one warning for the session) when it is not there."""
    if not (SPECS / name).is_file():
        warnings.warn(f"{SPECS / name} is not available: schema assertions skipped", stacklevel=2)
        return None
    return _load(name)


def assert_matches(spec_name: str, schema_name: str, instance: Any) -> None:
    """Validate ``instance`` against ``components.schemas[schema_name]`` of a spec."""
    document = spec(spec_name)
    if document is None:
        return
    schema = {
        **document["components"]["schemas"][schema_name],
        "components": document["components"],
    }
    OAS30Validator(schema).validate(instance)
