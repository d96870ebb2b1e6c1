"""Long work's two lines to whoever waits for it: how far it has got, and 取消.

Every action, and the core functions they call, take one :class:`Steps` (``QUIET`` when
nobody watches): the window passes its progress dialog's, the CLI nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from wenming_desktop.errors import UserError

#: ``progress(done, total, text)``: how far the work got (``total`` 0: not known yet).
Progress = Callable[[int, int, str], None]
#: ``cancelled()``: the clerk pressed 取消.
Cancelled = Callable[[], bool]


@dataclass(frozen=True, slots=True)
class Steps:
    progress: Progress | None = None
    cancelled: Cancelled | None = None

    def report(self, done: int, total: int, text: str = "") -> None:
        if self.progress is not None:
            self.progress(done, total, text)

    @property
    def stopped(self) -> bool:
        return self.cancelled is not None and self.cancelled()

    def stop_if_cancelled(self, message: str) -> None:
        """Raise :class:`UserError` with ``message`` once the clerk has pressed 取消."""
        if self.stopped:
            raise UserError(message)


#: Nobody watches: no progress is shown, nothing cancels.
QUIET = Steps()
