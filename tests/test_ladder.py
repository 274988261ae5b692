"""Ladders: the levels an exercise climbs in a program, the `levels:` key that declares
them, and the built-in ladders in data/exercises.yaml."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from heelcli.engine.catalog import default_path, load
from heelcli.engine.ladder import Ladder, Level, check_level_refs, one_change, read_levels
from heelcli.engine.progression import PAIN_FREE, PAIN_LIMIT
from heelcli.engine.yamlsource import Reader, parse

BRIDGE = Ladder.of("bridge", [
    Level(8, 1), Level(10, 1), Level(15, 1), Level(15, 2),
    Level(6, 1, "one-legged-bridge"), Level(8, 1, "one-legged-bridge"),
], reps=10, sets=1)


def test_an_exercise_without_levels_has_one_level_its_own_dose():
    ladder = Ladder.of("back-of-leg-stretch", None, reps=2, sets=1, hold_seconds=30)
    assert ladder.top == 1
    for asked in (0, 1, 2, 9):  # held within the ladder, whatever is asked
        p = ladder.prescription(asked)
        assert (p.exercise_id, p.level, p.of, p.reps, p.sets, p.hold_seconds) == (
            "back-of-leg-stretch", 1, 1, 2, 1, 30)


@pytest.mark.parametrize(
    ("level", "runs", "reps", "sets"),
    [
        (1, "bridge", 8, 1),
        (3, "bridge", 15, 1),
        (4, "bridge", 15, 2),
        (5, "one-legged-bridge", 6, 1),  # the harder variant at that level
        (6, "one-legged-bridge", 8, 1),
        (7, "one-legged-bridge", 8, 1),  # past the top: the top
        (0, "bridge", 8, 1),  # below the bottom: the bottom
    ],
)
def test_prescription_names_the_exercise_and_dose_at_a_level(level, runs, reps, sets):
    p = BRIDGE.prescription(level)
    assert (p.exercise_id, p.ladder_id, p.reps, p.sets, p.of) == (runs, "bridge", reps, sets, 6)
    assert p.level == BRIDGE.clamp(level)


def test_levels_of_a_stretch_without_a_hold_take_its_own_hold():
    ladder = Ladder.of("stretch", [Level(2, 1), Level(2, 1, None, 45.0), Level(1, 1, "other")],
                       reps=2, sets=1, hold_seconds=30)
    assert [lv.hold_seconds for lv in ladder.levels] == [30, 45.0, None]


@pytest.mark.parametrize(
    ("lower", "higher", "ok"),
    [
        (Level(8, 1), Level(10, 1), True),  # more reps
        (Level(15, 1), Level(15, 2), True),  # one more set
        (Level(2, 1, None, 20), Level(2, 1, None, 30), True),  # a longer hold
        (Level(15, 2), Level(6, 1, "one-legged-bridge"), True),  # a variant, less volume
        (Level(6, 1), Level(8, 1, "one-legged-bridge"), False),  # a variant and more volume
        (Level(10, 1), Level(8, 1), False),  # fewer reps is not a step up
        (Level(10, 1), Level(12, 2), False),  # two changes at once
        (Level(10, 1), Level(10, 3), False),  # two more sets at once
        (Level(10, 1), Level(10, 1), False),  # no change
        (Level(2, 1, None, 30), Level(3, 1, None, 45), False),
    ],
)
def test_one_change_at_a_time(lower, higher, ok):
    assert one_change(lower, higher) is ok


def read(tmp_path: Path, text: str, *, timed: bool = False) -> tuple[Any, Reader]:
    path = tmp_path / "levels.yaml"
    path.write_text(text)
    r = Reader(str(path))
    return read_levels(r, parse(str(path)), "exercise bridge", timed=timed), r


def test_levels_are_read_easiest_first(tmp_path):
    levels, r = read(tmp_path, "- {reps: 8, sets: 1}\n"
                               "- {reps: 6, sets: 1, exercise: one-legged-bridge}\n")
    assert r.problems == []
    assert levels == (Level(8, 1), Level(6, 1, "one-legged-bridge"))


def test_a_stretch_level_may_give_its_hold(tmp_path):
    levels, r = read(tmp_path, "- {reps: 2, sets: 1, hold_seconds: 45}\n", timed=True)
    assert r.problems == [] and levels == (Level(2, 1, None, 45.0),)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("[]", 1, "exercise bridge: levels must list at least 1 item"),
        ("{reps: 8, sets: 1}", 1, "exercise bridge: levels must be a list, got a mapping"),
        ("- {reps: 8}", 1, "exercise bridge: levels[0]: missing key 'sets'"),
        ("- {reps: 8, sets: 1}\n- {reps: 10, set: 1}", 2,
         "exercise bridge: levels[1]: unknown key 'set' (did you mean 'sets'?)"),
        ("- {reps: 0, sets: 1}", 1, "exercise bridge: levels[0].reps must be from 1 to 100, got 0"),
        ("- {reps: 8, sets: 101}", 1,
         "exercise bridge: levels[0].sets must be from 1 to 100, got 101"),
        ("- {reps: ten, sets: 1}", 1,
         "exercise bridge: levels[0].reps must be a whole number from 1 to 100, got text"),
        ("- {reps: 8, sets: 1, exercise: One Leg}", 1,
         "exercise bridge: levels[0].exercise must be lowercase letters, digits and '-', "
         "got 'One Leg'"),
        ("- {reps: 8, sets: 1, hold_seconds: 20}", 1,
         "exercise bridge: levels[0].hold_seconds needs an exercise with hold_seconds "
         "(a timed hold), not phases"),
        ("- {reps: 8, sets: 1}\n- {reps: 8, sets: 1}", 2,
         "exercise bridge: levels[1] is the same as the level before it"),
        ("- 8", 1, "exercise bridge: levels[0] must be a mapping, got a whole number"),
    ],
)
def test_bad_levels_name_the_line_and_the_mistake(tmp_path, text, line, message):
    levels, r = read(tmp_path, text)
    assert levels is None
    assert [(p.line, p.message) for p in r.problems][:1] == [(line, message)]


def test_a_stretch_hold_out_of_range_is_refused(tmp_path):
    levels, r = read(tmp_path, "- {reps: 2, sets: 1, hold_seconds: 601}\n", timed=True)
    assert levels is None
    assert r.problems[0].message == ("exercise bridge: levels[0].hold_seconds must be "
                                     "from 0.5 to 600, got 601")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- {reps: 8, sets: 1, exercise: one-leg-bridge}",
         "exercise bridge: levels[0].exercise names unknown exercise 'one-leg-bridge'"),
        ("- {reps: 8, sets: 1, exercise: bridge}",
         "exercise bridge: levels[0].exercise names the exercise itself; leave it out"),
        ("- {reps: 8, sets: 1, exercise: one-legged-bridge, hold_seconds: 20}",
         "exercise bridge: levels[0].hold_seconds needs a timed hold, "
         "and one-legged-bridge has phases"),
    ],
)
def test_level_exercises_must_exist_in_the_file(tmp_path, text, message):
    path = tmp_path / "levels.yaml"
    path.write_text(text)
    r = Reader(str(path))
    node = parse(str(path))
    assert read_levels(r, node, "exercise bridge", timed=False) is not None
    check_level_refs(r, "exercise bridge", "bridge", node,
                     known={"bridge", "one-legged-bridge", "stretch"},
                     timed={"bridge": False, "one-legged-bridge": False, "stretch": True})
    assert [p.message for p in r.problems] == [message]


def test_a_level_may_move_to_a_timed_hold_with_its_own_hold(tmp_path):
    path = tmp_path / "levels.yaml"
    path.write_text("- {reps: 2, sets: 1, exercise: stretch, hold_seconds: 20}")
    r = Reader(str(path))
    node = parse(str(path))
    assert read_levels(r, node, "exercise bridge", timed=False) is not None
    check_level_refs(r, "exercise bridge", "bridge", node, known={"bridge", "stretch"},
                     timed={"bridge": False, "stretch": True})
    assert r.problems == []


def built_in_ladders() -> list[tuple[str, tuple[Level, ...]]]:
    return [(e.id, e.levels) for e in load(default_path()).exercises if e.levels]


def test_the_built_in_ladders_cover_the_default_routine():
    catalog = load(default_path())
    ladders = dict(built_in_ladders())
    assert all(len(levels) >= 3 for levels in ladders.values())
    # Every exercise of the default routine gets a ladder.
    assert set(catalog.routines[0].exercises) <= set(ladders)


def test_a_bad_level_in_an_exercise_file_is_reported_with_its_line(tmp_path):
    from heelcli.engine.errors import CatalogError

    text = Path(default_path()).read_text()
    broken = text.replace("- {exercise: one-legged-bridge, reps: 6, sets: 1}",
                          "- {exercise: one-leg-bridge, reps: 6, sets: 1}", 1)
    assert broken != text
    path = tmp_path / "mine.yaml"
    path.write_text(broken)
    with pytest.raises(CatalogError) as caught:
        load(path)
    [problem] = caught.value.problems
    line = 1 + broken[:broken.index("one-leg-bridge,")].count("\n")
    assert (problem.line, problem.message) == (
        line, "exercise bridge: levels[5].exercise names unknown exercise 'one-leg-bridge'")


@pytest.mark.parametrize(("exercise_id", "levels"), built_in_ladders())
def test_each_proposed_step_changes_one_thing(exercise_id, levels):
    steps = list(pairwise(levels))
    bad = [(n + 1, n + 2) for n, (a, b) in enumerate(steps) if not one_change(a, b)]
    assert bad == [], f"{exercise_id}: levels {bad} change more than one thing"


def test_the_bridge_ladder_is_the_one_the_issue_describes():
    levels = dict(built_in_ladders())["bridge"]
    own = [lv for lv in levels if lv.exercise_id is None]
    assert (own[0].reps, own[-1].reps, own[-1].sets) == (8, 15, 2)
    harder = [lv for lv in levels if lv.exercise_id == "one-legged-bridge"]
    assert harder[0].reps == 6 and levels[-1] == harder[-1]


def test_stretches_hold_longer_rather_than_add_reps():
    for name in ("lying-hamstring-stretch", "wall-calf-stretch"):
        stretch = dict(built_in_ladders())[name]
        assert [lv.hold_seconds for lv in stretch] == [20, 30, 45]
        assert {(lv.reps, lv.sets) for lv in stretch} == {(2, 1)}


def test_the_progression_topic_leaves_the_rules_to_heel():
    """The file's topic introduces the ladders; the rules and their numbers are said by
    text/rules (heel why progression), so an edited file can never misstate them."""
    topic = load(default_path()).topic("progression")
    assert topic is not None
    text = " ".join(topic.text.split())
    assert "ladder of levels" in text
    for number_or_rule in (f"{PAIN_LIMIT} out of 10", "/10", "pain limit", "flare",
                           f"{PAIN_FREE} out", "two program sessions", "levels down"):
        assert number_or_rule not in text, number_or_rule
