"""The exercise catalog: load data/exercises.yaml once, validate it, return frozen objects.

Everything downstream trusts these objects; all checking of the YAML happens here.
They are TypedTuples rather than dataclasses: dataclasses generate their methods at import,
which cost `heel list` several milliseconds of its start-up budget.
"""

from __future__ import annotations

import gc
import math
import os
from typing import TYPE_CHECKING, Any, overload

from heelcli.engine.errors import CatalogError, Problem
from heelcli.engine.ladder import LEVEL_KEYS, LEVEL_OPTIONAL, Level
from heelcli.engine.limits import REPS_RANGE, SECONDS_RANGE
from heelcli.engine.poses import (
    COORD_RANGE,
    JOINTS,
    MAX_POSITIONS,
    POSES_KEYS,
    POSES_OPTIONAL,
    REQUIRED_JOINTS,
    VIEWS,
    Joint,
    Poses,
)
from heelcli.engine.typedtuple import TypedTuple

if TYPE_CHECKING:
    from collections.abc import Iterable

    from yaml.nodes import Node

    from heelcli.engine.yamlsource import Reader

SIDES = ("both", "each")
REST_RANGE = (0.0, 600.0)
SWITCH_RANGE = (1.0, 120.0)


class Phase(TypedTuple):
    name: str
    seconds: float
    cue: str


class Exercise(TypedTuple):
    id: str
    name: str
    summary: str
    targets: tuple[str, ...]
    setup: tuple[str, ...]
    phases: tuple[Phase, ...]
    reps: int
    sets: int
    rest_seconds: float
    sides: str
    cues: tuple[str, ...]
    mistakes: tuple[str, ...]
    feel: str
    why: str
    challenge: str | None = None
    easier: str | None = None
    hold_seconds: float | None = None
    side_labels: tuple[str, str] | None = None  # (left, right) in the exercise's own words
    switch_seconds: float | None = None  # time to change sides; None: the plan's default
    levels: tuple[Level, ...] | None = None  # its ladder in a program, easiest first
    poses: Poses | None = None  # its key positions, to draw; None: no figure

    @property
    def each_side(self) -> bool:
        return self.sides == "each"

    def side_label(self, side: str) -> str:
        """How a person on the mat knows which leg: 'left foot forward', else 'Left side'."""
        if self.side_labels is not None:
            return self.side_labels[0] if side == "left" else self.side_labels[1]
        return f"{side.capitalize()} side"


class Topic(TypedTuple):
    id: str
    title: str
    text: str


class Routine(TypedTuple):
    id: str
    name: str
    exercises: tuple[str, ...]


class Catalog(TypedTuple):
    source: str
    topics: tuple[Topic, ...]
    exercises: tuple[Exercise, ...]
    routines: tuple[Routine, ...]
    # By id, built once: a scan per lookup made `heel list` quadratic in the file's size.
    topic_index: dict[str, Topic]
    exercise_index: dict[str, Exercise]
    routine_index: dict[str, Routine]

    @classmethod
    def of(cls, source: str, topics: Iterable[Topic], exercises: Iterable[Exercise],
           routines: Iterable[Routine]) -> Catalog:
        """A catalog of items with unique ids (load() checks that), with its index."""
        t, e, r = tuple(topics), tuple(exercises), tuple(routines)
        return cls(source, t, e, r, {x.id: x for x in t}, {x.id: x for x in e},
                   {x.id: x for x in r})

    def exercise(self, exercise_id: str) -> Exercise | None:
        return self.exercise_index.get(exercise_id)

    def topic(self, topic_id: str) -> Topic | None:
        return self.topic_index.get(topic_id)

    def routine(self, routine_id: str) -> Routine | None:
        return self.routine_index.get(routine_id)


def default_path() -> str:
    """The built-in file: inside the installed package, else at the top of a source checkout."""
    # os.path, not pathlib: pathlib pulls in urllib and ipaddress, a cost to every start-up.
    package = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
    packaged = os.path.join(package, "data", "exercises.yaml")
    if os.path.isfile(packaged):
        return packaged
    return os.path.join(os.path.dirname(os.path.dirname(package)), "data", "exercises.yaml")


