"""Reports for the EU agency and for each partner and country: one ReportData, three formats.

``collect`` gathers the figures (indicators from ``pipelines.metrics.indicators.compute`` only, tables
from the pages' query SQL through ``pipelines.metrics.queries``); ``render`` writes xlsx, docx or pdf from it; ``freeze`` keeps
a period's report as reported, ``restatements`` says what changed since.

It may import every library package except ``submissions``, ``cli`` and ``sample``.
"""

from pipelines.reports.collect import available_scopes, collect, scope_of
from pipelines.reports.frozen import (
    FrozenReport,
    Restatement,
    freeze,
    latest_frozen,
    list_frozen,
    load_frozen,
    reproduce,
    restatements,
)
from pipelines.reports.model import ReportData, Scope
from pipelines.reports.render import FORMATS, MIME_TYPES, file_name, render

__all__ = [
    "FORMATS",
    "MIME_TYPES",
    "FrozenReport",
    "ReportData",
    "Restatement",
    "Scope",
    "available_scopes",
    "collect",
    "file_name",
    "freeze",
    "latest_frozen",
    "list_frozen",
    "load_frozen",
    "render",
    "reproduce",
    "restatements",
    "scope_of",
]
