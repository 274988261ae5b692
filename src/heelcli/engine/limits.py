"""The ranges the exercise file's numbers must fall in: shared by the catalog and the
ladders, which read them, so neither has to import the other for them."""

from __future__ import annotations

REPS_RANGE = (1, 100)
SECONDS_RANGE = (0.5, 600.0)
