"""Pages of a listing: limit and offset over a query with a stable order (every listing
orders by its key and then the row id, so a row is on exactly one page).

    first = notes.list_notes(ctx, "C-001", limit=25)
    first.items, first.total, first.has_next  # the next page: offset=first.next_offset
    for summary in each_item(lambda o, n: notes.list_notes(ctx, "C-001", offset=o, limit=n)):
        ...  # every page in turn (the command line prints whole listings)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from notewell.core.errors import InputError

T = TypeVar("T")

AnySelect = Select[*tuple[Any, ...]]  # a select of any columns (SQLAlchemy 2.1)

DEFAULT_LIMIT = 25
MAX_LIMIT = 500
MAX_PAGE_NUMBER = 100_000


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: tuple[T, ...]
    offset: int
    limit: int
    total: int  # rows the actor may see in the whole listing, not only on this page

    @property
    def has_next(self) -> bool:
        return self.offset + len(self.items) < self.total

    @property
    def has_prev(self) -> bool:
        return self.offset > 0

    @property
    def next_offset(self) -> int:
        return self.offset + self.limit

    @property
    def number(self) -> int:
        """1 for the first page (what a page's link carries)."""
        return self.offset // self.limit + 1

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.limit))


def check_window(offset: int, limit: int) -> None:
    if offset < 0:
        raise InputError("a page starts at offset 0 or later")
    if not 1 <= limit <= MAX_LIMIT:
        raise InputError(f"a page holds 1 to {MAX_LIMIT} rows")


def offset_of(number: int, limit: int = DEFAULT_LIMIT) -> int:
    """The offset of page `number` (1-based; out of range: the first or the last page
    there could be, so an absurd number never reaches the database)."""
    return (min(max(number, 1), MAX_PAGE_NUMBER) - 1) * limit


def fetch_page(
    session: Session,
    query: AnySelect,
    offset: int,
    limit: int,
    build: Callable[[Any], T],
    keep: Callable[[Any], bool] | None = None,
) -> Page[T]:
    """One count and one page of `query` (already filtered and ordered); `build` turns
    a result row into the detached view; `keep` re-checks a row (see services.access)."""
    check_window(offset, limit)
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows: Sequence[Any] = session.execute(query.offset(offset).limit(limit)).all()
    kept = [row for row in rows if keep is None or keep(row)]
    return Page(tuple(build(row) for row in kept), offset, limit, int(total or 0))


def each_item(fetch: Callable[[int, int], Page[T]], limit: int = MAX_LIMIT) -> Iterator[T]:
    """Every item of a listing, a page at a time (`fetch(offset, limit)`)."""
    offset = 0
    while True:
        page = fetch(offset, limit)
        yield from page.items
        if not page.has_next:
            return
        offset = page.next_offset
