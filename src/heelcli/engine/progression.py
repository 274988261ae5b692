"""The rules that move an exercise along its ladder, and flare days. Pure: the history
is given, and the answer is a move, a reason code and the numbers to word it.

The defaults follow the pain-monitoring model used in physiotherapy (pain during
exercise up to 5/10 is acceptable if it has settled by the next morning: Silbernagel
et al., Am J Sports Med 2007) and common progression protocols. The pain limit is the
user's to set, since clinics use different cut-offs.

How the rules are read, where issue 14 leaves room:
- Only the exercise's sessions *at its current level in the current program* count:
  the newest run of reports with this program and this level. A change of level starts
  a new run, so deciding twice on the same history gives the same answer, and a
  restarted program (a new program number) ignores everything before it.
- Down beats stay beats up. The newest session decides down (pain over the limit, or
  not settled) and stay; the reps rule looks at the newest three, the up rule at the
  newest two.
- "Settled" must be known for an up: pain 0 needs no answer, but pain 1 or more with
  no next-morning answer (not asked yet, or skipped) is not pain-free yet: it stays.
  An unknown answer never moves an exercise down either.
- A session not rated (effort, where it was felt or pain missing) never moves it up.
- The first session at a level, a flare-day session and an exercise with one level
  (no `levels`) stay. A move past either end of the ladder is a stay, marked `at_end`.
- Pain is one rating for the whole session, so every exercise of a session that
  hurt too much goes down.
- A flare day is decided from the last program session alone: every exercise two
  levels below its current level (which that session's pain has already lowered by
  one, for the exercises it did), no challenge variants. Its own session is logged at
  the current level with `flare=True`: it never counts toward an up, but pain over
  the limit on a flare day lowers the level again. The day after a flare day that went
  well is an ordinary day at the current level.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Literal, NamedTuple

from heelcli.engine import numbers
from heelcli.engine.errors import HeelError
from heelcli.engine.ladder import Ladder, Level, Prescription, changes

Effort = Literal["easy", "about right", "hard"]  # the check-in's answers (checkin.EFFORT)
Felt = Literal["back", "front", "pain"]  # the check-in's answers (checkin.FELT)
Move = Literal["up", "stay", "down"]
Reason = Literal[
    "easy",  # up: the last two sessions were easy and pain-free
    "pain-over-limit", "not-settled", "reps-short",  # down
    "hard", "front", "felt-joint", "pain-within-limit",  # stay, as the rules say
    "settle-unknown", "not-rated", "about-right", "missed-reps", "building",  # stay: not yet
    "first", "after-flare", "one-level",  # stay: nothing to go on
]
FlareCause = Literal["pain-over-limit", "not-settled"]

PAIN_LIMIT = 5
PAIN_LIMIT_RANGE = (0, 10)
PAIN_FREE = 2  # pain at most this (and settled) counts as pain-free for moving up
UP_AFTER = 2  # easy, pain-free sessions in a row
DOWN_AFTER = 3  # sessions in a row with reps missed
FLARE_DROP = 2  # levels down on a flare day
SOURCE = "Silbernagel et al., Am J Sports Med 2007"
SEE_SOMEONE = ("Pain lasting more than a week, or sharp pain, is a reason to see a "
               "physiotherapist or a doctor.")


class Report(NamedTuple):
    """One exercise in one program session, as done and as the user rated it."""

    program: int  # which program; a restart is a new one
    level: int  # the exercise's program level that day (a flare day did less)
    reps_prescribed: int  # reps x sets (x sides) prescribed that day
    reps_done: int
    effort: Effort | None = None  # None: not answered
    felt: Felt | None = None
    pain: int | None = None  # 0-10, knee or low back, during the session (the whole session)
    settled: bool | None = None  # that pain settled by the next morning; None: not known
    flare: bool = False  # done as a flare day


class Decision(NamedTuple):
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


class Flare(NamedTuple):
    cause: FlareCause
    pain: int | None
    pain_limit: int


class Planned(NamedTuple):
    level: int  # the exercise's program level, what its report is logged at
    prescription: Prescription  # what to do today: two levels lower on a flare day


class PlanToday(NamedTuple):
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
            and report.pain <= min(PAIN_FREE, pain_limit)
            and (report.pain == 0 or report.settled is True))


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
        (last.pain is not None and last.pain > 0 and last.settled is None, "settle-unknown"),
        (last.effort != "easy", "about-right"),
    ]
    for applies, reason in stays:
        if applies:
            return "stay", reason, short if reason == "missed-reps" else 1
    easy = _trailing(run, lambda r: _easy_and_pain_free(r, pain_limit))
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
    easy_so_far = _trailing(run, lambda r: _easy_and_pain_free(r, pain_limit))
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


def today(ladders: Sequence[Ladder], levels: Mapping[str, int], *,
          flare: Flare | None) -> PlanToday:
    """Today's workout: each exercise at its level (1 if it has none yet), or two
    levels lower, with no challenge variants, on a flare day."""
    drop = FLARE_DROP if flare is not None else 0
    planned = []
    for ladder in ladders:
        level = ladder.clamp(levels.get(ladder.exercise_id, 1))
        planned.append(Planned(level, ladder.prescription(level - drop)))
    return PlanToday(tuple(planned), flare, challenge=flare is None)


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
        raise ProgramError(f"--pain-limit must be from {low} to {high}, got {limit}")
    return limit


# Words: one place, shared by `heel program` and the check-in.

def dose(level: Level) -> str:
    """`12 reps x 1`, or `2 holds of 30 s` for a timed hold."""
    if level.hold_seconds is not None:
        sets = f" x {level.sets}" if level.sets > 1 else ""
        return f"{level.reps} holds of {level.hold_seconds:g} s{sets}"
    return f"{level.reps} reps x {level.sets}"


def _step(old: Level, new: Level, ladder: Ladder, names: Mapping[str, str]) -> str:
    """Level `new` in words, naming only what changed from `old` where one thing did,
    and the exercise whenever it is not the ladder's own or has just changed."""
    what = changes(old, new)
    if what == ("reps",):
        part = f"{new.reps} {'holds' if new.hold_seconds is not None else 'reps'}"
    elif what == ("sets",):
        part = f"{new.sets} {'set' if new.sets == 1 else 'sets'} of {new.reps}"
    elif what == ("hold",):
        part = f"{new.hold_seconds:g} s holds"
    else:
        part = dose(new)
    if new.exercise_id is not None or "exercise" in what:
        runs = new.exercise_id or ladder.exercise_id
        return f"{names.get(runs, runs)}, {part}"
    return part


