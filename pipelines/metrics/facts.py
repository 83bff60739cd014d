"""The indicator facts as one SQL text: ``sql/indicators/_facts.sql`` with every configured
indicator's SELECT (``sql/indicators/<CODE>.sql``, or a data directory's own) put in its
facts CTE, followed by the query that reads them (the actual value, the monthly trajectory
or the rows behind a figure). One definition per indicator, whichever figure is asked for.
"""

from __future__ import annotations

import re

from pipelines.config import Project
from pipelines.paths import sql_file

MARKER = "/* indicator facts */"
COLUMNS = "partner_code, goal, day, value, base"
PARTNERS = "NULL /* partners */"
RECORDS = re.compile(r"SELECT \* /\* records: (\w+) \*/")
# a row's key, ordered as the rows are (submission, then row in the file)
RECORD_KEY = (
    "concat_ws('#', lpad(submission_id::VARCHAR, 12, '0'), lpad(source_row::VARCHAR, 9, '0'))"
)
# any_value() may return any of its group's values: min() is one of them, always the same
ANY_VALUE = re.compile(r"\bany_value\s*\(", re.IGNORECASE)


def facts_sql(
    project: Project, reader: str, codes: list[str] | None = None, records: bool = False
) -> str:
    """The facts of ``project``'s indicators (of ``codes`` when given), read by ``reader``
    (a file of pipelines/sql).

    With ``records`` the facts name their rows: the relations hold only the partners bound
    to ``$partners`` and each row's partner column is its key (``record_partner`` keeps the
    partner), so that the facts, grouped by partner column, are the rows' contributions. A
    fact of several rows (a distinct count) names the first of them: ``any_value`` is read
    as ``min``, one of the values it may give, so the same rows are listed every time.
    """
    parts = []
    for ind in project.indicators:  # codes are checked at load: letters, digits and '-'
        if codes is not None and ind.code not in codes:
            continue
        select = project.indicator_sql[ind.code].read_text(encoding="utf-8").strip().rstrip(";")
        if records:
            select = ANY_VALUE.sub("min(", select)
        parts.append(f"    SELECT '{ind.code}' AS code, {COLUMNS} FROM (\n{select}\n    )")
    union = "\n    UNION ALL\n".join(parts)
    text = sql_file("indicators/_facts.sql")
    if records:
        text = text.replace(PARTNERS, "$partners::VARCHAR[]")
        text = RECORDS.sub(
            lambda m: f"SELECT * REPLACE ({RECORD_KEY} AS {m[1]}), {m[1]} AS record_partner", text
        )
    return text.replace(MARKER, union) + "\n" + sql_file(reader)
