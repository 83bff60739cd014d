"""The coordinator's technical details on the Data status page read in the reader's language:
metric labels, table headers and check statuses are the catalogue's words, no column name
or code is left in a header or cell, and the figures are those of the tiny installation
(tests/fixtures/tiny: 4 modules, 9 enrollments, 5 activities in three files)."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from pipelines.access.scope import Viewer
from pipelines.paths import REPO_ROOT
from pipelines.warehouse import TEMPLATES, technical
from pipelines.words.catalogue import plural, text
from pipelines.words.present import Words

APP = REPO_ROOT / "dashboard" / "app.py"
TECH = "editing.status_page.tech"
SNAKE = re.compile(r"[a-z]+_[a-z]+")
CHECKS = 41  # declared in pipelines/sql/core/_checks.toml: 5 + 1 + 1 + 11 + 1 + 1 + 11 + 1 + 1 + 8
ROWS = {"modules": 4, "enrollments": 9, "dissemination": 5}  # the tiny files' rows
# the tiny files' rows per partner, counted by hand
APPROVED = {
    "modules": {"KAZNU": 1, "UPV": 1, "FPI": 2},
    "enrollments": {"KAZNU": 4, "KOKSU": 2, "FPI": 2, "UPV": 1},
    "dissemination": {"KAZNU": 2, "FPI": 1, "UPV": 1, "MSHE-KZ": 1},
}
HISTORY_ROWS = sum(len(partners) for partners in APPROVED.values())  # (submission, partner)
LEDGER_POSITION = 6  # three files, each recorded when received and when approved
OLD_ENGLISH = ("Warehouse built", "Data as of", "Ledger position", "data checks pass")


def page(monkeypatch, data_dir, lang: str) -> AppTest:
    monkeypatch.setenv("LESLIE_DATA_DIR", str(data_dir.root))
    monkeypatch.setattr("dashboard.wiring.session.current_viewer", lambda: Viewer.coordinator("t"))
    at = AppTest.from_file(str(APP), default_timeout=180)
    at.switch_page("pages/data_status.py")
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def table_with(at: AppTest, header: str) -> pd.DataFrame:
    found = [d.value for d in at.dataframe if header in d.value.columns]
    assert len(found) == 1, (header, [list(d.value.columns) for d in at.dataframe])
    return found[0]


def tables(at: AppTest, lang: str) -> dict[str, pd.DataFrame]:
    t = lambda key: text(key, lang)  # noqa: E731
    return {
        "latest": table_with(at, t(f"{TECH}.col.approved_rows")),
        "history": table_with(at, t("pages_a.col.state_since")),
        "checks": table_with(at, t(f"{TECH}.col.failing_rows")),
    }


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_technical_details_are_the_catalogues_words(monkeypatch, tiny_dir, project, lang):
    t = lambda key, **kw: text(key, lang, **kw)  # noqa: E731
    at = page(monkeypatch, tiny_dir, lang)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[t(f"{TECH}.ledger_position")] == str(LEDGER_POSITION)
    assert metrics[t(f"{TECH}.checks")] == t(f"{TECH}.checks_value", passed=CHECKS, run=CHECKS)
    assert t(f"{TECH}.built") in metrics and t("portfolio.col.figures_as_of") in metrics
    names = " · ".join(f"{t(f'vocab.template.{k}')}: {n}" for k, n in ROWS.items())
    assert t(f"{TECH}.rows", tables=names) in [c.value for c in at.caption]
    assert plural(f"{TECH}.all_pass", CHECKS, lang) in [s.value for s in at.success]

    found = tables(at, lang)
    latest, history, checks = found["latest"], found["history"], found["checks"]
    states = [t(f"pages_a.state.{s}") for s in ("pending", "superseded", "returned")]
    assert list(latest.columns) == [
        t("pages_a.col.partner"),
        t("pages_a.col.template"),
        t(f"{TECH}.col.approved_rows"),
        t(f"{TECH}.col.submissions"),
        t("dashboard.col.last_upload"),
        *states,
    ]
    assert len(latest) == len(project.partners) * len(TEMPLATES)
    w = Words(lang, project)
    sent = {
        (w.partner(code, with_code=True), t(f"vocab.template.{template}")): str(n)
        for template, partners in APPROVED.items()
        for code, n in partners.items()
    }
    approved = latest.set_index([t("pages_a.col.partner"), t("pages_a.col.template")])
    approved = approved[t(f"{TECH}.col.approved_rows")]
    assert approved[approved != "–"].to_dict() == sent
    assert len(history) == HISTORY_ROWS
    shown = ("submission", "template", "state", "comment", "file", "rows", "received")
    shown += ("state_since", "partner", "submitted_by", "channel")
    assert list(history.columns) == [t(f"pages_a.col.{c}") for c in shown]
    assert set(history[t("pages_a.col.channel")]) == {t("pages_a.channel.cli")}
    assert set(history[t("pages_a.col.state")]) == {"✔ " + t("pages_a.state.approved")}
    # files the coordinator sent are approved on receipt, with the ledger's own note
    assert set(history[t("pages_a.col.comment")]) == {t("pages_a.comment.self_approved")}
    assert list(checks.columns) == [
        t("editing.status_page.col.template"),
        t("ops.health.column.check"),
        t(f"{TECH}.col.columns"),
        t("ops.health.column.status"),
        t(f"{TECH}.col.failing_rows"),
    ]
    assert len(checks) == CHECKS
    assert set(checks[t("ops.health.column.status")]) == {"✔ " + t(f"{TECH}.status.pass")}
    assert set(checks[t(f"{TECH}.col.failing_rows")]) == {"0"}
    for table in found.values():
        cells = [*table.columns, *(str(v) for v in table.to_numpy().ravel())]
        assert not [c for c in cells if SNAKE.search(c)]


def test_no_english_is_left_in_russian(monkeypatch, tiny_dir, project):
    at = page(monkeypatch, tiny_dir, "ru")
    shown = [m.label for m in at.metric] + [m.value for m in at.metric]
    prefix = text(f"{TECH}.rows", "ru", tables="")
    rows_caption = [c.value for c in at.caption if c.value.startswith(prefix)]
    assert len(rows_caption) == 1
    shown += rows_caption + [s.value for s in at.success]
    found = tables(at, "ru")
    codes = {w.lower() for c in project.partner_codes for w in re.findall(r"[A-Za-z]+", c)}
    typed = {text("pages_a.col.file", "ru"), text("pages_a.col.submitted_by", "ru")}
    for table in found.values():
        shown += list(table.columns)
        for column in table.columns:
            if column not in typed:  # a file's and an account's name are as people typed them
                shown += [str(v) for v in table[column]]
    assert not [s for s in shown if any(old in s for old in OLD_ENGLISH)]
    # Latin words left: partners' names and codes, the Erasmus+ abbreviations, UTC
    allowed = codes | {"utc", "ects", "eqf", "erasmus"}
    allowed |= {w.lower() for p in project.partners for w in re.findall(r"[A-Za-z]+", p.short_name)}
    latin = {w for s in shown for w in re.findall(r"[A-Za-z]{2,}", s) if w.lower() not in allowed}
    assert not latin, sorted(
        {s for s in shown if any(w in s for w in latin) and "MSHE" not in s and "MHESI" not in s}
    )


@pytest.mark.parametrize("lang", ["kk", "uz"])
def test_a_failing_check_says_so_in_every_language(project, lang):
    w = Words(lang, project)
    checks = pd.DataFrame(
        [
            ("fct_enrollment (with_pending)", "unique", "learner_no, module_code", "fail", 2, ""),
            ("fct_module", "relationships", "work_package", "pass", 0, "dim_work_package.code"),
            ("fct_module", "accepted_values", "status", "pass", 0, "module_status"),
        ],
        columns=["model", "check", "columns", "status", "failing_rows", "detail"],
    )
    passed, said = technical.checks_summary(checks, w)
    assert not passed and said == w.n(f"{TECH}.some_fail", 1, run="3")
    table = technical.checks_frame(checks, w)
    assert table.values.tolist() == [
        [
            w.t(f"{TECH}.basis.with_pending", data=w.vocab("template", "enrollments")),
            w.t(f"{TECH}.check.unique"),
            f"{w.t(f'{TECH}.col.learner')}, {w.t('editing.col.module_code')}",
            "✖ " + w.t(f"{TECH}.status.fail"),
            "2",
        ],
        [
            w.vocab("template", "modules"),
            w.t(f"{TECH}.check.relationships", what=w.t(f"{TECH}.table.work_packages")),
            w.t("editing.col.work_package"),
            "✔ " + w.t(f"{TECH}.status.pass"),
            "0",
        ],
        [
            w.vocab("template", "modules"),
            w.t(f"{TECH}.check.accepted_values"),
            w.t("editing.col.status"),  # a module's status is its stage
            "✔ " + w.t(f"{TECH}.status.pass"),
            "0",
        ],
    ]
    assert not [c for c in table.to_numpy().ravel() if SNAKE.search(c)]
