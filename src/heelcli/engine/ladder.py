"""An exercise's ladder: its levels from easiest to hardest, and the `levels:` key that
declares them. Pure: numbers and ids only; words live where they are shown.

An exercise without `levels` has a ladder of one level, its own reps and sets, so
every exercise can be in a program and one without levels simply never moves.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING, Literal

from heelcli.engine.limits import REPS_RANGE, SECONDS_RANGE
from heelcli.engine.typedtuple import TypedTuple

if TYPE_CHECKING:  # yaml is loaded only when a file is read
    from yaml.nodes import Node

    from heelcli.engine.yamlsource import Reader


Change = Literal["exercise", "reps", "sets", "hold"]
LEVEL_KEYS = ("reps", "sets")
LEVEL_OPTIONAL = ("exercise", "hold_seconds")


class Level(TypedTuple):
    reps: int
    sets: int
    exercise_id: str | None = None  # another exercise (a harder variant); None: the ladder's own
    hold_seconds: float | None = None  # a timed hold's length; None: the exercise's own


class Prescription(TypedTuple):
    """What to do at one level: run `exercise_id` for `reps` x `sets`."""

    exercise_id: str  # the exercise to run at this level
    ladder_id: str  # the exercise whose ladder this is (where history and levels are kept)
    level: int  # 1-based
    of: int  # levels in the ladder
    reps: int
    sets: int
    hold_seconds: float | None  # None: the running exercise's own hold, if it is one


class Ladder(TypedTuple):
    exercise_id: str
    levels: tuple[Level, ...]  # at least one, easiest first

    @classmethod
    def of(cls, exercise_id: str, levels: Sequence[Level] | None, *, reps: int, sets: int,
           hold_seconds: float | None = None) -> Ladder:
        """The ladder of an exercise: its `levels`, or its own dose as the only level.

        Levels of the exercise itself that give no hold take its own, so a level always
        says how long a stretch is held.
        """
        if not levels:
            return cls(exercise_id, (Level(reps, sets, None, hold_seconds),))
        return cls(exercise_id, tuple(
            level._replace(hold_seconds=hold_seconds)
            if level.exercise_id is None and level.hold_seconds is None else level
            for level in levels))

    @property
    def top(self) -> int:
        return len(self.levels)

    def clamp(self, number: int) -> int:
        return max(1, min(self.top, number))

    def level(self, number: int) -> Level:
        """Level `number` (1-based), held within the ladder."""
        return self.levels[self.clamp(number) - 1]

    def prescription(self, number: int) -> Prescription:
        number = self.clamp(number)
        level = self.levels[number - 1]
        return Prescription(level.exercise_id or self.exercise_id, self.exercise_id, number,
                            self.top, level.reps, level.sets, level.hold_seconds)

    def runs(self, number: int) -> str:
        """The id of the exercise done at level `number`."""
        return self.level(number).exercise_id or self.exercise_id


def changes(lower: Level, higher: Level) -> tuple[Change, ...]:
    """What differs between two levels, in a fixed order (exercise first)."""
    out: list[Change] = []
    if lower.exercise_id != higher.exercise_id:
        out.append("exercise")
    if lower.reps != higher.reps:
        out.append("reps")
    if lower.sets != higher.sets:
        out.append("sets")
    if lower.hold_seconds != higher.hold_seconds:
        out.append("hold")
    return tuple(out)


def one_change(lower: Level, higher: Level) -> bool:
    """Whether `higher` is one step up from `lower`, the way a physiotherapist progresses:
    more reps, or one more set, or a longer hold, or a harder variant that starts again
    from no more volume (reps x sets) than the level before."""
    what = changes(lower, higher)
    if what and what[0] == "exercise":  # a harder variant starts over, from less
        return higher.reps * higher.sets <= lower.reps * lower.sets
    if what == ("reps",):
        return higher.reps > lower.reps
    if what == ("sets",):
        return higher.sets == lower.sets + 1
    if what == ("hold",):
        return (higher.hold_seconds or 0) > (lower.hold_seconds or 0)
    return False


def read_levels(r: Reader, node: Node, where: str, *, timed: bool) -> tuple[Level, ...] | None:
    """Validate an exercise's `levels:` value; None after recording every problem.

    `where` names the exercise (`exercise bridge`); `timed` says whether it is a timed hold,
    the only kind whose own levels may give `hold_seconds`. Ids named by `exercise:` are
    checked afterwards by `check_level_refs`, once every id in the file is known.
    """
    before = len(r.problems)
    items = r.sequence(node, f"{where}: levels", min_items=1)
    levels: list[Level] = []
    for index, item in enumerate(items):
        at = f"{where}: levels[{index}]"
        m = r.mapping(item, at, LEVEL_KEYS, LEVEL_OPTIONAL)
        if m is None:
            continue
        reps = r.integer(m["reps"], f"{at}.reps", *REPS_RANGE)
        sets = r.integer(m["sets"], f"{at}.sets", *REPS_RANGE)
        other = r.ident(m["exercise"], f"{at}.exercise") if "exercise" in m else None
        hold = None
        if "hold_seconds" in m:
            hold = r.number(m["hold_seconds"], f"{at}.hold_seconds", *SECONDS_RANGE)
            if "exercise" not in m and not timed:
                r.fail(m["hold_seconds"], f"{at}.hold_seconds needs an exercise with "
                                          "hold_seconds (a timed hold), not phases")
        if reps is None or sets is None:
            continue
        level = Level(reps, sets, other, hold)
        if levels and level == levels[-1]:
            r.fail(item, f"{at} is the same as the level before it")
        levels.append(level)
    if len(r.problems) > before or not items:
        return None
    return tuple(levels)


def check_level_refs(r: Reader, where: str, own_id: str, node: Node,
                     known: Collection[str], timed: Mapping[str, bool]) -> None:
    """Check the `exercise:` ids of an exercise's valid `levels:` node: each names another
    exercise in the file, and a level giving `hold_seconds` names a timed hold.

    `known` holds every id in the file (even of exercises with other problems, so one
    mistake is reported once); `timed` says, for each valid exercise, if it is a hold.
    """
    for index, item in enumerate(node.value):
        keys = {k.value: v for k, v in item.value}
        ref_node = keys.get("exercise")
        if ref_node is None:
            continue
        ref = ref_node.value.strip()
        at = f"{where}: levels[{index}].exercise"
        if ref == own_id:
            r.fail(ref_node, f"{at} names the exercise itself; leave it out")
        elif ref not in known:
            r.fail(ref_node, f"{at} names unknown exercise {ref!r}")
        elif "hold_seconds" in keys and timed.get(ref) is False:
            r.fail(keys["hold_seconds"], f"{where}: levels[{index}].hold_seconds needs "
                                         f"a timed hold, and {ref} has phases")


__all__ = ["Change", "Ladder", "Level", "Prescription", "changes", "check_level_refs",
           "one_change", "read_levels"]
