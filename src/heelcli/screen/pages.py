"""Static pages: the exercise table, the explanations and a plan preview."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.text import Text

from heelcli.engine.catalog import Catalog, Exercise, Topic

if TYPE_CHECKING:
    from rich.console import OverflowMethod
    from rich.table import Table

RULES_TOPIC = "progression"  # `heel why progression`: the file's topic, then the rules


def reps_label(exercise: Exercise) -> str:
    label = f"{exercise.reps} x {exercise.sets}"
    return f"{label} ({exercise.hold_seconds:g}s)" if exercise.hold_seconds else label


def _variants(catalog: Catalog, e: Exercise) -> list[tuple[str, Exercise]]:
    """The harder and easier versions of an exercise that the catalog has, labelled."""
    refs = (("Harder", e.challenge), ("Easier", e.easier))
    found = [(label, catalog.exercise(ref) if ref else None) for label, ref in refs]
    return [(label, other) for label, other in found if other is not None]


class Column:
    """A column of a SimpleTable, as Table.add_column takes it. (A plain class with
    slots: the cheapest kind to define.)"""

    __slots__ = ("header", "no_wrap", "overflow")

    def __init__(self, header: str, *, no_wrap: bool = False,
                 overflow: OverflowMethod = "ellipsis") -> None:
        self.header, self.no_wrap, self.overflow = header, no_wrap, overflow


class SimpleTable:
    """A table as `Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)` draws it,
    to the byte and to the style, without loading rich.table (with fractions and decimal,
    4 ms of `heel list`'s start-up, bench/): where every cell fits on its lines as they
    are, the steps of rich's Table._render for such a table, here; else (wrapping, folding,
    an ASCII-only or legacy Windows terminal) the Table itself."""

    def __init__(self, columns: list[Column], rows: list[tuple[Text, ...]], *,
                 leading: int = 0) -> None:
        self.columns, self.rows, self.leading = columns, rows, leading

    def table(self) -> Table:
        from rich import box
        from rich.table import Table

        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False,
                      leading=self.leading)
        for column in self.columns:
            table.add_column(column.header, no_wrap=column.no_wrap, overflow=column.overflow)
        for row in self.rows:
            table.add_row(*row)
        return table

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.padding import Padding

        last = len(self.columns) - 1
        pads = [(0, 0 if i == last else 1, 0, 0 if i == 0 else 1) for i in range(last + 1)]
        header = console.get_style("table.header") + console.get_style("")
        body = console.get_style("")
        # The cells of each column, header first, with the padding rich gives them.
        cells = [[(header, Padding(column.header, pad))]
                 + [(body, Padding(row[i], pad)) for row in self.rows]
                 for i, (column, pad) in enumerate(zip(self.columns, pads, strict=True))]
        room = options.max_width - last  # the columns' dividers take a cell each
        measured = options.update_width(room)
        widths = [max(Measurement.get(console, measured, cell).maximum for _, cell in column)
                  or 1 for column in cells]
        if sum(widths) > room or options.ascii_only or options.legacy_windows:
            yield self.table()
            return
        line = options.update(width=sum(widths) + last, highlight=False, height=None)
        at = [line.update(width=width, justify="left", no_wrap=column.no_wrap,
                          overflow=column.overflow, height=None, highlight=False)
              for width, column in zip(widths, self.columns, strict=True)]
        newline, divider = Segment.line(), Segment(" ")
        spaces = " " * (sum(widths) + last)
        for index, row in enumerate(zip(*cells, strict=True)):
            rendered = [console.render_lines(cell, options_, style=style)
                        for (style, cell), options_ in zip(row, at, strict=True)]
            height = max(map(len, rendered))
            align = Segment.align_bottom if index == 0 else Segment.align_top
            shaped = [Segment.set_shape(align(lines, width, height, style), width, height)
                      for lines, width, (style, _) in zip(rendered, widths, row, strict=True)]
            for line_no in range(height):
                for n, lines in enumerate(shaped):
                    if n:
                        yield divider
                    yield from lines[line_no]
                yield newline
            if index == 0:
                yield Segment("\u2500" * len(spaces))  # SIMPLE_HEAD's rule under the header
                yield newline
            elif self.leading and index < len(self.rows):
                yield Segment(spaces * self.leading)
                yield newline


def exercise_table(catalog: Catalog, width: int = 80) -> SimpleTable:
    # Two columns, one row per exercise: it stays readable at 50 columns, and rich renders
    # it in a third of the time five narrow columns took (start-up budget, bench/).
    # People type the ids: keep names and ids unbroken while the other column still gets
    # a dozen cells; narrower than that, fold them, where rich would crop them or drop
    # the other column.
    widest = max((len(x) for e in catalog.exercises for x in (e.name, e.id)), default=0)
    columns = [Column("Exercise / ID", no_wrap=widest + 3 + 12 <= width, overflow="fold"),
               Column("Reps x sets, muscles", overflow="fold")]
    rows: list[tuple[Text, ...]] = []
    for e in catalog.exercises:
        sides = "each side" if e.each_side else "both legs together"
        about = Text(f"{reps_label(e)}, {sides}\n") + Text(", ".join(e.targets))
        for label, other in _variants(catalog, e):
            about += Text(f"\n{label}: ") + Text(other.name)
        rows.append((Text(e.name, style="bold") + Text("\n") + Text(e.id), about))
    return SimpleTable(columns, rows, leading=1)


def exercise_json(catalog: Catalog) -> list[dict[str, object]]:
    return [
        {
            "id": e.id,
            "name": e.name,
            "summary": e.summary,
            "targets": list(e.targets),
            "reps": e.reps,
            "sets": e.sets,
            "hold_seconds": e.hold_seconds,
            "sides": e.sides,
            "challenge": e.challenge,
            "easier": e.easier,
        }
        for e in catalog.exercises
    ]


class Dashed:
    """Paragraphs each after a dash, its lines indented under its first, a blank line
    between them: drawn as `Table.grid(padding=(0, 1))` with a dash column drew them, to
    the byte, without loading rich.table (4 ms of `heel why`'s start-up, bench/). Where a
    word is wider than the room beside the dash, the grid itself draws them."""

    def __init__(self, paragraphs: list[str]) -> None:
        self.paragraphs = paragraphs

    def _widths(self) -> tuple[int, int]:
        """The widest word and the widest paragraph on one line, in cells."""
        words = [cell_len(w) for p in self.paragraphs for w in p.split()]
        return max(words, default=0), max(map(cell_len, self.paragraphs), default=0)

    def _grid(self) -> Table:
        from rich.table import Table

        grid = Table.grid(padding=(0, 1))
        grid.add_column()
        grid.add_column()
        for n, paragraph in enumerate(self.paragraphs):
            if n:
                grid.add_row("", "")
            grid.add_row("-", Text(paragraph))
        return grid

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        word, line = self._widths()
        room = options.max_width - 2  # the dash and the space after it
        if not self.paragraphs or room < max(word, 2):
            yield self._grid()
            return
        width = min(room, line or 1)  # the grid's column: its widest cell (or 1), or the room
        at = options.update(width=width, justify="left", no_wrap=False, overflow="ellipsis",
                            height=None, highlight=False)
        newline, gap = Segment.line(), Segment("  ")
        for n, paragraph in enumerate(self.paragraphs):
            if n:
                yield Segment(" " * (width + 2))
                yield newline
            for row, segments in enumerate(console.render_lines(Text(paragraph), at)):
                yield Segment("- ") if row == 0 else gap
                yield from segments
                yield newline

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        word, line = self._widths()
        return Measurement(word + 2, line + 2).clamp(max_width=options.max_width)


def topic_page(topic: Topic) -> RenderableType:
    """A topic of the file; the program's topic goes on with its rules, from text/rules
    rather than the file: the rules are heel's code, so their words follow it."""
    parts: list[RenderableType] = [Text(topic.title, style="bold underline")]
    if topic.text:
        parts.append(Text(topic.text))
    if topic.id == RULES_TOPIC:
        from heelcli.text.rulebook import rules_text  # heel's words, not the file's

        listed = Dashed(rules_text())
        parts += [Text(), listed] if topic.text else [listed]
    return Group(*parts, Text())


def rules_page() -> RenderableType:
    """`heel why progression` for a file without a progression topic."""
    from heelcli.text.rulebook import RULES_TITLE

    return topic_page(Topic(RULES_TOPIC, RULES_TITLE, ""))


def safety_screen(topic: Topic) -> RenderableType:
    """The safety notes before a session, and where to read them again."""
    return Group(topic_page(topic), Text("Read this again any time: heel why safety",
                                         style="dim"), Text())


def overview(catalog: Catalog) -> RenderableType:
    parts = [topic_page(t) for t in catalog.topics]
    ids = ", ".join(e.id for e in catalog.exercises)
    parts.append(Text("For one exercise: heel why ID  (" + ids + ")", style="dim"))
    return Group(*parts)


FIGURE_ROWS = 10  # the tallest a figure on a page is drawn
FIGURE_GAP = 4  # columns between two figures side by side
PAIR_COLUMNS = 28  # each figure of a pair gets at least this, or they are drawn as big


def figure_panels(e: Exercise, width: int) -> list[Text]:
    """The start and the end of the move, drawn side by side, or one above the other when
    half the width is narrow and would draw them smaller; each under its label. Nothing
    for an exercise without poses."""
    if e.poses is None or width < 4:
        return []
    from heelcli.screen import figure  # only a page that draws one loads it

    poses = e.poses
    end = "Hold" if e.hold_seconds is not None or not e.phases else e.phases[0].name
    panels = (("Start", poses.start), (end, poses.ends[0]))
    each = (width - FIGURE_GAP) // 2
    full = figure.size(poses, width - 1, FIGURE_ROWS)
    roomy = each >= PAIR_COLUMNS or figure.size(poses, each, FIGURE_ROWS)[1] == full[1]
    if roomy and all(len(label) < each for label, _ in panels):
        (first, a), (second, b) = panels
        left, right = _trim([figure.draw(poses, pose, each, FIGURE_ROWS) for pose in (a, b)])
        span = max(map(len, left), default=0) + FIGURE_GAP
        head = Text(first, style="bold") + Text(" " * (span - len(first)))
        head += Text(second, style="bold")
        return [head, *(Text(x + " " * FIGURE_GAP + y) for x, y in zip(left, right,
                                                                           strict=True))]
    out: list[Text] = []
    drawn = _trim([figure.draw(poses, pose, width - 1, FIGURE_ROWS) for _, pose in panels])
    for (label, _), rows in zip(panels, drawn, strict=True):
        if out:
            out.append(Text())
        out.append(Text(label, style="bold"))
        out.extend(Text(row) for row in rows)
    return out


def _trim(drawings: list[list[str]]) -> list[list[str]]:
    """The drawings without the blank rows above and below that all of them have."""
    def blank(i: int) -> bool:
        return all(not rows[i].strip() for rows in drawings)

    rows = min(map(len, drawings))
    top = next((i for i in range(rows) if not blank(i)), rows)
    end = next((i + 1 for i in reversed(range(rows)) if not blank(i)), top)
    return [d[top:end] for d in drawings]


def exercise_page(catalog: Catalog, e: Exercise, *, figure_width: int | None = None
                  ) -> RenderableType:
    """The exercise explained; with `figure_width`, its start and end drawn first."""
    def section(title: str, body: Text) -> Group:
        return Group(Text(title, style="bold"), body, Text())

    drawn = figure_panels(e, figure_width) if figure_width else []
    figures: list[RenderableType] = [Group(*drawn), Text()] if drawn else []
    parts: list[RenderableType] = [
        Text(e.name, style="bold underline"),
        Text(e.summary),
        Text(),
        *figures,
        section("What it trains", Text(", ".join(e.targets))),
        section("Why", Text(e.why)),
        section("What to feel", Text(e.feel)),
        section("The common mistake", Text(e.mistakes[0])),
        section("Heel cue", Text(e.cues[0])),
    ]
    if len(e.mistakes) > 1:
        rest = Text("\n").join(Text("- ") + Text(m) for m in e.mistakes[1:])
        parts.insert(-1, section("Also watch for", rest))
    for label, other in _variants(catalog, e):
        parts.append(Text(f"{label}: ") + Text(other.name) + Text(f"  (heel why {other.id})"))
    return Group(*parts)


def topic_list(catalog: Catalog) -> SimpleTable:
    # ids are typed: never cropped or broken
    columns = [Column("ID", no_wrap=True), Column("About", overflow="fold")]
    rows: list[tuple[Text, ...]] = [(Text(t.id), Text(t.title)) for t in catalog.topics]
    rows += [(Text(e.id), Text(e.name) + Text(" (exercise)", style="dim"))
             for e in catalog.exercises]
    return SimpleTable(columns, rows)
