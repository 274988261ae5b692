from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from heelcli.cli.group import cli
from heelcli.engine.catalog import default_path, load
from heelcli.engine.errors import CatalogError

from .conftest import MINI

TEXT = MINI.read_text()


def broken(tmp_path: Path, old: str, new: str, count: int = 1) -> Path:
    assert TEXT.count(old) >= count, old
    path = tmp_path / "broken.yaml"
    path.write_text(TEXT.replace(old, new, count))
    return path


def line_of(path: Path, needle: str, nth: int = 1) -> int:
    lines = path.read_text().splitlines()
    whole = re.compile(re.escape(needle) + r"(?![\w-])")
    hits = [i + 1 for i, line in enumerate(lines) if whole.search(line)]
    return hits[nth - 1]


def problem(path: Path) -> str:
    with pytest.raises(CatalogError) as info:
        load(path)
    return str(info.value)


def test_built_in_file_loads_with_the_three_exercises_and_challenge():
    catalog = load(default_path())
    ids = [e.id for e in catalog.exercises]
    for wanted in ("bridge", "one-legged-bridge", "side-lying-hamstring-curl", "split-squat"):
        assert wanted in ids
    assert catalog.exercise("bridge").challenge == "one-legged-bridge"
    assert catalog.exercise("one-legged-bridge").easier == "bridge"
    assert catalog.exercise("side-lying-hamstring-curl").each_side
    assert catalog.exercise("split-squat").each_side
    routine = catalog.routine("heel-basics").exercises
    assert {"bridge", "side-lying-hamstring-curl", "split-squat"} <= set(routine)
    stretches = [catalog.exercise(i) for i in routine[-2:]]
    assert all(s.hold_seconds and "stretch" in s.name.lower() for s in stretches)


@pytest.mark.parametrize(
    ("old", "new", "needle", "message"),
    [
        ("reps: 3", "reps: three", "reps: three",
         "exercise lift: reps must be a whole number from 1 to 100, got text"),
        ("reps: 3", "reps: 0", "reps: 0", "exercise lift: reps must be from 1 to 100, got 0"),
        ("reps: 3", "reps: 101", "reps: 101", "reps must be from 1 to 100, got 101"),
        ("seconds: 2,", "seconds: 601,", "seconds: 601",
         "exercise lift: phases[0].seconds must be from 0.5 to 600, got 601"),
        ("seconds: 2,", "seconds: 0.1,", "seconds: 0.1", "must be from 0.5 to 600, got 0.1"),
        ("sides: both", "sides: left", "sides: left", "sides must be 'both' or 'each'"),
        ("targets: [glutes]", "targets: glutes", "targets: glutes",
         "exercise lift: targets must be a list, got text"),
        ("    feel: Glutes.\n", "    feel: Glutes.\n    colour: red\n", "colour: red",
         "unknown key 'colour'"),
        ("    feel: Glutes.\n", "    feel: Glutes.\n    cue: x\n", "cue: x",
         "unknown key 'cue' (did you mean 'cues'?)"),
        ("id: curl", "id: lift", "id: lift", "duplicate exercise id 'lift' (first defined on line"),
        ("challenge: lift-hard", "challenge: nope", "challenge: nope",
         "exercise lift: challenge names unknown exercise 'nope'"),
        ("easier: lift", "easier: lif", "easier: lif",
         "exercise lift-hard: easier names unknown exercise 'lif'"),
        ("exercises: [lift, curl]", "exercises: [lift, curls]", "exercises: [lift, curls]",
         "routine short: unknown exercise 'curls'"),
        ("version: 1", "version: 2", "version: 2", "version must be from 1 to 1, got 2"),
        ("    name: Lift\n", "    name: NO\n", "name: NO",
         "name must be text, got true/false (NO)"),
    ],
)
def test_each_mistake_is_reported_with_its_line(tmp_path, old, new, needle, message):
    path = broken(tmp_path, old, new)
    text = problem(path)
    nth = 2 if old.startswith("id:") else 1  # a duplicate is reported where it is repeated
    assert text.startswith(f"{path}:{line_of(path, needle, nth)}:")
    assert message in text


