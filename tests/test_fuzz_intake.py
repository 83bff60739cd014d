"""Property-based tests of intake: generated CSV and XLSX files of every template, saved in
the ways partners save them (encodings, delimiters, quoting, header spellings in four
languages, blank rows) and filled with hostile cells (control characters, huge numbers,
formulas, long text). Whatever comes in: no traceback, a keyed message for every refusal,
nothing stored unless the file is accepted whole, and a consistent store afterwards.

Reproducible: derandomized, with a fixed number of examples per property.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import duckdb
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines import warehouse
from pipelines.errors import InputFileError
from pipelines.intake.contract import TEMPLATES
from pipelines.intake.readers import read_submission
from pipelines.intake.templates import example_row, template_bytes
from pipelines.intake.validate import validate
from pipelines.paths import DataDir
from pipelines.store.ledger import Ledger, current_pairs
from pipelines.submissions.ingest import Source, ingest
from pipelines.words.catalogue import catalogue, text

TODAY = dt.date(2026, 11, 29)
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
INTAKE_KEYS = frozenset(k for k in catalogue("en").messages if k.startswith("intake."))
FUZZ = settings(
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
RUN = {"read": 0, "ingest": 0, "refused": 0}

HOSTILE = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "=1+1",
            '=HYPERLINK("http://x")',
            "+cmd|' /C calc'!A0",
            "@SUM(A1)",
            "2147483648",
            "-1",
            "1e308",
            "99999999999999999999999",
            "1 234,5",
            "NaN",
            "31.02.2025",
            "2099-01-01",
            "a\x00b",
            "a\x01b",
            "\x7f",
            "tab\there",
            'quote " inside',
            "semi;colon",
            "comma, inside",
            "line\nbreak",
            "x" * 70,
            "Ы" * 400,
            "kaznu",
            "ru;kk;xx",
        ]
    ),
    st.text(max_size=30),
)


def _header(name: str, template: str, style: int) -> str:
    """A header cell as a clerk may type it: the name in any case, spaced, or translated."""
    if style == 1:
        return name.upper()
    if style == 2:
        return f"  {name.title()} "
    if style in (3, 4, 5):
        lang = ("ru", "kk", "uz")[style - 3]
        return text(f"intake.column.{template}.{name}", lang).capitalize()
    return name


@st.composite
def submissions(draw) -> tuple[str, str, list[list[str]]]:
    """(template, format, rows incl. header) before encoding."""
    template = draw(st.sampled_from(sorted(TEMPLATES)))
    columns = list(TEMPLATES[template].names)
    if draw(st.booleans()):
        columns = draw(st.permutations(columns))
    if draw(st.integers(0, 9)) == 0:
        columns = columns[:-1] if draw(st.booleans()) else [*columns, "remarks"]
    style = draw(st.integers(0, 5))
    header = [_header(c, template, style) for c in columns]
    base = example_row(template, PROJECT)
    rows = [header]
    for _ in range(draw(st.integers(0, 4))):
        row = [base.get(c, "x") for c in columns]
        for index in draw(st.sets(st.integers(0, len(columns) - 1), max_size=3)):
            row[index] = draw(HOSTILE)
        if draw(st.integers(0, 5)) == 0:
            rows.append([""] * len(columns))  # a blank row
        rows.append(row)
    return template, draw(st.sampled_from(["csv", "csv", "xlsx"])), rows


@st.composite
def files(draw) -> tuple[str, bytes]:
    template, fmt, rows = draw(submissions())
    if fmt == "xlsx":
        return template, _xlsx(template, rows)
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, quoting=quoting, lineterminator="\r\n").writerows(rows)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1251"]))
    return template, buffer.getvalue().encode(encoding, errors="replace")


def _xlsx(template: str, rows: list[list[str]]) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_numbers": True})
    sheet = book.add_worksheet(template)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value:
                sheet.write(r, c, value)
    book.close()
    return out.getvalue()


PROJECT = None


@pytest.fixture(scope="module", autouse=True)
def _project(project):
    global PROJECT
    PROJECT = project


def _unfilled(said: str, *given: object) -> set[str]:
    """Placeholders left in a rendered message (not counting braces the user typed)."""
    typed = " ".join(str(g) for g in given if g is not None)
    return {p for p in PLACEHOLDER.findall(said) if p not in typed}


def _check_problem_words(problems) -> None:
    for problem in problems:
        assert problem.key in INTAKE_KEYS, problem
        for lang in ("en", "ru", "kk", "uz"):
            said = problem.render(lang)
            assert said and not _unfilled(said, problem.value, *problem.params.values()), said


@settings(FUZZ, max_examples=60)
@given(files())
def test_any_file_is_read_and_validated_or_refused_with_a_keyed_message(project, file):
    template, data = file
    RUN["read"] += 1
    con = duckdb.connect(config={"autoinstall_known_extensions": False})
    con.execute(
        "CREATE TABLE known_modules AS SELECT 'SLM-101' AS module_code, 5.0::DOUBLE AS ects, "
        "'KAZNU' AS lead_partner_code"
    )
    try:
        raw = read_submission(con, data, f"fuzz.{template}")
        result = validate(con, raw, project, TODAY)
    except InputFileError as exc:  # the product's own refusal, and nothing else
        RUN["refused"] += 1
        assert exc.key in INTAKE_KEYS, str(exc)
        said = exc.render("ru")
        assert said and not _unfilled(said, *exc.params.values()), said
        return
    _check_problem_words(result.problems)
    if result.accepted:
        (clean,) = con.execute(f"SELECT count(*) FROM {result.table}").fetchone()
        assert clean == result.row_count == raw.row_count
    con.close()


# ------------------------------------------------------------------ through the store


@pytest.fixture(scope="module")
def store(tmp_path_factory, project) -> DataDir:
    """A store holding the example module (so enrollments can reference it)."""
    data_dir = DataDir(tmp_path_factory.mktemp("fuzz-store"))
    modules = Source("modules.xlsx", data=template_bytes("modules", "xlsx", project))
    result = ingest(data_dir, project, [modules], as_of=TODAY)
    assert [f.status for f in result.files] == ["accepted"]
    return data_dir


def _state(data_dir: DataDir) -> tuple[int, frozenset[str]]:
    ledger = len(Ledger(data_dir.ledger).submissions())
    stored = frozenset(
        str(p.relative_to(data_dir.store)) for p in data_dir.store.rglob("*") if p.is_file()
    )
    return ledger, stored


@settings(FUZZ, max_examples=15)
@given(files())
def test_nothing_is_stored_unless_the_file_is_accepted_whole(project, store, file):
    template, data = file
    RUN["ingest"] += 1
    before_ledger, before_files = _state(store)
    result = ingest(store, project, [Source(f"fuzz-{template}", data=data)], as_of=TODAY,
                    rebuild=False)  # fmt: skip
    (outcome,) = result.files
    after_ledger, after_files = _state(store)
    assert not [f for f in after_files if f.endswith(".tmp")]
    if outcome.status == "accepted":
        assert after_ledger == before_ledger + 1
        new = after_files - before_files
        assert len(new) == 1 and next(iter(new)).endswith(".parquet")
        assert outcome.errors == []
    else:
        assert (after_ledger, after_files) == (before_ledger, before_files)
        if outcome.status == "rejected":
            assert outcome.errors
            _check_problem_words(outcome.errors)


def test_the_store_builds_a_consistent_warehouse_after_fuzzing(project, store):
    """After every fuzzed upload, the warehouse holds exactly the current rows of the store."""
    result = warehouse.build(store, project, as_of=TODAY)
    assert result.checks_run > 0 and result.checks_failed == 0
    subs = Ledger(store.ledger).submissions()
    by_id = {s.submission_id: s for s in subs}
    expected = {"fct_module": 0, "fct_activity": 0}
    con = duckdb.connect()
    for pair in current_pairs(subs):
        if not pair.official or pair.template == "enrollments":
            continue
        table, column = {
            "modules": ("fct_module", "lead_partner_code"),
            "dissemination": ("fct_activity", "partner_code"),
        }[pair.template]
        path = str(store.store / by_id[pair.submission_id].parquet)
        ((rows,),) = con.execute(
            f"SELECT count(*) FROM read_parquet($path) WHERE {column} = $partner",
            {"path": path, "partner": pair.partner_code},
        ).fetchall()
        expected[table] += rows
    con.close()
    built = duckdb.connect(str(store.warehouse), read_only=True)
    try:
        got = {t: built.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in expected}
    finally:
        built.close()
    assert got == expected
    print(f"fuzz cases run: {RUN}")
