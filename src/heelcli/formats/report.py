"""`heel report`: a one-page summary for a physiotherapist, in text, markdown or HTML.
Pure: the caller fills ReportData from the history; every string in it is untrusted."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from itertools import groupby
from typing import Literal

from heelcli.engine.errors import sanitise
from heelcli.engine.selftest import CHAIR_STANDS, MEASURES, Measure, Result
from heelcli.engine.typedtuple import TypedTuple
from heelcli.text.selftests import formatted, label
from heelcli.text.words import day as named_day

Format = Literal["text", "markdown", "html"]
FORMATS: tuple[Format, ...] = ("text", "markdown", "html")
WIDTH = 80


class WeekRow(TypedTuple):
    monday: date
    planned: int
    done: int


class ReportLevelChange(TypedTuple):
    """An exercise's level from `day` on; the first row of an exercise is where it began."""

    day: date
    exercise: str
    level: int
    levels: int  # how many the ladder has
    prescription: str  # "12 reps x 1"
    reason: str


class PainEntry(TypedTuple):
    """A session's pain as the check-in asks it: one rating for the knee or low back."""

    day: date
    pain: int | None  # 0-10; None when not asked or not answered
    settled: bool | None  # the next-morning answer; None when not given
    morning_pain: int | None = None  # the next morning, 0-10; None: not answered
    morning_stiffness: int | None = None


class FeltCount(TypedTuple):
    where: str  # "back of the legs and glutes"
    sessions: int


class Note(TypedTuple):
    day: date
    text: str


# TypedTuples, not frozen dataclasses: each of those costs `heel report` a millisecond of
# start-up, making its methods.
class ReportData(TypedTuple):
    start: date
    end: date
    program: str  # the program or routine name, as the user wrote it
    weeks: tuple[WeekRow, ...] = ()
    levels: tuple[ReportLevelChange, ...] = ()
    pain: tuple[PainEntry, ...] = ()
    felt: tuple[FeltCount, ...] = ()
    tests: tuple[Result, ...] = ()
    notes: tuple[Note, ...] = ()
    norm: tuple[str, ...] = ()  # the chair-stand norm lines for the latest result, if known


# --- Shared wording ------------------------------------------------------------------------

def _plain(text: str) -> str:
    """User text on one line, control characters shown as escapes."""
    return " ".join(sanitise(text).split())


def _covered(data: ReportData) -> str:
    weeks = ((data.end - data.start).days + 1 + 6) // 7
    return (f"{_short(data.start, data)} to {_short(data.end, data)} {data.end.year} "
            f"({weeks} week{'' if weeks == 1 else 's'})")


def _short(day: date, data: ReportData) -> str:
    """Every date of the report as heel names days: with the year when not the report's."""
    return named_day(day, today=data.end)


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

_LIST_START = re.compile(r"([-+=]|\d+[.)])")  # what starts a list, a rule or a heading line


def _wrap(text: str, first: str, width: int, rest: str | None = None,
          quote: Callable[[str], str] | None = None) -> list[str]:
    """`text` wrapped to `width`, each word quoted as it is placed: the width counts the
    quoted form, a quote is never split across lines, and a line never starts with what
    markdown reads as a list, a rule or a heading (quoted too, when `quote` is given)."""
    rest = rest if rest is not None else " " * len(first)
    lines: list[str] = []
    line, empty = first, True

    def placed(word: str, starts: bool) -> str:
        if quote is None:
            return word
        quoted = quote(word)
        found = _LIST_START.match(quoted) if starts else None
        if found is None:
            return quoted
        at = found.end() - 1  # "1." becomes "1\\.", "-" becomes "\\-"
        return f"{quoted[:at]}\\{quoted[at:]}"

    for word in text.split():
        while word:
            head = placed(word, empty)
            room = width - len(line) - (0 if empty else 1)
            if len(head) <= room:
                line, empty = line + ("" if empty else " ") + head, False
                break
            if not empty:
                lines.append(line)
                line, empty = rest, True
                continue
            # A word longer than a line: the most characters whose quoted form fits.
            cut = max(1, max((n for n in range(1, len(word) + 1)
                              if len(placed(word[:n], True)) <= room), default=1))
            lines.append(line + placed(word[:cut], True))
            word, line = word[cut:], rest
    if not empty or not lines:
        lines.append(line.rstrip() if empty else line)
    return lines


