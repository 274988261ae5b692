"""Coaching a physiotherapist would sign: the built-in content, the safety notes before the
first session, the feel-the-difference drill, the check-in's answers and readable pages."""

from __future__ import annotations

import itertools
import json
import re

import pytest

from heelcli.engine import checkin
from heelcli.engine.catalog import default_path, load
from heelcli.engine.timeline import (
    PHASE,
    READY,
    SWITCH,
    Options,
    compile_timeline,
)
from heelcli.flows.environment import Environment
from heelcli.store import history, safety
from heelcli.text import replies
from heelcli.text.steps import compare_timeline

from .conftest import MINI, ScriptedKeys, World, invoke, make_console

BUILT_IN = load(default_path())


def built_in_text() -> str:
    """Every word of the built-in file a person can be shown, as one string."""
    parts: list[str] = []
    for t in BUILT_IN.topics:
        parts += [t.title, t.text]
    for e in BUILT_IN.exercises:
        parts += [e.name, e.summary, e.feel, e.why, *e.setup, *e.cues, *e.mistakes,
                  *(p.cue for p in e.phases)]
    return "\n".join(parts)


# The article's facts that heel carries: dropping one from the file fails this test.
ARTICLE_FACTS = {
    "the 3:2 ratio": r"3 to 2",
    "the 12-inch lift": r"12 inches",
    "ten slow reps": r"[Tt]en slow reps",
    "knees not past the feet": r"knees stay behind your feet",
    "the kneecap": r"kneecap",
    "hyperextension": r"hyperextension",
    "hips tipped forward": r"hips tipped forward",
    "low-back pain": r"low-back pain",
    "rising from a chair or the floor": r"up out of a\s+chair or up off the floor",
    "balance as coordination": r"balance is another word for coordination",
    "feel the difference": r"Feel the difference",
    "then don't keep doing it": r"don't keep doing it",
    "stretch the back of the leg": r"Stretch the back of the leg",
    "a chair for balance": r"chair beside you for balance",
}


@pytest.mark.parametrize("pattern", ARTICLE_FACTS.values(), ids=ARTICLE_FACTS.keys())
def test_the_article_facts_heel_carries_all_stay(pattern):
    assert re.search(pattern, built_in_text()), pattern


def test_the_three_article_exercises_keep_ten_reps():
    for exercise_id in ("bridge", "side-lying-hamstring-curl", "split-squat"):
        assert BUILT_IN.exercise(exercise_id).reps == 10


# --- the exercises ------------------------------------------------------------------


def _lying(exercise) -> bool:
    return exercise.setup[0].startswith("Lie ")


def test_the_routine_ends_with_a_hamstring_and_a_calf_stretch_getting_down_and_up_once():
    routine = [BUILT_IN.exercise(i) for i in BUILT_IN.routines[0].exercises]
    ids = [e.id for e in routine]
    assert {"bridge", "side-lying-hamstring-curl", "split-squat"} <= set(ids)
    *_, hamstrings, calf = routine
    assert hamstrings.hold_seconds and hamstrings.targets == ("hamstrings",)
    assert calf.hold_seconds and calf.targets == ("calves",)
    assert "calf" in calf.name.lower() and "hamstring" in hamstrings.name.lower()
    postures = [_lying(e) for e in routine]
    changes = sum(a != b for a, b in itertools.pairwise(postures))
    assert changes <= 2 and not postures[0] and not postures[-1]  # down once, up once
    assert postures[ids.index("lying-hamstring-stretch") - 1]  # right after the floor work


def test_the_lying_hamstring_stretch_is_on_the_back_with_a_towel_heel_to_the_ceiling():
    stretch = BUILT_IN.exercise("lying-hamstring-stretch")
    setup = " ".join(stretch.setup)
    assert stretch.setup[0].startswith("Lie on your back")
    assert "towel" in setup and "knee straight" in setup
    assert "other foot stays flat on the floor" in setup  # the low back rests on the mat
    assert "heel up toward the ceiling" in stretch.cues[0]
    assert "low back" in stretch.why


