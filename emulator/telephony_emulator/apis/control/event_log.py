"""The server log's line per call event and webhook attempt (logger ``emulator.events``)."""

from __future__ import annotations

import logging

from .feed import FeedItem

log = logging.getLogger("emulator.events")


def log_item(item: FeedItem) -> None:
    """One INFO line; the item itself rides along as ``record.event`` for the JSON format."""
    if item.kind not in ("call", "webhook") or not log.isEnabledFor(logging.INFO):
        return
    extra = {"event": item.to_json()}
    data = item.data
    if item.kind == "webhook":
        log.info(
            "webhook %s %s %s -> %s %s %.1fms call=%s",
            data["event_type"],
            data["method"],
            data["url"],
            data["status"] if data["status"] is not None else "-",
            data["outcome"],
            data["latency_ms"],
            item.call_id or "-",
            extra=extra,
        )
        return
    details = " ".join(f"{key}={value}" for key, value in data.items())
    log.info("call %s %s %s", item.call_id, item.type, details, extra=extra)
