"""The one door for time: everything asks now(); tests can set it."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

_frozen: datetime | None = None


def now() -> datetime:
    """Current time, timezone-aware UTC."""
    return _frozen or datetime.now(UTC)


def set_now(value: datetime | None) -> None:
    """Freeze the clock (tests); None lets it run again."""
    global _frozen
    _frozen = value


@contextmanager
def frozen_at(moment: datetime) -> Iterator[None]:
    """Run a block as if at `moment` (the demo replays a past edition), then restore the clock."""
    global _frozen
    previous, _frozen = _frozen, moment
    try:
        yield
    finally:
        _frozen = previous