def load(path: str | os.PathLike[str] | None = None, *, quick: bool = True) -> Catalog:
    """Load and validate a catalog file; raise CatalogError listing every problem found.

    A file is first read the quick way (_Quick), which gives up at anything unusual; the
    checking way then parses the same text again and says what is wrong, where.
    `quick=False` reads it the checking way only (the tests compare the two).
    """
    # yaml is imported only when a file is read
    from heelcli.engine.yamlsource import parse_text, plain_values, read

    file = os.fspath(path) if path is not None else default_path()
    if not file:
        raise CatalogError([Problem("''", 0, 0, "an empty path names no file")])
    # Parsing makes some 100 objects per exercise, all alive until the end, and the
    # collector walked them again and again: a 1 MiB file took 0.56 s with it, 0.30 s
    # without. The parse makes no reference cycles worth collecting meanwhile.
    collecting = gc.isenabled()
    gc.disable()
    try:
        text = read(file)
        if quick:
            found = _Quick().catalog(plain_values(text), file)
            if found is not None:
                return found
        return _build(parse_text(text, file), file)
    finally:
        if collecting:
            gc.enable()


def _build(root: Node, source: str) -> Catalog:
    from heelcli.engine.yamlsource import Reader

    r = Reader(source)
    top = r.mapping(root, "the file", required=("version", "topics", "exercises", "routines"))
    if top is None:
        raise CatalogError(r.problems)
    r.integer(top.get("version"), "version", 1, 1)

    topic_nodes = r.sequence(top.get("topics"), "topics")
    before = len(r.problems)
    exercise_nodes = r.sequence(top.get("exercises"), "exercises")
    # Ids of exercises with other problems, even a malformed id, still count, so one
    # mistake is reported once. Without a list of exercises, references cannot be checked.
    known = None if top.get("exercises") is None or len(r.problems) > before else \
        {found[0].lower() for found in map(r.raw_id, exercise_nodes) if found is not None}
    routine_nodes = r.sequence(top.get("routines"), "routines")
    topics = [_topic(r, n, i) for i, n in enumerate(topic_nodes)]
    exercises = [_exercise(r, n, i, known) for i, n in enumerate(exercise_nodes)]
    routines = [_routine(r, n, i, known) for i, n in enumerate(routine_nodes)]
    if known is not None:
        _check_levels(r, exercise_nodes, exercises, known)
    for kind, nodes in (("topic", topic_nodes), ("exercise", exercise_nodes),
                        ("routine", routine_nodes)):
        _check_ids(r, kind, nodes)

    if r.problems:
        raise CatalogError(sorted(r.problems, key=lambda p: (p.line, p.column)))
    return Catalog.of(source, (t for t in topics if t is not None),
                      (e for e in exercises if e is not None),
                      (x for x in routines if x is not None))


def _check_levels(r: Reader, nodes: list[Node], exercises: list[Exercise | None],
                  known: set[str]) -> None:
    """The ids that levels name, once every exercise in the file is known."""
    from heelcli.engine.ladder import check_level_refs

    timed = {e.id: e.hold_seconds is not None for e in exercises if e is not None}
    for node, exercise in zip(nodes, exercises, strict=True):
        if exercise is None or exercise.levels is None:
            continue
        levels = next(v for k, v in node.value if k.value == "levels")
        check_level_refs(r, f"exercise {exercise.id}", exercise.id, levels, known, timed)


def _check_ids(r: Reader, kind: str, nodes: list[Node]) -> None:
    first: dict[str, int] = {}
    for found in map(r.raw_id, nodes):
        if found is None or not r.is_id(found[0]):  # a malformed id is reported as such
            continue
        item_id, id_node = found
        if item_id in first:
            r.fail(id_node, f"duplicate {kind} id {item_id!r} (first defined on line "
                            f"{first[item_id]})")
        else:
            first[item_id] = id_node.start_mark.line + 1