def test_the_wall_stretch_says_it_stretches_the_calf():
    wall = BUILT_IN.exercise("wall-calf-stretch")
    assert wall.targets == ("calves",) and "calf" in wall.summary
    assert "hamstring" not in wall.summary.lower() + wall.feel.lower()


def test_every_each_side_exercise_has_its_own_words_for_its_sides():
    each = [e for e in BUILT_IN.exercises if e.each_side]
    assert len(each) == 5
    labels = []
    for e in each:
        assert e.side_labels is not None, e.id
        left, right = e.side_labels
        assert "left" in left and right == left.replace("left", "@").replace(
            "right", "left").replace("@", "right"), e.id  # the mirror image, unambiguous
        labels += [left, right]
    assert len(set(labels)) == len(labels)
    bridge = BUILT_IN.exercise("one-legged-bridge").side_label("left")
    assert "left foot planted" in bridge  # the working leg is the one named
    assert BUILT_IN.exercise("split-squat").side_label("left") == "left foot forward"
    assert BUILT_IN.exercise("side-lying-hamstring-curl").side_labels == (
        "left leg on top", "right leg on top")


def test_a_session_names_the_leg_on_every_rep_and_at_the_switch(env):
    env.catalog_path = None
    out = invoke(env, "workout", "-e", "side-lying-hamstring-curl", "--reps", "1",
                 "--yes").output
    assert "Rep 1/1 · Set 1/1 · left leg on top | Straighten" in out
    assert "Switch sides (10s): right leg on top" in out
    assert "Rep 1/1 · Set 1/1 · right leg on top | Straighten" in out
    assert "Left side" not in out and "Right side" not in out


def test_lying_exercises_give_about_ten_seconds_to_change_sides():
    plan = compile_timeline([e for e in BUILT_IN.exercises if e.each_side], Options())
    switches = {s.exercise.id: s.seconds for s in plan.steps if s.kind == SWITCH}
    for e in BUILT_IN.exercises:
        if e.each_side:
            assert switches[e.id] >= (10 if _lying(e) else 5), e.id


def test_every_heel_cue_is_about_the_heel():
    plan = compile_timeline(BUILT_IN.exercises, Options())
    shown = {s.heel_cue for s in plan.steps if s.kind == PHASE} - {""}
    assert len(shown) >= len(BUILT_IN.exercises)
    for cue in shown | {c for e in BUILT_IN.exercises for c in e.cues}:
        assert "heel" in cue.lower(), cue


def test_the_curl_reaches_back_through_the_heel_keeps_the_leg_up_and_says_where_it_works():
    curl = BUILT_IN.exercise("side-lying-hamstring-curl")
    setup = " ".join(curl.setup)
    assert "Reach back through the heel" in setup and "stays up" in setup
    assert "back of the top thigh" in curl.feel
    assert "burn" in curl.feel and "pain in the knee or hip is not" in curl.feel


def test_a_heel_cue_that_repeats_the_cue_is_shown_once(env):
    from heelcli.screen.view import same_cue

    assert same_cue("Back heel down.", "back heel down") and not same_cue("Heel.", "Toes.")
    env.catalog_path = None
    out = invoke(env, "workout", "-e", "wall-calf-stretch", "--yes").output.splitlines()
    holds = [line for line in out if line.startswith("Calf stretch at the wall · Hold")]
    # rep 1: the hold's cue is the first heel cue, shown once; rep 2 adds the second
    assert holds[0].endswith("Hold 30s: Back heel pressed down to the floor")
    assert holds[1].endswith("| Heel: Heel down, lean in gently")


# --- the safety notes -----------------------------------------------------------------


