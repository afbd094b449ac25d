"""One page of a long list: the database counts the rows and reads only the page's."""

import math
from dataclasses import dataclass

from sqlalchemy import Select, func, select

from seminar.extensions import db

PAGE_SIZE = 50


@dataclass
class Page:
    items: list
    total: int
    page: int
    pages: int


def paginate(query: Select, page: int, size: int = PAGE_SIZE, scalars: bool = True) -> Page:
    """Page `page` (from 1; out of range means the nearest) of an ordered query's rows."""
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    pages = max(1, math.ceil(total / size))
    page = min(max(1, page), pages)
    window = query.limit(size).offset((page - 1) * size)
    items = (db.session.scalars(window) if scalars else db.session.execute(window)).all()
    return Page(list(items), total, page, pages)