def _where(r: Reader, node: Node, kind: str, index: int) -> str:
    """How messages name an item: by its id once it has a usable one, else by position."""
    found = r.raw_id(node)
    return f"{kind} {found[0]}" if found and r.is_id(found[0]) else f"{kind}s[{index}]"


def _topic(r: Reader, node: Node, index: int) -> Topic | None:
    where = _where(r, node, "topic", index)
    m = r.mapping(node, where, required=("id", "title", "text"))
    if m is None:
        return None
    topic_id, title, text = (r.ident(m.get("id"), f"{where}: id"),
                             r.string(m.get("title"), f"{where}: title"),
                             r.string(m.get("text"), f"{where}: text"))
    if topic_id is None or title is None or text is None:
        return None
    return Topic(topic_id, title, prose(text))


@overload
def prose(text: str) -> str: ...


@overload
def prose(text: None) -> None: ...


def prose(text: str | None) -> str | None:
    """Paragraphs as a YAML block writes them: single line breaks inside a paragraph are
    joined, blank lines separate paragraphs. The terminal then wraps each paragraph to its
    own width, instead of wrapping lines that were already broken for an editor."""
    if text is None:
        return None
    paragraphs: list[list[str]] = [[]]
    for line in text.splitlines():
        if line.strip():
            paragraphs[-1].extend(line.split())
        elif paragraphs[-1]:
            paragraphs.append([])
    return "\n\n".join(" ".join(words) for words in paragraphs if words)


EXERCISE_REQUIRED = (
    "id", "name", "summary", "targets", "setup", "reps", "sets", "rest_seconds", "sides",
    "cues", "mistakes", "feel", "why",
)
EXERCISE_OPTIONAL = ("phases", "challenge", "easier", "hold_seconds", "side_labels",
                      "switch_seconds", "levels", "poses")
SIDE_LABEL_KEYS = ("left", "right")


