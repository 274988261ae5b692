"""`heel report`: a one-page summary for a physiotherapist, in text, markdown or HTML.
Pure: the caller fills ReportData from the history; every string in it is untrusted."""

from __future__ import annotations

import html
import textwrap
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from typing import Literal

from heelcli.engine.errors import sanitise
from heelcli.engine.selftest import MEASURES, Measure, Result, formatted

Format = Literal["text", "markdown", "html"]
FORMATS: tuple[Format, ...] = ("text", "markdown", "html")
WIDTH = 80


@dataclass(frozen=True)
class WeekRow:
    monday: date
    planned: int
    done: int


@dataclass(frozen=True)
class ReportLevelChange:
    """An exercise's level from `day` on; the first row of an exercise is where it began."""

    day: date
    exercise: str
    level: int
    levels: int  # how many the ladder has
    prescription: str  # "12 reps x 1"
    reason: str


@dataclass(frozen=True)
class PainEntry:
    """A session's pain as the check-in asks it: one rating for the knee or low back."""

    day: date
    pain: int | None  # 0-10; None when not asked or not answered
    settled: bool | None  # the next-morning answer; None when not given


@dataclass(frozen=True)
class FeltCount:
    where: str  # "back of the legs and glutes"
    sessions: int


@dataclass(frozen=True)
class Note:
    day: date
    text: str


@dataclass(frozen=True)
class ReportData:
    start: date
    end: date
    program: str  # the program or routine name, as the user wrote it
    weeks: tuple[WeekRow, ...] = ()
    levels: tuple[ReportLevelChange, ...] = ()
    pain: tuple[PainEntry, ...] = ()
    felt: tuple[FeltCount, ...] = ()
    tests: tuple[Result, ...] = ()
    notes: tuple[Note, ...] = ()


# --- Shared wording ------------------------------------------------------------------------

