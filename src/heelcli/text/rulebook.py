"""The program's rules in plain words, as `heel why progression` shows them.

Apart from text.rules, whose words for each decision load the rule engine: `heel why`
shows these on its overview, and its start-up should not pay for the engine (bench/).
"""

from __future__ import annotations

from heelcli.engine.program_limits import (
    ASK_UNTIL_HOURS,
    BREAK_DAYS,
    FLARE_WINDOW,
    LONG_BREAK_DAYS,
    PAIN_FREE,
    PAIN_LIMIT,
    SETTLED_SESSIONS,
    SETTLED_WEEK,
    SOURCE,
    WEEK_RISE_DOWN,
)

SEE_SOMEONE = ("Pain lasting more than a week, or sharp pain, is a reason to see a "
               "physiotherapist or a doctor.")

RULES_TITLE = "How your program moves you on"

# Here, not in text.replies, so `heel program`'s page need not load the check-in's rules.
STOP_ON_PAIN = ("Sharp pain means stop. If pain persists, see a physiotherapist or a "
                "doctor.")


def rules_text() -> list[str]:
    """`heel why progression`: every rule in plain words, each with its source (or none)."""
    return [
        f"Pain during exercise, in the knee or low back, up to your limit (0 to {PAIN_LIMIT}, "
        f"default {PAIN_LIMIT}) is acceptable if it has settled by the next morning, and "
        "morning pain and stiffness should not rise from week to week: the pain-monitoring "
        f"model ({SOURCE}).",
        "After every session, heel asks the next morning (from the next calendar day until "
        f"{ASK_UNTIL_HOURS} hours after it) for pain and stiffness, 0 to 10. Settled means "
        "morning pain within your limit and no higher than the morning before. Without an "
        "answer there is no step up, and no flare either.",
        "A step up needs two counted sessions in a row at the level that were easy, with "
        f"every rep done, felt in the back of the legs, pain at most {PAIN_FREE} and settled "
        "the next morning. This is heel's reading of the 'two-for-two' rule of strength training "
        "(NSCA, Essentials of Strength Training and Conditioning: add load after two extra "
        "reps in the last set in two workouts in a row).",
        "One session a day counts, with a day between counted sessions. One exercise "
        "changes at a time: the one whose level has waited longest (heel's own rule, so "
        "that a flare points to one change).",
        "If this week's average morning pain or stiffness is higher than last week's, "
        f"nothing steps up; a rise of {WEEK_RISE_DOWN} points or more steps the most recently "
        "raised exercise down (the model's third rule, as heel reads it).",
        "Pain over your limit, or a morning that did not settle, is a flare: the exercise "
        "changed most recently goes down (all of them when none changed in the last week), "
        "and the next workout is a flare day, really lower: two levels down where the "
        "ladder allows, else fewer reps and shorter holds, else rest. The level that "
        f"flared is tried again only after a settled week ({SETTLED_WEEK} days with the "
        f"mornings settled, or the last {SETTLED_SESSIONS} sessions settled). Two flares "
        f"within {FLARE_WINDOW} days pause the program until heel program resume (heel's own "
        "caution).",
        f"Breaks: after {BREAK_DAYS} or more days without a session the first one back never "
        f"steps up; after {LONG_BREAK_DAYS} or more the program resumes one level lower "
        "(heel's own caution, not from a study).",
        "heel coaches; it does not diagnose. " + SEE_SOMEONE,
    ]
