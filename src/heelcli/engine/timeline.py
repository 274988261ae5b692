"""Compile chosen exercises into a Timeline: a flat list of timed steps (not the program:
that is progression.py). Pure: no clock, no I/O."""

from __future__ import annotations

import gc
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Final, Literal, NoReturn

from heelcli.engine.catalog import Catalog, Exercise, Phase
from heelcli.engine.errors import HeelError, closest, did_you_mean
from heelcli.engine.typedtuple import TypedTuple

# The kinds of step. A Literal, so mypy checks that every renderer handles every kind.
StepKind = Literal["ready", "phase", "switch", "rest"]
READY: Final = "ready"
PHASE: Final = "phase"
SWITCH: Final = "switch"
REST: Final = "rest"


def unknown_kind(kind: NoReturn) -> NoReturn:
    """Called after the last `if kind == ...`: mypy flags it if a kind is left unhandled."""
    raise AssertionError(f"unhandled step kind {kind!r}")


class Override(TypedTuple):
    """One exercise's dose and variant for one workout (a program's level, say); None
    keeps the exercise's own."""

    reps: int | None = None
    sets: int | None = None
    hold_seconds: float | None = None  # a timed hold's length
    variant: str | None = None  # the id of another exercise to do in its place


class Options(TypedTuple):
    """How to run a workout; give each by keyword. A TypedTuple, not a frozen dataclass:
    defining that cost every workout, reminder and calendar half a millisecond."""

    reps: int | None = None  # for every exercise, over any per-exercise dose
    sets: int | None = None
    rest: float | None = None
    ready_seconds: float = 10.0
    switch_seconds: float = 5.0
    # Per exercise, by the id the routine or -e names: applied by `resolve`, which knows
    # the catalog the variants come from. Shared by every Options: read-only.
    each: Mapping[str, Override] = MappingProxyType({})
    # In a program: (level, of) of each exercise by its position, for the get-ready words.
    levels: Sequence[tuple[int, int]] = ()


class Step(TypedTuple):
    """One timed step. A TypedTuple, like the catalog's records: a frozen dataclass cost
    a dry run a millisecond to define and the 100 x 100 preview 0.2 s to build."""

    kind: StepKind
    seconds: float
    exercise: Exercise
    block: int  # position of the exercise in the workout, so the runner can skip a whole one
    # A rep step's phase name as the exercise file gives it ("Lift"); "" for a timed hold
    # and for the other kinds, which heelcli.text.steps words by kind.
    title: str = ""
    cue: str = ""
    heel_cue: str = ""
    rep: int = 0
    reps: int = 0
    set: int = 0
    sets: int = 0
    side: str | None = None
    ends_rep: bool = False
    level: int = 0  # in a program: the level run, of `levels` (0: not in a program)
    levels: int = 0
    phase: int = 0  # which of the exercise's phases a rep step is (0-based; a hold: 0)



def same_set(a: Step, b: Step) -> bool:
    """True when both are rep steps of the same set (and side) of the same exercise."""
    return (a.kind == PHASE and b.kind == PHASE and a.block == b.block and a.set == b.set
            and a.side == b.side)


class Timeline:
    """The steps of a workout and its exercises. A plain class, not a frozen dataclass:
    defining that cost every workout, reminder and calendar a third of a millisecond."""

    __slots__ = ("_sums", "exercises", "steps")

    def __init__(self, steps: tuple[Step, ...], exercises: tuple[Exercise, ...] = ()) -> None:
        self.steps = steps
        self.exercises = exercises
        self._sums: tuple[float, ...] | None = None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Timeline):
            return NotImplemented
        return (self.steps, self.exercises) == (other.steps, other.exercises)

    def __hash__(self) -> int:
        return hash((self.steps, self.exercises))

    def __repr__(self) -> str:
        return f"{type(self).__name__}(steps={self.steps!r}, exercises={self.exercises!r})"

    @property
    def total_seconds(self) -> float:
        return self._after[0] if self.steps else 0.0

    def seconds_after(self, index: int) -> float:
        """The planned time of every step after step `index`."""
        return self._after[index + 1]

    @property
    def _after(self) -> tuple[float, ...]:
        """Suffix sums, so each frame's 'time left' costs nothing however long the plan."""
        if self._sums is None:
            sums = [0.0]
            for step in reversed(self.steps):
                sums.append(sums[-1] + step.seconds)
            self._sums = tuple(reversed(sums))
        return self._sums



