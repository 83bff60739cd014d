"""The list of deliverables and milestones in force: the last one loaded, else project.toml's.

The coordinator loads the grant agreement's list from a file (``listfile``); a preview says
what it adds, changes and removes against the list in force, and applying it appends the list
to ``store/workplan.sqlite`` (never rewriting project.toml), audited with the file's SHA-256.
Every reader takes its project through ``in_force``, so pages, reports, the pre-flight, the
calendar and the reminders all see the loaded list. Statuses and evidence are kept by code:
a code that has history may leave the list only when the coordinator confirms it, and its
history stays in the store (it shows again when the code comes back).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pipelines import sqlite_util
from pipelines.access.scope import Viewer
from pipelines.audit import log as audit
from pipelines.config import Deliverable, Milestone, Project, WorkPlan
from pipelines.intake.contract import Limits
from pipelines.paths import DataDir, sql_file
from pipelines.words.catalogue import text
from pipelines.workplan import history

if TYPE_CHECKING:  # read when a list is loaded: every command line reads the list in force
    from pipelines.intake.validate import Problem
    from pipelines.workplan.listfile import ListFile

ACTION = "load_workplan"
TARGET = "work plan list"


@dataclass(frozen=True)
class Change:
    kind: str  # deliverable or milestone
    code: str
    fields: tuple[str, ...] = ()  # the fields that differ (changed items only)


@dataclass
class Preview:
    """A file checked against the list in force: nothing is stored by making one."""

    file: ListFile
    sha256: str
    added: list[Change] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    removed: list[Change] = field(default_factory=list)
    unchanged: bool = False  # the same file as the list in force

    @property
    def accepted(self) -> bool:
        return self.file.accepted

    def as_dict(self) -> dict:
        def items(changes: list[Change]) -> list[dict]:
            return [{"kind": c.kind, "code": c.code, **({"fields": list(c.fields)}
                     if c.fields else {})} for c in changes]  # fmt: skip

        return {
            "file": self.file.name,
            "sha256": self.sha256,
            "status": "rejected" if not self.accepted else "unchanged" if self.unchanged else "ok",
            "deliverables": len(self.file.deliverables),
            "milestones": len(self.file.milestones),
            "added": items(self.added),
            "changed": items(self.changed),
            "removed": items(self.removed),
            "errors": [
                {"row": p.row, "column": p.column, "value": p.value, "key": p.key,
                 "message": p.message} for p in self.file.problems
            ],
        }  # fmt: skip


@dataclass(frozen=True)
class Stored:
    list_id: int
    file_name: str
    sha256: str
    at: str
    by: str
    deliverables: tuple[Deliverable, ...]
    milestones: tuple[Milestone, ...]


def latest(data_dir: DataDir) -> Stored | None:
    """The last list loaded; None when none was (the file is not created by reading)."""
    row = _last_row(data_dir, "workplan/list_latest.sql")
    if row is None:
        return None
    items = json.loads(row[3])
    return Stored(
        list_id=row[0],
        file_name=row[1],
        sha256=row[2],
        at=row[4],
        by=row[5],
        deliverables=tuple(
            Deliverable(**{**d, "due": dt.date.fromisoformat(d["due"])})
            for d in items["deliverables"]
        ),
        milestones=tuple(
            Milestone(**{**m, "due": dt.date.fromisoformat(m["due"])}) for m in items["milestones"]
        ),
    )


def stamp(data_dir: DataDir) -> str:
    """What identifies the list in force (a cache key read on every page run, so without
    reading the list itself): empty when project.toml's."""
    row = _last_row(data_dir, "workplan/list_stamp.sql")
    return f"{row[0]}:{row[1]}" if row else ""


def _last_row(data_dir: DataDir, query: str) -> tuple | None:
    """The last loaded list's row, read without creating or migrating anything: the stamp is
    read on every page run, and a directory where no list was loaded has no table for it."""
    if not data_dir.workplan.exists():
        return None
    with sqlite_util.connect(data_dir.workplan, "the work plan history") as con:
        if not con.execute(sql_file("workplan/list_table.sql")).fetchone():
            return None
        return con.execute(sql_file(query)).fetchone()


