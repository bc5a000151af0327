"""Time for the watcher: what it is now, and waiting; tests pass a fake one.

    >>> clock = SystemClock()
    >>> clock.now().tzinfo is not None
    True

The watcher never calls `time` or `datetime.now` itself, so a test can run a day of
polling in a millisecond and see every sleep it asked for.
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """What the watcher needs of time."""

    def now(self) -> datetime:
        """The current time, timezone-aware (UTC)."""
        ...

    def sleep(self, seconds: float) -> None:
        """Wait `seconds` (or less, when woken to stop)."""
        ...


class SystemClock:
    """The real clock; a sleep ends early when `wake` is set (SIGTERM during a long wait)."""

    def __init__(self, wake: threading.Event | None = None) -> None:
        self.wake = wake

    def now(self) -> datetime:
        return datetime.now(UTC)

    def sleep(self, seconds: float) -> None:
        if seconds <= 0:
            return
        if self.wake is None:
            time.sleep(seconds)
        else:
            self.wake.wait(seconds)


class ManualClock:
    """A clock that moves only when told: sleep() records the wait and moves on by it.

        >>> clock = ManualClock(datetime(2025, 3, 3, 9, 0, tzinfo=UTC))
        >>> clock.sleep(5); clock.sleeps, clock.now().minute
        ([5], 0)

    For tests (no test sleeps) and for dry runs of a schedule.
    """

    def __init__(self, start: datetime) -> None:
        self.at = start
        self.sleeps: list[float] = []

    def now(self) -> datetime:
        return self.at

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.advance(seconds)

    def advance(self, seconds: float) -> None:
        self.at += timedelta(seconds=seconds)
