"""One entry point for the three formats: the CLI and the dashboard both call ``render``."""

from __future__ import annotations

import re
from collections.abc import Callable

from pipelines.errors import UsageError
from pipelines.reports.model import ReportData

MIME_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
FORMATS = tuple(MIME_TYPES)


def _writer(fmt: str) -> Callable[[ReportData, str], bytes]:
    # imported on demand: each writer pulls in a heavy library
    if fmt == "xlsx":
        from pipelines.reports.excel import write_xlsx

        return write_xlsx
    if fmt == "docx":
        from pipelines.reports.word import write_docx

        return write_docx
    if fmt == "pdf":
        from pipelines.reports.pdf import write_pdf

        return write_pdf
    raise UsageError(f"Unknown report format {fmt!r}; use one of: {', '.join(FORMATS)}")


def render(data: ReportData, fmt: str, lang: str = "en") -> bytes:
    """The report in one format (xlsx, docx or pdf) and language (en, ru, kk, uz) as bytes."""
    return _writer(fmt.lower().lstrip("."))(data, lang)


def file_name(data: ReportData, fmt: str, lang: str = "en") -> str:
    """A download name that says what it holds: LESLIE_P1_KZ_report.pdf (…_report_ru.pdf)."""
    window = data.period["id"] if data.period else f"{data.date_from}_{data.date_to}"
    parts = [data.project["acronym"], window, data.scope.slug, "report"]
    if lang != "en":
        parts.append(lang)
    name = "_".join(re.sub(r"[^A-Za-z0-9-]+", "-", str(p)) for p in parts)
    return f"{name}.{fmt.lower().lstrip('.')}"