def in_force(data_dir: DataDir, project: Project) -> Project:
    """The project with the loaded list in place of project.toml's (risks stay as set)."""
    found = latest(data_dir)
    if found is None:
        return project
    plan = WorkPlan(found.deliverables, found.milestones, project.work_plan.risks)
    return dataclasses.replace(project, work_plan=plan)


def preview(
    data_dir: DataDir, project: Project, data: bytes, name: str, *, confirm_removal: bool = False
) -> Preview:
    """Check the file and compare it with the list in force. A code with history that would
    leave the list is a problem unless ``confirm_removal``."""
    from pipelines.workplan.listfile import read_list

    limits = Limits.for_upload_mb(project.access.max_upload_mb)
    result = Preview(read_list(data, name, project, limits), hashlib.sha256(data).hexdigest())
    current = in_force(data_dir, project).work_plan
    for kind, old, new in (
        ("deliverable", current.deliverables, result.file.deliverables),
        ("milestone", current.milestones, result.file.milestones),
    ):
        _compare(result, kind, {i.code: i for i in old}, {i.code: i for i in new})
    if result.accepted:
        stored = latest(data_dir)
        result.unchanged = stored is not None and stored.sha256 == result.sha256
        if not confirm_removal:
            result.file.problems += _history_lost(data_dir, result.removed)
    return result


def _compare(result: Preview, kind: str, old: dict, new: dict) -> None:
    for code, item in new.items():
        if code not in old:
            result.added.append(Change(kind, code))
        elif item != old[code]:
            fields = tuple(
                f.name
                for f in dataclasses.fields(item)
                if getattr(item, f.name) != getattr(old[code], f.name)
            )
            result.changed.append(Change(kind, code, fields))
    result.removed += [Change(kind, code) for code in old if code not in new]


def _history_lost(data_dir: DataDir, removed: list[Change]) -> list[Problem]:
    from pipelines.intake.validate import Problem

    recorded = {(e.item_kind, e.code) for e in history.events(data_dir)}
    return [
        Problem.keyed((None, "code", c.code), "workplan.load.history_lost", code=c.code)
        for c in removed
        if (c.kind, c.code) in recorded
    ]


def apply(
    data_dir: DataDir,
    project: Project,
    viewer: Viewer,
    data: bytes,
    name: str,
    *,
    confirm_removal: bool = False,
    channel: str = "cli",
) -> Preview:
    """Store the file's list as the one in force (when it is accepted and new); audited."""
    viewer.require(ACTION)
    result = preview(data_dir, project, data, name, confirm_removal=confirm_removal)
    if not result.accepted or result.unchanged:
        return result
    items = {
        "deliverables": [_plain(d) for d in result.file.deliverables],
        "milestones": [_plain(m) for m in result.file.milestones],
    }
    row = {
        "file_name": name,
        "sha256": result.sha256,
        "items": json.dumps(items, ensure_ascii=False, sort_keys=True),
        "at": history.utc_now(),
        "by": viewer.username,
    }
    with history.connect(data_dir) as con:
        con.execute(sql_file("workplan/list_record.sql"), row)
    audit.record(
        data_dir,
        viewer.username,
        "workplan_update",
        TARGET,
        kind="list",
        channel=channel,
        file=name,
        sha256=result.sha256,
        added=[c.code for c in result.added],
        changed=[c.code for c in result.changed],
        removed=[c.code for c in result.removed],
    )
    return result


def _plain(item: Deliverable | Milestone) -> dict:
    return {**dataclasses.asdict(item), "due": item.due.isoformat()}


def changes_said(result: Preview, lang: str) -> list[str]:
    """What a list adds, changes and removes, in the reader's language."""
    lines = []
    for key, items in (("added", result.added), ("changed", result.changed),
                       ("removed", result.removed)):  # fmt: skip
        if items:
            codes = ", ".join(c.code + fields(c.fields, lang) for c in items)
            lines.append(text(f"workplan.load.{key}", lang, codes=codes))
    return lines


def fields(names: tuple[str, ...], lang: str) -> str:
    """What changed, in the words of the template's columns."""
    if not names:
        return ""
    from pipelines.workplan.listfile import FIELD_COLUMN

    words = [text(f"workplan.column.{FIELD_COLUMN.get(n, n)}", lang) for n in names]
    return f" ({', '.join(words)})"
