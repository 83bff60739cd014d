"""The ``[context]`` part of project.toml: which national indicators tell each project SDG's
national story, and how the sources name countries. Data, not code: another project edits it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from pipelines.config import Project
from pipelines.errors import ConfigError


@dataclass(frozen=True)
class NationalIndicator:
    code: str  # '7.1.1'
    goal: int  # the project SDG it gives context to
    name: str  # English; translations in the catalogue (context.indicator.<code>)
    project_indicators: tuple[str, ...]  # the project's indicators shown beside it
    unit: str = ""  # where a source names no unit
    select: dict[str, dict[str, str]] = field(default_factory=dict)  # country -> dims


@dataclass(frozen=True)
class ContextSettings:
    extract: str  # folder (under the bundled data/) with the curated extract
    m49: dict[int, str]  # UN M49 numeric code -> ISO2
    indicators: tuple[NationalIndicator, ...]

    def for_goal(self, goal: int) -> tuple[NationalIndicator, ...]:
        return tuple(i for i in self.indicators if i.goal == goal)


def load_settings(project: Project) -> ContextSettings:
    """Read and check ``[context]`` (every problem at once, as ConfigError)."""
    with Path(project.source).open("rb") as fh:
        raw = tomllib.load(fh).get("context", {})
    problems: list[str] = []
    countries = {c.iso2 for c in project.countries}
    m49 = {}
    for iso2, code in raw.get("m49", {}).items():
        if iso2.upper() not in countries or not isinstance(code, int):
            problems.append(
                f"[context.m49]: {iso2} = {code!r} needs a configured country and a number"
            )
        m49[int(code) if isinstance(code, int) else -1] = iso2.upper()
    indicators = []
    codes = {i.code for i in project.indicators}
    for n, item in enumerate(raw.get("indicators", []), 1):
        where = f"[[context.indicators]] #{n}"
        goal = item.get("goal")
        if goal not in project.sdg_goals:
            problems.append(f"{where}: goal {goal!r} is not in [[sdgs]]")
        linked = tuple(str(c).upper() for c in item.get("project_indicators", []))
        problems += [f"{where}: indicator {c} is not configured" for c in linked if c not in codes]
        select = {
            k.upper(): {d: str(v) for d, v in dims.items()}
            for k, dims in item.get("select", {}).items()
        }
        indicators.append(
            NationalIndicator(
                str(item.get("code", "")),
                int(goal or 0),
                str(item.get("name", "")),
                linked,
                str(item.get("unit", "")),
                select,
            )
        )
    if problems:
        raise ConfigError("; ".join(problems))
    return ContextSettings(str(raw.get("extract", "context")), m49, tuple(indicators))