def _day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def _short(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def _plain(text: str) -> str:
    """User text on one line, control characters shown as escapes."""
    return " ".join(sanitise(text).split())


def _covered(data: ReportData) -> str:
    weeks = ((data.end - data.start).days + 1 + 6) // 7
    return (f"{_day(data.start)} to {_day(data.end)} "
            f"({weeks} week{'' if weeks == 1 else 's'})")


def _pain(value: int | None) -> str:
    return "-" if value is None else f"{value}/10"


def _value(value: int | None) -> str:
    return "-" if value is None else str(value)


def _settled(entry: PainEntry) -> str:
    if entry.settled is None:
        return "no answer" if entry.pain else ""
    return "settled" if entry.settled else "NOT settled"


def _done_line(data: ReportData) -> str:
    planned = sum(w.planned for w in data.weeks)
    done = sum(w.done for w in data.weeks)
    return f"{done} of {planned} planned sessions done."


def _by_exercise(data: ReportData) -> list[tuple[str, list[ReportLevelChange]]]:
    ordered = sorted(data.levels, key=lambda c: (c.exercise, c.day))
    return [(name, list(rows)) for name, rows in groupby(ordered, key=lambda c: c.exercise)]


def _by_measure(data: ReportData) -> list[tuple[Measure, list[Result]]]:
    known = [r for r in data.tests if r.measure in MEASURES]
    order = list(MEASURES)
    ordered = sorted(known, key=lambda r: (order.index(r.measure), r.day))
    return [(MEASURES[m], list(rs)) for m, rs in groupby(ordered, key=lambda r: r.measure)]


PAIN_HEADING = "Pain during sessions (knee or low back, 0-10) and next morning"
FOOTER = ("Made by heel from the exercise log kept on this computer. "
          "It records what was done and reported; it is not a diagnosis.")


# --- Text and markdown ---------------------------------------------------------------------

def _wrap(text: str, first: str, width: int, rest: str | None = None) -> list[str]:
    return textwrap.wrap(text, width=width, initial_indent=first,
                         subsequent_indent=rest if rest is not None else " " * len(first),
                         break_long_words=True, break_on_hyphens=False) or [first.rstrip()]


def _bar(value: int, top: int, width: int = 30) -> str:
    return "#" * round(width * value / top) if top else ""


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


@dataclass(frozen=True)
class _Style:
    """What the two plain formats do differently."""

    heading: Callable[[str], list[str]]
    quote: Callable[[str], str]
    bullet: str  # before an exercise, a measure or a note
    row: str  # before each row under it
    more: str  # before the wrapped rest of a row


def _lines(data: ReportData, style: _Style, width: int) -> list[str]:
    quote, bullet, row, more = style.quote, style.bullet, style.row, style.more
    # Clipped once quoted: markdown's escapes make it longer. "# " is the most a heading adds.
    title = _clip(f"heel report: {quote(_plain(data.program))}", width - 2)
    out = [*style.heading(title), _covered(data), ""]
    if data.weeks:
        out += [*style.heading("Sessions per week"), ""]
        out += [f"    {_short(w.monday):<14}{w.done:>2} of {w.planned} done  "
                f"{'*' * w.done}{'.' * max(0, w.planned - w.done)}" for w in data.weeks]
        out += ["", _done_line(data), ""]
    if data.levels:
        out += [*style.heading("Levels"), ""]
        for name, changes in _by_exercise(data):
            out += _wrap(quote(_plain(name)), bullet, width)
            for c in changes:
                head = (f"{_short(c.day)}: level {c.level} of {c.levels}, "
                        f"{quote(_plain(c.prescription))}")
                reason = quote(_plain(c.reason))
                out += _wrap(f"{head}. {reason}" if reason else head, row, width, more)
        out.append("")
    if data.pain:
        out += [*style.heading(PAIN_HEADING), ""]
        out += [f"    {_short(p.day):<12} {_pain(p.pain):>5}   {_settled(p)}".rstrip()
                for p in data.pain]
        out.append("")
    if data.felt:
        out += [*style.heading("Where the work was felt"), ""]
        out += _wrap("; ".join(f"{quote(_plain(f.where))}: {f.sessions} session"
                               f"{'' if f.sessions == 1 else 's'}" for f in data.felt),
                     bullet, width)
        out.append("")
    if data.tests:
        out += [*style.heading("Self-tests"), ""]
        for measure, results in _by_measure(data):
            top = max(measure.high if measure.unit == "/10" else 0,
                      *(r.value for r in results))
            out.append(f"{bullet}{measure.label}")
            out += [f"{row}{_short(r.day):<12}{formatted(measure, r.value):>6}  "
                    f"{_bar(r.value, top)}".rstrip() for r in results]
        out.append("")
    if data.notes:
        out += [*style.heading("Notes"), ""]
        for note in data.notes:
            out += _wrap(quote(_plain(note.text)), f"{bullet}{_short(note.day)}: ", width,
                         " " * len(bullet) + "  ")
        out.append("")
    return [*out, *_wrap(FOOTER, "", width)]


def text(data: ReportData, width: int = WIDTH) -> str:
    def heading(title: str) -> list[str]:
        return [title, "-" * len(title)]
    style = _Style(heading, lambda s: s, bullet="  ", row="    ", more="      ")
    return "\n".join(_lines(data, style, width)) + "\n"


_MARKDOWN_SPECIAL = str.maketrans({c: f"\\{c}" for c in "\\`*_[]<>|#~&!"})


def markdown_escape(text: str) -> str:
    """User text that a markdown viewer shows as written, never as links, HTML or layout."""
    return text.translate(_MARKDOWN_SPECIAL)


def markdown(data: ReportData, width: int = WIDTH) -> str:
    def heading(title: str) -> list[str]:
        return [f"{'#' if title.startswith('heel report') else '##'} {title}"]
    # The week and pain tables are indented after a blank line: a code block in markdown,
    # so their columns stay lined up; rows under an exercise are nested list items.
    style = _Style(heading, markdown_escape, bullet="- ", row="  - ", more="    ")
    return "\n".join(_lines(data, style, width)) + "\n"


# --- HTML ----------------------------------------------------------------------------------

_CSS = """
@page { margin: 12mm; }
* { box-sizing: border-box; }
body { font: 8pt/1.2 system-ui, sans-serif; color: #111; margin: 0 auto; max-width: 186mm; }
h1 { font-size: 13pt; margin: 0 0 1mm; }
h2 { font-size: 10pt; margin: 2.5mm 0 1mm; border-bottom: 0.3mm solid #999;
     break-after: avoid; }
p { margin: 0.5mm 0; }
ul { margin: 0; padding-left: 5mm; }
table { border-collapse: collapse; }
th, td { text-align: left; padding: 0.3mm 1.5mm; vertical-align: top; }
th { font-weight: 600; border-bottom: 0.2mm solid #bbb; }
td.n, th.n { text-align: right; }
td:first-child, th:first-child { white-space: nowrap; }
.pain td:nth-child(3n+1):not(:first-child) { border-left: 0.2mm solid #ccc; }
.wide table { width: 100%; }
.charts { display: flex; flex-wrap: wrap; gap: 3mm; }
figure { margin: 0; break-inside: avoid; }
figcaption { font-weight: 600; }
figure { width: 34mm; }
svg { width: 34mm; height: 17mm; }
svg text { font-size: 7px; fill: #333; }
.muted { color: #555; }
.bad { font-weight: 600; }
"""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _u(text: str) -> str:
    """Untrusted text for HTML: one line, controls shown as escapes, then escaped."""
    return _e(_plain(text))


def _table(head: Sequence[str], rows: Iterable[Sequence[str]], numeric: set[int]) -> str:
    def cell(tag: str, i: int, content: str) -> str:
        attribute = ' class="n"' if i in numeric else ""
        return f"<{tag}{attribute}>{content}</{tag}>"
    header = "".join(cell("th", i, _e(h)) for i, h in enumerate(head))
    body = "".join("<tr>" + "".join(cell("td", i, c) for i, c in enumerate(row)) + "</tr>"
                   for row in rows)
    return f"<table><thead><tr>{header}</tr></thead><tbody>{body}</tbody></table>"


def chart(measure: Measure, results: Sequence[Result], start: date, end: date) -> str:
    """An inline SVG: one circle per result, joined by a line, dates along the bottom."""
    width, height, left, right, top, bottom = 220.0, 100.0, 22.0, 6.0, 8.0, 16.0
    values = [r.value for r in results]
    low, high = (measure.low, measure.high) if measure.unit == "/10" else (
        min(values) - 1, max(values) + 1)
    span_days = max(1, (end - start).days)

    def x(day: date) -> float:
        return left + (width - left - right) * max(0, min(span_days, (day - start).days)) \
            / span_days

    def y(value: int) -> float:
        return top + (height - top - bottom) * (high - value) / max(1, high - low)

    points = [(x(r.day), y(r.value), r) for r in results]
    line = " ".join(f"{px:.1f},{py:.1f}" for px, py, _ in points)
    circles = "".join(
        f'<circle cx="{px:.1f}" cy="{py:.1f}" r="2.5">'
        f"<title>{_e(_short(r.day))}: {_e(formatted(measure, r.value))}</title></circle>"
        f'<text x="{px:.1f}" y="{py - 4:.1f}" text-anchor="middle">{r.value}</text>'
        for px, py, r in points)
    base = height - bottom
    return (f'<svg viewBox="0 0 {width:.0f} {height:.0f}" role="img" '
            f'aria-label="{_e(measure.label)} over time">'
            f'<line x1="{left}" y1="{base}" x2="{width - right}" y2="{base}" stroke="#999"/>'
            f'<line x1="{left}" y1="{top}" x2="{left}" y2="{base}" stroke="#999"/>'
            f'<text x="{left - 3}" y="{y(high) + 2:.1f}" text-anchor="end">{high}</text>'
            f'<text x="{left - 3}" y="{y(low) + 2:.1f}" text-anchor="end">{low}</text>'
            f'<text x="{left}" y="{height - 4}">{_e(_short(start))}</text>'
            f'<text x="{width - right}" y="{height - 4}" text-anchor="end">'
            f"{_e(_short(end))}</text>"
            f'<polyline points="{line}" fill="none" stroke="#36c" stroke-width="1.2"/>'
            f'<g fill="#36c">{circles}</g></svg>')


def html_page(data: ReportData) -> str:
    """One self-contained page: no scripts, no links, nothing fetched; prints on A4 or Letter."""
    title = f"heel report: {_plain(data.program)}"
    # The footer's words go under the title: on a full page they must not spill over.
    parts = [f"<h1>{_e(title)}</h1>", f'<p class="muted">{_e(_covered(data))}. {_e(FOOTER)}</p>']
    if data.weeks:
        # Weeks run across the page: twelve of them still take three lines.
        head = "".join(f'<th class="n">{_e(_short(w.monday)[4:])}</th>' for w in data.weeks)
        done = "".join(f'<td class="n">{w.done} of {w.planned}</td>' for w in data.weeks)
        parts += ["<section><h2>Sessions per week</h2>",
                  f"<table><tr><th>Week of</th>{head}</tr><tr><td>Done</td>{done}</tr>"
                  "</table>", f"<p>{_e(_done_line(data))}</p></section>"]
    if data.levels:
        # One table, the exercise named on its first row: each reason keeps to one line.
        levels = [(f"<strong>{_u(name)}</strong>" if i == 0 else "", _e(_short(c.day)),
                   f"{c.level} of {c.levels}", _u(c.prescription), _u(c.reason))
                  for name, changes in _by_exercise(data) for i, c in enumerate(changes)]
        parts += ["<section><h2>Levels</h2>", '<div class="wide">',
                  _table(("Exercise", "From", "Level", "Prescription", "Why"), levels, set()),
                  "</div></section>"]
    if data.pain:
        # Three runs of sessions side by side, read down then across: a short table.
        def cells(p: PainEntry) -> list[str]:
            settled = _e(_settled(p))
            return [_e(_short(p.day)[4:]), _value(p.pain),
                    f'<span class="bad">{settled}</span>' if p.settled is False else settled]
        down = -(-len(data.pain) // 3)
        runs = [data.pain[i:i + down] for i in range(0, len(data.pain), down)]
        pain = [[c for run in runs for c in (cells(run[r]) if r < len(run) else [""] * 3)]
                for r in range(down)]
        columns = ("Session", "Pain", "Morning") * len(runs)
        parts += [f"<section><h2>{_e(PAIN_HEADING)}</h2>", '<div class="wide pain">',
                  _table(columns, pain, {i for i in range(len(columns)) if i % 3 == 1}),
                  "</div></section>"]
    if data.felt:
        items = "; ".join(f"{_u(f.where)}: {f.sessions}" for f in data.felt)
        parts.append(f"<section><h2>Where the work was felt (sessions)</h2><p>{items}</p>"
                     "</section>")
    if data.tests:
        parts.append('<section><h2>Self-tests</h2><div class="charts">')
        for measure, results in _by_measure(data):
            latest = ", ".join(f"{_short(r.day)[4:]}: {formatted(measure, r.value)}"
                               for r in results)
            parts.append(f"<figure><figcaption>{_e(measure.label)}</figcaption>"
                         f"{chart(measure, results, data.start, data.end)}"
                         f'<p class="muted">{_e(latest)}</p></figure>')
        parts.append("</div></section>")
    if data.notes:
        items = "".join(f"<li>{_e(_short(n.day))}: {_u(n.text)}</li>" for n in data.notes)
        parts.append(f"<section><h2>Notes</h2><ul>{items}</ul></section>")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{_e(title)}</title><style>{_CSS}</style></head>\n<body>\n"
            + "\n".join(parts) + "\n</body></html>\n")


def render(data: ReportData, fmt: Format, width: int = WIDTH) -> str:
    if fmt == "html":
        return html_page(data)
    return markdown(data, width) if fmt == "markdown" else text(data, width)
