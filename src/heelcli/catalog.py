"""The exercise catalog: load data/exercises.yaml once, validate it, return frozen objects.

Everything downstream trusts these objects; all checking of the YAML happens here.
They are NamedTuples rather than dataclasses: dataclasses generate their methods at import,
which cost `heel list` several milliseconds of its start-up budget.
"""

from __future__ import annotations

import os
from typing import NamedTuple, overload

from heelcli.errors import CatalogError, Problem

SIDES = ("both", "each")
REPS_RANGE = (1, 100)
SECONDS_RANGE = (0.5, 600.0)
REST_RANGE = (0.0, 600.0)
SWITCH_RANGE = (1.0, 120.0)


class Phase(NamedTuple):
    name: str
    seconds: float
    cue: str


class Exercise(NamedTuple):
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

    @property
    def each_side(self) -> bool:
        return self.sides == "each"

    def side_label(self, side: str) -> str:
        """How a person on the mat knows which leg: 'left foot forward', else 'Left side'."""
        if self.side_labels is not None:
            return self.side_labels[0] if side == "left" else self.side_labels[1]
        return f"{side.capitalize()} side"


class Topic(NamedTuple):
    id: str
    title: str
    text: str


class Routine(NamedTuple):
    id: str
    name: str
    exercises: tuple[str, ...]


class Catalog(NamedTuple):
    source: str
    topics: tuple[Topic, ...]
    exercises: tuple[Exercise, ...]
    routines: tuple[Routine, ...]

    def exercise(self, exercise_id: str) -> Exercise | None:
        return next((e for e in self.exercises if e.id == exercise_id), None)

    def topic(self, topic_id: str) -> Topic | None:
        return next((t for t in self.topics if t.id == topic_id), None)

    def routine(self, routine_id: str) -> Routine | None:
        return next((r for r in self.routines if r.id == routine_id), None)


def default_path() -> str:
    """The built-in file: inside the installed package, else at the top of a source checkout."""
    # os.path, not pathlib: pathlib pulls in urllib and ipaddress, a cost to every start-up.
    here = os.path.dirname(os.path.realpath(__file__))
    packaged = os.path.join(here, "data", "exercises.yaml")
    if os.path.isfile(packaged):
        return packaged
    return os.path.join(os.path.dirname(os.path.dirname(here)), "data", "exercises.yaml")


def load(path: str | os.PathLike[str] | None = None) -> Catalog:
    """Load and validate a catalog file; raise CatalogError listing every problem found."""
    from heelcli.yamlsource import parse  # yaml is imported only when a file is read

    file = os.fspath(path) if path is not None else default_path()
    if not file:
        raise CatalogError([Problem("''", 0, 0, "an empty path names no file")])
    return _build(parse(file), file)


def _build(root: object, source: str) -> Catalog:
    from heelcli.yamlsource import Reader

    r = Reader(source)
    top = r.mapping(root, "the file", required=("version", "topics", "exercises", "routines"))
    if top is None:
        raise CatalogError(r.problems)
    if "version" in top:
        r.integer(top["version"], "version", 1, 1)

    topics = [_topic(r, n, i) for i, n in enumerate(r.sequence(top.get("topics"), "topics"))]
    exercise_nodes = r.sequence(top.get("exercises"), "exercises")
    exercises = [_exercise(r, n, i) for i, n in enumerate(exercise_nodes)]
    routines = [
        _routine(r, n, i) for i, n in enumerate(r.sequence(top.get("routines"), "routines"))
    ]

    _check_ids(r, "topic", topics)
    _check_ids(r, "exercise", exercises)
    _check_ids(r, "routine", routines)
    # Ids of exercises with other problems still count, so one mistake is reported once.
    known = {r.raw_id(n) for n in exercise_nodes} - {None}
    for item in exercises:
        if item is None:
            continue
        ex, node = item
        for key in ("challenge", "easier"):
            ref = getattr(ex, key)
            if ref is not None and ref not in known:
                r.fail(node[key], f"exercise {ex.id}: {key} names unknown exercise {ref!r}")
            elif ref == ex.id:
                r.fail(node[key], f"exercise {ex.id}: {key} names the exercise itself")
    for item in routines:
        if item is None:
            continue
        routine, node = item
        for entry, ref in zip(node["exercises"].value, routine.exercises, strict=True):
            if ref not in known:
                r.fail(entry, f"routine {routine.id}: unknown exercise {ref!r}")

    if r.problems:
        raise CatalogError(r.problems)
    return Catalog(
        source=source,
        topics=tuple(t[0] for t in topics if t is not None),
        exercises=tuple(e[0] for e in exercises if e is not None),
        routines=tuple(x[0] for x in routines if x is not None),
    )


def _check_ids(r: object, kind: str, items: list) -> None:
    seen: dict[str, int] = {}
    for item in items:
        if item is None:
            continue
        obj, node = item
        id_node = node["id"]
        if obj.id in seen:
            first = seen[obj.id]
            r.fail(id_node, f"duplicate {kind} id {obj.id!r} (first defined on line {first})")
        else:
            seen[obj.id] = id_node.start_mark.line + 1


