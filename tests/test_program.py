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


def test_two_weeks_of_a_program_through_the_cli_each_step_up_waits_for_the_morning(world):
    out = world.run("program", "start", "--level", "bridge=3").stdout
    assert "Program started: mon,wed,fri, pain limit 5/10" in out
    assert world.prescribed()["bridge"] == (3, 12, 1)
    # Monday: easy, no pain; tomorrow morning heel asks about pain and stiffness.
    out = world.workout(EASY_BACK + "0\n")
    assert "Tomorrow morning, heel asks about pain and stiffness" in out
    # Wednesday: Monday's morning asked first (0, 0); easy again: nothing moves yet.
    world.day(3)
    out = world.workout(EASY_BACK + "0\n", before="0\n0\n")
    assert "This morning: pain in the knee or low back" in out and ": up to " not in out
    # Thursday morning: settled, so one exercise steps up: the one that waited longest.
    world.day(4)
    out = world.run("program", input="0\n1\n").stdout
    assert "Split squat: up to 8 reps: the last two counted sessions were easy" in out
    data = world.program()
    assert [c["exercise"] for c in data["last_change"]["changes"]] == ["split-squat"]
    assert world.levels()["bridge"] == (3, 3)
    assert {n["exercise"]: n["reason"] for n in data["next"]}["bridge"] == "easy"  # next in line
    # Friday: pain 7, over the limit: the exercise changed last goes down alone.
    world.day(5)
    out = world.workout(EASY_BACK + "7\n")
    assert "Split squat: down to 6 reps: pain was 7/10, over your limit of 5." in out
    assert world.levels()["bridge"] == (3, 1)  # its level stays; the flare day runs 1
    # Saturday, a rest day: the page says the next planned workout is a flare day.
    world.day(6)
    page = world.run("program", tty=False).stdout
    assert "Flare day next" in " ".join(page.split())
    # Monday: the flare day, two levels down where the ladder allows, else a reduced dose.
    world.day(8)
    data = world.program()
    assert {e["id"]: e["dose"] for e in data["today"]["exercises"]}["bridge"] == "down"
    assert world.prescribed()["bridge"] == (1, 8, 1)
    refused = CliRunner().invoke(cli, ["workout", "--challenge", "--dry-run"],
                                 obj=world.env())
    assert refused.exit_code == 2 and refused.stderr.count("\n") == 1
    assert "--despite-flare" in refused.stderr
    world.run("workout", "--challenge", "--despite-flare", "--dry-run")


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
    (["--pain-limit", "8"], "heel: --pain-limit must be from 0 to 5, got 8: pain during"),
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
    world.workout(EASY_BACK + "1\n", before="0\n0\n")  # Monday's morning first
    world.day(4)
    world.run("program", input="0\n1\n")  # Thursday morning: pain 0, stiffness 1
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
    assert "Bridge · level 4 of 9" in view.plain_line(plan, 0).plain
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


def _record(world: World):
    """What `heel program` reads, as the typed record, on the world's machine and day."""
    from heelcli.engine import coach
    from heelcli.engine.catalog import load

    env = world.env()
    catalog = load(env.catalog_path)
    with env.reading() as log:
        found = log.active_program()
        assert found is not None
        return coach.status(log, catalog, found, now=env.now(), tz=env.zone), catalog


def test_program_json_is_the_typed_records_dict_in_every_state(world):
    from heelcli.engine import coach
    from heelcli.text.rules import Words

    def same() -> dict:
        record, catalog = _record(world)
        printed = world.program()
        assert printed == record.to_dict(Words(coach.names(catalog)))
        return printed

    world.run("program", "start", "--level", "bridge=3")
    assert same()["last_change"] is None  # a fresh start
    world.workout(EASY_BACK + "0\n")
    world.day(3)
    world.workout(EASY_BACK + "0\n", before="0\n0\n")
    world.day(4)
    world.run("program", input="0\n1\n")
    assert same()["last_change"]["changes"]  # a level went up
    world.day(5)
    world.workout(EASY_BACK + "7\n")
    world.day(8)
    data = same()  # a flare day
    assert data["today"]["flare"] == {"cause": "pain-over-limit", "pain": 7, "pain_limit": 5}
    assert data["recent_pain"][0]["pain"] == 7
    world.day(29)
    assert same()["break"]["days"] == 24  # back after a long break


def test_a_self_test_due_next_year_names_its_year(world):
    from datetime import datetime

    from heelcli.store.history import FILE_NAME, Store

    world.at = datetime(2026, 12, 14, 8, 0)  # a Monday in December
    world.run("program", "start")
    store = Store(world.env().home() / FILE_NAME)
    store.add_measures(world.at.astimezone(), [("chair-stands", 11)])
    store.close()
    world.day(30)  # Wednesday 30 December: the next is due on Monday 11 January 2027
    assert world.program()["self_test"]["next"] == "2027-01-11"
    out = world.run("program").stdout
    assert "Self-test: last on mon 14; the next is due on mon 11 Jan 2027." in out
    assert "Today, wed 30: a planned day" in out  # this year's days stay short
