"""The one door for time: everything asks now(); tests can set it."""

from datetime import UTC, datetime

_frozen: datetime | None = None


def now() -> datetime:
    """Current time, timezone-aware UTC."""
    return _frozen or datetime.now(UTC)


def set_now(value: datetime | None) -> None:
    """Freeze the clock (tests); None lets it run again."""
    global _frozen
    _frozen = value
