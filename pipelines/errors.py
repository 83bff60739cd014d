"""Own exception types: the edges (CLI, dashboard, reports) turn them into messages in the
reader's language, never tracebacks.

An error carries a catalogue key and named parameters (``AccessDenied(key="access.denied",
action="approve")``); ``str(e)`` is the English text, ``e.render(lang)`` the reader's. Errors
raised with a plain English text still work, and keep ``key`` None.
"""

from __future__ import annotations


class LeslieError(Exception):
    """Base class: every error a user may see."""

    def __init__(self, message: str = "", *, key: str | None = None, **params: object) -> None:
        self.key = key
        self.params = params
        if key and not message:
            message = self.render("en")
        super().__init__(message)

    def render(self, lang: str | None = None) -> str:
        """The message in ``lang`` (English where the catalogue has no translation)."""
        if not self.key:
            return str(self)
        from pipelines.words.catalogue import text  # words import errors' base modules only

        return text(self.key, lang, **self.params)


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


class FiguresOutOfDate(StoreError):
    """The warehouse's figures are not current (pipelines/metrics/freshness.py) and could not
    be rebuilt here (a data directory this process may only read)."""
