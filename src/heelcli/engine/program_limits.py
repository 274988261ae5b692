"""The program rules' numbers that their words quote, and the model they come from.

Apart from engine.progression so that `heel why` can state the rules without loading the
rule engine (and the records and ladders it brings): bench/startup.py.
"""

from __future__ import annotations

PAIN_LIMIT = 5
PAIN_FREE = 2  # pain at most this (and settled) counts as pain-free for moving up
WEEK_RISE_DOWN = 2  # points of rise in the weekly average morning pain or stiffness
ASK_UNTIL_HOURS = 48  # the next-morning question is asked up to 48 h after the session
BREAK_DAYS = 7  # days without a session after which the first one back never moves up
LONG_BREAK_DAYS = 14  # ... after which the program resumes one level lower
SETTLED_WEEK = 7  # days after a flare before the level that flared is tried again
SETTLED_SESSIONS = 3  # or this many settled sessions (with the 7 days)
FLARE_WINDOW = 14  # days: two flares within them pause the program
SOURCE = "Silbernagel et al. 2007, Am J Sports Med 35:897"
