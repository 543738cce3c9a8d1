"""Route tables: one table a surface, assembled from sub-tables under the surface's prefixes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from aiohttp import web


def mounted(
    tables: Iterable[Sequence[web.AbstractRouteDef]], prefixes: Sequence[str] = ("",)
) -> web.RouteTableDef:
    """Every route of ``tables``, in order, once under each of ``prefixes``."""
    combined = web.RouteTableDef()
    for table in tables:
        for prefix in prefixes:
            for route in table:
                if not isinstance(route, web.RouteDef):
                    raise TypeError(f"only handler routes can be mounted, not {route!r}")
                combined.route(route.method, prefix + route.path, **route.kwargs)(route.handler)
    return combined
