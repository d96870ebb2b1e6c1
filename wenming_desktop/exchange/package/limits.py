"""What a package may hold. The code reads these as ``limits.NAME`` when it runs, so that
a test can lower one with ``monkeypatch.setattr(limits, "NAME", ...)``."""

from __future__ import annotations

import datetime as dt

MAX_TOTAL_BYTES = 2 * 1024**3
MAX_MEMBER_BYTES = 500 * 1024**2
MAX_MEMBERS = 100_000
MAX_RATIO = 100
RATIO_CHECKED_FROM = 10 * 1024**2  # members smaller than this may compress as they like
MAX_MANIFEST_BYTES = 1024**2
MAX_ENTRIES_JSON_BYTES = 256 * 1024**2
#: How far in the future an incoming change time may lie (another PC's clock may be off).
CLOCK_TOLERANCE = dt.timedelta(days=1)
