"""The clock: the one place actionplan reads today's date.

Each command reads it once and passes the day down; the core (checks, progress, reports)
takes ``today`` as an argument and never looks at the clock, so a run sees one day from
start to end and tests set the day here (``monkeypatch.setattr(clock, "today", ...)``).
"""

from __future__ import annotations

from datetime import date


def today() -> date:
    """Today's date on this computer."""
    return date.today()
