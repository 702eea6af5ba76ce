"""Statistical disclosure control for tables of counts: primary and secondary cell suppression.

A table is published with its row totals, column totals and grand total. Counting the margins
as cells, the table is a grid of (R+1) x (C+1) numbers bound by one equation per row and one
per column (the cells of a line add up to its total). Suppressed cells are the unknowns.

Seen as a graph (a node per row equation and per column equation, an edge per cell), the
unknowns a reader can work out from the published numbers are exactly the *bridges* among the
suppressed edges: a suppressed cell on a cycle of suppressed cells can move up and down the
cycle (+t, -t, ...) without changing a published total, so its value is not determined. A
suppressed cell that is the only unknown of its line is the simplest bridge. This module:

1. suppresses every cell (margins included) with 0 < count < threshold (primary);
2. while some suppressed cell is a bridge, suppresses one more cell that closes a cycle through
   it, preferring the smallest positive count (secondary), so the published margins never give
   a suppressed cell back.

Zero cells are not primary-suppressed: a zero says nobody, which identifies no one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

Cell = tuple[int, int]


@dataclass(frozen=True)
class Protected:
    """A table and which of its numbers may be shown. ``values`` is the (R+1) x (C+1) grid with
    the row totals in the last column and the column totals in the last row."""

    values: tuple[tuple[int, ...], ...]
    suppressed: frozenset[Cell]
    primary: frozenset[Cell]

    @property
    def rows(self) -> int:
        return len(self.values) - 1

    @property
    def columns(self) -> int:
        return len(self.values[0]) - 1

    def hidden(self, row: int, column: int) -> bool:
        """Whether the cell is suppressed; ``-1`` stands for the total row or column."""

        r = self.rows if row == -1 else row
        c = self.columns if column == -1 else column
        return (r, c) in self.suppressed


def extend(body: Sequence[Sequence[int]]) -> list[list[int]]:
    """The body with its row totals, column totals and grand total added."""

    rows = [[*list(r), sum(r)] for r in body]
    width = len(rows[0]) if rows else 1
    totals = [sum(r[j] for r in rows) for j in range(width)]
    return [*rows, totals]


def _bridges(edges: set[Cell], rows: int) -> set[Cell]:
    """Bridges of the bipartite multigraph whose edge (r, c) joins row node r and column node c."""

    adjacency: dict[str, list[tuple[str, Cell]]] = defaultdict(list)
    for r, c in edges:
        adjacency[f"r{r}"].append((f"c{c}", (r, c)))
        adjacency[f"c{c}"].append((f"r{r}", (r, c)))
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    found: set[Cell] = set()
    counter = 0
    for root in list(adjacency):
        if root in order:
            continue
        # Iterative depth-first search (Tarjan), remembering the edge we came by.
        order[root] = low[root] = counter
        counter += 1
        stack: list[tuple[str, Cell | None, int]] = [(root, None, 0)]
        while stack:
            node, via, index = stack[-1]
            if index < len(adjacency[node]):
                stack[-1] = (node, via, index + 1)
                neighbour, edge = adjacency[node][index]
                if edge == via:
                    continue
                if neighbour not in order:
                    order[neighbour] = low[neighbour] = counter
                    counter += 1
                    stack.append((neighbour, edge, 0))
                else:
                    low[node] = min(low[node], order[neighbour])
            else:
                stack.pop()
                if stack:
                    parent = stack[-1][0]
                    low[parent] = min(low[parent], low[node])
                    if low[node] > order[parent] and via is not None:
                        found.add(via)
    return found


def _component(edges: set[Cell], start: str, without: Cell) -> set[str]:
    adjacency: dict[str, list[str]] = defaultdict(list)
    for r, c in edges:
        if (r, c) == without:
            continue
        adjacency[f"r{r}"].append(f"c{c}")
        adjacency[f"c{c}"].append(f"r{r}")
    seen = {start}
    todo = [start]
    while todo:
        for neighbour in adjacency[todo.pop()]:
            if neighbour not in seen:
                seen.add(neighbour)
                todo.append(neighbour)
    return seen


def _cheapest(grid: list[list[int]], candidates: list[Cell]) -> Cell:
    # The smallest positive count loses least information; a total only when no inner cell
    # will do (a hidden total hides a whole row or column); a zero only when nothing else joins.
    last_row, last_column = len(grid) - 1, len(grid[0]) - 1

    def cost(rc: Cell) -> tuple[bool, bool, int, Cell]:
        value = grid[rc[0]][rc[1]]
        return value == 0, rc[0] == last_row or rc[1] == last_column, value, rc

    return min(candidates, key=cost)


def protect(
    body: Sequence[Sequence[int]],
    threshold: int,
    margins: tuple[Sequence[int], Sequence[int], int] | None = None,
) -> Protected:
    """Primary and secondary suppression of ``body`` (rows of counts) with its margins.

    ``margins`` (row totals, column totals, grand total) are the totals as published when they
    are not plain sums (counts of distinct persons: one person in two columns is one in the
    row); primary suppression looks at them, and the equations are treated as sums all the
    same, which is the reader's best attack.
    """

    grid = extend(body) if body else [[0]]
    if body and margins is not None:
        row_totals, column_totals, grand = margins
        for i, value in enumerate(row_totals):
            grid[i][-1] = value
        grid[-1] = [*column_totals, grand]
    height, width = len(grid), len(grid[0])
    primary = {(r, c) for r in range(height) for c in range(width) if 0 < grid[r][c] < threshold}
    suppressed = set(primary)
    while True:
        bridges = _bridges(suppressed, height)
        if not bridges:
            break
        r, c = min(bridges, key=lambda rc: (grid[rc[0]][rc[1]], rc))
        side_r = _component(suppressed, f"r{r}", (r, c))
        side_c = _component(suppressed, f"c{c}", (r, c))
        # A new cell from a row on the column's side to a column on the row's side closes a
        # cycle through (r, c). Each side holds at least its own end node.
        rows_b = [int(n[1:]) for n in side_c if n.startswith("r")] or [
            row for row in range(height) if row != r
        ]
        cols_a = [int(n[1:]) for n in side_r if n.startswith("c")] or [
            col for col in range(width) if col != c
        ]
        candidates = [(rb, ca) for rb in rows_b for ca in cols_a if (rb, ca) not in suppressed]
        # A cell in a line whose published total is 0 is 0 for all to see: it hides nothing.
        candidates = [rc for rc in candidates if grid[rc[0]][-1] and grid[-1][rc[1]]]
        if not candidates:
            candidates = [
                (rr, cc) for rr in range(height) for cc in range(width)
                if (rr, cc) not in suppressed and grid[rr][-1] and grid[-1][cc]
            ]  # fmt: skip
        if not candidates:
            break
        suppressed.add(_cheapest(grid, candidates))
    return Protected(
        values=tuple(tuple(row) for row in grid), suppressed=frozenset(suppressed), primary=frozenset(primary)
    )


def protect_series(values: Sequence[int], threshold: int) -> Protected:
    """A one-dimensional breakdown published with its total (a table of one row)."""

    return protect([list(values)], threshold)