def _exercise(r: Reader, node: Node, index: int, known: set[str] | None) -> Exercise | None:
    where = _where(r, node, "exercise", index)
    before = len(r.problems)
    m = r.mapping(node, where, EXERCISE_REQUIRED, EXERCISE_OPTIONAL)
    if m is None:
        return None
    phases: tuple[Phase, ...] = ()
    phase_nodes, hold_node = m.get("phases"), m.get("hold_seconds")
    phase_items: list[Node] = []
    if phase_nodes is not None:
        phase_items = r.sequence(phase_nodes, f"{where}: phases", min_items=1)
        phases = tuple(
            p for p in (
                _phase(r, n, f"{where}: phases[{i}]") for i, n in enumerate(phase_items)
            ) if p is not None
        )
    hold = r.number(hold_node, f"{where}: hold_seconds", *SECONDS_RANGE)
    if phase_nodes is not None and hold_node is not None:
        r.fail(hold_node, f"{where}: give either phases or hold_seconds, not both")
    elif "phases" not in m and "hold_seconds" not in m:  # a misspelt one was reported
        r.fail(node, f"{where}: needs phases (one rep) or hold_seconds (a timed hold)")

    sides = r.choice(m.get("sides"), f"{where}: sides", SIDES)
    side_labels = None
    if (labels_node := m.get("side_labels")) is not None:
        labels = r.mapping(labels_node, f"{where}: side_labels", SIDE_LABEL_KEYS)
        if labels is not None:
            left = r.string(labels.get("left"), f"{where}: side_labels.left")
            right = r.string(labels.get("right"), f"{where}: side_labels.right")
            if left is not None and right is not None:
                side_labels = (left, right)
        if sides == "both":
            r.fail(labels_node, f"{where}: side_labels needs sides: each")
    switch = None
    if (switch_node := m.get("switch_seconds")) is not None:
        switch = r.number(switch_node, f"{where}: switch_seconds", *SWITCH_RANGE)
        if sides == "both":
            r.fail(switch_node, f"{where}: switch_seconds needs sides: each")

    own_id = r.ident(m.get("id"), f"{where}: id")
    levels = None
    if (levels_node := m.get("levels")) is not None:
        from heelcli.engine.ladder import read_levels

        levels = read_levels(r, levels_node, where, timed=hold_node is not None)
    poses = None
    if (poses_node := m.get("poses")) is not None:
        from heelcli.engine.poses import read_poses

        poses = read_poses(r, poses_node, where, phases=len(phase_items) or 1)
    links: dict[str, str | None] = {}
    for key in ("challenge", "easier"):
        links[key] = ref = r.ident(link := m.get(key), f"{where}: {key}")
        if link is None or ref is None or known is None:
            continue
        if ref not in known:
            r.fail(link, f"{where}: {key} names unknown exercise {ref!r}"
                         f"{r.did_you_mean(ref, known)}")
        elif ref == own_id:
            r.fail(link, f"{where}: {key} names the exercise itself")

    fields: dict[str, Any] = dict(
        id=own_id,
        name=r.string(m.get("name"), f"{where}: name"),
        summary=prose(r.string(m.get("summary"), f"{where}: summary")),
        targets=r.strings(m.get("targets"), f"{where}: targets"),
        setup=r.strings(m.get("setup"), f"{where}: setup"),
        phases=phases,
        reps=r.integer(m.get("reps"), f"{where}: reps", *REPS_RANGE),
        sets=r.integer(m.get("sets"), f"{where}: sets", *REPS_RANGE),
        rest_seconds=r.number(m.get("rest_seconds"), f"{where}: rest_seconds", *REST_RANGE),
        sides=sides,
        cues=r.strings(m.get("cues"), f"{where}: cues"),
        mistakes=r.strings(m.get("mistakes"), f"{where}: mistakes"),
        feel=prose(r.string(m.get("feel"), f"{where}: feel")),
        why=prose(r.string(m.get("why"), f"{where}: why")),
        challenge=links["challenge"],
        easier=links["easier"],
        hold_seconds=hold,
        side_labels=side_labels,
        switch_seconds=switch,
        levels=levels,
        poses=poses,
    )
    if len(r.problems) > before:  # every field was checked; the values are all there
        return None
    return Exercise(**fields)


def _phase(r: Reader, node: Node, where: str) -> Phase | None:
    m = r.mapping(node, where, required=("name", "seconds", "cue"))
    if m is None:
        return None
    name = r.string(m.get("name"), f"{where}.name")
    seconds = r.number(m.get("seconds"), f"{where}.seconds", *SECONDS_RANGE)
    cue = r.string(m.get("cue"), f"{where}.cue")
    if name is None or seconds is None or cue is None:
        return None
    return Phase(name, seconds, cue)


def _routine(r: Reader, node: Node, index: int, known: set[str] | None) -> Routine | None:
    where = _where(r, node, "routine", index)
    m = r.mapping(node, where, required=("id", "name", "exercises"))
    if m is None:
        return None
    rid = r.ident(m.get("id"), f"{where}: id")
    name = r.string(m.get("name"), f"{where}: name")
    ids = r.strings(entries := m.get("exercises"), f"{where}: exercises")
    if entries is not None and ids is not None and known is not None:
        for entry, ref in zip(entries.value, ids, strict=True):
            if ref not in known:
                r.fail(entry, f"{where}: unknown exercise {ref!r}{r.did_you_mean(ref, known)}")
                ids = None
    if rid is None or name is None or ids is None:
        return None
    return Routine(rid, name, ids)


# --- The quick way -------------------------------------------------------------------------


class _GiveUp(Exception):
    pass


