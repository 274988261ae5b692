"""Run a plan on a console: a live screen on a terminal, one plain line per step otherwise."""

from __future__ import annotations

from rich.console import Console

from heelcli import view
from heelcli.plan import Plan
from heelcli.runner import Clock, Keys, Runner, Summary, Tick


def run(plan: Plan, *, console: Console, clock: Clock, keys: Keys, live: bool) -> Summary:
    if not live:
        return Runner(
            plan, clock=clock, keys=keys,
            on_step=lambda tick: console.print(view.plain_line(tick.step), soft_wrap=True),
        ).run()

    from rich.live import Live

    # Frames are drawn by the runner's ticks (4 a second), not by a refresh thread.
    with Live(console=console, auto_refresh=False, transient=True) as screen:

        def draw(tick: Tick) -> None:
            screen.update(view.frame(tick, console.width), refresh=True)

        return Runner(plan, clock=clock, keys=keys, on_tick=draw).run()