def test_missing_key_points_at_the_item_that_lacks_it(tmp_path):
    path = broken(tmp_path, "    summary: Lift the hips.\n", "")
    line = line_of(path, "id: lift")
    assert problem(path) == f"{path}:{line}:5: exercise lift: missing key 'summary'"


def test_every_problem_is_collected(tmp_path):
    path = broken(tmp_path, "reps: 2\n", "reps: 200\n", count=2)
    with pytest.raises(CatalogError) as info:
        load(path)
    assert len(info.value.problems) == 2


def test_invalid_yaml_names_the_place(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("version: 1\ntopics: [\n")
    assert problem(path).startswith(f"{path}:3:1: invalid YAML")


@pytest.mark.parametrize("args", [["list"], ["why"], ["workout", "--dry-run"]])
def test_cli_prints_one_line_and_exits_2(tmp_path, monkeypatch, args):
    path = broken(tmp_path, "reps: 3", "reps: lots")
    monkeypatch.setattr("heelcli.engine.catalog.default_path", lambda: str(path))
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert result.stderr == (f"{path}:{line_of(path, 'reps: lots')}:11: exercise lift: "
                             "reps must be a whole number from 1 to 100, got text\n")
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_side_labels_and_switch_time_name_the_leg_and_set_the_switch(tmp_path):
    from heelcli.engine.timeline import SWITCH, Options, compile_timeline

    path = broken(tmp_path, "    sides: each\n    cues: [Heel first.]",
                  "    sides: each\n    side_labels: {left: left leg on top, right: right leg on"
                  " top}\n    switch_seconds: 10\n    cues: [Heel first.]")
    curl = load(path).exercise("curl")
    assert curl.side_label("left") == "left leg on top"
    assert curl.side_label("right") == "right leg on top"
    [switch] = [s for s in compile_timeline([curl], Options()).steps if s.kind == SWITCH]
    assert switch.seconds == 10
    # Without the keys: the plain words and the plan's default switch time.
    plain = load(MINI).exercise("curl")
    assert plain.side_label("left") == "Left side"
    [switch] = [s for s in compile_timeline([plain], Options()).steps if s.kind == SWITCH]
    assert switch.seconds == Options().switch_seconds


@pytest.mark.parametrize(("new", "message"), [
    ("side_labels: {left: on top}", "missing key 'right'"),
    ("side_labels: {left: a, right: b, up: c}", "unknown key 'up'"),
    ("side_labels: [a, b]", "side_labels must be a mapping"),
    ("side_labels: {left: '', right: b}", "side_labels.left must not be empty"),
    ("switch_seconds: 0", "switch_seconds must be from 1 to 120"),
    ("switch_seconds: ten", "switch_seconds must be a number"),
])
def test_bad_side_labels_or_switch_time_are_reported_at_their_line(tmp_path, new, message):
    path = broken(tmp_path, "    sides: each\n    cues: [Heel first.]",
                  f"    sides: each\n    {new}\n    cues: [Heel first.]")
    found = problem(path)
    assert message in found and f":{line_of(path, new.split(':')[0])}:" in found


def test_side_labels_need_an_exercise_done_on_each_side(tmp_path):
    path = broken(tmp_path, "    sides: both\n    cues: [Heels down., Squeeze.]",
                  "    sides: both\n    side_labels: {left: a, right: b}\n"
                  "    cues: [Heels down., Squeeze.]")
    assert "side_labels needs sides: each" in problem(path)


def check(path: Path) -> list[str]:
    """What heel check prints for one bad file: its lines, each without the path."""
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert result.exit_code == 2, result.output
    lines = result.stdout.splitlines()
    assert all(line.startswith(f"{path}:") for line in lines), lines
    return [line[len(str(path)) + 1:] for line in lines]


def test_check_reports_five_independent_mistakes_once_each_in_line_order(tmp_path):
    path = tmp_path / "five.yaml"
    path.write_text(
        TEXT.replace("version: 1\n", "")  # a missing top-level key hides nothing below
        .replace("    feel: Glutes.\n", "    feel: Glutes.\n    colour: red\n", 1)
        .replace("    reps: 3\n", "    reps: 010\n", 1)  # same exercise as the unknown key
        .replace("    rest_seconds: 0\n", "    rest_secnds: 0\n", 1)  # not also "missing"
        .replace("    name: Curl\n", "    name: 2024-01-01\n", 1))
    assert check(path) == [
        f"{line_of(path, 'topics:')}:1: the file: missing key 'version'",
        f"{line_of(path, 'reps: 010')}:11: exercise lift: reps: write 10, not 010 "
        "(a leading zero can make YAML read it as octal)",
        f"{line_of(path, 'colour: red')}:5: exercise lift: unknown key 'colour'",
        f"{line_of(path, 'rest_secnds: 0')}:5: exercise lift-hard: unknown key "
        "'rest_secnds' (did you mean 'rest_seconds'?)",
        f"{line_of(path, 'name: 2024-01-01')}:11: exercise curl: name must be text, "
        "got a date; quote it",
    ]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        # A misspelt optional key is not also "needs phases or hold_seconds".
        ("    hold_seconds: 3\n", "    hold_secnds: 3\n",
         "exercise stretch: unknown key 'hold_secnds' (did you mean 'hold_seconds'?)"),
        # Without the exercises, the routine's references are not each reported unknown.
        (TEXT[TEXT.index("exercises:\n"):TEXT.index("routines:\n")], "",
         "the file: missing key 'exercises'"),
        # A malformed id is one mistake: the exercise that names it as easier is fine.
        ("  - id: lift\n", "  - id: Lift\n",
         "exercises[0]: id must be lowercase letters, digits and '-', got 'Lift'"),
    ],
    ids=["misspelt-optional-key", "no-exercises", "malformed-id"],
)
def test_one_mistake_is_one_line(tmp_path, old, new, message):
    assert [line.split(": ", 1)[1] for line in check(broken(tmp_path, old, new))] == [message]