def resolve(catalog: Catalog, *, routine: str | None, exercise_ids: Sequence[str],
            challenge: bool, each: Mapping[str, Override] | None = None
            ) -> tuple[Exercise, ...]:
    """The exercises to do, in order: explicit ids, else the routine, else the file's first;
    each with its override from `each` (variant, then dose) applied."""
    if exercise_ids:
        ids = list(exercise_ids)
    else:
        chosen = catalog.routine(routine) if routine else (catalog.routines or (None,))[0]
        if routine and chosen is None:
            raise HeelError(f"unknown routine {routine!r}"
                            f"{_closest(routine, catalog, routine=True)}")
        ids = list(chosen.exercises) if chosen else [e.id for e in catalog.exercises]
    out = []
    for exercise_id in ids:
        exercise = catalog.exercise(exercise_id)
        if exercise is None:
            raise HeelError(f"unknown exercise {exercise_id!r}{_closest(exercise_id, catalog)}")
        override = (each or {}).get(exercise_id)
        if override is not None and override.variant is not None:
            variant = catalog.exercise(override.variant)
            if variant is None:
                raise HeelError(f"unknown exercise {override.variant!r}"
                                f"{_closest(override.variant, catalog)}")
            exercise = variant
        elif challenge and exercise.challenge:
            exercise = catalog.exercise(exercise.challenge) or exercise
        if override is not None:
            exercise = exercise._replace(
                reps=override.reps or exercise.reps, sets=override.sets or exercise.sets,
                hold_seconds=exercise.hold_seconds if exercise.hold_seconds is None
                else override.hold_seconds or exercise.hold_seconds)
        out.append(exercise)
    return tuple(out)


def _closest(word: str, catalog: Catalog, *, routine: bool = False) -> str:
    """The nearest id if one is near; else the ids to choose from (a few, then how to
    see them all)."""
    ids = [e.id for e in catalog.exercises] + [r.id for r in catalog.routines]
    near = did_you_mean(closest(word, ids))
    if near:
        return near
    kind, known = ("routines", [r.id for r in catalog.routines]) if routine else \
        ("exercises", [e.id for e in catalog.exercises])
    if not known:
        return ""
    shown = ", ".join(known[:8]) + (", ..." if len(known) > 8 else "")
    return f"; the {kind} are: {shown} (see: heel list)"


def compile_timeline(exercises: Sequence[Exercise], options: Options) -> Timeline:
    # A 100 x 100 plan makes 150,000 steps, alive until the end: the collector walked them
    # again and again (0.26 s with it, 0.15 s without). Steps make no reference cycles.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _compile(exercises, options)
    finally:
        if collecting:
            gc.enable()


def _compile(exercises: Sequence[Exercise], options: Options) -> Timeline:
    steps: list[Step] = []
    for block, original in enumerate(exercises):
        exercise = _override(original, options)
        level, of = options.levels[block] if block < len(options.levels) else (0, 0)
        steps.append(Step(kind=READY, seconds=options.ready_seconds, exercise=exercise,
                          block=block, cue=exercise.setup[0],
                          level=level, levels=of))
        sides: tuple[str | None, ...] = ("left", "right") if exercise.each_side else (None,)
        for set_no in range(1, exercise.sets + 1):
            for side in sides:
                if side == "right":
                    switch = exercise.switch_seconds or options.switch_seconds
                    steps.append(Step(kind=SWITCH, seconds=switch, exercise=exercise,
                                      block=block, set=set_no, sets=exercise.sets, side=side))
                steps.extend(_reps(exercise, block, set_no, side))
            if set_no < exercise.sets and exercise.rest_seconds > 0:
                steps.append(Step(kind=REST, seconds=exercise.rest_seconds, exercise=exercise,
                                  block=block))
        if block + 1 < len(exercises) and exercise.rest_seconds > 0:
            steps.append(Step(kind=REST, seconds=exercise.rest_seconds, exercise=exercise,
                              block=block))
    return Timeline(tuple(steps), tuple(exercises))


