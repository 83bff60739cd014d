"""Synthetic sample data: reproducible, realistic in shape, and valid under the contract."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import duckdb
import openpyxl
import pytest

from pipelines.intake.contract import TEMPLATES
from pipelines.paths import DEFAULT_DATA_DIR
from pipelines.sample.generate import (
    AS_OF,
    SYNTHETIC_NOTE,
    generate_sample,
    main,
    write_benchmark_csvs,
)

COMMITTED = DEFAULT_DATA_DIR / "sample"
TODAY = dt.date(2026, 11, 29)
LEARNER_ID = re.compile(r"^[A-Z][A-Z-]*-[STP]-\d{6}$")


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*.*")}


def _csv_rows(path: Path) -> list[dict[str, str]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:  # the ministries' Russian Windows Excel
        text = path.read_bytes().decode("cp1251")
    delimiter = ";" if ";" in text.splitlines()[0] else ","
    return list(csv.DictReader(io.StringIO(text), delimiter=delimiter))


def _xlsx_rows(path: Path) -> list[dict[str, object]]:
    ws = openpyxl.load_workbook(path).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def _rows(path: Path) -> list[dict]:
    return _xlsx_rows(path) if path.suffix == ".xlsx" else _csv_rows(path)


def _date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    for fmt in ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(str(value), fmt).date()
        except ValueError:
            pass
    raise AssertionError(f"not a date: {value!r}")


@pytest.fixture(scope="module")
def sample(tmp_path_factory, project) -> tuple[Path, list[Path]]:
    folder = tmp_path_factory.mktemp("sample")
    return folder, generate_sample(folder, project)


def test_regenerates_the_committed_sample_byte_identically(tmp_path, sample):
    folder, _ = sample
    assert main(["--out", str(tmp_path)]) == 0
    fresh = _tree(tmp_path)
    assert fresh == _tree(folder), "same seed, same bytes"
    assert fresh == _tree(COMMITTED), (
        "data/sample is stale: run 'python -m pipelines.sample.generate --out data/sample'"
    )


def test_another_seed_gives_other_data(tmp_path, project, sample):
    folder, _ = sample
    generate_sample(tmp_path, project, seed=7)
    assert (tmp_path / "modules.xlsx").read_bytes() != (folder / "modules.xlsx").read_bytes()


def test_files_in_ingest_order(sample, project):
    folder, files = sample
    names = [p.relative_to(folder).as_posix() for p in files]
    assert names[0] == "modules.xlsx"
    assert names[-1] == "corrections/KAZNU_enrollments_v2.csv"
    kinds = [n.split("/")[0] for n in names[1:-1]]
    assert kinds == sorted(kinds, key=["enrollments", "dissemination"].index)
    assert "enrollments/KAZNU.csv" in names
    assert sorted(_tree(folder)) == sorted([*names, "README.txt"])


def test_labelled_synthetic(sample):
    folder, files = sample
    readme = (folder / "README.txt").read_text(encoding="utf-8")
    assert "SYNTHETIC" in readme and "INVENTED" in readme
    for path in files:
        if path.suffix == ".xlsx":
            assert openpyxl.load_workbook(path).properties.description == SYNTHETIC_NOTE


def test_modules_content(sample, project):
    folder, _ = sample
    modules = _xlsx_rows(folder / "modules.xlsx")
    assert 20 <= len(modules) <= 24
    leads = {m["lead_partner_code"] for m in modules}
    assert leads == {p.code for p in project.partners if p.type in ("hei", "ngo")}
    goals = {int(g) for m in modules for g in str(m["sdg_goals"]).split(";")}
    assert goals == set(project.sdg_goals)
    assert all(1 <= m["ects"] <= 6 and 5 <= m["eqf_level"] <= 8 for m in modules)
    titles = " ".join(m["title"] for m in modules)
    assert not re.search("[А-Яа-яәғқңөұүі]", titles), "the title column is English"

    def written(lang: str) -> str:
        return " ".join(m[f"title_{lang}"] or "" for m in modules)

    assert re.search("[А-Яа-я]", written("ru")), "titles in Russian"
    assert re.search("[әғқңөұүі]", written("kk")), "titles in Kazakh"
    assert re.search(r"\b(va|uchun|boshqarish|foydalanish)\b", written("uz")), "in Uzbek Latin"
    micro = [m for m in modules if m["micro_credential"] == "yes"]
    assert 0.55 <= len(micro) / len(modules) <= 0.75
    assert all(m["learning_outcomes"] and m["assessment_type"] for m in micro)
    statuses = {m["status"] for m in modules}
    assert statuses == set(project.vocabulary("module_status"))


def test_enrollments_content(sample, project):
    folder, _ = sample
    modules = {m["module_code"]: m for m in _xlsx_rows(folder / "modules.xlsx")}
    files = sorted((folder / "enrollments").glob("*.csv"))
    kaznu_v2 = folder / "corrections" / "KAZNU_enrollments_v2.csv"
    rows = [r for f in files if f.stem != "KAZNU" for r in _csv_rows(f)] + _csv_rows(kaznu_v2)
    learners = {(r["partner_code"], r["learner_id"]) for r in rows}
    assert 1500 <= len(learners) <= 2500
    for ministry in (p.code for p in project.partners if p.type == "ministry"):
        assert len({lid for code, lid in learners if code == ministry}) <= 10
    assert all(LEARNER_ID.match(lid) and lid.startswith(code) for code, lid in learners)
    assert len({(r["partner_code"], r["learner_id"], r["module_code"]) for r in rows}) == len(rows)
    women = sum(
        1 for r in {(r["partner_code"], r["learner_id"], r["gender"]) for r in rows} if r[2] == "F"
    )
    assert 0.48 <= women / len(learners) <= 0.56
    completed = [r for r in rows if r["status"] == "completed"]
    assert 0.5 <= len(completed) / len(rows) <= 0.7
    for r in rows:
        module = modules[r["module_code"]]
        enrolled = _date(r["enrolled_on"])
        assert _date(module["available_from"]) <= enrolled <= AS_OF
        earned = float(r["ects_earned"].replace(",", ".") or 0)
        if r["status"] == "completed":
            assert enrolled <= _date(r["completed_on"]) <= AS_OF
            assert earned == module["ects"]
        else:
            assert r["completed_on"] == "" and earned == 0
            assert r["credential_issued"] in ("", "no", "N")
    assert {r["learner_type"] for r in rows} == set(project.vocabulary("learner_type"))


def test_csv_shapes_vary_like_real_excel_exports(sample):
    folder, _ = sample
    heads = {p.stem: p.read_bytes()[:120] for p in (folder / "enrollments").glob("*.csv")}
    assert any(h.startswith(b"\xef\xbb\xbfpartner_code;") for h in heads.values())
    assert any(h.startswith(b"partner_code,") for h in heads.values())
    text = (folder / "enrollments" / "KAZNU.csv").read_text(encoding="utf-8-sig")
    assert re.search(r";\d\d\.\d\d\.20\d\d;", text), "Russian Excel writes DD.MM.YYYY"
    text = (folder / "enrollments" / "UPV.csv").read_text(encoding="utf-8-sig")
    assert re.search(r";\d\d/\d\d/20\d\d;", text), "Spanish Excel writes DD/MM/YYYY"


def test_ministries_write_russian_windows_1251(sample, project):
    folder, _ = sample
    for code in (p.code for p in project.partners if p.type == "ministry"):
        data = (folder / "dissemination" / f"{code}.csv").read_bytes()
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")
        text = data.decode("cp1251")
        assert text.startswith("activity_id;partner_code;date;")
        assert re.search(r";\d\d\.\d\d\.20\d\d;", text)
        assert all(
            re.search("[А-Яа-я]", r["title"])
            for r in _csv_rows(folder / "dissemination" / f"{code}.csv")
        )


def test_correction_supersedes_with_more_completions(sample):
    folder, _ = sample
    first = _csv_rows(folder / "enrollments" / "KAZNU.csv")
    second = _csv_rows(folder / "corrections" / "KAZNU_enrollments_v2.csv")
    key = ("partner_code", "learner_id", "module_code")
    keys_first = {tuple(r[k] for k in key) for r in first}
    assert keys_first < {tuple(r[k] for k in key) for r in second}
    done_first = sum(r["status"] == "completed" for r in first)
    done_second = sum(r["status"] == "completed" for r in second)
    assert done_second > done_first


def test_dissemination_content(sample, project):
    folder, _ = sample
    rows = [r for f in sorted((folder / "dissemination").iterdir()) for r in _rows(f)]
    assert 90 <= len(rows) <= 150
    assert {r["partner_code"] for r in rows} == set(project.partner_codes)
    assert {r["activity_type"] for r in rows} == set(project.vocabulary("activity_type"))
    own = {p.code: p.country for p in project.partners}
    abroad = [r for r in rows if r["country"] != own[r["partner_code"]]]
    assert 0 < len(abroad) < len(rows) / 4
    ministries = {p.code for p in project.partners if p.type == "ministry"}
    assert all("policy_makers" in r["audience"] for r in rows if r["partner_code"] in ministries)
    events = set(project.vocabulary("event_activity_types"))
    assert all(r["participants"] in (None, "") for r in rows if r["activity_type"] not in events)
    assert all(r["reach"] not in (None, "") for r in rows if r["activity_type"] not in events)
    assert all(_date(r["date"]) <= AS_OF for r in rows)
    keys = [(r["partner_code"], r["activity_id"]) for r in rows]
    assert len(set(keys)) == len(keys)


# --------------------------------------------------------------------------- validator


def _validator():
    # the project's own modules: an import error is a failure, never a skip
    from pipelines.intake.readers import read_submission
    from pipelines.intake.validate import validate

    return read_submission, validate


def test_every_sample_file_passes_the_validator(sample, project):
    read_submission, validate = _validator()
    folder, files = sample
    con = duckdb.connect(config={"autoinstall_known_extensions": False})
    problems = {}
    for path in files:
        raw = read_submission(con, path, path.name)
        result = validate(con, raw, project, TODAY)
        problems[path.relative_to(folder).as_posix()] = result.problems[:3]
        if result.template == "modules":
            con.execute(
                "CREATE OR REPLACE TABLE known_modules AS "
                "SELECT module_code, ects, lead_partner_code FROM clean_modules"
            ).fetchall()
    assert {k: v for k, v in problems.items() if v} == {}


# --------------------------------------------------------------------------- benchmark


@pytest.mark.parametrize("rows", [0, 1, 2, 10_000])
def test_benchmark_csvs_have_exact_rows_and_unique_keys(tmp_path, project, rows):
    modules_path, enrollments_path = write_benchmark_csvs(tmp_path, project, rows)
    modules = {r["module_code"]: r for r in _csv_rows(modules_path)}
    assert len(modules) == 40
    data = _csv_rows(enrollments_path)
    assert enrollments_path.read_text().splitlines()[0].split(",") == [
        c.name for c in TEMPLATES["enrollments"].columns
    ]
    assert len(data) == rows
    keys = {(r["partner_code"], r["learner_id"], r["module_code"]) for r in data}
    assert len(keys) == rows
    for r in data:
        assert r["module_code"] in modules
        enrolled = dt.date.fromisoformat(r["enrolled_on"])
        assert project.start <= enrolled <= AS_OF
        if r["status"] == "completed":
            assert enrolled <= dt.date.fromisoformat(r["completed_on"]) <= AS_OF
            assert float(r["ects_earned"]) == float(modules[r["module_code"]]["ects"])
        else:
            assert (r["completed_on"], r["ects_earned"], r["credential_issued"]) == ("", "0", "no")


def test_benchmark_is_seeded(tmp_path, project):
    a = write_benchmark_csvs(tmp_path / "a", project, 500)[1].read_bytes()
    b = write_benchmark_csvs(tmp_path / "b", project, 500)[1].read_bytes()
    c = write_benchmark_csvs(tmp_path / "c", project, 500, seed=2)[1].read_bytes()
    assert a == b != c


def test_benchmark_files_pass_the_validator(tmp_path, project):
    read_submission, validate = _validator()
    modules_path, enrollments_path = write_benchmark_csvs(tmp_path, project, 5_000)
    con = duckdb.connect(config={"autoinstall_known_extensions": False})
    result = validate(con, read_submission(con, modules_path, "modules.csv"), project, TODAY)
    assert result.problems == []
    con.execute(
        "CREATE TABLE known_modules AS SELECT module_code, ects, lead_partner_code FROM clean_modules"
    ).fetchall()
    raw = read_submission(con, enrollments_path, "enrollments.csv")
    result = validate(con, raw, project, TODAY)
    assert (result.problems, result.row_count) == ([], 5_000)