_WHY: dict[Reason, str] = {
    "easy": "the last two sessions were easy and pain-free",
    "pain-over-limit": "pain was {pain}/10, over your limit of {limit}",
    "not-settled": "the pain had not settled by the next morning",
    "reps-short": "fewer reps than set in each of the last three sessions",
    "hard": "the last session was hard",
    "front": "the front of the thighs took over last time; push through your heels",
    "felt-joint": "it was felt in the knee or low back last time",
    "pain-within-limit": "pain was {pain}/10: within your limit of {limit}, and settled",
    "settle-unknown": "it is not known yet whether the pain settled by the next morning",
    "not-rated": "the last session was not rated",
    "about-right": "the last session was about right",
    "missed-reps": "not every rep was done last time",
    "building": "the last session was easy and pain-free; one more like it moves it up",
    "first": "no sessions at this level yet",
    "after-flare": "the last session was a flare day",
    "one-level": "it has one level",
}


def explain(decision: Decision, ladder: Ladder, names: Mapping[str, str]) -> str:
    """One line: `Bridge: up to 12 reps: the last two sessions were easy and pain-free.`

    `names` maps exercise ids to their names.
    """
    name = names.get(ladder.exercise_id, ladder.exercise_id)
    old, new = ladder.level(decision.level), ladder.level(decision.new_level)
    if decision.move == "stay":
        where = ""
        if decision.at_end:
            where = ", the top level" if decision.new_level == ladder.top else ", the first level"
        head = f"{name}: stays at {_step(old, old, ladder, names)}{where}"
    else:
        head = f"{name}: {decision.move} to {_step(old, new, ladder, names)}"
    why = _WHY[decision.reason].format(pain=decision.pain, limit=decision.pain_limit)
    return f"{head}: {why}."


def explain_next(decision: Decision, ladder: Ladder, names: Mapping[str, str]) -> str:
    """What it takes to move up from where the decision left the exercise."""
    name = names.get(ladder.exercise_id, ladder.exercise_id)
    if ladder.top == 1:
        return f"{name} has one level: it stays as it is."
    if decision.new_level == ladder.top:
        return f"{name} is at its top level."
    new = ladder.level(decision.new_level + 1)
    sessions, verb = ("session", "moves") if decision.to_go == 1 else ("sessions", "move")
    more = "more " if decision.to_go < UP_AFTER else ""
    return (f"{name}: {decision.to_go} {more}easy, pain-free {sessions} with every rep done "
            f"{verb} it up to {_step(ladder.level(decision.new_level), new, ladder, names)}.")


def explain_flare(flare: Flare) -> tuple[str, str]:
    """The flare-day line and the advice that goes with it."""
    if flare.cause == "pain-over-limit":
        why = f"your last session's pain was {flare.pain}/10, over your limit of " \
              f"{flare.pain_limit}"
    else:
        why = "the pain from your last session had not settled by the next morning"
    return (f"Flare day: {why}, so every exercise is two levels down today, with no "
            "challenge variants.", SEE_SOMEONE)


__all__ = [
    "PAIN_LIMIT", "SEE_SOMEONE", "SOURCE", "Decision", "Flare", "PlanToday", "Planned",
    "ProgramError", "Report", "check_pain_limit", "decide", "dose", "explain", "explain_flare",
    "explain_next", "flare_day", "starting_levels", "today",
]
