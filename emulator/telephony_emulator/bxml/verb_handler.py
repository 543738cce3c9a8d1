"""The shape of a verb handler: run one verb (with its document's base URL), maybe go on with
another document."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from telephony_emulator.bxml.interpreter import Next

VerbHandler = Callable[[Any, str], Awaitable["Next | None"]]