def test_an_item_is_named_by_its_id_once_it_has_one(tmp_path):
    path = broken(tmp_path, "  - id: stretch\n    name: Stretch\n",
                  "  - name: Stretch\n    sets: 1\n")
    first = line_of(path, "name: Stretch") + 1
    assert [line.split(": ", 1)[1] for line in check(path)] == [
        "exercises[3]: missing key 'id'",
        f"exercises[3]: key 'sets' given twice (first on line {first})"]
    path = broken(tmp_path, "    sets: 1\n    rest_seconds: 0\n    sides: each\n    cues: "
                  "[Back heel down.]", "    sets: 1\n    sets: 1\n    rest_seconds: 0\n    "
                  "sides: each\n    cues: [Back heel down.]")
    assert [line.split(": ", 1)[1] for line in check(path)] == [
        f"exercise stretch: key 'sets' given twice (first on line {line_of(path, 'sets: 1', 3)})"]


@pytest.mark.parametrize("field", ["reps", "sets", "rest_seconds", "hold_seconds", "seconds",
                                   "version"])
@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("010", "write 10, not 010 (a leading zero can make YAML read it as octal)"),
        ("09", "write 9, not 09 (a leading zero can make YAML read it as octal)"),
        ("0x10", "write 16, not 0x10"),
        ("0o10", "write 8, not 0o10"),
        ("1_0", "write 10, not 1_0"),
        ("1:30", "write 90, not 1:30"),
    ],
)
def test_numbers_in_notation_read_differently_are_refused_with_the_decimal(
        tmp_path, field, written, message):
    """YAML 1.1 reads 010 as 8, 1:30 as 90 and 1_0 as 10; YAML 1.2 and people differ."""
    old = {"reps": "    reps: 3\n", "sets": "    sets: 2\n", "version": "version: 1\n",
           "rest_seconds": "    rest_seconds: 4\n", "hold_seconds": "    hold_seconds: 3\n",
           "seconds": "seconds: 2,"}[field]
    path = broken(tmp_path, old, old.replace(old.split(": ")[1].strip(" ,\n"), written))
    assert check(path)[0].endswith(f"{field}: {message}")


