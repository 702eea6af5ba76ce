"""Pages of a long list without counting it.

Counting every case an NGO may see costs more than showing a page of them (tens of
milliseconds at national scale, on each visit), and a caseworker wants the newest first and
a way to go further, not a total. So a page reads one row more than it shows: that row says
whether there is a next page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")

# Deep pages are slow with OFFSET and nobody reads page 400 of a list; search narrows instead.
MAX_PAGE = 200


@dataclass(frozen=True)
class Page(Generic[T]):
    rows: Sequence[T]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    def __iter__(self) -> Any:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __bool__(self) -> bool:
        return bool(self.rows)


def page_number(text: object) -> int:
    """The page asked for, 1 when the text is not a page number (never an error page)."""

    try:
        number = int(str(text))
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), MAX_PAGE)


def page_of(rows: Any, number: int, size: int) -> Page[Any]:
    """Rows ``size`` at a time: ``rows`` is an ordered queryset (or a list)."""

    start = (number - 1) * size
    chunk = list(rows[start : start + size + 1])
    return Page(rows=chunk[:size], number=number, has_next=len(chunk) > size)


def first(rows: Any, size: int) -> Page[Any]:
    return page_of(rows, 1, size)