def _topic(r, node, index: int):
    m = r.mapping(node, f"topics[{index}]", required=("id", "title", "text"))
    if m is None:
        return None
    where = f"topic {r.peek_id(m, index)}"
    values = (r.ident(m["id"], f"{where}: id"), r.string(m["title"], f"{where}: title"),
              r.string(m["text"], f"{where}: text"))
    if None in values:
        return None
    topic_id, title, text = values
    return Topic(topic_id, title, prose(text)), m


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


_EXERCISE_REQUIRED = (
    "id", "name", "summary", "targets", "setup", "reps", "sets", "rest_seconds", "sides",
    "cues", "mistakes", "feel", "why",
)
_EXERCISE_OPTIONAL = ("phases", "challenge", "easier", "hold_seconds", "side_labels",
                      "switch_seconds")
SIDE_LABEL_KEYS = ("left", "right")


def _exercise(r, node, index: int):
    m = r.mapping(node, f"exercises[{index}]", _EXERCISE_REQUIRED, _EXERCISE_OPTIONAL)
    if m is None:
        return None
    where = f"exercise {r.peek_id(m, index)}"
    before = len(r.problems)
    phases: tuple[Phase, ...] = ()
    hold = None
    if "phases" in m and "hold_seconds" in m:
        r.fail(m["hold_seconds"], f"{where}: give either phases or hold_seconds, not both")
    elif "phases" in m:
        phases = tuple(
            p for p in (
                _phase(r, n, f"{where}: phases[{i}]")
                for i, n in enumerate(r.sequence(m["phases"], f"{where}: phases", min_items=1))
            ) if p is not None
        )
    elif "hold_seconds" in m:
        hold = r.number(m["hold_seconds"], f"{where}: hold_seconds", *SECONDS_RANGE)
    else:
        r.fail(node, f"{where}: needs phases (one rep) or hold_seconds (a timed hold)")

    sides = r.string(m["sides"], f"{where}: sides")
    if sides is not None and sides not in SIDES:
        r.fail(m["sides"], f"{where}: sides must be 'both' or 'each', not {sides!r}")
    side_labels = None
    if "side_labels" in m:
        labels = r.mapping(m["side_labels"], f"{where}: side_labels", SIDE_LABEL_KEYS)
        if labels is not None:
            left = r.string(labels["left"], f"{where}: side_labels.left")
            right = r.string(labels["right"], f"{where}: side_labels.right")
            if left is not None and right is not None:
                side_labels = (left, right)
        if sides == "both":
            r.fail(m["side_labels"], f"{where}: side_labels needs sides: each")
    switch = None
    if "switch_seconds" in m:
        switch = r.number(m["switch_seconds"], f"{where}: switch_seconds", *SWITCH_RANGE)
        if sides == "both":
            r.fail(m["switch_seconds"], f"{where}: switch_seconds needs sides: each")

    ex = Exercise(
        id=r.ident(m["id"], f"{where}: id"),
        name=r.string(m["name"], f"{where}: name"),
        summary=prose(r.string(m["summary"], f"{where}: summary")),
        targets=r.strings(m["targets"], f"{where}: targets"),
        setup=r.strings(m["setup"], f"{where}: setup"),
        phases=phases,
        reps=r.integer(m["reps"], f"{where}: reps", *REPS_RANGE),
        sets=r.integer(m["sets"], f"{where}: sets", *REPS_RANGE),
        rest_seconds=r.number(m["rest_seconds"], f"{where}: rest_seconds", *REST_RANGE),
        sides=sides,
        cues=r.strings(m["cues"], f"{where}: cues"),
        mistakes=r.strings(m["mistakes"], f"{where}: mistakes"),
        feel=prose(r.string(m["feel"], f"{where}: feel")),
        why=prose(r.string(m["why"], f"{where}: why")),
        challenge=r.ident(m["challenge"], f"{where}: challenge") if "challenge" in m else None,
        easier=r.ident(m["easier"], f"{where}: easier") if "easier" in m else None,
        hold_seconds=hold,
        side_labels=side_labels,
        switch_seconds=switch,
    )
    if len(r.problems) > before:
        return None
    return ex, m


def _phase(r, node, where: str) -> Phase | None:
    m = r.mapping(node, where, required=("name", "seconds", "cue"))
    if m is None:
        return None
    name = r.string(m["name"], f"{where}.name")
    seconds = r.number(m["seconds"], f"{where}.seconds", *SECONDS_RANGE)
    cue = r.string(m["cue"], f"{where}.cue")
    if name is None or seconds is None or cue is None:
        return None
    return Phase(name, seconds, cue)


def _routine(r, node, index: int):
    m = r.mapping(node, f"routines[{index}]", required=("id", "name", "exercises"))
    if m is None:
        return None
    where = f"routine {r.peek_id(m, index)}"
    rid = r.ident(m["id"], f"{where}: id")
    name = r.string(m["name"], f"{where}: name")
    ids = r.strings(m["exercises"], f"{where}: exercises")
    if rid is None or name is None or ids is None:
        return None
    return Routine(rid, name, ids), m


__all__ = ["Catalog", "CatalogError", "Exercise", "Phase", "Problem", "Routine", "Topic", "load"]
