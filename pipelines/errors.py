"""Own exception types: the edges (CLI, dashboard) turn them into messages, never tracebacks."""

from __future__ import annotations


class LeslieError(Exception):
    """Base class: every error a user may see. str(e) is the user message."""


class ConfigError(LeslieError):
    """data/project.toml is missing, unreadable or inconsistent."""


class UsageError(LeslieError):
    """The caller asked for something that cannot be done (bad option, missing file)."""


class InputFileError(LeslieError):
    """A submitted file cannot be read at all (not CSV/XLSX, broken encoding, no header)."""


class StoreError(LeslieError):
    """The submission store or the warehouse is unavailable or inconsistent."""


class WarehouseMissing(StoreError):
    """No warehouse has been built yet in this data directory."""


class AccessDenied(LeslieError):
    """The viewer's scope does not allow this."""