@pytest.mark.parametrize(("written", "value"), [("+3", 3), ("3", 3)])
def test_plain_decimal_numbers_still_load(tmp_path, written, value):
    path = broken(tmp_path, "    reps: 3\n", f"    reps: {written}\n")
    assert load(path).exercise("lift").reps == value
    path = broken(tmp_path, "    rest_seconds: 4\n", "    rest_seconds: 0.5\n")
    assert load(path).exercise("lift").rest_seconds == 0.5


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("name: 2024-01-01", "name must be text, got a date; quote it"),
        ("name: 2024-01-01 10:00:00", "name must be text, got a date; quote it"),
        ("name: 12", "name must be text, got a whole number; quote it"),
        ("name: !!binary aGVlbA==", "name must be text, got binary data"),
        ("name: !!set {a, b}", "name must be text, got a set"),
        ("name: !!omap [a: 1]", "name must be text, got a list of pairs"),
        ("reps: !!int three", "reps must be a whole number from 1 to 100, got 'three'"),
        ("reps: !!float ''", "reps must be a whole number from 1 to 100, got ''"),
        ("reps: 2024-01-01", "reps must be a whole number from 1 to 100, got a date"),
    ],
)
def test_yaml_types_are_named_never_a_refused_tag_or_a_crash(tmp_path, new, message):
    old = "    name: Lift\n" if new.startswith("name") else "    reps: 3\n"
    path = broken(tmp_path, old, f"    {new}\n")
    assert [line.split(": ", 1)[1] for line in check(path)] == [f"exercise lift: {message}"]


def test_looking_up_an_id_does_not_walk_the_catalog():
    class Unwalkable(tuple):
        def __iter__(self):
            raise AssertionError("walked every item to find one")

    catalog = load(MINI)
    catalog = catalog._replace(exercises=Unwalkable(catalog.exercises),
                               topics=Unwalkable(catalog.topics),
                               routines=Unwalkable(catalog.routines))
    assert catalog.exercise("curl").name == "Curl"
    assert catalog.exercise("nope") is None
    assert catalog.topic("basics").title == "The basics"
    assert catalog.routine("short").exercises == ("lift", "curl")


@pytest.mark.parametrize("valid", [True, False])
def test_the_collector_rests_during_the_parse_and_wakes_after(tmp_path, monkeypatch, valid):
    import gc

    from heelcli.engine import yamlsource

    seen = []
    real = yamlsource.read

    def read(source):
        seen.append(gc.isenabled())
        return real(source)

    monkeypatch.setattr(yamlsource, "read", read)
    path = MINI if valid else broken(tmp_path, "reps: 3", "reps: lots")
    assert gc.isenabled()
    try:
        load(path)
    except CatalogError:
        assert not valid
    assert seen == [False] and gc.isenabled()
    gc.disable()  # a caller's choice is kept
    try:
        load(MINI)
        assert not gc.isenabled()
    finally:
        gc.enable()


# --- The quick way and the checking way agree ------------------------------------------------

DATA = Path(__file__).parent / "data"
VALID = [Path(default_path()), MINI, DATA / "mat.yaml", DATA / "quick.yaml"]


def outcome(path: Path, *, quick: bool) -> object:
    """What load makes of a file: its Catalog, or every problem it reports, as shown."""
    try:
        return load(path, quick=quick)
    except CatalogError as exc:
        return [str(p) for p in exc.problems]


def quickly(path: Path) -> object:
    """The quick way alone: its Catalog, or None where it gives up."""
    from heelcli.engine.catalog import _Quick
    from heelcli.engine.yamlsource import plain_values, read

    return _Quick().catalog(plain_values(read(str(path))), str(path))


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_the_quick_way_builds_the_same_catalog_as_the_checking_way(path):
    checked = load(path, quick=False)
    assert quickly(path) == checked
    assert load(path) == checked


def restyled(tmp_path: Path, path: Path, **style: object) -> Path:
    """The same data written in another YAML style: flow lists, quoted text, other order."""
    import yaml

    out = tmp_path / f"restyled-{len(list(tmp_path.iterdir()))}.yaml"
    out.write_text(yaml.safe_dump(yaml.safe_load(path.read_text()), allow_unicode=True,
                                  **style))  # type: ignore[call-overload]
    return out


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_the_quick_way_reads_every_style_of_yaml_alike(tmp_path, path):
    checked = load(path, quick=False)
    for style in ({}, {"default_flow_style": True}, {"sort_keys": True, "width": 30},
                  {"default_style": '"'}):
        again = restyled(tmp_path, path, **style)
        made = outcome(again, quick=False)
        assert made == checked._replace(source=str(again))
        assert outcome(again, quick=True) == made
        # Quoted numbers come with !!int and !!float tags, which the quick way leaves
        # to the checking way.
        assert quickly(again) == (None if style.get("default_style") else made)