def workout(env, *args: str, input: str | None = None) -> str:
    result = invoke(env, "workout", *args, input=input)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def first_run(monkeypatch, tmp_path):
    """A heel home that has never shown the safety notes (conftest's has)."""
    monkeypatch.setenv("HEEL_HOME", str(tmp_path / "first-run"))


@pytest.fixture
def built_in(env, first_run):
    env.catalog_path = None
    return env


SAFETY = ("sharp pain", "burn in the muscles", "Pain in a joint is not",
          "doctor or a physiotherapist", "pregnant", "surgery or an injury", "press q")


def test_the_safety_notes_come_before_the_first_session_and_then_stay_out_of_the_way(
        built_in, tmp_path):
    home = Environment().home()
    assert str(home).startswith(str(tmp_path.parent))  # a test home, not ~/.local
    first = workout(built_in, "-e", "bridge", "--reps", "1", "--yes")
    for words in SAFETY:
        assert words in first, words
    assert first.index("Stay safe") < first.index("Get ready")
    assert (home / safety.MARKER).exists()
    again = workout(built_in, "-e", "bridge", "--reps", "1", "--yes")
    assert "Stay safe" not in again and "Get ready" in again


def test_the_safety_notes_are_remembered_with_no_log_too(built_in):
    assert "Stay safe" in workout(built_in, "-e", "bridge", "--reps", "1", "--no-log")
    assert "Stay safe" not in workout(built_in, "-e", "bridge", "--reps", "1", "--no-log")
    assert not (Environment().home() / history.FILE_NAME).exists()


def test_safety_shows_them_again(built_in):
    workout(built_in, "-e", "bridge", "--reps", "1")
    out = workout(built_in, "-e", "bridge", "--reps", "1", "--safety")
    assert "Stay safe" in out and out.index("Stay safe") < out.index("Get ready")


def test_in_a_terminal_they_wait_for_enter_and_come_back_if_cancelled(built_in):
    built_in.stdin_isatty = True
    cancelled = invoke(built_in, "workout", "-e", "bridge", "--reps", "1", "--no-checkin",
                       input="")  # end of input at the prompt: nothing started
    assert "Stay safe" in cancelled.output and "Get ready" not in cancelled.output
    out = workout(built_in, "-e", "bridge", "--reps", "1", "--no-checkin", input="\n")
    assert out.index("Stay safe") < out.index("Press Enter to start") < out.index("Get ready")
    assert "Stay safe" not in workout(built_in, "-e", "bridge", "--reps", "1", "--no-checkin",
                                      input="\n")


def test_with_yes_in_a_terminal_they_are_printed_without_waiting(built_in):
    built_in.stdin_isatty = True
    out = workout(built_in, "-e", "bridge", "--reps", "1", "--yes", "--no-checkin", input="")
    assert "Stay safe" in out and "Press Enter" not in out and "Reps done: 1" in out


def test_heel_why_safety_always_has_them_even_for_a_file_without_a_safety_topic(
        env, tmp_path, first_run):
    assert all(w in invoke(None, "why", "safety").output for w in SAFETY)
    assert "Careful" in invoke(env, "why", "safety").output  # a file's own notes win
    path = tmp_path / "no-safety.yaml"
    path.write_text(MINI.read_text().replace("id: safety", "id: careful"))
    env.catalog_path = path
    assert "Stay safe" in invoke(env, "why", "safety").output
    assert "Stay safe" in workout(env, "-e", "lift")  # the screen has them too


