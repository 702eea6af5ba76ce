from __future__ import annotations

import pytest

from phlov.core.paging import MAX_PAGE, first, page_number, page_of


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("3", 3),
        (None, 1),
        ("", 1),
        ("abc", 1),
        ("0", 1),
        ("-4", 1),
        ("2.5", 1),
        (str(MAX_PAGE + 9), MAX_PAGE),
    ],
)
def test_page_number_never_fails(text: object, number: int) -> None:
    assert page_number(text) == number


def test_pages_cover_every_row_once_and_say_when_there_is_more() -> None:
    rows = list(range(53))
    seen: list[int] = []
    number = 1
    while True:
        page = page_of(rows, number, 25)
        seen.extend(page)
        assert page.has_previous == (number > 1)
        if not page.has_next:
            break
        number = page.next_page_number
    assert seen == rows and number == 3 and len(page) == 3


def test_an_exact_fit_has_no_next_page() -> None:
    page = first(list(range(20)), 20)
    assert len(page) == 20 and not page.has_next and bool(page)
    assert not first([], 20)
