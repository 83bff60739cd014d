"""Disclosure control for published counts: small counts are withheld, and enough other
cells with them that no published total or breakdown gives a withheld count back.

A table is a cube of dimensions (SDG, country, period), each with a total level ``ALL``.
Every line of the cube (one dimension varying, the others fixed, totals included) is read
as an equation: the members add up to the total. This holds for countries (each learner
belongs to one partner) and is assumed, to be safe, for SDGs and periods too (where a
learner may count in several, the sum only overstates the total).

1. Primary suppression: every count below the minimum (zero included) is withheld.
2. Secondary suppression: a line with exactly one withheld cell would give it back by
   difference, so its smallest published member (or its total) is withheld as well.
3. Audit: withheld cells are unknowns of the system of all lines; a cell whose value the
   published cells determine (its unit vector lies in the row space of the system) gets one
   more published neighbour withheld, and the steps repeat until none is determined.
Percentages are published only on a base of at least ``min_base`` and when neither the
counted part nor the rest is below the minimum count.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np

TOTAL = "ALL"
Key = tuple[str, ...]


def lines(levels: Sequence[Sequence[str]]) -> list[tuple[int, list[Key]]]:
    """Every line of the cube: (the varying dimension, its keys with the total last)."""
    found = []
    for d, own in enumerate(levels):
        others = [lv for i, lv in enumerate(levels) if i != d]
        members = [lv for lv in own if lv != TOTAL] + [TOTAL]
        for fixed in itertools.product(*others):
            keys = [(*fixed[:d], level, *fixed[d:]) for level in members]
            found.append((d, keys))
    return found


def determined(all_lines: list[tuple[int, list[Key]]], hidden: set[Key]) -> list[Key]:
    """Withheld cells whose value follows from the published ones by linear algebra."""
    unknown = sorted(hidden)
    index = {k: i for i, k in enumerate(unknown)}
    rows = []
    for d, keys in all_lines:
        row = np.zeros(len(unknown))
        for k in keys:
            if k in index:
                row[index[k]] += -1.0 if k[d] == TOTAL else 1.0
        if row.any():
            rows.append(row)
    if not rows:
        return []
    system = np.array(rows)
    rank = np.linalg.matrix_rank(system)
    exposed = []
    for k, i in index.items():
        unit = np.zeros(len(unknown))
        unit[i] = 1.0
        if np.linalg.matrix_rank(np.vstack([system, unit])) == rank:
            exposed.append(k)
    return exposed


def protect(values: dict[Key, float], levels: Sequence[Sequence[str]], min_count: int) -> set[Key]:
    """The cells to withhold: primary (below ``min_count``) and secondary."""
    hidden = {k for k, v in values.items() if v < min_count}
    all_lines = lines(levels)
    while True:
        if _close_lines(values, all_lines, hidden):
            continue
        exposed = determined(all_lines, hidden)
        if not exposed:
            return hidden
        neighbours = [
            (d, keys) for d, keys in all_lines if exposed[0] in keys
        ]  # the lines through the exposed cell
        if not any(k not in hidden for _, keys in neighbours for k in keys):
            neighbours = all_lines
        if len(hidden) == len(values):
            return hidden
        hidden.add(_smallest(values, neighbours, hidden))


def _close_lines(values, all_lines, hidden: set[Key]) -> bool:
    """Withhold a second cell in every line that has exactly one; True if any was added."""
    added = False
    for d, keys in all_lines:
        if sum(k in hidden for k in keys) == 1:
            hidden.add(_smallest(values, [(d, keys)], hidden))
            added = True
    return added


def _smallest(values, candidate_lines, hidden: set[Key]) -> Key:
    """The published cell to give up: a member before a total, the smallest value first."""
    options = [
        (k[d] == TOTAL, values[k], k)
        for d, keys in candidate_lines
        for k in keys
        if k not in hidden
    ]
    return min(options)[2]


def share_allowed(part: float, base: float, min_count: int, min_base: int) -> bool:
    """A percentage may be shown: base large enough, and neither side of it a small count."""
    return base >= min_base and part >= min_count and base - part >= min_count
