"""Labels of indicator figures for pages and reports: always the configured indicator name
(``project.toml``, translated where the catalogue has it), never a second wording."""

from __future__ import annotations

from collections.abc import Iterable

from pipelines.config import Project
from pipelines.words.present import Words


def indicator_labels(project: Project, codes: Iterable[str], lang: str = "en") -> dict[str, str]:
    """code -> the indicator's name for a reader of ``lang`` ('ENR-3' -> 'Micro-credentials
    awarded'), in the order asked; an unknown code is a KeyError (a page naming a figure that
    is not configured is a defect)."""
    words = Words(lang, project)
    return {code: words.indicator(project.indicator(code)) for code in codes}
