"""The portfolio's SQLite file (``store/portfolio.sqlite``): every package added, whole or
not at all, with its history, and the office's monitoring notes. Every change is audited."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from pipelines import sqlite_util
from pipelines.audit import log as audit
from pipelines.paths import DataDir, sql_file
from pipelines.portfolio.package import Package, PackageRefused
from pipelines.store.format import stamp_sqlite

CRITERIA = ("relevance", "efficiency", "effectiveness", "impact", "sustainability")
SCORES = (1, 2, 3, 4)


def portfolio_path(data_dir: DataDir) -> Path:
    return data_dir.store / "portfolio.sqlite"


def _sql(name: str) -> str:
    return sql_file(f"portfolio/{name}.sql")


def _connect(data_dir: DataDir):
    path = portfolio_path(data_dir)
    new = not path.exists() or path.stat().st_size == 0
    path.parent.mkdir(parents=True, exist_ok=True)
    con_cm = sqlite_util.connect(path, "the portfolio", foreign_keys=True)
    con = con_cm.__enter__()
    try:
        con.executescript(_sql("schema"))
        if new:
            stamp_sqlite(con)
    except BaseException:
        con_cm.__exit__(None, None, None)
        raise
    return con_cm, con


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class Added:
    number: str
    acronym: str
    outcome: str  # "added" | "unchanged" | "superseded"
    package_id: int

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def add(data_dir: DataDir, package: Package, actor: str) -> Added:
    """Keep ``package``: the same package again changes nothing; a newer one of the same
    project supersedes the current one (kept as history); an older one is refused."""
    project = package.project
    number = str(project["number"]).strip()
    created = str(package.descriptor.get("created", ""))
    cm, con = _connect(data_dir)
    try:
        held = con.execute(_sql("held"), {"digest": package.digest}).fetchone()
        if held and held[3] is None and held[4] is None:
            return Added(number, project["acronym"], "unchanged", held[0])
        if held:  # superseded or removed before: added again as a new entry is not possible
            raise PackageRefused(key="portfolio.refused.held_before", number=number)
        current = con.execute(_sql("current_of"), {"number": number}).fetchone()
        if current and current[1] >= created:
            raise PackageRefused(key="portfolio.refused.older", number=number,
                                 held=current[1], found=created)  # fmt: skip
        con.execute("BEGIN IMMEDIATE")
        try:
            cur = con.execute(_sql("insert_package"), {
                "digest": package.digest, "number": number, "acronym": str(project["acronym"]),
                "title": str(project["title"]), "created": created,
                "figures_as_of": str(package.descriptor.get("figures_as_of", "")),
                "format_version": str(package.descriptor["package_format"]["version"]),
                "descriptor": json.dumps(package.descriptor, ensure_ascii=False),
                "added_at": _now(), "added_by": actor or "(unknown)",
            })  # fmt: skip
            new_id = int(cur.lastrowid or 0)
            con.executemany(_sql("insert_figure"), [
                (new_id, r["measure"], r["sdg"], r["country"], r["period"], r["value"],
                 r["status"], r["target"], r["expected"]) for r in package.figures
            ])  # fmt: skip
            con.executemany(_sql("insert_measure"), [
                (new_id, m["code"], m["name"], m["unit"], m["kind"], m["definition"], m["target"])
                for m in package.measures
            ])  # fmt: skip
            if current:
                con.execute(_sql("supersede"), {"new": new_id, "old": current[0]})
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    finally:
        cm.__exit__(None, None, None)
    outcome = "superseded" if current else "added"
    audit.record(data_dir, actor, "portfolio_add", number, acronym=str(project["acronym"]),
                 outcome=outcome, digest=package.digest)  # fmt: skip
    return Added(number, str(project["acronym"]), outcome, new_id)


def remove(data_dir: DataDir, number: str, actor: str) -> int:
    """Take a project out of the portfolio (its packages stay as history); how many."""
    cm, con = _connect(data_dir)
    try:
        done = con.execute(_sql("remove"), {"at": _now(), "number": number.strip()}).rowcount
    finally:
        cm.__exit__(None, None, None)
    if done:
        audit.record(data_dir, actor, "portfolio_remove", number.strip(), packages=done)
    return done


@dataclass(frozen=True)
class Held:
    package_id: int
    number: str
    acronym: str
    title: str
    created: str
    figures_as_of: str
    descriptor: dict
    figures: list[dict]
    measures: list[dict]

    @property
    def countries(self) -> list[str]:
        return [c["iso2"] for c in self.descriptor["project"]["countries"]]

    def figure(self, measure: str, sdg: str = "ALL", country: str = "ALL",
               period: str = "ALL") -> dict | None:  # fmt: skip
        for f in self.figures:
            if (f["measure"], f["sdg"], f["country"], f["period"]) == (
                measure,
                sdg,
                country,
                period,
            ):
                return f
        return None

    def as_dict(self) -> dict:
        totals = {
            f["measure"]: f["value"]
            for f in self.figures
            if (f["sdg"], f["country"], f["period"]) == ("ALL", "ALL", "ALL")
        }
        return {"number": self.number, "acronym": self.acronym, "title": self.title,
                "countries": self.countries, "published": self.created,
                "figures_as_of": self.figures_as_of,
                "synthetic": bool(self.descriptor["project"].get("synthetic", False)),
                "figures": totals}  # fmt: skip


def current(data_dir: DataDir) -> list[Held]:
    """The current package of every project in the portfolio."""
    if not portfolio_path(data_dir).exists():
        return []
    cm, con = _connect(data_dir)
    try:
        found = []
        for pid, number, acronym, title, created, as_of, text in con.execute(_sql("current")):
            cols = ("measure", "sdg", "country", "period", "value", "status", "target", "expected")
            figures = [dict(zip(cols, r, strict=True))
                       for r in con.execute(_sql("figures_of"), (pid,))]  # fmt: skip
            mcols = ("code", "name", "unit", "kind", "definition", "target")
            measures = [dict(zip(mcols, r, strict=True))
                        for r in con.execute(_sql("measures_of"), (pid,))]  # fmt: skip
            found.append(Held(pid, number, acronym, title, created, as_of, json.loads(text),
                              figures, measures))  # fmt: skip
        return found
    finally:
        cm.__exit__(None, None, None)


@dataclass(frozen=True)
class Note:
    note_id: int
    visit: str
    criterion: str
    score: int | None
    comment: str
    written_at: str
    written_by: str


def add_note(data_dir: DataDir, number: str, country: str, visit: dt.date, criterion: str,
             score: int | None, comment: str, actor: str) -> None:  # fmt: skip
    """Keep an office's monitoring note on one criterion at one visit (a later note on the
    same visit and criterion is shown first; earlier ones stay)."""
    if criterion not in CRITERIA:
        raise PackageRefused(key="portfolio.notes.bad_criterion", criterion=criterion[:40])
    if score is not None and score not in SCORES:
        raise PackageRefused(key="portfolio.notes.bad_score", score=str(score)[:10])
    cm, con = _connect(data_dir)
    try:
        con.execute(_sql("insert_note"), {
            "number": number, "country": country, "visit": visit.isoformat(), "criterion": criterion,
            "score": score, "comment": comment[:4000], "written_at": _now(),
            "written_by": actor or "(unknown)",
        })  # fmt: skip
    except sqlite3.IntegrityError as exc:
        raise PackageRefused(key="portfolio.notes.bad_score", score=str(score)[:10]) from exc
    finally:
        cm.__exit__(None, None, None)
    audit.record(data_dir, actor, "monitoring_note", number, country=country, visit=visit.isoformat(),
                 criterion=criterion, score=score)  # fmt: skip


def notes(data_dir: DataDir, number: str, country: str) -> list[Note]:
    """An office's notes on a project, the latest visit first."""
    if not portfolio_path(data_dir).exists():
        return []
    cm, con = _connect(data_dir)
    try:
        return [Note(*r) for r in con.execute(_sql("notes_of"), (number, country))]
    finally:
        cm.__exit__(None, None, None)
