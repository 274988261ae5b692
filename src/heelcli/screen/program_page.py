"""`heel program` as a page: the words for what coach.status returns. Untrusted text
(names from the exercise file, lines from the history) goes out as rich Text."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.text import Text

from heelcli.engine.checkin import STOP_ON_PAIN
from heelcli.engine.errors import sanitise
from heelcli.engine.progression import Flare
from heelcli.engine.schedule import DAY_NAMES
from heelcli.text.rules import (
    break_line,
    explain_flare,
    flare_dose_words,
    paused_line,
)

NO_PROGRAM = ("No program running. Start one with: heel program start "
              "(three days a week: mon,wed,fri)")


def _day(text: str) -> str:
    d = date.fromisoformat(text)
    return f"{DAY_NAMES[d.weekday()]} {d.day}"


def _days(items: Sequence[str]) -> str:
    return ", ".join(_day(d) for d in items) or "none"


def level_words(item: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """`Level 4 of 9: 12 reps x 1`, naming the exercise run when it is another one."""
    runs = "" if item["runs"] == item["id"] else f"{names.get(item['runs'], item['runs'])}, "
    if item["hold_seconds"] is not None:
        dose = f"{item['reps']} holds of {item['hold_seconds']:g} s"
        dose += f" x {item['sets']}" if item["sets"] > 1 else ""
    else:
        dose = f"{item['reps']} reps x {item['sets']}"
    return f"Level {item['prescribed_level']} of {item['of']}: {runs}{dose}"


def self_test_line(test: Mapping[str, Any]) -> str:
    """Every four weeks, a nudge to see the progress: `heel test` measures it."""
    if test["last"] is None:
        return "Self-test: none yet; heel test measures where you start."
    if test["due"]:
        return (f"Self-test: due (the last was on {_day(test['last'])}); heel test shows "
                "the change.")
    return f"Self-test: last on {_day(test['last'])}; the next is due on {_day(test['next'])}."


class _Indented:
    """A list item: wrapped lines keep the indent, and none is padded out with spaces
    (rich's Padding pads every line to the widest, which a pipe shows as trailing blanks)."""

    def __init__(self, text: Text) -> None:
        self.text = text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in self.text.wrap(console, max(1, options.max_width - 2)):
            line.rstrip()
            yield Text("  ") + line


def _indented(text: Text) -> RenderableType:
    return _Indented(text)


def page(data: Mapping[str, Any], names: Mapping[str, str]) -> RenderableType:
    program, today, week = data["program"], data["today"], data["week"]
    lines: list[RenderableType] = [
        Text(f"Program since {program['started']}: {program['days']}, "
             f"pain limit {program['pain_limit']}/10", style="bold"),
        Text(f"This week: planned {_days(week['planned'])}; done {_days(week['done'])}; "
             f"missed {_days(week['missed'])}"),
        Text(f"Streak: {data['streak_weeks']} "
             f"{'week' if data['streak_weeks'] == 1 else 'weeks'} on schedule"),
        Text(self_test_line(data["self_test"])),
        Text(""),
    ]
    if data.get("paused"):
        lines += [Text(paused_line(), style="bold"), Text("")]
    if data.get("break"):
        lines.append(Text(break_line(data["break"]["days"])))
    nxt = _day(week["next_planned"])
    if today.get("done"):
        head = f"done; the next planned day is {nxt}"
    elif today["planned"]:
        head = "a planned day"
    else:
        head = f"a rest day (next: {nxt})"
    lines.append(Text(f"Today, {_day(today['date'])}: {head}", style="bold"))
    flare = today["flare"] is not None
    for item in today["exercises"]:
        dose = item.get("dose", "level")
        extra = f" ({flare_dose_words(dose, item['level'], item['prescribed_level'])})" \
            if flare else ""
        words = "rests today" if dose == "rest" else level_words(item, names)
        lines.append(_indented(Text(names.get(item["id"], item["id"]))
                               + Text(f": {words}{extra if dose != 'rest' else ''}")))
    if flare:
        doses = tuple(item.get("dose", "down") for item in today["exercises"])
        lines.extend(Text(line) for line in explain_flare(
            Flare(**today["flare"]), doses=doses,
            today=bool(today["planned"]) and not today.get("done")))
    change = data["last_change"]
    lines += [Text(""), Text("Last change:", style="bold")
              + (Text("") if change else Text(" none yet"))]
    if change:
        lines.extend(_indented(Text(sanitise(c["line"]))) for c in change["changes"])
    pains = data["recent_pain"]
    if pains:
        rated = [f"{_day(p['date'])} {'-' if p['pain'] is None else p['pain']}"
                 + {True: " settled", False: " not settled", None: ""}[p["settled"]]
                 for p in pains if p["date"]]
        lines.append(Text("Recent pain (knee or low back, 0-10): ", style="bold")
                     + Text("; ".join(rated)))
    lines += [Text(""), Text("To move up next:", style="bold")]
    lines.extend(_indented(Text(n["line"])) for n in data["next"])
    if any(p["pain"] for p in pains) and today["flare"] is None:  # a flare day said it
        lines.append(Text(STOP_ON_PAIN))
    return Group(*lines)
