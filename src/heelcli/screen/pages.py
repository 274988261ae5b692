"""Static pages: the exercise table, the explanations and a plan preview."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from heelcli.engine.catalog import Catalog, Exercise, Topic


def reps_label(exercise: Exercise) -> str:
    label = f"{exercise.reps} x {exercise.sets}"
    return f"{label} ({exercise.hold_seconds:g}s)" if exercise.hold_seconds else label


def _variants(catalog: Catalog, e: Exercise) -> list[tuple[str, Exercise]]:
    """The harder and easier versions of an exercise that the catalog has, labelled."""
    refs = (("Harder", e.challenge), ("Easier", e.easier))
    found = [(label, catalog.exercise(ref) if ref else None) for label, ref in refs]
    return [(label, other) for label, other in found if other is not None]


def exercise_table(catalog: Catalog, width: int = 80) -> Table:
    # Two columns, one row per exercise: it stays readable at 50 columns, and rich renders
    # it in a third of the time five narrow columns took (start-up budget, bench/).
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, leading=1)
    # People type the ids: keep names and ids unbroken while the other column still gets
    # a dozen cells; narrower than that, fold them, where rich would crop them or drop
    # the other column.
    widest = max((len(x) for e in catalog.exercises for x in (e.name, e.id)), default=0)
    table.add_column("Exercise / ID", no_wrap=widest + 3 + 12 <= width, overflow="fold")
    table.add_column("Reps x sets, muscles", overflow="fold")
    for e in catalog.exercises:
        sides = "each side" if e.each_side else "both legs together"
        about = Text(f"{reps_label(e)}, {sides}\n") + Text(", ".join(e.targets))
        for label, other in _variants(catalog, e):
            about += Text(f"\n{label}: ") + Text(other.name)
        table.add_row(Text(e.name, style="bold") + Text("\n") + Text(e.id), about)
    return table


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


def topic_page(topic: Topic) -> RenderableType:
    return Group(Text(topic.title, style="bold underline"), Text(topic.text), Text())


def safety_screen(topic: Topic) -> RenderableType:
    """The safety notes before a session, and where to read them again."""
    return Group(topic_page(topic), Text("Read this again any time: heel why safety",
                                         style="dim"), Text())


def overview(catalog: Catalog) -> RenderableType:
    parts = [topic_page(t) for t in catalog.topics]
    ids = ", ".join(e.id for e in catalog.exercises)
    parts.append(Text("For one exercise: heel why ID  (" + ids + ")", style="dim"))
    return Group(*parts)


def exercise_page(catalog: Catalog, e: Exercise) -> RenderableType:
    def section(title: str, body: Text) -> Group:
        return Group(Text(title, style="bold"), body, Text())

    parts: list[RenderableType] = [
        Text(e.name, style="bold underline"),
        Text(e.summary),
        Text(),
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


def topic_list(catalog: Catalog) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column("ID", no_wrap=True)  # ids are typed: never cropped or broken
    table.add_column("About", overflow="fold")
    for t in catalog.topics:
        table.add_row(Text(t.id), Text(t.title))
    for e in catalog.exercises:
        table.add_row(Text(e.id), Text(e.name) + Text(" (exercise)", style="dim"))
    return table
