"""Numbers, percentages and dates in each language's conventions, through Babel (CLDR).

English "2,031.5", Russian "2 031,5", "30 ноября 2026". These are the low-level formatters;
``present.Words`` decides decimals per unit and the words for missing values.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from babel import Locale
from babel.dates import format_date as babel_date
from babel.numbers import format_decimal

from pipelines.rounding import half_up

CLDR = {"en": "en_GB", "ru": "ru", "kk": "kk", "uz": "uz_Latn", "qps": "en_GB"}


@cache
def locale_of(lang: str) -> Locale:
    return Locale.parse(CLDR.get(lang, "en_GB"))


def format_number(value: float | int, lang: str, decimals: int | None = None) -> str:
    """A number with the language's separators; ``decimals`` fixed, or as few as needed (≤ 2)."""
    if decimals is None:
        rounded = half_up(value, 2).normalize()
        decimals = max(0, -rounded.as_tuple().exponent)  # type: ignore[operator]
    rounded = half_up(value, decimals)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(rounded, format=pattern, locale=locale_of(lang))


def format_percent_value(value: float, lang: str, decimals: int = 1) -> str:
    """A value already in percent (48.3) as '48.3 %' / '48,3 %' (a no-break space before %)."""
    return f"{format_number(value, lang, decimals)}\u00a0%"


def format_date(day: dt.date, lang: str, form: str = "long") -> str:
    """'30 November 2026', '30 ноября 2026 г.', with ``form`` short/medium/long."""
    return babel_date(day, format=form, locale=locale_of(lang))


def format_value(value: object, lang: str) -> str:
    """How a message parameter is shown: numbers and dates per language, the rest as text."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format_number(value, lang)
    if isinstance(value, dt.datetime):
        return format_date(value.date(), lang)
    if isinstance(value, dt.date):
        return format_date(value, lang)
    return "" if value is None else str(value)
