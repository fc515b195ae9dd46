"""Progress reports from a running solve, and the caller's way to stop it."""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[dict[str, object]], bool]
"""Called at each pricing round and MIP stage with the phase and figures; False asks to stop."""


class Reporter:
    """Passes figures to a ``Progress`` callback and remembers when it asked to stop."""

    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress
        self.cancelled = False

    def __call__(self, phase: str, **figures: object) -> None:
        if self.progress is not None and not self.progress({"phase": phase, **figures}):
            self.cancelled = True
