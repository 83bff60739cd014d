"""The coordinator's technical details of the figures in words: when the warehouse was built
and from which ledger position, the rows it holds, what each partner has sent, and the data
checks of the last build, each table with people's headers and values (a template by its
name, a partner by its name and code, a check and its status in words; no column names).

The Data status page lays these out; the tests call them directly.
"""

from __future__ import annotations

import re

import pandas as pd

from pipelines.metrics.queries import BuildStatus
from pipelines.words.present import Words

TECH = "editing.status_page.tech"
# warehouse tables by the data they hold: a template's name, or the project's own lists
TABLE_TEMPLATE = {"fct_module": "modules", "fct_enrollment": "enrollments"}
TABLE_TEMPLATE |= {"fct_activity": "dissemination"}
TABLE_LIST = {"dim_partner": "partners", "dim_country": "countries"}
TABLE_LIST |= {"dim_work_package": "work_packages"}
# a checked column by the label people know it by (the templates' and the dashboard's)
COLUMN_KEYS = {
    "module_code": "editing.col.module_code",
    "title": "editing.col.title",
    "lead_partner_code": "editing.col.lead_partner_code",
    "partner_code": "editing.col.partner_code",
    "work_package": "editing.col.work_package",
    "ects": "editing.col.ects",
    "eqf_level": "editing.col.eqf_level",
    "delivery_mode": "editing.col.delivery_mode",
    "activity_type": "editing.col.activity_type",
    "date": "editing.col.date",
    "activity_id": "dashboard.col.activity_id",
    "gender": "dashboard.col.gender",
    "learner_type": "dashboard.col.learner_type",
    "enrolled_on": "dashboard.col.enrolled_on",
    "learner_no": f"{TECH}.col.learner",
    "event_country": f"{TECH}.col.country",
    "country": f"{TECH}.col.country",
    "name": f"{TECH}.col.name",
}
# a module's status is its stage; an enrollment's, the learner's progress in it
MODEL_COLUMN_KEYS = {("fct_module", "status"): "editing.col.status"}
MODEL_COLUMN_KEYS |= {("fct_enrollment", "status"): "dashboard.col.status"}
STATUS_ICONS = {"pass": "✔", "fail": "✖"}
STATE_COUNTS = ("pending", "superseded", "returned")
CHECKED_MODEL = re.compile(r"^(?P<table>\w+)(?: \((?P<basis>\w+)\))?$")


def build_metrics(build: BuildStatus, w: Words) -> dict[str, str]:
    """The build's four figures, label to value: built when, data as of, ledger position,
    data checks passed of those run."""
    passed = build.checks_run - build.checks_failed
    return {
        w.t(f"{TECH}.built"): w.moment(build.built_at, "medium"),
        w.t("portfolio.col.figures_as_of"): w.date(build.as_of, "medium"),
        w.t(f"{TECH}.ledger_position"): w.count(build.ledger_position),
        w.t(f"{TECH}.checks"): w.t(
            f"{TECH}.checks_value", passed=w.count(passed), run=w.count(build.checks_run)
        ),
    }


def table_name(w: Words, table: str) -> str:
    """A warehouse table by the data it holds: 'fct_module' -> 'Modules'."""
    if table in TABLE_TEMPLATE:
        return w.vocab("template", TABLE_TEMPLATE[table])
    if table in TABLE_LIST:
        return w.t(f"{TECH}.table.{TABLE_LIST[table]}")
    return table.removeprefix("fct_").removeprefix("dim_").replace("_", " ").capitalize()


def rows_caption(build: BuildStatus, w: Words) -> str:
    """'Rows in the figures, pending review included: Modules: 4 · Enrollments: 9 · …'."""
    counted = " · ".join(f"{table_name(w, t)}: {w.count(n)}" for t, n in build.rows.items())
    return w.t(f"{TECH}.rows", tables=counted)


def latest_frame(latest: pd.DataFrame, w: Words) -> pd.DataFrame:
    """Per partner and template: approved rows, submissions sent, the last upload and how
    many are pending review, superseded or returned."""
    rows = []
    for r in latest.itertuples():
        approved = None if pd.isna(r.approved_rows) else int(r.approved_rows)
        row = {
            w.t("pages_a.col.partner"): w.partner(r.partner_code, with_code=True),
            w.t("pages_a.col.template"): w.vocab("template", r.template),
            w.t(f"{TECH}.col.approved_rows"): w.count(approved),
            w.t(f"{TECH}.col.submissions"): w.count(int(r.submissions)),
            w.t("dashboard.col.last_upload"): (
                w.missing if pd.isna(r.last_upload) else w.moment(str(r.last_upload), "medium")
            ),
        }
        for state in STATE_COUNTS:
            row[w.t(f"pages_a.state.{state}")] = w.count(int(getattr(r, state)))
        rows.append(row)
    return pd.DataFrame(rows)


def column_label(w: Words, table: str, column: str) -> str:
    """A checked column as people know it: 'lead_partner_code' -> 'Lead partner'."""
    key = MODEL_COLUMN_KEYS.get((table, column)) or COLUMN_KEYS.get(column)
    if key is None:
        return column.replace("_", " ").capitalize()
    return w.t(key)


def check_data(w: Words, model: str) -> tuple[str, str]:
    """'fct_module (official)' -> ('Modules (approved data)', 'fct_module')."""
    found = CHECKED_MODEL.match(model)
    if found is None:
        return model, ""
    table, basis = found["table"], found["basis"]
    name = table_name(w, table)
    if basis:
        name = w.t(f"{TECH}.basis.{basis}", data=name)
    return name, table


def check_words(w: Words, check: str, detail: str) -> str:
    """What a check asks, in words: no duplicates, filled in, a value from the list, or
    listed in another table ('Listed in: Partners')."""
    if check == "relationships" and "." in detail:
        return w.t(f"{TECH}.check.relationships", what=table_name(w, detail.split(".")[0]))
    return w.t(f"{TECH}.check.{check}")


def checks_frame(checks: pd.DataFrame, w: Words) -> pd.DataFrame:
    """The data checks of the last build: data, check, columns, status, failing rows."""
    rows = []
    for r in checks.itertuples():
        data, table = check_data(w, r.model)
        columns = ", ".join(column_label(w, table, c.strip()) for c in r.columns.split(","))
        status = f"{STATUS_ICONS.get(r.status, '')} {w.t(f'{TECH}.status.{r.status}')}"
        rows.append(
            {
                w.t("editing.status_page.col.template"): data,
                w.t("ops.health.column.check"): check_words(w, r.check, r.detail or ""),
                w.t(f"{TECH}.col.columns"): columns,
                w.t("ops.health.column.status"): status.strip(),
                w.t(f"{TECH}.col.failing_rows"): w.count(int(r.failing_rows)),
            }
        )
    return pd.DataFrame(rows)


def checks_summary(checks: pd.DataFrame, w: Words) -> tuple[bool, str]:
    """Whether every check passed, and the sentence that says so."""
    run, failed = len(checks), int((checks["status"] == "fail").sum())
    if failed == 0:
        return True, w.n(f"{TECH}.all_pass", run)
    return False, w.n(f"{TECH}.some_fail", failed, run=w.count(run))
