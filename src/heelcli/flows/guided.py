"""One guided session, as the workout and the self-test both run it: the screen mode, the
voice, the keys, the session, and how it ended. Both flows then end the same way
(`Ending.finish`): what was done is recorded first, by the caller, whatever stopped it.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from heelcli import START_UP_YOUNG_GENERATION
from heelcli.screen import live
from heelcli.screen.charset import unicode_ok

if TYPE_CHECKING:
    from rich.console import Console

    from heelcli.engine.records import Part, Summary
    from heelcli.engine.runner import Tick
    from heelcli.engine.timeline import Timeline
    from heelcli.flows.environment import Environment


@dataclass(frozen=True, kw_only=True)
class SessionOptions:
    console: Console  # where the session talks: stderr when stdout carries JSON
    live: bool = True  # a redrawn screen if a person watches stdout (not with --json)
    plain: bool = False  # --plain: a line per step and at 3-2-1
    bell: bool | None = None  # None: when the screen is live
    speak_with: Sequence[str] | None = None  # the speech command, when --voice
    figure: bool = True  # the moving figure on the live screen (--no-figure: none)


@dataclass(frozen=True)
class Ending:
    """How a session ended: what was done, the output error that cut it short if any
    (a closed pipe, a terminal gone, a full disk), and the signal that stopped it if any."""

    summary: Summary
    lost: OSError | None = None
    signal: int | None = None

    @property
    def stopped(self) -> bool:
        """Whether heel stops here, with nothing more to ask or take."""
        return self.lost is not None or self.signal is not None

    def finish(self, show: Callable[[], None]) -> int | None:
        """After the caller has recorded what was done: None to go on (the caller shows the
        outcome and asks its questions), or the exit code of a signal (128 + it), after
        `show` if the output still takes it. Lost output is raised on, for heel's main()
        to say in one line (nothing at all for a closed pipe)."""
        if self.signal:
            with contextlib.suppress(OSError):
                show()
            return 128 + self.signal
        if self.lost is not None:
            raise self.lost
        return None


def run(env: Environment, plan: Timeline, options: SessionOptions, *,
        on_set: Callable[[tuple[Part, ...]], None] = lambda parts: None,
        watch: Callable[[Tick], None] = lambda tick: None) -> Ending:
    """Guide `plan` to its end, a quit key, a signal or the loss of the output; never
    raises for any of those."""
    speaker = None
    if options.speak_with is not None:
        from heelcli.screen.voice import Voice

        speaker = Voice(list(options.speak_with))
    # A live screen when a person watches stdout: whether it is a terminal, not whether
    # rich would colour it (FORCE_COLOR in a pipe); TERM=dumb gets lines, never a blank one.
    watched = env.stdout_isatty and options.live and live.can_redraw(env.environ)
    mode = live.PLAIN if options.plain else live.LIVE if watched else live.LINES
    # A bell only to a terminal: FORCE_COLOR must not put ^G into a pipe.
    bell = env.stdout_isatty and (watched if options.bell is None else options.bell)
    # heel's start-up runs without collecting (heelcli.__main__); a session runs for
    # minutes. One pass now frees start-up's garbage for the frames to reuse: a lower peak
    # of memory (bench/session_memory.py), for a few milliseconds before the first frame.
    # A program that imports heel with its own collector's settings collects as it chose.
    if gc.get_threshold()[0] == START_UP_YOUNG_GENERATION:
        gc.collect()
    with env.open_keys() as keys:
        try:
            summary = live.run(plan, console=options.console, clock=env.clock, keys=keys,
                                  mode=mode, bell=bell, watch=watch, on_set=on_set,
                                  speak=speaker.say if speaker else None,
                                  # Braille only where the output can hold it (not LC_ALL=C).
                                  figure=options.figure
                                  and unicode_ok(options.console.encoding))
            lost = None
        except live.OutputLost as exc:
            summary, lost = exc.summary, exc.error
        finally:
            if speaker is not None:
                speaker.close(finish=keys.signal is None)
    return Ending(summary, lost, keys.signal)
