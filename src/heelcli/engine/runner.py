"""Walk a Timeline against a clock and a key source. Never prints: it reports state to a callback.

Every step ends at an absolute deadline: the previous deadline plus the step's length, so
a session never drifts however long each tick takes. Pausing shifts the deadlines; skipping
and stopping move to another step at the current time.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from heelcli.engine.keymap import (
    EXTEND,
    HELP,
    MUTE,
    NEXT_KEY,
    PAUSE_KEYS,
    QUIT_KEY,
    SKIP_EXERCISE_KEY,
)
from heelcli.engine.records import Done, Part, Summary
from heelcli.engine.timeline import PHASE, READY, REST, Step, Timeline, same_set

SUSPENDED = "suspended"  # not a key: the process was stopped (Ctrl-Z) and has continued
EXTEND_SECONDS = 10.0
EXTENDABLE = (READY, REST)  # the steps `+` lengthens: waiting, never a rep's tempo
# Paused, nothing shown changes until a key (a resize or a signal wakes the key source too):
# wake only this rarely.
PAUSED_WAIT = 60.0


class Keys(Protocol):
    """Where keys come from. The session reads `signal` after a run and sets
    `on_suspend`; a key source with no signals or Ctrl-Z keeps None and never calls it."""

    signal: int | None  # the signal that stopped the session (SIGINT, SIGHUP...), if any
    on_suspend: Callable[[], None]  # called before the process stops for Ctrl-Z

    def wait(self, timeout: float) -> str | None:
        """Block up to `timeout` seconds; return a key pressed meanwhile, or None."""


Clock = Callable[[], float]


@dataclass(frozen=True)
class Tick:
    """What the screen needs to draw one frame."""

    plan: Timeline
    index: int
    remaining: float
    paused: bool = False
    help: bool = False
    muted: bool = False
    added: float = 0.0  # seconds `+` added to this step

    @property
    def step(self) -> Step:
        return self.plan.steps[self.index]

    @property
    def left_in_plan(self) -> float:
        """Time left in the whole workout: this step's and every step's after it."""
        return max(0.0, self.remaining) + self.plan.seconds_after(self.index)

    @property
    def upcoming(self) -> Step | None:
        nxt = self.index + 1
        return self.plan.steps[nxt] if nxt < len(self.plan.steps) else None


class Runner:
    def __init__(
        self,
        plan: Timeline,
        *,
        clock: Clock,
        keys: Keys,
        on_tick: Callable[[Tick], None] = lambda tick: None,
        on_step: Callable[[Tick], None] = lambda tick: None,
        on_set: Callable[[tuple[Part, ...]], None] = lambda parts: None,
        max_gap: float = 2.0,
    ) -> None:
        self.plan = plan
        self.clock = clock
        self.keys = keys
        self.on_tick = on_tick
        self.on_step = on_step
        self.on_set = on_set
        self.max_gap = max_gap
        self._parts: dict[tuple[int, str], Part] = {}

    def run(self) -> Summary:
        steps = self.plan.steps
        start = last = self.clock()
        deadline = start
        index = 0
        paused_at: float | None = None
        show_help = help_paused = muted = False
        completed = True
        while index < len(steps):
            step = steps[index]
            deadline += step.seconds
            added = 0.0
            self.on_step(Tick(self.plan, index, step.seconds, muted=muted))
            jump: int | None = None
            while True:
                now = self.clock()
                if paused_at is None and now - last > self.max_gap:
                    paused_at = last  # the machine slept: keep the time left before the gap
                last = now
                remaining = deadline - (paused_at if paused_at is not None else now)
                if paused_at is None and remaining <= 0:
                    self._count(step)
                    break
                self.on_tick(Tick(self.plan, index, remaining, paused_at is not None, show_help,
                                  muted, added))
                if paused_at is None:  # drawing took time: measure what is left again
                    left = deadline - self.clock()
                    key = self.keys.wait(_timeout(left))
                else:
                    key = self.keys.wait(PAUSED_WAIT)
                if key is None:
                    continue
                if show_help or key in HELP.keys:
                    now = self.clock()
                    if not show_help:  # the help pauses while it is shown
                        show_help = True
                        if paused_at is None:
                            paused_at, help_paused = now, True
                        continue
                    show_help = False  # any key closes it, back to where it was
                    if help_paused and paused_at is not None:
                        deadline += now - paused_at
                        paused_at, help_paused, last = None, False, now
                        if key in HELP.keys or key in PAUSE_KEYS:
                            continue
                    elif key in HELP.keys:
                        continue
                if key in MUTE.keys:
                    muted = not muted
                elif key in EXTEND.keys and step.kind in EXTENDABLE:
                    deadline += EXTEND_SECONDS
                    added += EXTEND_SECONDS
                elif key == SUSPENDED:
                    if paused_at is None:
                        paused_at = last  # the time stopped does not count
                    last = self.clock()
                elif key in PAUSE_KEYS:
                    now = self.clock()
                    if paused_at is None:
                        paused_at = now
                    else:
                        deadline += now - paused_at
                        paused_at = None
                    last = now
                elif key == NEXT_KEY:
                    jump = self._next_unit(index)
                elif key == SKIP_EXERCISE_KEY:
                    jump = self._next_block(index)
                elif key == QUIT_KEY:
                    jump = len(steps)
                    completed = False
                if jump is not None:
                    break
            if jump is None:
                index += 1
            else:
                now = self.clock()
                deadline = now
                last = now
                paused_at = None
                index = jump
        return Summary(self._done(), self.clock() - start, completed, self.parts())

    def parts(self) -> tuple[Part, ...]:
        """What has been done so far, per exercise and side, in the order it was done."""
        return tuple(self._parts.values())

    def _count(self, step: Step) -> None:
        if step.kind != PHASE:
            return
        side = step.side or ""
        part = self._parts.get((step.block, side)) or Part(
            step.block, step.exercise.id, step.exercise.name, side, 0, 0, 0.0)
        ends_set = step.ends_rep and step.rep == step.reps
        self._parts[(step.block, side)] = part._replace(
            seconds=part.seconds + step.seconds,
            reps_done=part.reps_done + step.ends_rep, sets_done=part.sets_done + ends_set)
        if ends_set:
            self.on_set(self.parts())

    def _next_unit(self, index: int) -> int:
        """The step after the current rep (or the next step, outside a rep)."""
        steps = self.plan.steps
        current = steps[index]
        nxt = index + 1
        if current.kind == PHASE:
            while nxt < len(steps) and _same_rep(steps[nxt], current):
                nxt += 1
        return nxt

    def _next_block(self, index: int) -> int:
        steps = self.plan.steps
        nxt = index + 1
        while nxt < len(steps) and steps[nxt].block == steps[index].block:
            nxt += 1
        return nxt

    def _done(self) -> tuple[Done, ...]:
        out = []
        for block in range(len(self.plan.exercises)):
            planned = [s for s in self.plan.steps if s.block == block and s.ends_rep]
            if not planned:
                continue
            ex = planned[0].exercise
            parts = [p for p in self._parts.values() if p.block == block]
            # A set of an each-side exercise is done when its last (right) side is.
            sets = [p.sets_done for p in parts if p.side in ("", "right")]
            out.append(Done(ex.name, ex.id, sum(p.reps_done for p in parts), len(planned),
                            sets[0] if sets else 0))
        return tuple(out)


def _same_rep(a: Step, b: Step) -> bool:
    return same_set(a, b) and a.rep == b.rep


def _timeout(left: float) -> float:
    """How long to wait for a key: until the whole seconds shown change, and no sooner, so
    the digits and the 3-2-1 turn on time and a second costs one wake-up, not several."""
    if left <= 0:
        return 0.0
    return left - math.ceil(left) + 1 if left > 1 else left