class _Quick:
    """The checks above on the plain values of yamlsource.plain_values rather than on
    nodes, with no words: at the first thing the checking way would report (or might:
    anything unusual) it gives up, and load parses the text again the checking way,
    which says what is wrong and where. The built-in file loads in a third less time.
    A class, so what it needs is imported once per file, not once per value."""

    def __init__(self) -> None:
        from heelcli.engine.yamlsource import Reader, plain_number, plain_text

        self.plain_text, self.plain_number, self.is_id = plain_text, plain_number, Reader.is_id

    def catalog(self, values: object, source: str) -> Catalog | None:
        """The catalog from `yamlsource.plain_values`, or None where the checking way may
        have something to say."""
        try:
            return self._build(values, source)
        except _GiveUp:
            return None

    def _map(self, value: object, required: tuple[str, ...],
             optional: tuple[str, ...] = ()) -> dict[str, object]:
        if type(value) is not dict or not all(k in value for k in required) or \
                (len(value) > len(required) and any(
                    k not in required and k not in optional for k in value)):
            raise _GiveUp
        return value

    def _list(self, value: object, min_items: int = 0) -> list[object]:
        if type(value) is not list or len(value) < min_items:
            raise _GiveUp
        return value

    def _text(self, value: object) -> str:
        text = self.plain_text(value)
        if text is None:
            raise _GiveUp
        return text

    def _ident(self, value: object) -> str:
        text = self._text(value)
        if not self.is_id(text):
            raise _GiveUp
        return text

    def _choice(self, value: object, options: tuple[str, ...]) -> str:
        text = self._text(value)
        if text not in options:
            raise _GiveUp
        return text

    def _texts(self, value: object) -> tuple[str, ...]:
        return tuple(self._text(v) for v in self._list(value, 1))

    def _int(self, value: object, low: int, high: int) -> int:
        number = self.plain_number(value, True)
        if number is None or not low <= number <= high:
            raise _GiveUp
        return int(number)

    def _number(self, value: object, low: float, high: float) -> float:
        number = self.plain_number(value, False)
        if number is None or not low <= number <= high:  # also .nan
            raise _GiveUp
        return float(number)

    def _unique(self, ids: list[str]) -> None:
        if len(set(ids)) != len(ids):
            raise _GiveUp

    def _build(self, values: object, source: str) -> Catalog:
        top = self._map(values, ("version", "topics", "exercises", "routines"))
        self._int(top["version"], 1, 1)
        topics = [Topic(self._ident(m["id"]), self._text(m["title"]),
                        prose(self._text(m["text"])))
                  for m in (self._map(v, ("id", "title", "text"))
                            for v in self._list(top["topics"]))]
        items = [self._map(v, EXERCISE_REQUIRED, EXERCISE_OPTIONAL)
                 for v in self._list(top["exercises"])]
        known = {self._ident(m["id"]) for m in items}
        exercises = [self._exercise(m, known) for m in items]
        timed = {e.id: e.hold_seconds is not None for e in exercises}
        for exercise in exercises:
            for level in exercise.levels or ():
                ref = level.exercise_id
                if ref is not None and (ref == exercise.id or ref not in known or
                                        (level.hold_seconds is not None and not timed[ref])):
                    raise _GiveUp
        routines = []
        for m in (self._map(v, ("id", "name", "exercises")) for v in self._list(top["routines"])):
            ids = self._texts(m["exercises"])
            if any(ref not in known for ref in ids):
                raise _GiveUp
            routines.append(Routine(self._ident(m["id"]), self._text(m["name"]), ids))
        for made in (topics, exercises, routines):
            self._unique([x.id for x in made])
        return Catalog.of(source, topics, exercises, routines)

    def _exercise(self, m: dict[str, object], known: set[str]) -> Exercise:
        own_id = self._ident(m["id"])
        if ("phases" in m) == ("hold_seconds" in m):
            raise _GiveUp
        phases = tuple(Phase(self._text(p["name"]), self._number(p["seconds"], *SECONDS_RANGE),
                             self._text(p["cue"]))
                       for p in (self._map(v, ("name", "seconds", "cue"))
                                 for v in self._list(m.get("phases", []),
                                                     1 if "phases" in m else 0)))
        hold = self._number(m["hold_seconds"], *SECONDS_RANGE) if "hold_seconds" in m else None
        sides = self._choice(m["sides"], SIDES)
        side_labels = switch = None
        if "side_labels" in m:
            labels = self._map(m["side_labels"], SIDE_LABEL_KEYS)
            side_labels = (self._text(labels["left"]), self._text(labels["right"]))
        if "switch_seconds" in m:
            switch = self._number(m["switch_seconds"], *SWITCH_RANGE)
        if sides == "both" and (side_labels is not None or switch is not None):
            raise _GiveUp
        links: dict[str, str | None] = {}
        for key in ("challenge", "easier"):
            links[key] = ref = self._ident(m[key]) if key in m else None
            if ref is not None and (ref not in known or ref == own_id):
                raise _GiveUp
        return Exercise(
            id=own_id,
            name=self._text(m["name"]),
            summary=prose(self._text(m["summary"])),
            targets=self._texts(m["targets"]),
            setup=self._texts(m["setup"]),
            phases=phases,
            reps=self._int(m["reps"], *REPS_RANGE),
            sets=self._int(m["sets"], *REPS_RANGE),
            rest_seconds=self._number(m["rest_seconds"], *REST_RANGE),
            sides=sides,
            cues=self._texts(m["cues"]),
            mistakes=self._texts(m["mistakes"]),
            feel=prose(self._text(m["feel"])),
            why=prose(self._text(m["why"])),
            challenge=links["challenge"],
            easier=links["easier"],
            hold_seconds=hold,
            side_labels=side_labels,
            switch_seconds=switch,
            levels=self._levels(m["levels"], timed=hold is not None) if "levels" in m else None,
            poses=self._poses(m["poses"], len(phases) or 1) if "poses" in m else None,
        )

    def _levels(self, value: object, *, timed: bool) -> tuple[Level, ...]:
        levels: list[Level] = []
        for item in self._list(value, 1):
            m = self._map(item, LEVEL_KEYS, LEVEL_OPTIONAL)
            if "hold_seconds" in m and "exercise" not in m and not timed:
                raise _GiveUp
            level = Level(
                self._int(m["reps"], *REPS_RANGE), self._int(m["sets"], *REPS_RANGE),
                self._ident(m["exercise"]) if "exercise" in m else None,
                self._number(m["hold_seconds"], *SECONDS_RANGE) if "hold_seconds" in m else None)
            if levels and level == levels[-1]:
                raise _GiveUp
            levels.append(level)
        return tuple(levels)

    def _poses(self, value: object, phases: int) -> Poses:
        m = self._map(value, POSES_KEYS, POSES_OPTIONAL)
        view = self._choice(m["view"], VIEWS)
        wall = None
        if "wall" in m:
            wall = self._number(m["wall"], *COORD_RANGE)
            if view == "above":
                raise _GiveUp
        named = m["positions"]
        if type(named) is not dict or not 0 < len(named) <= MAX_POSITIONS:
            raise _GiveUp
        positions: dict[str, tuple[Joint, ...]] = {}
        for name, value in named.items():
            joints = self._map(value, REQUIRED_JOINTS, JOINTS)
            pose = []
            for joint in JOINTS:
                if joint in joints:
                    point = self._list(joints[joint])
                    if len(point) != 2:
                        raise _GiveUp
                    x = self._number(point[0], *COORD_RANGE)
                    y = self._number(point[1], *COORD_RANGE)
                    if not (math.isfinite(x) and math.isfinite(y)):
                        raise _GiveUp
                    pose.append(Joint(joint, x, y))
            positions[name] = tuple(pose)
            if not self.is_id(name) or [j.name for j in pose] != \
                    [j.name for j in next(iter(positions.values()))]:
                raise _GiveUp
        ends = self._texts(m["ends"])
        if len(ends) != phases:
            raise _GiveUp
        try:
            return Poses(view, positions[self._ident(m["start"])],
                         tuple(positions[e] for e in ends), wall)
        except KeyError:
            raise _GiveUp from None


__all__ = ["Catalog", "CatalogError", "Exercise", "Phase", "Problem", "Routine", "Topic", "load"]
