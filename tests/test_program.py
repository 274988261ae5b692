"""A program over three weeks, through the CLI, with an injected clock and date: what
`heel workout --dry-run` prescribes and what `heel program --json` says at each step,
including a flare day and the recovery after it."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from heelcli.cli.group import cli

from .conftest import EASY_BACK, World


@pytest.fixture
def world() -> World:
    return World()


def test_three_weeks_of_a_program_with_a_flare_day_and_the_recovery(world):
    out = world.run("program", "start", "--level", "bridge=3").stdout
    assert "Program started: mon,wed,fri, pain limit 5/10" in out
    assert world.prescribed() == {
        "split-squat": (1, 6, 1), "bridge": (3, 12, 1), "side-lying-hamstring-curl": (1, 8, 1),
        "lying-hamstring-stretch": (1, 2, 1), "wall-calf-stretch": (1, 2, 1)}

    # Week 1. Monday: easy, no pain; one session is not yet a reason to move.
    out = world.workout(EASY_BACK + "0\n")
    assert "Pain in the knee or low back" in out and ": up to " not in out
    assert world.levels()["bridge"] == (3, 3)
    # Wednesday: easy and pain-free again: every exercise moves up one level, explained.
    world.day(3)
    out = world.workout(EASY_BACK + "0\n")
    assert "Bridge: up to 15 reps: the last two sessions were easy and pain-free." in out
    assert "Split squat: up to 8 reps:" in out
    data = world.program()
    assert [c["reason"] for c in data["last_change"]["changes"]] == ["easy"] * 5
    assert world.prescribed()["bridge"] == (4, 15, 1)
    # Thursday, a rest day: heel says so and asks; pain 7 is over the limit: down one.
    world.day(4)
    dry = world.run("workout", "--dry-run")
    assert "Today is a rest day in your program (mon,wed,fri)" in dry.stderr
    out = world.run("workout", input="y\n" + "\n" + "1\n2\n7\n").stdout  # yes; Enter
    assert "Do today's workout anyway?" in out
    assert "Bridge: down to 12 reps: pain was 7/10, over your limit of 5." in out
    assert "physiotherapist or a doctor" in out
    # Friday: a flare day. Every exercise two levels below its level, no challenge.
    world.day(5)
    data = world.program()
    assert data["today"]["flare"] == {"cause": "pain-over-limit", "pain": 7, "pain_limit": 5}
    assert data["today"]["challenge"] is False
    assert world.levels() == {"split-squat": (1, 1), "bridge": (3, 1),
                              "side-lying-hamstring-curl": (1, 1),
                              "lying-hamstring-stretch": (1, 1), "wall-calf-stretch": (1, 1)}
    dry = world.run("workout", "--dry-run")
    assert "Flare day: your last session's pain was 7/10" in dry.stderr
    assert "see a physiotherapist or a doctor" in " ".join(dry.stderr.split())
    assert world.prescribed()["bridge"] == (1, 8, 1)
    # Starting the workout first asks whether Thursday's pain settled: it did.
    out = world.workout(EASY_BACK + "0\n", before="y\n")
    assert "Did it settle by the next morning?" in out
    assert ": up to " not in out  # a flare-day session never moves a level up

    # Week 2. Monday: the recovery: an ordinary day at the current levels.
    world.day(8)
    data = world.program()
    assert data["today"]["flare"] is None and data["today"]["challenge"] is True
    assert world.prescribed()["bridge"] == (3, 12, 1)
    assert data["week"]["monday"] == "2027-03-08" and data["streak_weeks"] == 1
    world.workout(EASY_BACK + "0\n")
    world.day(10)
    out = world.workout(EASY_BACK + "0\n")
    assert "Bridge: up to 15 reps" in out  # two easy sessions after the flare: back up
    assert world.prescribed()["bridge"] == (4, 15, 1)
    # Friday: pain 3, within the limit; whether it settled is asked next time.
    world.day(12)
    out = world.workout(EASY_BACK + "3\n")
    assert "Next time, heel asks whether it settled" in out
    assert world.levels()["bridge"] == (4, 4)

    # Week 3. Monday: it had not settled: down one level, and a flare day.
    world.day(15)
    out = world.run("program", input="n\n").stdout
    assert "Did it settle by the next morning?" in out
    assert "Bridge: down to 12 reps: the pain had not settled by the next morning." in out
    data = world.program()
    assert data["today"]["flare"]["cause"] == "not-settled"
    assert world.levels()["bridge"] == (3, 1)
    assert data["streak_weeks"] == 2 and data["week"]["planned"] == [
        "2027-03-15", "2027-03-17", "2027-03-19"]
    assert [p["pain"] for p in data["recent_pain"]][:2] == [3, 0]
    # heel history counts weeks on the schedule, not days in a row, while a program runs.
    history = json.loads(world.run("history", "--json").stdout)
    assert history["program"] == {"days": "mon,wed,fri", "streak_weeks": 2}
    assert history["streak_days"] is None
    assert "Streak: 2 weeks in a row on your program's days (mon,wed,fri)" in world.run(
        "history").stdout
    # A workout with explicit options is outside the program: levels do not move.
    world.run("workout", "--yes", "-e", "bridge", "--reps", "3", input=EASY_BACK)
    assert world.levels()["bridge"] == (3, 1)


def test_the_program_page_fits_80_and_40_columns_and_pipes_plainly(world):
    world.run("program", "start", "--days", "mon,thu")
    world.workout(EASY_BACK + "4\n")
    world.day(2)
    for width in (80, 40):
        out = world.run("program", width=width, tty=False).stdout
        assert "Level 1 of 5: 6 reps x 1" in out.replace("\n", " ") or width == 40
        assert max(map(len, out.splitlines())) <= width, out
        assert "Today, tue 2: a rest day" in out
        assert "\x1b" not in out  # piped: no colour or cursor codes
        if width == 80:  # lists wrap unpadded (rich leaves one blank where it wraps a line)
            assert [line for line in out.splitlines() if line != line.rstrip()] == []


def test_program_without_one_says_how_to_start(world):
    assert world.run("program").stdout.startswith("No program running.")
    assert world.program() == {"program": None}
    assert world.run("program", "stop").stdout == "No program running.\n"


@pytest.mark.parametrize(("args", "message"), [
    (["--days", "mun"], "heel: --days 'mun': 'mun' is not a day (did you mean 'mon'?)"),
    (["--pain-limit", "11"], "heel: --pain-limit must be a whole number from 0 to 10"),
    (["--level", "bridge=10"], "heel: --level 'bridge=10': bridge has levels 1 to 9"),
    (["--level", "bridge"], "heel: --level 'bridge': give EXERCISE=N"),
])
def test_bad_program_options_are_one_line_and_exit_2(world, args, message):
    result = CliRunner().invoke(cli, ["program", "start", *args], obj=world.env())
    assert result.exit_code == 2
    assert result.stderr.startswith(message) and result.stderr.count("\n") == 1


def readme_scenario(world: World) -> str:
    """The README's `heel program`: two easy sessions, then a rest day."""
    world.run("program", "start")
    world.workout(EASY_BACK + "0\n")
    world.day(3)
    world.workout(EASY_BACK + "1\n")
    world.day(4)
    world.run("program", input="y\n")  # Wednesday's pain of 1 settled by Thursday morning
    return world.run("program", tty=False).stdout


