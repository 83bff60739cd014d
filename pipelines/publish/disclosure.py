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
   published cells determine (its coordinate vanishes on the system's null space) gets one
   more published neighbour withheld, and the steps repeat until none is determined.
4. Bounds: counts are not negative, so the published cells also bound a withheld one (the
   least and the most it can be, two linear programmes over the lines as they truly hold:
   countries add up; a learner may count under several SDGs or periods, so there a member is
   at most its total, and periods together cover it). A withheld cell whose range is
   narrower than the minimum count gets one more published neighbour withheld, until every
   withheld cell can lie anywhere in a range at least ``min_count`` wide.
Percentages are published only on a base of at least ``min_base`` and when neither the
counted part nor the rest is below the minimum count; a share is protected as counts: its
part, the rest of its base and (when given) the rest of a published whole are one more
dimension of the cube (``share_cells``), so no published total bounds it either.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import highspy
import numpy as np

TOTAL = "ALL"
EPS = 1e-6  # a solver's rounding: a range of 4.9999999 is a range of 5
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
    # a cell is determined when every solution of the homogeneous system leaves it at zero:
    # its coordinate vanishes on the null space (one decomposition for all cells)
    system = np.array(rows)
    _, singular, vt = np.linalg.svd(system)
    rank = int((singular > 1e-9 * max(1.0, singular.max(initial=0.0))).sum())
    null = vt[rank:]
    if null.shape[0] == 0:
        return list(unknown)
    return [k for k, i in index.items() if np.allclose(null[:, i], 0.0, atol=1e-9)]


SUM, COVER, OVERLAP = "sum", "cover", "overlap"  # how a dimension's members make its total


def _system(
    values: dict[Key, float],
    all_lines: list[tuple[int, list[Key]]],
    hidden: set[Key],
    relations: Sequence[str],
) -> tuple[dict[Key, int], tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """The lines over the withheld cells: equalities for members that add up to their total
    (``sum``), inequalities where one item may count under several members: each member is
    at most the total (``overlap``), and together at least it (``cover``, as periods that
    span the project)."""
    index = {k: i for i, k in enumerate(sorted(hidden))}
    eq: tuple[list, list] = ([], [])
    ub: tuple[list, list] = ([], [])

    def add(target: tuple[list, list], signed: list[tuple[float, Key]]) -> None:
        row = np.zeros(len(index))
        known = 0.0
        for sign, k in signed:
            if k in index:
                row[index[k]] += sign
            else:
                known += sign * values[k]
        if row.any():
            target[0].append(row)
            target[1].append(-known)

    for d, keys in all_lines:
        total, members = keys[-1], keys[:-1]
        if relations[d] == SUM:
            add(eq, [(1.0, k) for k in members] + [(-1.0, total)])
            continue
        for k in members:
            add(ub, [(1.0, k), (-1.0, total)])
        if relations[d] == COVER:
            add(ub, [(-1.0, k) for k in members] + [(1.0, total)])
    n = len(index)

    def arrays(pair: tuple[list, list]) -> tuple[np.ndarray, np.ndarray]:
        return np.array(pair[0]).reshape(len(pair[0]), n), np.array(pair[1])

    return index, arrays(eq), arrays(ub)


class _Bounds:
    """The least and the most each withheld cell can be, as linear programmes over one model.

    The lines are passed to HiGHS once; only the objective changes from one cell to the next,
    so every solve after the first starts from the last basis (primal simplex keeps it
    feasible), where building the programme per cell cost most of the public page's time."""

    def __init__(self, eq: tuple[np.ndarray, np.ndarray], ub: tuple[np.ndarray, np.ndarray]):
        self.n = max(eq[0].shape[1], ub[0].shape[1])
        self.highs = highspy.Highs()
        self.highs.silent()
        self.highs.setOptionValue("simplex_strategy", 4)  # primal: a new objective stays feasible
        matrix = np.vstack([eq[0], ub[0]]).reshape(-1, self.n)
        inf = highspy.kHighsInf
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = self.n, matrix.shape[0]
        lp.col_cost_ = np.zeros(self.n)
        lp.col_lower_, lp.col_upper_ = np.zeros(self.n), np.full(self.n, inf)
        lp.row_lower_ = np.concatenate([eq[1], np.full(len(ub[1]), -inf)])
        lp.row_upper_ = np.concatenate([eq[1], ub[1]])
        rows, cols = np.nonzero(matrix)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
        lp.a_matrix_.start_ = np.searchsorted(rows, np.arange(matrix.shape[0] + 1)).tolist()
        lp.a_matrix_.index_ = cols.tolist()
        lp.a_matrix_.value_ = matrix[rows, cols].tolist()
        self.highs.passModel(lp)
        self.costed: int | None = None

    def extreme(self, i: int, sense: float) -> float:
        """The least (sense 1) or the most (sense -1) withheld cell ``i`` can be."""
        if self.costed is not None and self.costed != i:
            self.highs.changeColCost(self.costed, 0.0)
        self.highs.changeColCost(i, sense)
        self.costed = i
        self.highs.run()
        if self.highs.getModelStatus() == highspy.HighsModelStatus.kOptimal:
            return sense * self.highs.getInfo().objective_function_value
        return float("inf") if sense < 0 else 0.0


def ranges(
    values: dict[Key, float],
    all_lines: list[tuple[int, list[Key]]],
    hidden: set[Key],
    relations: Sequence[str],
) -> dict[Key, tuple[float, float]]:
    """The least and the most each withheld cell can be, given every published cell, the
    lines and that no count is negative (what anyone holding the published table can say)."""
    index, eq, ub = _system(values, all_lines, hidden, relations)
    if not index:
        return {}
    bounds = _Bounds(eq, ub)
    return {k: (bounds.extreme(i, 1.0), bounds.extreme(i, -1.0)) for k, i in index.items()}


def narrow(
    values: dict[Key, float],
    all_lines: list[tuple[int, list[Key]]],
    hidden: set[Key],
    min_count: int,
    relations: Sequence[str],
    wide: set[Key] | None = None,
) -> list[Key]:
    """Withheld cells the published ones pin to a range narrower than ``min_count``.

    Withholding more only widens a range (a withheld cell may still take its old value), so
    cells found wide enough once (``wide``, updated) are not solved again; a cell that can
    reach ``min_count`` above its own value needs no lower end."""
    wide = set() if wide is None else wide
    index, eq, ub = _system(values, all_lines, hidden, relations)
    if not index:
        return []
    bounds = _Bounds(eq, ub)
    found = []
    for k, i in index.items():
        if k in wide:
            continue
        hi = bounds.extreme(i, -1.0)
        if hi - values[k] >= min_count - EPS or hi - bounds.extreme(i, 1.0) >= min_count - EPS:
            wide.add(k)
        else:
            found.append(k)
    return found


def protect(
    values: dict[Key, float],
    levels: Sequence[Sequence[str]],
    min_count: int,
    relations: Sequence[str] | None = None,
) -> set[Key]:
    """The cells to withhold: primary (below ``min_count``) and secondary. ``relations``
    says per dimension how its members make the total (default: they add up); exact
    recovery is checked as if they always added up, the safer assumption."""
    relations = relations or [SUM] * len(levels)
    hidden = {k for k, v in values.items() if v < min_count}
    all_lines = lines(levels)
    wide: set[Key] = set()
    while True:
        if len(hidden) == len(values):
            return hidden
        if _close_lines(values, all_lines, hidden):
            continue
        exposed = determined(all_lines, hidden) or narrow(
            values, all_lines, hidden, min_count, relations, wide
        )
        if not exposed:
            return hidden
        added: set[Key] = set()
        for cell in exposed:  # one more published neighbour for each, in one round
            neighbours = [(d, keys) for d, keys in all_lines if cell in keys]
            if any(k in added for _, keys in neighbours for k in keys):
                continue  # a line through it has just lost a cell: look again first
            if not any(k not in hidden for _, keys in neighbours for k in keys):
                neighbours = all_lines
            if len(hidden) < len(values):
                chosen = _smallest(values, neighbours, hidden)
                hidden.add(chosen)
                added.add(chosen)


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
