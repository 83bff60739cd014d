"""Safe values for spreadsheets: a cell that starts like a formula must stay text.

Excel, LibreOffice and Google Sheets run a cell beginning with ``=``, ``+``, ``-`` or ``@``
(also after a TAB or CR) as a formula, so a partner's activity title such as
``=HYPERLINK("http://evil", "click")`` could run on the coordinator's machine. Every
export of submitted text goes through ``safe_cell``: the leading apostrophe makes it text.

CSV adds a second way in: Excel in Spain or Italy splits a line on ``;`` (the list
separator of those locales), so an unquoted ``x;=1+1`` becomes two cells, the second a
formula. CSV downloads therefore quote every text field (``;`` and ``,`` included), and a
text that holds a separator followed by a formula start is neutralised as a whole.
"""

from __future__ import annotations

import csv
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is imported where a CSV is written: the command line needs it not
    import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# a list separator (any locale's: ',' ';' TAB '|'), optional blanks or quotes, a formula start
_SPLIT_FORMULA = re.compile(r"[,;\t|][\s\"']*[=+\-@\uff1d\uff0b\uff0d\uff20]")


def safe_cell(value: object) -> object:
    """Text that could start a formula gets a leading apostrophe; lists are joined with '; '.

    None stays None and numbers, dates and booleans pass unchanged.
    """
    if isinstance(value, (list, tuple)):
        value = "; ".join("" if v is None else str(v) for v in value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_csv_cell(value: object) -> object:
    """``safe_cell``, and also text that a spreadsheet could split into a formula cell."""
    value = safe_cell(value)
    if isinstance(value, str) and not value.startswith("'") and _SPLIT_FORMULA.search(value):
        return "'" + value
    return value


def safe_csv_bytes(df: pd.DataFrame) -> bytes:
    """A CSV download (UTF-8 with BOM, so Excel reads Cyrillic): every text cell neutralised
    and quoted, so no list separator inside a text can start a new cell."""
    import pandas as pd

    out = df.copy()
    for column in out.columns:
        if not (
            pd.api.types.is_numeric_dtype(out[column]) or pd.api.types.is_bool_dtype(out[column])
        ):
            out[column] = out[column].map(safe_csv_cell).astype(object)
    return out.to_csv(index=False, quoting=csv.QUOTE_NONNUMERIC).encode("utf-8-sig")