def _override(exercise: Exercise, options: Options) -> Exercise:
    return exercise._replace(
        reps=exercise.reps if options.reps is None else options.reps,
        sets=exercise.sets if options.sets is None else options.sets,
        rest_seconds=exercise.rest_seconds if options.rest is None else options.rest)


_CUE_AT, _REP_AT = Step._fields.index("heel_cue"), Step._fields.index("rep")
assert _CUE_AT < _REP_AT  # as _reps puts them together


def _reps(exercise: Exercise, block: int, set_no: int, side: str | None) -> list[Step]:
    phases = exercise.phases or (Phase("", exercise.hold_seconds or 0, exercise.cues[0]),)
    # Each rep's steps are the first rep's with another rep number and heel cue, built as
    # tuples from its pieces: a 100 x 100 plan has 150,000 of them, and keyword arguments
    # to Step took 0.4 s of its preview.
    first = [Step(kind=PHASE, seconds=phase.seconds, exercise=exercise, block=block,
                  title=phase.name, cue=phase.cue, rep=1, reps=exercise.reps, set=set_no,
                  sets=exercise.sets, side=side, ends_rep=i == len(phases) - 1, phase=i)
             for i, phase in enumerate(phases)]
    pieces = [(step[:_CUE_AT], step[_CUE_AT + 1:_REP_AT], step[_REP_AT + 1:]) for step in first]
    steps: list[Step] = []
    for rep in range(1, exercise.reps + 1):
        heel_cue = exercise.cues[(rep - 1) % len(exercise.cues)]
        steps.extend(tuple.__new__(Step, (*head, heel_cue, *middle, rep, *tail))
                     for head, middle, tail in pieces)
    return steps


WITHOUT_HEEL, WITH_HEEL = "without", "with"
FEEL_REPS = 3  # enough to feel where the work goes: the article's "try it", not a set


class CompareWords(TypedTuple):
    """What the 'feel the difference' drill says (heelcli.text.steps.compare_words)."""

    without: str  # the first run's name
    through: str  # the second run's name
    no_heel_cue: str  # the first run's only heel cue, and the first line of its setup
    phase_cues: tuple[str, ...]  # the first run's cue for each phase of the exercise
    usual_setup: tuple[str, ...]  # the setup lines that say nothing about the heel
    dont_keep: str  # the second run's first setup line


def compare_timeline(exercise: Exercise, options: Options, words: CompareWords) -> Timeline:
    """The 'feel the difference' drill: three reps without the heel, then a full set
    through it, which starts by saying not to keep doing it the first way."""
    reps = options.reps or exercise.reps
    phases = tuple(p._replace(cue=cue)
                   for p, cue in zip(exercise.phases, words.phase_cues, strict=True))
    # The setup of the first set says nothing about the heel, so it is done as usual.
    without = exercise._replace(sets=1, reps=min(FEEL_REPS, reps), phases=phases,
                                setup=(words.no_heel_cue, *words.usual_setup),
                                name=words.without, cues=(words.no_heel_cue,))
    with_heel = exercise._replace(sets=1, reps=reps, setup=(words.dont_keep, *exercise.setup),
                                  name=words.through)
    return compile_timeline((without, with_heel), options._replace(sets=None, reps=None))