def test_an_unwritable_home_still_shows_the_notes_and_runs(env, monkeypatch, tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("")
    monkeypatch.setenv("HEEL_HOME", str(blocked / "home"))  # under a file: cannot be made
    for _ in range(2):
        out = invoke(env, "workout", "-e", "lift").output
        assert "Careful" in out and "Reps done: 6" in out


def test_the_summary_repeats_stop_on_sharp_pain_and_pain_answers_point_to_a_professional(
        built_in, clock):
    built_in.keys = ScriptedKeys(clock, [(12.0, "q")])
    out = workout(built_in, "-e", "bridge")
    assert out.rstrip().endswith("Reps done: 0\n" + replies.STOP_ON_PAIN)
    assert "Sharp pain means stop" in replies.STOP_ON_PAIN
    pain = replies.response(checkin.PAIN, [BUILT_IN.exercise("one-legged-bridge")], BUILT_IN)
    for message in (replies.STOP_ON_PAIN, safety.topic(BUILT_IN).text):
        assert "physiotherapist or a doctor" in message
    assert pain[0].startswith("Ease off") and "try Bridge" in pain[1]


def test_after_a_painful_check_in_the_screen_points_to_a_professional_once_at_its_end():
    """Felt in the knee, hard, pain 7 in a program session: three replies about pain, and
    one pointer to a physiotherapist or a doctor under them, not one per reply."""
    world = World()
    world.run("program", "start")
    out = world.workout("3\n3\n7\n")  # where: knee/low back; how hard: hard; pain 7
    assert out.count("physiotherapist or a doctor") == 1
    assert out.rstrip().endswith(replies.STOP_ON_PAIN)
    assert "Ease off" in out and "Tomorrow morning, heel asks" in out


# --- feel the difference -------------------------------------------------------------


def reps_of(plan) -> list[tuple[str, int]]:
    """(exercise name, reps) per block, counted from the plan's rep steps."""
    out: dict[str, int] = {}
    for s in plan.steps:
        if s.kind == PHASE and s.ends_rep:
            out[s.exercise.name] = out.get(s.exercise.name, 0) + 1
    return list(out.items())


@pytest.mark.parametrize(("reps", "without", "through"), [(None, 3, 10), (5, 3, 5), (2, 2, 2)])
def test_compare_is_three_reps_without_the_heel_then_the_full_set_through_it(reps, without,
                                                                            through):
    plan = compare_timeline(BUILT_IN.exercise("bridge"), Options(reps=reps, sets=4))
    assert reps_of(plan) == [("Bridge without the heel", without),
                             ("Bridge through the heel", through)]


def test_compare_says_plainly_not_to_keep_doing_it_the_first_way(env):
    plan = compare_timeline(BUILT_IN.exercise("side-lying-hamstring-curl"), Options())
    ready = [s for s in plan.steps if s.kind == READY]
    assert "heel" not in " ".join(ready[0].exercise.setup[1:]).lower()
    assert "don't keep doing it" in ready[1].cue
    env.catalog_path = None
    out = workout(env, "--compare", "-e", "bridge", "--yes")
    assert "Bridge without the heel · Rep 3/3" in out and "Rep 4/3" not in out
    assert "Bridge through the heel · Rep 10/10" in out
    assert out.index("don't keep doing it") > out.index("without the heel · Rep 3/3")


def test_compare_dry_run_json_has_three_then_ten_reps(env):
    env.catalog_path = None
    data = json.loads(invoke(env, "workout", "--compare", "-e", "split-squat", "--dry-run",
                             "--json").output)
    reps = {(s["exercise"], s["reps"], s["side"]) for s in data["steps"] if s["kind"] == "phase"}
    assert reps == {("split-squat", 3, "left"), ("split-squat", 3, "right"),
                    ("split-squat", 10, "left"), ("split-squat", 10, "right")}


# --- the check-in's answers ----------------------------------------------------------


def test_after_an_early_stop_the_answer_names_only_what_was_done(env, clock):
    env.catalog_path = None
    env.stdin_isatty = True
    env.keys = ScriptedKeys(clock, [(17.0, "q")])  # 10 s get ready, one 6 s split squat
    out = workout(env, "--yes", input="2\n\n")
    assert "Split squat: 1/20 reps" in out
    answer = out[out.index("The front of your thighs took over"):]
    assert "  Split squat: Front heel pressed into the floor" in answer
    for never_reached in ("Bridge", "Side-lying", "stretch"):
        assert never_reached not in answer, never_reached


def test_the_answer_never_suggests_a_cue_for_a_stretch(env):
    env.catalog_path = None
    env.stdin_isatty = True
    out = workout(env, "--yes", "-e", "bridge", "-e", "lying-hamstring-stretch", "--reps", "1",
                  input="2\n\n")
    answer = out[out.index("The front of your thighs took over"):]
    assert "  Bridge: Push through your heels" in answer and "stretch" not in answer
    only_stretched = replies.response(checkin.FRONT, [BUILT_IN.exercise("wall-calf-stretch")],
                                      BUILT_IN)
    assert only_stretched == ["The front of your thighs took over, which is what the heel is "
                              "there to stop. Next time, push through your heels."]


def test_done_is_the_exercises_with_a_rep_finished():
    from heelcli.engine.records import Part

    exercises = [BUILT_IN.exercise(i) for i in ("bridge", "split-squat", "bridge")]
    parts = [Part(0, "bridge", "Bridge", "", 1, 10, 80.0),
             Part(1, "split-squat", "Split squat", "left", 0, 0, 0.0)]
    assert checkin.done(exercises, parts) == [exercises[0]]


# --- pages: paragraphs wrap to the terminal --------------------------------------------


def orphans(out: str) -> list[str]:
    """Lines of one word followed by more of the same paragraph."""
    found = []
    for block in re.split(r"\n\s*\n", out):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        found += [line for line in lines[:-1] if len(line.split()) == 1]
    return found


@pytest.mark.parametrize("width", [40, 60, 80])
@pytest.mark.parametrize("topic", [None, *(t.id for t in BUILT_IN.topics)])
def test_heel_why_wraps_paragraphs_to_the_terminal_with_no_orphan_words(env, width, topic):
    env.catalog_path = None
    env.console = make_console(terminal=False, width=width)
    out = invoke(env, "why", *([topic] if topic else [])).output
    assert max(len(line.rstrip()) for line in out.splitlines()) <= width
    assert orphans(out.split("For one exercise: heel why ID")[0]) == []  # not the id list
    # each paragraph of the file is one paragraph on screen, its words in order
    shown = [" ".join(b.split()) for b in re.split(r"\n\s*\n", out)]
    for t in BUILT_IN.topics if topic is None else [BUILT_IN.topic(topic)]:
        for paragraph in t.text.split("\n\n"):
            assert any(paragraph in block for block in shown), paragraph[:30]


@pytest.mark.parametrize("width", [40, 60, 80])
def test_the_safety_screen_wraps_with_no_orphan_words(built_in, width):
    built_in.console = make_console(terminal=False, width=width)
    out = workout(built_in, "-e", "bridge", "--reps", "1")
    assert orphans(out[:out.index("Get ready")]) == []


def test_a_users_file_is_read_as_paragraphs_too(env, tmp_path):
    path = tmp_path / "broken-lines.yaml"
    path.write_text(MINI.read_text().replace(
        "    text: Push through the heel.\n",
        "    text: |\n      Push\n      through the\n      heel.\n\n      Second one.\n"))
    assert load(path).topic("basics").text == "Push through the heel.\n\nSecond one."
    env.catalog_path = path
    assert "Push through the heel.\n\nSecond one." in invoke(env, "why", "basics").output


def test_every_built_in_text_is_paragraphs_without_hard_line_breaks():
    for t in BUILT_IN.topics:
        assert "\n" not in t.text.replace("\n\n", ""), t.id


def test_compare_refuses_a_held_stretch_which_has_no_heel_to_compare(env):
    env.catalog_path = None
    result = invoke(env, "workout", "--compare", "-e", "wall-calf-stretch", "--dry-run")
    assert result.exit_code == 2 and "not a held stretch" in result.stderr
