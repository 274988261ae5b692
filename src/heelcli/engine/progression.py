"""The rules that move an exercise along its ladder, and flare days. Pure: the history
is given (with its local days), and the answer is a move, a reason code and the numbers
the screen words (heelcli.text.rules).

The pain-monitoring model (Silbernagel et al. 2007, Am J Sports Med 35:897): pain during
exercise up to 5/10 is acceptable if it has settled by the next morning, and morning pain
and stiffness do not rise from week to week. So the pain limit is 0-5, every step up
waits for a settled next morning, and a rising week holds the program back.

How the rules are read:
- Only the exercise's sessions *at its current level in the current program* count: the
  newest run of reports with this program and this level. Deciding twice on the same
  history gives the same answer; a restarted program ignores everything before it.
- Down beats stay beats up. The newest session decides down (pain over the limit, or not
  settled) and stay; the reps rule looks at the newest three, the up rule at the newest
  two *counted* sessions.
- Counted: one session a day, with a day between (two on one day, or on two days in a
  row, count once), and none from before a break of BREAK_DAYS or more.
- "Settled" is known only from the next-morning answer, pain 0 included: unknown never
  moves an exercise, up or down. Settled means morning pain within the limit and no
  higher than the morning before (`is_settled`).
- A session not rated, the first at a level, a flare-day session and an exercise with one
  level stay. A move past either end of the ladder is a stay, marked `at_end`.
- Over the whole program (`decide_program`): at most one exercise goes up per decision
  (the one whose level has waited longest); on a flare, the one changed most recently
  goes down, and all go down only when none changed in the last week; a level that
  flared is tried again only after a settled week; two flares within 14 days pause it.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta
from typing import Literal

from heelcli.engine import numbers
from heelcli.engine.errors import HeelError
from heelcli.engine.ladder import Ladder, Prescription

# The numbers the rules' words quote live apart (program_limits); they are the rules' own.
from heelcli.engine.program_limits import ASK_UNTIL_HOURS as ASK_UNTIL_HOURS
from heelcli.engine.program_limits import BREAK_DAYS as BREAK_DAYS
from heelcli.engine.program_limits import FLARE_WINDOW as FLARE_WINDOW
from heelcli.engine.program_limits import LONG_BREAK_DAYS as LONG_BREAK_DAYS
from heelcli.engine.program_limits import PAIN_FREE as PAIN_FREE
from heelcli.engine.program_limits import PAIN_LIMIT as PAIN_LIMIT
from heelcli.engine.program_limits import SETTLED_SESSIONS as SETTLED_SESSIONS
from heelcli.engine.program_limits import SETTLED_WEEK as SETTLED_WEEK
from heelcli.engine.program_limits import SOURCE as SOURCE
from heelcli.engine.program_limits import WEEK_RISE_DOWN as WEEK_RISE_DOWN
from heelcli.engine.typedtuple import TypedTuple

Effort = Literal["easy", "about right", "hard"]  # the check-in's answers (checkin.EFFORT)
Felt = Literal["back", "front", "pain"]  # the check-in's answers (checkin.FELT)
Move = Literal["up", "stay", "down"]
Reason = Literal[
    "easy",  # up: the last two sessions were easy and pain-free
    "pain-over-limit", "not-settled", "reps-short",  # down
    "hard", "front", "felt-joint", "pain-within-limit",  # stay, as the rules say
    "settle-unknown", "not-rated", "about-right", "missed-reps", "building",  # stay: not yet
    "first", "after-flare", "one-level",  # stay: nothing to go on
    "no-rest-day", "after-break",  # stay: the newest session does not count toward an up
    "one-at-a-time", "week-rising", "flare-week",  # stay: the program's rules
    "other-changed-first",  # stay on a flare: the exercise changed most recently went down
    "week-rise",  # down: morning pain or stiffness rose by 2 or more from last week
    "break",  # down: back after LONG_BREAK_DAYS without a session
]
FlareCause = Literal["pain-over-limit", "not-settled"]

PAIN_LIMIT_RANGE = (0, 5)  # the model allows pain up to 5/10 during exercise
UP_AFTER = 2  # easy, pain-free sessions in a row
DOWN_AFTER = 3  # sessions in a row with reps missed
FLARE_DROP = 2  # levels down on a flare day
REST_BETWEEN = 2  # days from one counted session to the next: a day between
CHANGED_LATELY = 7  # days: on a flare, an exercise changed within these goes down alone


class Report(TypedTuple):
    """One exercise in one program session, as done and as the user rated it."""

    program: int  # which program; a restart is a new one
    level: int  # the exercise's program level that day (a flare day did less)
    reps_prescribed: int  # reps x sets (x sides) prescribed that day
    reps_done: int
    effort: Effort | None = None  # None: not answered
    felt: Felt | None = None
    pain: int | None = None  # 0-10, knee or low back, during the session (the whole session)
    settled: bool | None = None  # settled by the next morning (`is_settled`); None: not known
    flare: bool = False  # done as a flare day
    day: date | None = None  # its local calendar day; None: no date rules apply


class Decision(TypedTuple):
    exercise_id: str  # the ladder's exercise
    move: Move  # the move made, after holding it within the ladder
    reason: Reason
    level: int  # before
    new_level: int
    of: int  # levels in the ladder
    pain: int | None  # of the newest session counted, for the words
    pain_limit: int
    sessions: int  # how many sessions the reason rests on
    to_go: int  # easy, pain-free sessions still needed at new_level to move up
    at_end: bool  # the rules asked for a move the ladder has no room for


class Flare(TypedTuple):
    cause: FlareCause
    pain: int | None
    pain_limit: int


Dose = Literal["level", "down", "reduced", "rest"]


class Planned(TypedTuple):
    level: int  # the exercise's program level, what its report is logged at
    prescription: Prescription  # what to do today: lower on a flare day
    dose: Dose = "level"  # on a flare day: levels down, a reduced dose, or rest


class PlanToday(TypedTuple):
    planned: tuple[Planned, ...]
    flare: Flare | None
    challenge: bool  # whether challenge variants may be swapped in


class ProgramError(HeelError):
    """A program option that cannot be used: a bad --level or --pain-limit."""


def _run(reports: Sequence[Report], program: int, level: int) -> list[Report]:
    """The newest reports at this level of this program, oldest first."""
    out: list[Report] = []
    for report in reversed(reports):
        if report.program != program or report.level != level:
            break
        out.append(report)
    return out[::-1]


def _trailing(run: Sequence[Report], test: Callable[[Report], bool]) -> int:
    """How many of the newest reports in a row pass `test`."""
    count = 0
    for report in reversed(run):
        if not test(report):
            break
        count += 1
    return count


def _short(report: Report) -> bool:
    return report.reps_done < report.reps_prescribed


def _easy_and_pain_free(report: Report, pain_limit: int) -> bool:
    return (not report.flare and not _short(report) and report.effort == "easy"
            and report.felt == "back" and report.pain is not None
            and report.pain <= min(PAIN_FREE, pain_limit) and report.settled is True)


def counted(run: Sequence[Report]) -> tuple[list[Report], Reason | None]:
    """The sessions of a run that count toward an up, oldest first, and why the newest
    does not count (None: it does). A session without a day always counts."""
    out: list[Report] = []
    last_day: date | None = None
    why: Reason | None = None
    for report in run:
        why = None
        if report.day is not None and last_day is not None:
            gap = (report.day - last_day).days
            if gap >= BREAK_DAYS:
                out, why = [], "after-break"  # nothing before a break counts
            elif gap < REST_BETWEEN and out:
                why = "no-rest-day"
                continue  # the day's first counted session stands; this one does not
        out.append(report)
        if report.day is not None:
            last_day = report.day
    return out, why


def _wanted(last: Report, run: Sequence[Report], pain_limit: int) -> tuple[Move, Reason, int]:
    """The rules for the newest run, in order of precedence: (move, reason, sessions)."""
    if last.pain is not None and last.pain > pain_limit:
        return "down", "pain-over-limit", 1
    if last.settled is False:
        return "down", "not-settled", 1
    short = _trailing(run, _short)
    if short >= DOWN_AFTER:
        return "down", "reps-short", DOWN_AFTER
    stays: list[tuple[bool, Reason]] = [
        (last.flare, "after-flare"),
        (last.effort == "hard", "hard"),
        (last.felt == "front", "front"),
        (last.felt == "pain", "felt-joint"),
        (last.pain is not None and last.pain > PAIN_FREE and last.settled is True,
         "pain-within-limit"),
        (last.pain is not None and last.pain > PAIN_FREE, "settle-unknown"),
        (short > 0, "missed-reps"),
        (last.effort is None or last.felt is None or last.pain is None, "not-rated"),
        (last.settled is None, "settle-unknown"),
        (last.effort != "easy", "about-right"),
    ]
    for applies, reason in stays:
        if applies:
            return "stay", reason, short if reason == "missed-reps" else 1
    counts, not_counted = counted(run)
    if not_counted is not None:
        return "stay", not_counted, 1
    easy = _trailing(counts, lambda r: _easy_and_pain_free(r, pain_limit))
    if easy >= UP_AFTER:
        return "up", "easy", UP_AFTER
    return "stay", "building", easy


def decide(reports: Sequence[Report], *, ladder: Ladder, level: int, program: int,
           pain_limit: int = PAIN_LIMIT) -> Decision:
    """Where an exercise goes after its newest report (`reports` oldest first; reports
    of other programs, or from before the level last changed, are ignored)."""
    level = ladder.clamp(level)
    run = _run(reports, program, level)
    pain = run[-1].pain if run else None
    if ladder.top == 1:
        move: Move = "stay"
        reason: Reason = "one-level"
        sessions = 0
    elif not run:
        move, reason, sessions = "stay", "first", 0
    else:
        move, reason, sessions = _wanted(run[-1], run, pain_limit)
    step = {"up": 1, "stay": 0, "down": -1}[move]
    new_level = ladder.clamp(level + step)
    at_end = new_level == level and step != 0
    easy_so_far = _trailing(counted(run)[0], lambda r: _easy_and_pain_free(r, pain_limit))
    return Decision(
        exercise_id=ladder.exercise_id,
        move="stay" if at_end else move,
        reason=reason,
        level=level,
        new_level=new_level,
        of=ladder.top,
        pain=pain,
        pain_limit=pain_limit,
        sessions=sessions,
        to_go=UP_AFTER if new_level != level else max(0, UP_AFTER - easy_so_far),
        at_end=at_end,
    )


def flare_day(pain: int | None, settled: bool | None, *,
              pain_limit: int = PAIN_LIMIT) -> Flare | None:
    """Whether the workout after a session with this pain is a flare day."""
    if pain is not None and pain > pain_limit:
        return Flare("pain-over-limit", pain, pain_limit)
    if settled is False:
        return Flare("not-settled", pain, pain_limit)
    return None


def flare_dose(ladder: Ladder, level: int) -> tuple[Prescription, Dose]:
    """A flare day's dose, really lower than the level: two levels down where the ladder
    allows (one at level 2), else half the reps and half the hold, else rest."""
    level = ladder.clamp(level)
    if level > 1:
        return ladder.prescription(max(1, level - FLARE_DROP)), "down"
    p = ladder.prescription(1)
    reps = max(1, p.reps // 2)
    hold = None if p.hold_seconds is None else max(1.0, p.hold_seconds / 2)
    if reps == p.reps and p.sets == 1 and hold == p.hold_seconds:
        return p._replace(reps=0), "rest"  # nothing lower is left
    return p._replace(reps=reps, sets=1, hold_seconds=hold), "reduced"


def today(ladders: Sequence[Ladder], levels: Mapping[str, int], *,
          flare: Flare | None) -> PlanToday:
    """Today's workout: each exercise at its level (1 if it has none yet), or, on a flare
    day, a dose really lower than it (`flare_dose`), with no challenge variants."""
    planned = []
    for ladder in ladders:
        level = ladder.clamp(levels.get(ladder.exercise_id, 1))
        if flare is None:
            planned.append(Planned(level, ladder.prescription(level)))
        else:
            planned.append(Planned(level, *flare_dose(ladder, level)))
    return PlanToday(tuple(planned), flare, challenge=flare is None)


# The next morning and the weeks: the model's second and third rules.

def is_settled(morning_pain: int, before: int | None, pain_limit: int) -> bool:
    """Settled: morning pain within the limit and no higher than the morning before the
    session (`before`; None: no earlier answer, so the limit alone)."""
    return morning_pain <= pain_limit and (before is None or morning_pain <= before)


def asks_next_morning(session_day: date, session_hours: float, today_: date) -> bool:
    """Whether the next-morning question about a session is due: from the next calendar
    day on, until ASK_UNTIL_HOURS after it (`session_hours`: hours since the session)."""
    return today_ > session_day and session_hours <= ASK_UNTIL_HOURS


class Morning(TypedTuple):
    day: date  # the local day of the answer
    pain: int  # 0-10, knee or low back
    stiffness: int  # 0-10


class WeekTrend(TypedTuple):
    this_pain: float | None  # average morning pain this week (Monday on); None: no answers
    this_stiffness: float | None
    last_pain: float | None  # the week before
    last_stiffness: float | None

    @property
    def rise(self) -> float:
        """The larger rise of the two averages from last week; 0 when either is unknown."""
        rises = [a - b for a, b in ((self.this_pain, self.last_pain),
                                    (self.this_stiffness, self.last_stiffness))
                 if a is not None and b is not None]
        return max(rises, default=0.0)


def week_trend(mornings: Sequence[Morning], today_: date) -> WeekTrend:
    monday = today_ - timedelta(days=today_.weekday())
    before = monday - timedelta(days=7)

    def mean(values: list[int]) -> float | None:
        return sum(values) / len(values) if values else None

    this = [m for m in mornings if monday <= m.day <= today_]
    last = [m for m in mornings if before <= m.day < monday]
    return WeekTrend(mean([m.pain for m in this]), mean([m.stiffness for m in this]),
                     mean([m.pain for m in last]), mean([m.stiffness for m in last]))


def is_flare(pain: int | None, settled: bool | None, pain_limit: int) -> bool:
    return flare_day(pain, settled, pain_limit=pain_limit) is not None


def paused(flare_days: Sequence[date], *, resumed: date | None = None) -> date | None:
    """The day the program paused: the second of two flares within FLARE_WINDOW days
    (after the last resume); None while it runs."""
    days = sorted(d for d in flare_days if resumed is None or d > resumed)
    for first, second in itertools.pairwise(days):
        if (second - first).days < FLARE_WINDOW:
            return second
    return None


def break_days(last_session: date | None, today_: date) -> int:
    """Days since the last session (0 without one)."""
    return 0 if last_session is None else (today_ - last_session).days


# The program as a whole: one change at a time.

class Standing(TypedTuple):
    """One exercise of the program as it stands, for `decide_program`."""

    ladder: Ladder
    level: int
    reports: Sequence[Report]  # its program sessions, oldest first
    changed: date | None  # the day its level was last set (the start included)
    moved: date | None  # the day of its last move up or down (not the start)
    raised: date | None  # the day of its last move up
    flared_from: int | None  # the level it was lowered from by its last flare, if any
    flared_on: date | None


def _settled_week(reports: Sequence[Report], since: date, today_: date) -> bool:
    """A settled week after a flare on `since`: at least SETTLED_WEEK days, and either
    every next-morning answer since settled or the newest SETTLED_SESSIONS settled. The
    days are a floor in both cases, so the level that flared never returns within a week."""
    if (today_ - since).days < SETTLED_WEEK:
        return False
    answers = [r.settled for r in reports
               if r.day is not None and r.day > since and r.settled is not None]
    newest = answers[-SETTLED_SESSIONS:]
    return (bool(answers) and False not in answers) or \
        (len(newest) == SETTLED_SESSIONS and all(newest))


def decide_program(standings: Sequence[Standing], *, program: int, pain_limit: int,
                   today_: date, mornings: Sequence[Morning] = (),
                   flare_handled: bool = False) -> list[Decision]:
    """Every exercise's decision after a session or a next-morning answer, in the
    program's order, with the rules across exercises applied (see the module notes).
    `flare_handled`: the newest session's flare already lowered a level, so a later
    decision on the same session does not lower another."""
    out = [decide(s.reports, ladder=s.ladder, level=s.level, program=program,
                  pain_limit=pain_limit) for s in standings]
    trend = week_trend(mornings, today_)
    flare_downs = [i for i, d in enumerate(out)
                   if d.move == "down" and d.reason in ("pain-over-limit", "not-settled")]
    if flare_downs and flare_handled:
        for i in flare_downs:
            out[i] = _stay(out[i], "other-changed-first")
        flare_downs = []
    elif flare_downs:
        moved = {i: m for i in flare_downs if (m := standings[i].moved) is not None
                 and (today_ - m).days < CHANGED_LATELY}
        if moved:  # the newest change is the likeliest cause: it alone goes down
            keep = max(moved, key=lambda i: (moved[i], i))
            for i in flare_downs:
                if i != keep:
                    out[i] = _stay(out[i], "other-changed-first")
    for i, d in enumerate(out):
        if d.move != "up":
            continue
        s = standings[i]
        if s.flared_from is not None and s.flared_on is not None \
                and d.new_level >= s.flared_from \
                and not _settled_week(s.reports, s.flared_on, today_):
            out[i] = _stay(d, "flare-week")
        elif trend.rise > 0:
            out[i] = _stay(d, "week-rising")
    if trend.rise >= WEEK_RISE_DOWN and not flare_downs:
        monday = today_ - timedelta(days=today_.weekday())
        raised = {i: r for i, s in enumerate(standings) if (r := s.raised) is not None
                  and out[i].move == "stay" and (s.moved is None or s.moved < monday)}
        if raised:  # once a week at most: a change this week is not repeated
            i = max(raised, key=lambda i: (raised[i], i))
            out[i] = _move(out[i], -1, "week-rise")
    ups = [i for i, d in enumerate(out) if d.move == "up"]
    if len(ups) > 1:  # the one that has waited longest goes; the others wait their turn
        first = min(ups, key=lambda i: (standings[i].changed or date.min, i))
        for i in ups:
            if i != first:
                out[i] = _stay(out[i], "one-at-a-time")
    return out


def _stay(d: Decision, reason: Reason) -> Decision:
    return d._replace(move="stay", reason=reason, new_level=d.level, at_end=False,
                      to_go=0 if reason in ("one-at-a-time", "flare-week", "week-rising")
                      else d.to_go)


def _move(d: Decision, step: int, reason: Reason) -> Decision:
    new_level = max(1, min(d.of, d.level + step))
    if new_level == d.level:
        return d._replace(reason=reason, at_end=True)
    return d._replace(move="up" if step > 0 else "down", reason=reason, new_level=new_level,
                      to_go=UP_AFTER, at_end=False)


def starting_levels(choices: Sequence[str], ladders: Sequence[Ladder]) -> dict[str, int]:
    """Levels to start a program at: 1, or `EXERCISE=N` from `--level`."""
    by_id = {ladder.exercise_id: ladder for ladder in ladders}
    levels = dict.fromkeys(by_id, 1)
    for choice in choices:
        exercise_id, sep, number = choice.partition("=")
        exercise_id = exercise_id.strip()
        n = numbers.whole(number)
        if not sep or n is None:
            raise ProgramError(f"--level {choice!r}: give EXERCISE=N, for example bridge=3")
        ladder = by_id.get(exercise_id)
        if ladder is None:
            known = ", ".join(by_id)
            raise ProgramError(f"--level {choice!r}: {exercise_id!r} is not in the program "
                               f"({known})")
        if not 1 <= n <= ladder.top:
            raise ProgramError(f"--level {choice!r}: {exercise_id} has levels 1 to {ladder.top}")
        levels[exercise_id] = n
    return levels


def check_pain_limit(limit: int) -> int:
    low, high = PAIN_LIMIT_RANGE
    if not low <= limit <= high:
        raise ProgramError(f"--pain-limit must be from {low} to {high}, got {limit}: pain "
                           f"during exercise up to {high}/10 is acceptable if it settles by "
                           f"the next morning ({SOURCE})")
    return limit


__all__ = [
    "PAIN_LIMIT", "SOURCE", "Decision", "Flare", "Morning", "PlanToday", "Planned", "ProgramError",
    "Report", "Standing", "WeekTrend", "asks_next_morning", "break_days",
    "check_pain_limit", "counted", "decide", "decide_program", "flare_day", "flare_dose",
    "is_flare", "is_settled", "paused", "starting_levels", "today", "week_trend",
]
