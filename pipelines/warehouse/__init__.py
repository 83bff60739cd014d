"""Warehouse: build the DuckDB file from the store (staging -> core -> marts), check it,
publish it atomically, and open it for reading.

It may import the base modules, ``words``, ``access``, ``intake``, ``store`` and ``metrics``
(marts are the indicator engine's figures, materialised at build time); never
``submissions``, ``reports``, ``cli`` or ``sample``.
"""

from pipelines.warehouse.build import (
    TEMPLATES,
    BuildResult,
    build,
    build_into,
    connect_memory,
    identity,
    read_warehouse,
)

__all__ = [
    "TEMPLATES",
    "BuildResult",
    "build",
    "build_into",
    "connect_memory",
    "identity",
    "read_warehouse",
]
