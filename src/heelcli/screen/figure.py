"""A stick figure in braille dots: an exercise's pose, scaled to the cells it gets.

Each braille character (U+2800 to U+28FF) is a cell of 2 x 4 dots, and a terminal cell is
about twice as tall as it is wide, so a dot is close to square: lines keep their angles.
Limbs are lines between joints, the head a small circle, the floor (or a wall) a line,
and the working heel a big dot, the one mark the eye should find first.

Pure: poses and a size in, lines of text out; no rich, no terminal. Imported only by what
draws a figure, so commands that draw none pay nothing for it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from functools import lru_cache
from itertools import pairwise

from heelcli.engine.poses import Pose, Poses

HEAD_CM = 11.0  # the head's radius
HEEL_CM = 5.0  # the heel mark's radius, before its floor of HEEL_DOTS
HEEL_DOTS = 2.0
MARGIN = 2  # dots clear around the figure: room for the heel mark and the head at any scale
# Which joints a line joins, in drawing order (a joint a pose leaves out is skipped).
CHAINS = (("shoulder", "elbow", "hand"), ("shoulder", "hip"),
          ("hip", "other_knee", "other_heel", "other_toe"), ("hip", "knee", "heel", "toe"))
# The bit of each dot in a braille cell, by (column, row) within the cell.
_BITS = ((0x01, 0x02, 0x04, 0x40), (0x08, 0x10, 0x20, 0x80))
BLANK = " "  # an empty cell: a space, never U+2800, which some fonts draw as dots


class _Frame:
    """Where the figure sits: its scale (dots per cm) and the box all its poses fit in."""

    def __init__(self, poses: Poses, width: int, height: int) -> None:
        xs: list[float] = []
        ys: list[float] = []
        for pose in poses.all:
            for joint in pose:
                pad = HEAD_CM if joint.name == "head" else HEEL_CM if joint.name == "heel" else 0
                xs += (joint.x - pad, joint.x + pad)
                ys += (joint.y - pad, joint.y + pad)
        if poses.view == "side":
            ys.append(0.0)  # the floor
            if poses.wall is not None:
                xs.append(poses.wall)
        self.left, self.top = min(xs), max(ys)
        # The floor a dot below the lowest point, so feet and a body lying down stand out.
        self.under = 1 if poses.view == "side" else 0
        span_x, span_y = max(max(xs) - self.left, 1.0), max(self.top - min(ys), 1.0)
        room_x = 2 * width - 2 * MARGIN - 1
        room_y = 4 * height - 2 * MARGIN - 1 - self.under
        self.scale = max(0.0, min(room_x / span_x, room_y / span_y))
        self.cols = min(width, math.ceil((span_x * self.scale + 2 * MARGIN + 1) / 2))
        self.rows = min(height, math.ceil((span_y * self.scale + 2 * MARGIN + 1 + self.under)
                                          / 4))

    def dot(self, x: float, y: float) -> tuple[float, float]:
        return ((x - self.left) * self.scale + MARGIN, (self.top - y) * self.scale + MARGIN)


class _Canvas:
    def __init__(self, cols: int, rows: int, under: _Canvas | None = None) -> None:
        """`under`: what is drawn already (the floor, the wall), copied row by row as a
        dot lands on it: the rows the figure leaves alone stay its rows, text and all."""
        self.cols, self.rows = cols, rows
        self.under = under
        self.cells: list[list[int]] = ([[0] * cols for _ in range(rows)] if under is None
                                       else list(under.cells))
        self.touched = [under is None] * rows
        self.drawn: list[str] | None = None  # lines(), once made

    def set(self, x: float, y: float) -> None:
        dx, dy = round(x), round(y)
        col, row = dx // 2, dy // 4
        if 0 <= col < self.cols and 0 <= row < self.rows and dx >= 0 and dy >= 0:
            if not self.touched[row]:
                self.cells[row] = list(self.cells[row])
                self.touched[row] = True
            self.cells[row][col] |= _BITS[dx % 2][dy % 4]

    def line(self, a: tuple[float, float], b: tuple[float, float]) -> None:
        steps = max(1, math.ceil(max(abs(b[0] - a[0]), abs(b[1] - a[1]))))
        for i in range(steps + 1):
            t = i / steps
            self.set(a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)

    def circle(self, centre: tuple[float, float], radius: float) -> None:
        steps = max(8, math.ceil(2 * math.pi * radius))
        for i in range(steps):
            angle = 2 * math.pi * i / steps
            self.set(centre[0] + radius * math.cos(angle), centre[1] + radius * math.sin(angle))

    def disc(self, centre: tuple[float, float], radius: float) -> None:
        reach = math.ceil(radius)
        for dy in range(-reach, reach + 1):
            for dx in range(-reach, reach + 1):
                if dx * dx + dy * dy <= radius * radius + 0.5:
                    self.set(centre[0] + dx, centre[1] + dy)

    def lines(self) -> list[str]:
        if self.drawn is not None:
            return self.drawn
        under = self.under.lines() if self.under is not None else None
        return [under[i] if under is not None and not self.touched[i] else
                "".join(chr(0x2800 + bits) if bits else BLANK for bits in row)
                for i, row in enumerate(self.cells)]


def size(poses: Poses, width: int, height: int) -> tuple[int, int]:
    """The (columns, rows) a figure of these poses takes within width x height cells."""
    frame = _Frame(poses, width, height)
    return frame.cols, frame.rows


def draw(poses: Poses, pose: Pose, width: int, height: int) -> list[str]:
    """`pose` drawn within `width` x `height` cells, at the scale every pose of `poses`
    fits at, so the figure stays put as it moves. Fewer rows or narrower lines when the
    figure's shape leaves the rest empty; every line is as wide as the widest."""
    if width < 1 or height < 1:
        return []
    frame, ground = _ground(poses, width, height)
    canvas = _Canvas(frame.cols, frame.rows, ground)
    at = {joint.name: frame.dot(joint.x, joint.y) for joint in pose}
    for chain in CHAINS:
        _polyline(canvas, [at[name] for name in chain if name in at])
    head = at["head"]
    radius = max(1.5, HEAD_CM * frame.scale)
    canvas.circle(head, radius)
    if "shoulder" in at:  # the neck, from the edge of the head
        sx, sy = at["shoulder"]
        gap = math.hypot(sx - head[0], sy - head[1])
        if gap > radius:
            t = radius / gap
            canvas.line((head[0] + (sx - head[0]) * t, head[1] + (sy - head[1]) * t), (sx, sy))
    canvas.disc(at["heel"], max(HEEL_DOTS, HEEL_CM * frame.scale))
    return canvas.lines()


@lru_cache(maxsize=4)  # a step draws one exercise's poses at one size, second after second
def _ground(poses: Poses, width: int, height: int) -> tuple[_Frame, _Canvas]:
    """Where every pose of `poses` sits at this size, and what stays put under them all:
    the floor and the wall (drawn, its lines made, once)."""
    frame = _Frame(poses, width, height)
    canvas = _Canvas(frame.cols, frame.rows)
    if poses.view == "side":
        floor = frame.dot(0.0, 0.0)[1] + frame.under
        canvas.line((0, floor), (2 * frame.cols - 1, floor))
        if poses.wall is not None:
            wall = frame.dot(poses.wall, 0.0)[0]
            canvas.line((wall, 0), (wall, floor))
    canvas.drawn = canvas.lines()
    return frame, canvas


def _polyline(canvas: _Canvas, points: Iterable[tuple[float, float]]) -> None:
    for a, b in pairwise(points):
        canvas.line(a, b)


__all__ = ["draw", "size"]