# Edits that make a line wrong, or odd but maybe right: the quick way must give up on
# each where the checking way has something to say, and agree where it has not.
VALUES = ["~", "''", "0", "-1", "1.5", "601", "1e3", "0x1f", "010", "yes", ".nan", "[1, 2]",
          "{a: 1}", "x", "Bridge", "\"tab\\there\"", "&a x", "!!str 5", "2024-01-01",
          "bridge", "each", "both", "above", "'3'"]


def mutants(text: str, per_line: int, every: int = 1) -> list[str]:
    """The text with each line (or every `every`th) dropped, doubled, and its value
    replaced by `per_line` of VALUES, taken in turn from line to line."""
    lines = text.splitlines()
    out = []
    for i, line in list(enumerate(lines))[::every]:
        out.append("\n".join(lines[:i] + lines[i + 1:]))
        out.append("\n".join(lines[:i + 1] + lines[i:]))
        values = [VALUES[(i * per_line + k) % len(VALUES)] for k in range(per_line)]
        key, colon, _ = line.partition(": ")
        if colon:
            out.extend("\n".join([*lines[:i], f"{key}: {v}", *lines[i + 1:]]) for v in values)
        elif line.lstrip().startswith("- "):
            dash = line.index("- ") + 2
            out.extend("\n".join([*lines[:i], line[:dash] + v, *lines[i + 1:]])
                       for v in values)
    return out


CROSS = re.compile(r"(?<![\w-])(sides|exercise|challenge|easier|view|start|id|ends): "
                   r"([^,{}\[\]#\n]*[^,{}\[\]#\s])")


def swaps(text: str) -> list[str]:
    """The text with values that may break a rule between fields: each value of a key in
    CROSS replaced by the key's other values in the file, and a reference by the id of
    its own exercise."""
    found: dict[str, list[str]] = {}
    for hit in CROSS.finditer(text):
        if hit[2] not in found.setdefault(hit[1], []):
            found[hit[1]].append(hit[2])
    out, own = [], ""
    for hit in CROSS.finditer(text):
        key, value = hit[1], hit[2]
        if key == "id":
            own = value
        others = [v for v in found[key] if v != value][:4]
        if key in ("exercise", "challenge", "easier") and own != value:
            others.append(own)
        out.extend(text[: hit.start(2)] + v + text[hit.end(2):] for v in others)
    return out


@pytest.mark.parametrize("path", [MINI, DATA / "mat.yaml", Path(default_path())],
                         ids=lambda p: p.name)
def test_a_wrong_file_gets_the_same_problems_the_quick_way(tmp_path, path):
    text = path.read_text()
    edited = tmp_path / "edited.yaml"
    # The built-in file is long (the small ones have every kind of line): one line in
    # twelve keeps this test quick.
    found = mutants(text, 1, every=12) if path.name == "exercises.yaml" else mutants(text, 5)
    found += swaps(text)
    kinds = set()
    for mutant in found:
        edited.write_text(mutant)
        checked = outcome(edited, quick=False)
        assert outcome(edited, quick=True) == checked, mutant
        kinds.add(type(checked))
    assert kinds == {list, type(load(MINI))}  # both bad and good files were tried


@pytest.mark.parametrize("level", [
    "{exercise: bridge, reps: 2, sets: 1, hold_seconds: 45}",  # a hold given to phases
    "{exercise: wall-calf-stretch, reps: 2, sets: 1, hold_seconds: 45}",  # a timed hold
    "{exercise: lying-hamstring-stretch, reps: 2, sets: 1}",  # the exercise itself
])
def test_a_level_naming_another_exercise_is_read_alike_both_ways(tmp_path, level):
    text = Path(default_path()).read_text()
    old = "      - {reps: 2, sets: 1, hold_seconds: 45}\n"
    assert text.count(old) == 2
    edited = tmp_path / "levels.yaml"
    edited.write_text(text.replace(old, f"      - {level}\n", 1))
    checked = outcome(edited, quick=False)
    assert outcome(edited, quick=True) == checked
    assert isinstance(checked, list) == ("wall-calf" not in level)
