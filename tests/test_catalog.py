from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from heelcli.catalog import default_path, load
from heelcli.cli import cli
from heelcli.errors import CatalogError

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
    assert problem(path) == f"{path}:{line}:5: exercises[0]: missing key 'summary'"


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
    monkeypatch.setattr("heelcli.catalog.default_path", lambda: str(path))
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert result.stderr == (f"{path}:{line_of(path, 'reps: lots')}:11: exercise lift: "
                             "reps must be a whole number from 1 to 100, got text\n")
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_side_labels_and_switch_time_name_the_leg_and_set_the_switch(tmp_path):
    from heelcli.plan import SWITCH, Options, compile_plan

    path = broken(tmp_path, "    sides: each\n    cues: [Heel first.]",
                  "    sides: each\n    side_labels: {left: left leg on top, right: right leg on"
                  " top}\n    switch_seconds: 10\n    cues: [Heel first.]")
    curl = load(path).exercise("curl")
    assert curl.side_label("left") == "left leg on top"
    assert curl.side_label("right") == "right leg on top"
    [switch] = [s for s in compile_plan([curl], Options()).steps if s.kind == SWITCH]
    assert switch.seconds == 10
    # Without the keys: the plain words and the plan's default switch time.
    plain = load(MINI).exercise("curl")
    assert plain.side_label("left") == "Left side"
    [switch] = [s for s in compile_plan([plain], Options()).steps if s.kind == SWITCH]
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
