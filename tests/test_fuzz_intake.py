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
from collections import Counter

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


# the column that tells a file's rows apart, and its value in row n (row 0: the example's)
DISTINCT = {
    "modules": ("module_code", lambda n: f"SLM-{101 + n}"),
    "enrollments": ("learner_id", lambda n: f"S-2025-{42 + n:04d}"),
    "dissemination": ("activity_id", lambda n: f"KAZNU-2025-{7 + n:02d}"),
}


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
    count = 0 if draw(st.integers(0, 9)) == 0 else draw(st.integers(1, 4))  # 0: header only
    for number in range(count):
        row = [base.get(c, "x") for c in columns]
        unique, value = DISTINCT[template]
        if unique in columns:  # rows differ in their key, as a partner's rows do
            row[columns.index(unique)] = value(number)
        if draw(st.booleans()):  # about half the rows carry one to three hostile cells
            for index in draw(st.sets(st.integers(0, len(columns) - 1), min_size=1, max_size=3)):
                row[index] = draw(HOSTILE)
        if draw(st.integers(0, 5)) == 0:
            rows.append([""] * len(columns))  # a blank row
        rows.append(row)
    return template, draw(st.sampled_from(["csv", "csv", "xlsx"])), rows


@st.composite
def files(draw) -> tuple[str, bytes]:
    template, fmt, rows = draw(submissions())
    if fmt == "xlsx":
        data = _xlsx(template, rows)
        if draw(st.integers(0, 2)) == 0:  # a download or a copy that broke off
            data = data[: draw(st.integers(0, len(data) - 1))]
        return template, data
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


READ_EXAMPLES = 60
STORE_EXAMPLES = 20


def _read_and_validate(project, file: tuple[str, bytes]) -> str:
    """Read and validate one file; the branch it took: refused, rejected or accepted."""
    template, data = file
    con = duckdb.connect(config={"autoinstall_known_extensions": False})
    con.execute(
        "CREATE TABLE known_modules AS SELECT 'SLM-101' AS module_code, 5.0::DOUBLE AS ects, "
        "'KAZNU' AS lead_partner_code"
    )
    try:
        raw = read_submission(con, data, f"fuzz.{template}")
        result = validate(con, raw, project, TODAY)
    except InputFileError as exc:  # the product's own refusal, and nothing else
        assert exc.key in INTAKE_KEYS, str(exc)
        said = exc.render("ru")
        assert said and not _unfilled(said, *exc.params.values()), said
        return "refused"
    try:
        _check_problem_words(result.problems)
        if not result.accepted:
            assert result.problems
            return "rejected"
        (clean,) = con.execute(f"SELECT count(*) FROM {result.table}").fetchone()
        assert clean == result.row_count == raw.row_count
        return "accepted"
    finally:
        con.close()


def test_any_file_is_read_and_validated_or_refused_with_a_keyed_message(project):
    """Every generated file is accepted, rejected with keyed problems, or refused with a keyed
    message; the run takes the accepted and the rejected way many times (derandomized: the
    counts move only when the generator, this function or intake changes)."""
    seen: Counter[str] = Counter()

    @settings(FUZZ, max_examples=READ_EXAMPLES)
    @given(files())
    def check(file):
        seen[_read_and_validate(project, file)] += 1

    check()
    assert sum(seen.values()) == READ_EXAMPLES
    assert seen["accepted"] >= 10 and seen["rejected"] >= 10, seen  # both ways, often
    assert set(seen) <= {"accepted", "rejected", "refused"}


def test_the_three_branches_on_known_files(project):
    """The branches themselves, on files whose outcome is known."""
    example = template_bytes("dissemination", "csv", project, partner=None)
    header, row = example.decode("utf-8-sig").splitlines()[:2]
    assert ",2025-05-14," in row
    broken = f"{header}\r\n{row.replace(',2025-05-14,', ',2025-13-14,')}\r\n".encode()
    assert _read_and_validate(project, ("dissemination", example)) == "accepted"
    assert _read_and_validate(project, ("dissemination", broken)) == "rejected"
    assert _read_and_validate(project, ("dissemination", b"\x00\x01\x02")) == "refused"


# ------------------------------------------------------------------ through the store


def _store(tmp_path, project) -> DataDir:
    """A new store holding the example module (so enrollments can reference it)."""
    data_dir = DataDir(tmp_path / "fuzz-store")
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


def _fuzz_uploads(project, data_dir: DataDir, examples: int) -> Counter[str]:
    """Ingest ``examples`` generated files into ``data_dir`` one by one, checking that nothing
    is stored unless the file is accepted whole; the count of each outcome."""
    seen: Counter[str] = Counter()

    @settings(FUZZ, max_examples=examples)
    @given(files())
    def upload(file):
        template, data = file
        before_ledger, before_files = _state(data_dir)
        result = ingest(data_dir, project, [Source(f"fuzz-{template}", data=data)], as_of=TODAY,
                        rebuild=False)  # fmt: skip
        (outcome,) = result.files
        after_ledger, after_files = _state(data_dir)
        assert not [f for f in after_files if f.endswith(".tmp")]
        seen[outcome.status] += 1
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

    upload()
    return seen


@pytest.fixture(scope="module")
def fuzzed(project, tmp_path_factory) -> tuple[DataDir, Counter[str]]:
    """A store after the fuzzed uploads, each checked as it is made. Made once for the
    module: the uploads are derandomized, so a second store would receive the same files."""
    store = _store(tmp_path_factory.mktemp("fuzz"), project)
    return store, _fuzz_uploads(project, store, STORE_EXAMPLES)


def test_nothing_is_stored_unless_the_file_is_accepted_whole(fuzzed):
    _, seen = fuzzed
    assert sum(seen.values()) == STORE_EXAMPLES
    assert seen["accepted"] >= 2 and seen["rejected"] >= 5, seen
    assert set(seen) <= {"accepted", "rejected", "unchanged"}  # unchanged: the same file again


def test_the_store_builds_a_consistent_warehouse_after_fuzzing(fuzzed, project):
    """After the fuzzed uploads, the warehouse holds exactly the current rows of the store."""
    store, seen = fuzzed
    assert seen["accepted"] >= 2, seen  # something besides the seed module to build
    result = warehouse.build(store, project, as_of=TODAY)
    assert result.checks_run > 0 and result.checks_failed == 0
    subs = Ledger(store.ledger).submissions()
    assert len(subs) == 1 + seen["accepted"]
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
    assert got["fct_module"] >= 1