def _bar(value: int, top: int, width: int = 30) -> str:
    return "#" * round(width * value / top) if top else ""


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def _morning(entry: PainEntry) -> str:
    if entry.morning_pain is None and entry.morning_stiffness is None:
        return ""
    return (f"morning pain {_value(entry.morning_pain)}, "
            f"stiffness {_value(entry.morning_stiffness)}")


class _Style(TypedTuple):
    """What the two plain formats do differently."""

    heading: Callable[[str], list[str]]
    quote: Callable[[str], str]
    bullet: str  # before an exercise, a measure or a note
    row: str  # before each row under it
    more: str  # before the wrapped rest of a row


def _lines(data: ReportData, style: _Style, width: int) -> list[str]:
    quote, bullet, row, more = style.quote, style.bullet, style.row, style.more
    escaping = quote is markdown_escape

    def wrap(text: str, first: str, rest: str | None = None) -> list[str]:
        return _wrap(text, first, width, rest, quote if escaping else None)

    def when(day: date) -> str:
        return _short(day, data)

    # Clipped once quoted: markdown's escapes make it longer. "# " is the most a heading adds.
    title = _clip(f"heel report: {quote(_plain(data.program))}", width - 2)
    out = [*style.heading(title), _covered(data), ""]
    if data.weeks:
        out += [*style.heading("Sessions per week"), ""]
        out += [f"    {when(w.monday):<14}{w.done:>2} of {w.planned} done  "
                f"{'*' * w.done}{'.' * max(0, w.planned - w.done)}" for w in data.weeks]
        out += ["", _done_line(data), ""]
    if data.levels:
        out += [*style.heading("Levels"), ""]
        for name, changes in _by_exercise(data):
            out += wrap(_plain(name), bullet)
            for c in changes:
                head = f"{when(c.day)}: level {c.level} of {c.levels}, {_plain(c.prescription)}"
                reason = _plain(c.reason)
                out += wrap(f"{head}. {reason}" if reason else head, row, more)
        out.append("")
    if data.pain:
        out += [*style.heading(PAIN_HEADING), ""]
        out += [f"    {when(p.day):<12} {_pain(p.pain):>5}   {_settled(p):<11} "
                f"{_morning(p)}".rstrip() for p in data.pain]
        out.append("")
    if data.felt:
        out += [*style.heading("Where the work was felt"), ""]
        out += wrap("; ".join(f"{_plain(f.where)}: {f.sessions} session"
                              f"{'' if f.sessions == 1 else 's'}" for f in data.felt), bullet)
        out.append("")
    if data.tests:
        out += [*style.heading("Self-tests"), ""]
        for measure, results in _by_measure(data):
            top = max(measure.high if measure.scale == "rating" else 0,
                      *(r.value for r in results))
            out.append(f"{bullet}{label(measure)}")
            out += [f"{row}{when(r.day):<12}{formatted(measure, r.value):>6}  "
                    f"{_bar(r.value, top)}".rstrip() for r in results]
            if measure.id == CHAIR_STANDS.id:
                for line in data.norm:
                    out += wrap(line, row, more)
        out.append("")
    if data.notes:
        out += [*style.heading("Notes"), ""]
        for note in data.notes:
            out += wrap(_plain(note.text), f"{bullet}{when(note.day)}: ",
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
h3 { font-size: 8pt; margin: 1.5mm 0 0.5mm; }
p { margin: 0.5mm 0; }
ul { margin: 0; padding-left: 5mm; }
table { border-collapse: collapse; }
th, td { text-align: left; padding: 0.3mm 1mm; vertical-align: top; }
th { font-weight: 600; border-bottom: 0.2mm solid #bbb; }
td.n, th.n { text-align: right; }
td:first-child, th:first-child { white-space: nowrap; }
table.grid { width: 100%; font-size: 7.5pt; }
table.grid th.n { font-weight: 400; }
table.grid td.ch { font-weight: 700; }
ul.changes { font-size: 7.5pt; }
ul.why { list-style: none; padding-left: 0; margin-top: 0.5mm; color: #333; }
svg.pain { width: 100%; height: 30mm; display: block; }
.charts { display: flex; flex-wrap: wrap; gap: 3mm; }
figure { margin: 0; break-inside: avoid; width: 34mm; }
figure.wide { width: 60mm; }
figure.wide svg { width: 34mm; }
figcaption { font-weight: 600; }
svg { width: 34mm; height: 17mm; }
svg text { font-size: 7px; fill: #333; }
svg.pain text { font-size: 8px; }
.muted { color: #555; }
.norm { font-size: 7pt; }
"""


def _e(value: object) -> str:
    import html  # with its entities: for the HTML page only

    return html.escape(str(value), quote=True)


def _u(text: str) -> str:
    """Untrusted text for HTML: one line, controls shown as escapes, then escaped."""
    return _e(_plain(text))


def chart(measure: Measure, results: Sequence[Result], data: ReportData) -> str:
    """An inline SVG: one circle per result with its value, joined by a line, dates along
    the bottom. A rating runs on its 0-10 scale, a count or a time from 0 to the highest
    result; one result is a point and its value, with no scale made up around it."""
    width, height, left, right, top, bottom = 220.0, 100.0, 22.0, 6.0, 10.0, 16.0
    values = [r.value for r in results]
    low, high = (measure.low, measure.high) if measure.scale == "rating" else (0, max(values))
    start, end = data.start, data.end
    span_days = max(1, (end - start).days)
    single = len(results) == 1

    def x(day: date) -> float:
        return left + (width - left - right) * max(0, min(span_days, (day - start).days)) \
            / span_days

    def y(value: int) -> float:
        if single:
            return (top + height - bottom) / 2
        return top + (height - top - bottom) * (high - value) / max(1, high - low)

    points = [(x(r.day), y(r.value), r) for r in results]
    line = " ".join(f"{px:.1f},{py:.1f}" for px, py, _ in points)
    circles = "".join(
        f'<circle cx="{px:.1f}" cy="{py:.1f}" r="2.5">'
        f"<title>{_e(_short(r.day, data))}: {_e(formatted(measure, r.value))}</title></circle>"
        f'<text x="{px:.1f}" y="{py - 4:.1f}" text-anchor="middle">'
        f"{_e(formatted(measure, r.value))}</text>"
        for px, py, r in points)
    base = height - bottom
    scale = "" if single else (
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{base}" stroke="#999"/>'
        f'<text x="{left - 3}" y="{y(high) + 2:.1f}" text-anchor="end">{high}</text>'
        f'<text x="{left - 3}" y="{y(low) + 2:.1f}" text-anchor="end">{low}</text>')
    return (f'<svg viewBox="0 0 {width:.0f} {height:.0f}" role="img" '
            f'aria-label="{_e(label(measure))} over time">'
            f'<line x1="{left}" y1="{base}" x2="{width - right}" y2="{base}" stroke="#999"/>'
            f"{scale}"
            f'<text x="{left}" y="{height - 4}">{_e(_short(start, data))}</text>'
            f'<text x="{width - right}" y="{height - 4}" text-anchor="end">'
            f"{_e(_short(end, data))}</text>"
            f'<polyline points="{line}" fill="none" stroke="#36c" stroke-width="1.2"/>'
            f'<g fill="#36c">{circles}</g></svg>')


def pain_chart(data: ReportData) -> str:
    """Pain during each session (dots; a ring when the next morning had not settled) and
    the next morning's pain and stiffness (lines), on the 0-10 scale they are asked on."""
    width, height, left, right, top, bottom = 600.0, 96.0, 18.0, 6.0, 14.0, 12.0
    span_days = max(1, (data.end - data.start).days)

    def x(day: date) -> float:
        return left + (width - left - right) * max(0, min(span_days, (day - data.start).days)) \
            / span_days

    def y(value: int) -> float:
        return top + (height - top - bottom) * (10 - value) / 10

    def series(values: list[tuple[date, int]], colour: str, dash: str) -> str:
        if not values:
            return ""
        path = " ".join(f"{x(d):.1f},{y(v):.1f}" for d, v in values)
        dots = "".join(f'<circle cx="{x(d):.1f}" cy="{y(v):.1f}" r="1.6"/>' for d, v in values)
        return (f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="1"'
                f' stroke-dasharray="{dash}"/><g fill="{colour}">{dots}</g>')

    grid = "".join(
        f'<line x1="{left}" y1="{y(v):.1f}" x2="{width - right}" y2="{y(v):.1f}" '
        f'stroke="#ddd" stroke-width="0.5"/>'
        f'<text x="{left - 3}" y="{y(v) + 2:.1f}" text-anchor="end">{v}</text>'
        for v in (0, 5, 10))
    ticks = "".join(
        f'<text x="{x(w.monday):.1f}" y="{height - 2}">{_e(_short(w.monday, data))}</text>'
        for i, w in enumerate(data.weeks) if i % 2 == 0 and x(w.monday) < width - 40)
    session = "".join(
        f'<circle cx="{x(p.day):.1f}" cy="{y(p.pain):.1f}" r="2.2" '
        + ('fill="none" stroke="#c33" stroke-width="1"' if p.settled is False else 'fill="#c33"')
        + f"><title>{_e(_short(p.day, data))}: {p.pain}/10</title></circle>"
        for p in data.pain if p.pain is not None)
    legend = (f'<text x="{left}" y="8"><tspan fill="#c33">● pain during the session'
              '</tspan>  <tspan fill="#c33">○ not settled next morning</tspan>  '
              '<tspan fill="#36c">— morning pain</tspan>  '
              '<tspan fill="#777">- - morning stiffness</tspan></text>')
    return (f'<svg class="pain" viewBox="0 0 {width:.0f} {height:.0f}" role="img" '
            f'aria-label="Pain and next-morning pain and stiffness, 0 to 10">{grid}{ticks}'
            + series([(p.day, p.morning_pain) for p in data.pain
                      if p.morning_pain is not None], "#36c", "none")
            + series([(p.day, p.morning_stiffness) for p in data.pain
                      if p.morning_stiffness is not None], "#777", "3 2")
            + f"{session}{legend}</svg>")


def _level_grid(data: ReportData) -> str:
    """The weeks across the page: sessions done, then each exercise's level at the end of
    the week, a change marked up or down."""
    head = "".join(f'<th class="n">{_e(_short(w.monday, data))}</th>' for w in data.weeks)
    rows = ["<tr><td>Sessions done</td>" + "".join(
        f'<td class="n">{w.done} of {w.planned}</td>' for w in data.weeks) + "</tr>"]
    for name, changes in _by_exercise(data):
        cells = []
        for w in data.weeks:
            sunday = w.monday + timedelta(days=6)
            before = [c for c in changes if c.day < w.monday]
            inside = [c for c in changes if w.monday <= c.day <= sunday]
            if not (inside or before):
                cells.append('<td class="n"></td>')
                continue
            level = (inside or before)[-1]
            was = before[-1] if before else None
            mark = ""
            if inside and was is not None and level.level != was.level:
                mark = "↑" if level.level > was.level else "↓"
            elif inside and was is not None and len(inside) > 1:
                mark = "↕"  # changed and back within the week
            shown = f"{mark}{level.level}"
            cells.append(f'<td class="n{" ch" if mark else ""}">{_e(shown)}</td>')
        rows.append(f"<tr><td>{_u(name)}</td>{''.join(cells)}</tr>")
    return (f'<table class="grid"><thead><tr><th>Week of</th>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")


def _changes(data: ReportData) -> str:
    """Each exercise's changes on one line: the day, the new level and dose, and why, each
    reason said once below and referred to by its number (most repeat week after week)."""
    reasons: list[str] = []
    lines = []
    for name, changes in _by_exercise(data):
        said = []
        for i, c in enumerate(changes):
            arrow = "" if i == 0 else ("↑" if c.level > changes[i - 1].level else "↓")
            reason = _plain(c.reason)
            why = reason.split(": ", 1)[1] if ": " in reason else reason
            if why and why not in reasons:
                reasons.append(why)
            mark = f" [{reasons.index(why) + 1}]" if why else ""
            said.append(f"{_e(_short(c.day, data))}: {arrow}level {c.level} of {c.levels}, "
                        f"{_u(c.prescription)}{mark}")
        lines.append(f"<li><strong>{_u(name)}</strong>: {'; '.join(said)}</li>")
    why_list = "".join(f"<li>[{n}] {_e(r)}</li>" for n, r in enumerate(reasons, 1))
    return (f'<ul class="changes">{"".join(lines)}</ul>'
            + (f'<ul class="changes why">{why_list}</ul>' if why_list else ""))


def html_page(data: ReportData) -> str:
    """One self-contained page: no scripts, no links, nothing fetched; prints on A4 or Letter."""
    title = f"heel report: {_plain(data.program)}"
    # The footer's words go under the title: on a full page they must not spill over.
    parts = [f"<h1>{_e(title)}</h1>", f'<p class="muted">{_e(_covered(data))}. {_e(FOOTER)}</p>']
    if data.weeks or data.levels:
        parts += ["<section><h2>Sessions per week and levels</h2>", _level_grid(data),
                  f"<p>{_e(_done_line(data))}</p>"]
        if data.levels:
            parts += ["<h3>Levels: where each exercise began, and each change</h3>",
                      _changes(data)]
        parts.append("</section>")
    if data.pain:
        unsettled = [p for p in data.pain if p.settled is False]
        said = "; ".join(f"{_short(p.day, data)} ({_pain(p.pain)})" for p in unsettled)
        parts += [f"<section><h2>{_e(PAIN_HEADING)}</h2>", pain_chart(data),
                  f"<p>Not settled by the next morning: {_e(said)}.</p>" if unsettled else
                  "<p>Every answered next morning was settled.</p>", "</section>"]
    if data.felt:
        items = "; ".join(f"{_u(f.where)}: {f.sessions}" for f in data.felt)
        parts.append(f"<section><h2>Where the work was felt (sessions)</h2><p>{items}</p>"
                     "</section>")
    if data.tests:
        parts.append('<section><h2>Self-tests</h2><div class="charts">')
        for measure, results in _by_measure(data):
            latest = ", ".join(f"{_short(r.day, data)}: {formatted(measure, r.value)}"
                               for r in results)
            norm = "".join(f'<p class="norm">{_e(line)}</p>' for line in data.norm) \
                if measure.id == CHAIR_STANDS.id else ""
            wide = ' class="wide"' if norm else ""
            parts.append(f"<figure{wide}>"
                         f"<figcaption>{_e(label(measure))}</figcaption>"
                         f"{chart(measure, results, data)}"
                         f'<p class="muted">{_e(latest)}</p>{norm}</figure>')
        parts.append("</div></section>")
    if data.notes:
        items = "".join(f"<li>{_e(_short(n.day, data))}: {_u(n.text)}</li>" for n in data.notes)
        parts.append(f"<section><h2>Notes</h2><ul>{items}</ul></section>")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{_e(title)}</title><style>{_CSS}</style></head>\n<body>\n"
            + "\n".join(parts) + "\n</body></html>\n")


def render(data: ReportData, fmt: Format, width: int = WIDTH) -> str:
    if fmt == "html":
        return html_page(data)
    return markdown(data, width) if fmt == "markdown" else text(data, width)
