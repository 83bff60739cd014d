"""The one rounding rule of every figure people read: halves rounded away from zero.

Pages, reports, the public page and the command line all round percentages, shares and
medians here, so a figure reads the same wherever it is shown (57.15 % is 57.2 % on the
dashboard and in the PDF). Python's ``round`` rounds halves to even and sees the binary
value (``round(0.125, 2)`` is 0.12, ``round(2.675, 2)`` is 2.67); people and the reports'
readers expect 0.13 and 2.68, so the decimal written is what is rounded.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

PERCENT_PLACES = 1  # a percentage or a share in percent: one decimal (48.3 %)
FIGURE_PLACES = 2  # any other figure: at most two decimals


def half_up(value: float | int, places: int) -> Decimal:
    """``value`` as written (its shortest repr), halves rounded away from zero."""
    return _exact(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def rounded(value: float | int | None, places: int = FIGURE_PLACES) -> float | None:
    """A figure rounded by the one rule, as a float (None stays None)."""
    return None if value is None else float(half_up(value, places))


def percent(
    part: float | int | None, whole: float | int | None, places: int = PERCENT_PLACES
) -> float | None:
    """``part`` as a percentage of ``whole`` (57.15 -> 57.2); None without both or a whole."""
    if part is None or not whole:
        return None
    exact = _exact(part) * 100 / _exact(whole)
    return float(exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def as_percent(share: float | None, places: int = PERCENT_PLACES) -> float | None:
    """A share (0.4835) in percent (48.4); None stays None."""
    if share is None:
        return None
    exact = _exact(share) * 100
    return float(exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def _exact(value: float | int) -> Decimal:
    return Decimal(value) if isinstance(value, int) else Decimal(repr(float(value)))