def test_the_readme_shows_what_heel_program_prints(world):
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    [shown] = re.findall(r"<!-- program -->\n```\n(.*?)```", readme, flags=re.S)
    printed = "\n".join(line.rstrip() for line in readme_scenario(world).splitlines())
    assert printed + "\n" == shown


def test_the_get_ready_screen_shows_the_level(world):
    from heelcli.engine.catalog import default_path, load
    from heelcli.engine.timeline import Options, compile_timeline, resolve
    from heelcli.screen import view

    catalog = load(default_path())
    chosen = resolve(catalog, routine=None, exercise_ids=["bridge"], challenge=False)
    plan = compile_timeline(chosen, Options(levels=[(4, 9)]))
    assert view.rep_words(plan, 0) == ["level 4 of 9 · 10 reps"]
    assert "Bridge · level 4 of 9" in view.plain_line(plan.steps[0]).plain
    outside = compile_timeline(chosen, Options())
    assert "level" not in view.rep_words(outside, 0)[0]


def test_level_completes_the_program_exercises(world):
    from click.shell_completion import ShellComplete

    complete = ShellComplete(cli, {"obj": world.env()}, "heel", "_HEEL_COMPLETE")
    found = complete.get_completions(["program", "start", "--level"], "b")
    assert [c.value for c in found] == ["bridge="]


def test_program_suggests_a_self_test_every_four_weeks(world):
    from heelcli.store.history import FILE_NAME, Store

    world.run("program", "start")
    assert world.program()["self_test"] == {"last": None, "due": True, "next": "2027-03-01"}
    assert "Self-test: none yet; heel test measures where you start." in \
        world.run("program").stdout
    store = Store(world.env().home() / FILE_NAME)
    store.add_measures(world.at.astimezone(), [("chair-stands", 11)])
    store.close()
    world.day(28)  # four weeks less a day
    assert world.program()["self_test"] == {"last": "2027-03-01", "due": False,
                                            "next": "2027-03-29"}
    assert "Self-test: last on mon 1; the next is due on mon 29." in world.run("program").stdout
    world.day(29)
    assert world.program()["self_test"]["due"] is True
    assert "Self-test: due (the last was on mon 1); heel test shows the change." in \
        world.run("program").stdout


def test_on_a_rest_day_heel_asks_and_no_means_no_workout(world):
    world.run("program", "start", "--days", "mon,thu")
    world.day(2)  # Tuesday: a rest day
    out = world.run("workout", input="n\n").stdout
    assert "Today is a rest day in your program (mon,thu); the next planned day is thu 4." in out
    assert "Get ready" not in out
    assert json.loads(world.run("history", "--json").stdout)["sessions"] == []
    dry = world.run("workout", "--dry-run").stderr  # the dry run says so and asks nothing
    assert "rest day" in dry and "anyway?" not in dry


def test_starting_over_a_running_program_asks_for_restart(world):
    world.run("program", "start", "--level", "bridge=3")
    again = CliRunner().invoke(cli, ["program", "start", "--days", "tue,thu"], obj=world.env())
    assert again.exit_code == 2 and "--restart" in again.stderr
    assert world.program()["program"]["days"] == "mon,wed,fri"  # nothing replaced
    world.run("program", "start", "--days", "tue,thu", "--restart")
    assert world.program()["program"]["days"] == "tue,thu"


def test_a_flare_day_page_says_to_see_someone_once(world):
    world.run("program", "start", "--days", "mon,tue")
    world.workout("1\n2\n8\n")  # pain 8 of 10
    world.day(2)
    out = " ".join(world.run("program", input="\n").stdout.split())
    assert out.count("Pain lasting more than a week") == 1
    assert "physiotherapist or a doctor" in out
