"""Suppression proven on generated tables: every cell under the threshold is hidden, and no
hidden cell can be worked back from the published cells and totals. The check is a linear
programme (scipy): for each hidden cell, its smallest and largest value over all non-negative
tables with the published numbers; a hidden cell is safe when the two differ."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from phlov.stats.disclosure import Protected, protect

THRESHOLD = 11

counts = st.one_of(st.integers(0, 12), st.integers(0, 60))
tables = st.integers(1, 5).flatmap(
    lambda rows: st.integers(1, 5).flatmap(
        lambda cols: st.lists(st.lists(counts, min_size=cols, max_size=cols), min_size=rows, max_size=rows)
    )
)


def determined(result: Protected) -> list[tuple[int, int]]:
    """Hidden cells whose value the published numbers fix (min == max over the LP)."""

    grid = result.values
    height, width = len(grid), len(grid[0])
    unknowns = sorted(result.suppressed)
    if not unknowns:
        return []
    index = {cell: k for k, cell in enumerate(unknowns)}
    equations: list[list[float]] = []
    rhs: list[float] = []
    # Row r (0..height-1): body cells add up to the last cell; column c likewise.
    lines = [[(r, c) for c in range(width)] for r in range(height)] + [
        [(r, c) for r in range(height)] for c in range(width)
    ]
    for line in lines:
        coefficients = [0.0] * len(unknowns)
        constant = 0.0
        for position, cell in enumerate(line):
            sign = -1.0 if position == len(line) - 1 else 1.0  # the total is the last of the line
            if cell in index:
                coefficients[index[cell]] += sign
            else:
                constant -= sign * grid[cell[0]][cell[1]]
        if any(coefficients):
            equations.append(coefficients)
            rhs.append(constant)
    a_eq, b_eq = np.array(equations), np.array(rhs)
    fixed = []
    for cell, k in index.items():
        objective = np.zeros(len(unknowns))
        objective[k] = 1.0
        low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        high = linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        assert low.status == 0 and high.status in (0, 3)  # 3: unbounded above, certainly not fixed
        if high.status == 0 and -high.fun - low.fun < 0.5:
            fixed.append(cell)
    return fixed


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables)
def test_no_suppressed_cell_is_determined_by_the_published_margins(body: list[list[int]]) -> None:
    result = protect(body, THRESHOLD)
    grid = result.values
    for r, row in enumerate(grid):
        for c, value in enumerate(row):
            if 0 < value < THRESHOLD:
                assert (r, c) in result.suppressed, "a small cell is shown"
    assert determined(result) == []
    # The standard rule holds as well: no line with exactly one hidden cell.
    for r in range(len(grid)):
        assert sum((r, c) in result.suppressed for c in range(len(grid[0]))) != 1
    for c in range(len(grid[0])):
        assert sum((r, c) in result.suppressed for r in range(len(grid))) != 1


def test_a_single_small_cell_takes_a_complement_in_its_row_and_column() -> None:
    result = protect([[5, 20, 30], [40, 50, 60], [25, 35, 45]], THRESHOLD)
    assert (0, 0) in result.primary
    assert len(result.suppressed) >= 4 and determined(result) == []


def test_a_table_without_small_cells_is_shown_whole() -> None:
    assert protect([[12, 20], [0, 50]], THRESHOLD).suppressed == frozenset()
