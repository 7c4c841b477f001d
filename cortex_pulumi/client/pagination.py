"""Lazy iteration over Cortex's ``page``/``pageSize``/``totalPages`` lists."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar

from ._json import ConversionError, structure
from .models.common import Page

__all__ = ["DEFAULT_PAGE_SIZE", "MAX_PAGE_SIZE", "iterate_pages", "parse_page"]

T = TypeVar("T")

DEFAULT_PAGE_SIZE = 250
MAX_PAGE_SIZE = 1000


def check_page_args(page: int, page_size: int) -> None:
    """Reject page arguments Cortex would refuse, before a request is made."""
    if isinstance(page, bool) or not isinstance(page, int) or page < 0:
        raise ValueError(f"page must be a non-negative integer, got {page!r}")
    if isinstance(page_size, bool) or not isinstance(page_size, int) or not 1 <= page_size <= MAX_PAGE_SIZE:
        raise ValueError(f"page_size must be an integer from 1 to {MAX_PAGE_SIZE}, got {page_size!r}")


def parse_page(body: Any, key: str, item: type[T], *, page: int) -> Page[T]:
    """Read ``{page, total, totalPages, <key>: [...]}``; missing envelope fields are derived."""
    if not isinstance(body, Mapping):
        raise ConversionError("", f"expected a paginated object with {key!r}, got {type(body).__name__}")
    raw = body.get(key) or []
    if not isinstance(raw, list):
        raise ConversionError(key, f"expected a list, got {type(raw).__name__}")
    items = tuple(structure(item, entry, _path=f"{key}[{i}]") for i, entry in enumerate(raw))
    total = body.get("total")
    total_pages = body.get("totalPages")
    number = body.get("page")
    return Page(
        items=items,
        page=int(number) if number is not None else page,
        total=int(total) if total is not None else len(items),
        # Without an envelope there is nothing to follow: treat the answer as the last page.
        total_pages=int(total_pages) if total_pages is not None else page + 1,
    )


def iterate_pages(fetch: Callable[[int], Page[T]], *, start: int = 0) -> Iterator[T]:
    """Yield items page by page, fetching the next page only when the previous one is consumed."""
    page_number = start
    while True:
        page = fetch(page_number)
        yield from page.items
        if page.is_last:
            return
        page_number += 1
