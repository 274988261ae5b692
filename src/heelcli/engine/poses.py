"""An exercise's key poses, the `poses:` key that declares them, and the pose in between.

A pose is a few named joints in 2-D, in centimetres (x to the right, y up; in the side
view the floor is y = 0). Pure data: how a pose is drawn is the screen's business.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from heelcli.engine.typedtuple import TypedTuple

if TYPE_CHECKING:  # yaml is loaded only when a file is read
    from yaml.nodes import Node

    from heelcli.engine.yamlsource import Reader


VIEWS = ("side", "above")
# The joints a pose may name, in drawing order. `heel` is the working heel, the one the
# figure marks; `other_*` is the other leg where it differs from the working one.
JOINTS = ("head", "shoulder", "elbow", "hand", "hip", "knee", "heel", "toe",
          "other_knee", "other_heel", "other_toe")
REQUIRED_JOINTS = ("head", "shoulder", "hip", "knee", "heel", "toe")
COORD_RANGE = (-300.0, 300.0)  # centimetres: room for a person lying or standing
MAX_POSITIONS = 8
POSES_KEYS = ("view", "positions", "start", "ends")
POSES_OPTIONAL = ("wall",)


class Joint(TypedTuple):
    name: str
    x: float
    y: float


Pose = tuple[Joint, ...]  # every pose of an exercise names the same joints in JOINTS order


class Poses(TypedTuple):
    view: str  # "side" (floor at y = 0) or "above" (seen from the ceiling: no floor)
    start: Pose  # the set-up position
    ends: tuple[Pose, ...]  # where each phase ends, in order; a timed hold: its held position
    wall: float | None = None  # x of a wall to draw, in the side view

    @property
    def all(self) -> tuple[Pose, ...]:
        return (self.start, *self.ends)


def between(a: Pose, b: Pose, fraction: float) -> Pose:
    """The pose `fraction` of the way from `a` to `b`, each joint moved in a straight line."""
    f = min(1.0, max(0.0, fraction))
    return tuple(Joint(p.name, p.x + (q.x - p.x) * f, p.y + (q.y - p.y) * f)
                 for p, q in zip(a, b, strict=True))


def in_phase(poses: Poses, phase: int, fraction: float, *, hold: bool = False) -> Pose:
    """The pose `fraction` of the way through phase `phase` (0-based): from where the phase
    before ended (the start, for the first) to where this one ends. A timed hold shows its
    held position throughout: a stretch is still."""
    if hold or not poses.ends:
        return poses.ends[0] if poses.ends else poses.start
    phase = min(max(phase, 0), len(poses.ends) - 1)
    before = poses.start if phase == 0 else poses.ends[phase - 1]
    return between(before, poses.ends[phase], fraction)


def read_poses(r: Reader, node: Node, where: str, *, phases: int) -> Poses | None:
    """Validate an exercise's `poses:` value; None after recording every problem.

    `phases` is how many phases the exercise has (1 for a timed hold): `ends` names one
    position for each.
    """
    at = f"{where}: poses"
    before = len(r.problems)
    m = r.mapping(node, at, POSES_KEYS, POSES_OPTIONAL)
    if m is None:
        return None
    view = r.choice(m["view"], f"{at}.view", VIEWS)
    wall = None
    if (wall_node := m.get("wall")) is not None:
        wall = r.number(wall_node, f"{at}.wall", *COORD_RANGE, wanted="a number of cm")
        if view == "above":
            r.fail(wall_node, f"{at}.wall needs view: side")
    positions = _positions(r, m["positions"], f"{at}.positions")
    start_name = r.ident(m["start"], f"{at}.start")
    end_names = r.strings(m["ends"], f"{at}.ends")
    if m["ends"] is not None and end_names is not None and len(end_names) != phases:
        r.fail(m["ends"], f"{at}.ends must name {phases} position"
                          f"{'' if phases == 1 else 's'}, one for the end of each phase, "
                          f"not {len(end_names)}")
    if positions is None:
        return None
    start = _named(r, m["start"], start_name, positions, f"{at}.start")
    ends = [_named(r, item, name, positions, f"{at}.ends[{i}]")
            for i, (item, name) in enumerate(zip(m["ends"].value, end_names or (),
                                                 strict=False))] if m["ends"] else []
    if len(r.problems) > before or start is None or any(e is None for e in ends):
        return None
    return Poses(view or "side", start, tuple(e for e in ends if e is not None), wall)


def _named(r: Reader, node: Node | None, name: str | None, positions: dict[str, Pose],
           where: str) -> Pose | None:
    if name is None:
        return None
    if name not in positions:
        r.fail(node, f"{where} names no position {name!r}"
                     f"{r.did_you_mean(name, positions)}")
        return None
    return positions[name]


def _positions(r: Reader, node: Node | None, where: str) -> dict[str, Pose] | None:
    """The named positions; every one names the same joints, so one can move to another."""
    entries = r.entries(node, where)  # any keys: the names are the author's
    if entries is None:
        return None
    if not entries:
        r.fail(node, f"{where} must name at least one position")
        return None
    if len(entries) > MAX_POSITIONS:
        r.fail(node, f"{where} names {len(entries)} positions; at most {MAX_POSITIONS}")
        return None
    out: dict[str, Pose] = {}
    first: tuple[str, tuple[str, ...]] | None = None
    for name, key_node, value in entries:
        if not r.is_id(name):
            r.fail(key_node, f"{where}: a position's name must be lowercase letters, "
                             f"digits and '-', got {name!r}")
            continue
        pose = _pose(r, value, f"{where}.{name}")
        if pose is None:
            continue
        names = tuple(j.name for j in pose)
        if first is None:
            first = (name, names)
        elif names != first[1]:
            r.fail(value, f"{where}.{name} names other joints than {first[0]} "
                          f"({', '.join(names)} against {', '.join(first[1])}); every "
                          "position names the same joints")
            continue
        out[name] = pose
    return out if len(out) == len(entries) else None


def _pose(r: Reader, node: Node, where: str) -> Pose | None:
    m = r.mapping(node, where, REQUIRED_JOINTS, JOINTS[:])
    if m is None:
        return None
    joints: list[Joint] = []
    ok = True
    for name in JOINTS:
        if name not in m:
            continue
        point = _point(r, m[name], f"{where}.{name}")
        if point is None:
            ok = False
            continue
        joints.append(Joint(name, *point))
    return tuple(joints) if ok else None


def _point(r: Reader, node: Node | None, where: str) -> tuple[float, float] | None:
    before = len(r.problems)
    items = r.sequence(node, where)
    if node is None or len(r.problems) > before:  # missing, or not a list: said already
        return None
    if len(items) != 2:
        r.fail(node, f"{where} must be [x, y], two numbers of cm, got {len(items)} item"
                     f"{'' if len(items) == 1 else 's'}")
        return None
    x = r.number(items[0], f"{where}[0]", *COORD_RANGE, wanted="a number of cm")
    y = r.number(items[1], f"{where}[1]", *COORD_RANGE, wanted="a number of cm")
    if x is None or y is None or not (math.isfinite(x) and math.isfinite(y)):
        return None
    return x, y


__all__ = ["COORD_RANGE", "JOINTS", "VIEWS", "Joint", "Pose", "Poses", "between", "in_phase",
           "read_poses"]
