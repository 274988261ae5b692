"""The questions after a session, the answers heel gives, progression and --compare."""

from __future__ import annotations

import json

import pytest

from heelcli.engine.catalog import load

from .conftest import MINI, invoke


@pytest.fixture
def asked(env):
    env.stdin_isatty = True  # a person at the keyboard: the check-in is asked
    return env


def workout(env, *args: str, answers: str = ""):
    result = invoke(env, "workout", "--yes", *args, input=answers)
    assert result.exit_code == 0, result.output
    return result.output


def last_session() -> dict:
    return json.loads(invoke(None, "history", "--json").output)["sessions"][0]


def test_front_of_the_thighs_means_the_quads_took_over_with_the_heel_cue(asked):
    out = workout(asked, "-e", "lift", answers="2\n3\n")
    assert "Where did you feel it most?" in out and "How hard was it?" in out
    assert "The front of your thighs took over" in out
    assert "Lift: Heels down." in out  # the exercise's own heel cue, from the file
    assert (last_session()["felt"], last_session()["effort"]) == ("front", "hard")


def test_knee_or_low_back_means_ease_off_with_the_easier_variant(asked):
    out = workout(asked, "-e", "lift-hard", answers="3\n\n")
    assert "Ease off" in out
    assert "Instead of Hard lift, try Lift: heel workout -e lift" in out
    assert "see a physiotherapist or a doctor" in out
    assert last_session()["effort"] is None  # Enter skipped the second question


def test_back_of_the_legs_is_the_goal(asked):
    assert "That is the goal" in workout(asked, "-e", "lift", answers="1\n2\n")


def test_a_wrong_answer_is_asked_again(asked):
    out = workout(asked, "-e", "lift", answers="7\n1\n2\n")
    assert "Please type a number from 1 to 3." in out
    assert last_session()["felt"] == "back"


def test_two_easy_sessions_in_a_row_suggest_the_challenge_variant(asked):
    first = workout(asked, "-e", "lift", answers="1\n1\n")
    assert "--challenge" not in first
    second = workout(asked, "-e", "lift", answers="1\n1\n")
    assert "Lift felt easy in your last 2 sessions: try Hard lift with heel workout " \
           "--challenge" in " ".join(second.split())  # wrapped at a word to the page
    third = workout(asked, "-e", "lift", answers="1\n2\n")  # about right: no more nudge
    assert "--challenge" not in third


@pytest.mark.parametrize("args", [["--no-checkin"], ["--json"]])
def test_no_checkin_when_asked_not_to_or_printing_json(asked, args):
    out = workout(asked, "-e", "lift", *args)
    assert "Where did you feel it" not in out


def test_no_checkin_when_stdin_is_not_a_terminal(env):
    assert "Where did you feel it" not in workout(env, "-e", "lift")


def test_compare_does_a_set_without_then_through_the_heel_and_stores_both(asked):
    out = workout(asked, "--compare", "-e", "lift", answers="2\n1\n")
    assert out.index("Lift without the heel") < out.index("Lift through the heel")
    assert "don't think about your heels" in out
    assert "Where did you feel the set without the heel?" in out
    row = next(line for line in out.splitlines() if "│ front of the thighs" in line)
    assert "back of the legs and glutes" in row  # side by side
    session = last_session()
    assert session["kind"] == "compare"
    assert session["comparison"] == {"without": "front", "with": "back"}
    assert session["reps_done"] == 6  # one set of three, twice
    history = invoke(None, "history").output
    assert "compare: lift" in history


def test_compare_needs_exactly_one_exercise(env):
    result = invoke(env, "workout", "--compare", "-e", "lift", "-e", "curl")
    assert (result.exit_code, result.output) == (
        2, "heel: --compare takes one exercise: heel workout --compare -e bridge\n")


def test_compare_dry_run_shows_two_single_sets(env):
    data = json.loads(invoke(env, "workout", "--compare", "-e", "lift", "--dry-run",
                             "--json").output)
    assert data["exercises"] == ["lift", "lift"]
    sets = {(s["exercise"], s["set"], s["sets"]) for s in data["steps"] if s["kind"] == "phase"}
    assert sets == {("lift", 1, 1)}
    assert load(MINI).exercise("lift").sets == 2


def test_heel_answers_where_it_was_felt_before_asking_how_hard(asked):
    out = workout(asked, "-e", "lift", answers="2\n3\n")
    assert out.index("Where did you feel it most?") < out.index("took over") \
        < out.index("How hard was it?")


def test_the_check_in_asker_returns_the_answers_and_gives_no_advice(monkeypatch):
    import io

    from rich.console import Console

    from heelcli.engine import checkin
    from heelcli.screen import prompts
    from heelcli.text import words

    typed = iter(["2", "9", "3", "4"])  # 9 is out of range: asked again
    monkeypatch.setattr("builtins.input", lambda: next(typed))
    console = Console(file=io.StringIO(), width=80, color_system=None)
    heard: list[str] = []
    answers = prompts.check_in(console, pain=True, heard_where=heard.append)
    assert answers == checkin.Answers(felt="front", effort="hard", pain=4)
    assert heard == ["front"]
    shown = console.file.getvalue()
    assert words.PAIN_QUESTION in shown and "Please type a number from 1 to 3." in shown
    assert "took over" not in shown and "physiotherapist" not in shown


def test_what_follows_the_check_in_is_decided_from_the_answers_alone():
    from heelcli.engine import checkin
    from heelcli.text import replies

    catalog = load(MINI)
    assert replies.closing(checkin.Answers(pain=3), program=True, recent=[],
                           catalog=catalog) == replies.pain_response(3) != []
    # pain 0 too: every step up waits for the next morning
    assert "Tomorrow morning" in " ".join(replies.closing(
        checkin.Answers(pain=0), program=True, recent=[], catalog=catalog))
    assert replies.closing(checkin.Answers(pain=None), program=True, recent=[],
                           catalog=catalog) == []
    assert replies.settled_response(False) == [replies.STOP_ON_PAIN]
    assert replies.settled_response(True) == []


def test_replies_wrap_at_word_breaks_to_the_page():
    import io

    from rich.console import Console

    from heelcli.flows import guided_workout

    out = io.StringIO()
    console = Console(file=out, width=40, color_system=None)
    advice = "If the pain persists, see a physiotherapist or a doctor before you carry on."
    guided_workout._say(console, [advice])
    lines = out.getvalue().splitlines()
    assert len(lines) > 1 and all(len(line) <= 40 for line in lines)
    assert " ".join(" ".join(lines).split()) == advice  # every word whole
