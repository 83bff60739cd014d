"""The peer: the enrollments contract as a data team would write it with pandas + pandera.

Read the CSV as text, parse dates and numbers, validate the row rules of data contract v1 with a
pandera schema (lazy: every failure collected), pseudonymise learner ids with HMAC-SHA256, and
load the result into a DuckDB table. It is run by ``benchmarks.ingest`` in a fresh process,
beside our ingest and a raw DuckDB read, so the three are measured in the same run.

It checks what our intake checks on a row: codes against the configured partners, modules
and vocabularies, pseudonymous ids, dates in the project window and not in the future,
completion rules, ECTS against the module, credential only when completed, a unique key.
It does not keep a store, ledger or warehouse: the comparison favours the peer.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

import duckdb
import pandas as pd
import pandera.pandas as pa

YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}


def schema(
    partners: list[str],
    modules: dict[str, float],
    vocab: dict[str, list[str]],
    start: dt.date,
    today: dt.date,
) -> pa.DataFrameSchema:
    """The row rules of the enrollments template, as pandera checks."""
    in_window = pa.Check(
        lambda s: s.isna() | ((s >= pd.Timestamp(start)) & (s <= pd.Timestamp(today))),
        error="date outside the project window",
    )
    return pa.DataFrameSchema(
        {
            "partner_code": pa.Column(str, pa.Check.isin(partners)),
            "module_code": pa.Column(str, pa.Check.isin(list(modules))),
            "learner_id": pa.Column(
                str,
                [pa.Check.str_length(1, 64), pa.Check.str_matches(r"^[^\s@]+$")],
            ),
            "gender": pa.Column(str, pa.Check.isin(vocab["gender"])),
            "learner_type": pa.Column(str, pa.Check.isin(vocab["learner_type"])),
            "enrolled_on": pa.Column("datetime64[ns]", in_window),
            "status": pa.Column(str, pa.Check.isin(vocab["enrollment_status"])),
            "completed_on": pa.Column("datetime64[ns]", in_window, nullable=True),
            "ects_earned": pa.Column(float, pa.Check.ge(0), nullable=True),
            "credential_issued": pa.Column(bool, coerce=False),
        },
        checks=[
            pa.Check(
                lambda d: (d["status"] == "completed") == d["completed_on"].notna(),
                error="completed_on required if and only if completed",
            ),
            pa.Check(
                lambda d: d["completed_on"].isna() | (d["completed_on"] >= d["enrolled_on"]),
                error="completed before enrolled",
            ),
            pa.Check(
                lambda d: d["ects_earned"].fillna(0) <= d["module_code"].map(modules),
                error="more ECTS than the module has",
            ),
            pa.Check(
                lambda d: (d["ects_earned"].fillna(0) == 0) | (d["status"] == "completed"),
                error="ECTS only when completed",
            ),
            pa.Check(
                lambda d: ~d["credential_issued"] | (d["status"] == "completed"),
                error="credential only when completed",
            ),
        ],
        unique=["partner_code", "learner_id", "module_code"],
    )


def parse(raw: pd.DataFrame) -> pd.DataFrame:
    """Trim, upper-case codes, parse dates, numbers and yes/no as the contract allows."""
    df = raw.apply(lambda s: s.str.strip())
    df["partner_code"] = df["partner_code"].str.upper()
    df["module_code"] = df["module_code"].str.upper()
    for column in ("enrolled_on", "completed_on"):
        df[column] = pd.to_datetime(df[column].replace("", None), format="%Y-%m-%d")
    ects = df["ects_earned"].str.replace(",", ".")
    df["ects_earned"] = pd.to_numeric(ects, errors="coerce").astype("float64")
    flag = df["credential_issued"].str.lower()
    df["credential_issued"] = flag.map(
        lambda v: True if v in YES else False if v in NO | {""} else None
    )
    return df


def run(enrollments: str, modules_csv: str, database: str, secret: bytes) -> int:
    """The whole peer pipeline; returns the rows loaded."""
    from pipelines.config import load_project
    from pipelines.paths import BUNDLED_PROJECT

    project = load_project(BUNDLED_PROJECT)
    mods = pd.read_csv(modules_csv, dtype=str, keep_default_na=False)
    module_ects = dict(zip(mods["module_code"], mods["ects"].astype(float), strict=True))
    raw = pd.read_csv(enrollments, dtype=str, keep_default_na=False)
    df = parse(raw)
    vocab = {k: list(v) for k, v in project.vocabularies.items()}
    rules = schema(list(project.partner_codes), module_ects, vocab, project.start, dt.date.today())
    valid = rules.validate(df, lazy=True)
    valid["learner_key"] = [
        hmac.new(secret, f"{p}|{lid}".encode(), hashlib.sha256).hexdigest()
        for p, lid in zip(valid["partner_code"], valid["learner_id"], strict=True)
    ]
    valid = valid.drop(columns=["learner_id"])
    con = duckdb.connect(database, config={"autoinstall_known_extensions": False})
    con.register("valid", valid)
    con.execute("CREATE TABLE enrollments AS SELECT * FROM valid")
    rows = con.execute("SELECT count(*) FROM enrollments").fetchall()[0][0]
    con.close()
    return rows
