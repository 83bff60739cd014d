"""The indicator facts as one SQL text: ``sql/indicators/_facts.sql`` with every configured
indicator's SELECT (``sql/indicators/<CODE>.sql``, or a data directory's own) put in its
facts CTE, followed by the query that reads them (the actual value or the monthly
trajectory). One definition per indicator, whichever figure is asked for.
"""

from __future__ import annotations

from pipelines.config import Project
from pipelines.paths import sql_file

MARKER = "/* indicator facts */"
COLUMNS = "partner_code, goal, day, value, base"


def facts_sql(project: Project, reader: str) -> str:
    """The facts of ``project``'s indicators, read by ``reader`` (a file of pipelines/sql)."""
    parts = []
    for ind in project.indicators:  # codes are checked at load: letters, digits and '-'
        select = project.indicator_sql[ind.code].read_text(encoding="utf-8").strip().rstrip(";")
        parts.append(f"    SELECT '{ind.code}' AS code, {COLUMNS} FROM (\n{select}\n    )")
    union = "\n    UNION ALL\n".join(parts)
    return sql_file("indicators/_facts.sql").replace(MARKER, union) + "\n" + sql_file(reader)
