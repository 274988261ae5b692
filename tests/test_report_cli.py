"""`heel report` from a history made through the CLI: a three-week program with a flare
day and self-tests, read back on one page in text, markdown and HTML."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from heelcli.cli.group import cli
from heelcli.store.history import FILE_NAME, Store

from .conftest import EASY_BACK, SqliteSteps, World, every_tests_world, parse

ROOT = Path(__file__).resolve().parents[1]


def self_tests(world: World, values: dict[str, int]) -> None:
    """A self-test taken at the world's time, stored as `heel test` stores it."""
    store = Store(world.env().home() / FILE_NAME)
    store.add_measures(world.at.astimezone(), list(values.items()))
    store.close()


def three_weeks(world: World) -> None:
    """Mon 1 March 2027 to Mon 15 March: seven sessions, a flare day, two self-tests."""
    world.run("program", "start", "--level", "bridge=3")
    self_tests(world, {"chair-stands": 9, "bridge-left": 20, "bridge-right": 24,
                       "pain-knee": 3, "pain-low-back": 2})
    world.workout(EASY_BACK + "0\n")
    world.day(3)
    world.workout(EASY_BACK + "0\n", before="0\n0\n")  # Monday's morning first
    world.day(4)
    # a rest day: Wednesday's morning settled (one exercise up); pain 7: down
    world.run("workout", input="0\n0\n" + "y\n" + "\n" + "1\n2\n7\n")
    world.day(5)
    world.workout(EASY_BACK + "0\n", before="0\n0\n")  # settled; a flare day
    world.day(8)
    world.workout(EASY_BACK + "0\n")  # Friday's morning is too late to ask now
    world.day(10)
    world.workout(EASY_BACK + "0\n", before="0\n0\n")
    world.day(12)
    world.workout("2\n3\n3\n", before="0\n0\n")  # front of the thighs, hard, pain 3
    world.day(13)
    world.run("program", input="4\n2\n")  # higher than the morning before: not settled
    world.day(15)
    self_tests(world, {"chair-stands": 12, "bridge-left": 31, "bridge-right": 30,
                       "pain-knee": 1, "pain-low-back": 2})
    world.day(17, hour=19)


@pytest.fixture(scope="module")
def three_weeks_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The three weeks, made once for the module (they take a while): each test reads a
    copy, so none sees what another wrote."""
    home = tmp_path_factory.mktemp("three-weeks")
    with every_tests_world(home):
        three_weeks(World())
    return home


@pytest.fixture
def world(three_weeks_home: Path) -> World:
    """Wednesday 17 March 2027, 19:00, after the three weeks."""
    w = World()
    w.day(17, hour=19)
    shutil.copytree(three_weeks_home, w.env().home(), dirs_exist_ok=True)
    return w


def report(world: World, *args: str) -> str:
    return world.run("report", *args).stdout


def section(text: str, heading: str) -> list[str]:
    """The lines under a heading of the text report, up to the next blank-line gap."""
    lines = text.splitlines()
    start = lines.index(heading) + 3  # the heading, its underline, a blank line
    end = next((n for n in range(start, len(lines)) if not lines[n]), len(lines))
    return lines[start:end]


def test_every_section_with_the_numbers_of_the_three_weeks(world):
    text = report(world)
    assert text.startswith("heel report: Heel basics, program on mon,wed,fri\n")
    assert "Mon 1 Mar to Wed 17 Mar 2027 (3 weeks)" in text  # from the program's first week
    assert section(text, "Sessions per week") == [
        "    Mon 1 Mar      4 of 3 done  ****",  # Thursday's extra session counts
        "    Mon 8 Mar      3 of 3 done  ***",
        "    Mon 15 Mar     0 of 2 done  ..",  # up to today, Wednesday
    ]
    assert "7 of 8 planned sessions done." in text
    levels = "\n".join(section(text, "Levels"))
    # One change at a time, each named with its reason; the flare lowers the one changed
    # last (the split squat), not every exercise.
    assert """  Bridge
    Mon 1 Mar: level 3 of 9, 12 reps x 1. Where the program began.
    Fri 12 Mar: level 4 of 9, 15 reps x 1. Up to 15 reps: the last two counted
      sessions were easy and pain-free, and settled by the next morning.
    Sat 13 Mar: level 3 of 9, 12 reps x 1. Down to 12 reps: the pain had not
      settled by the next morning.
  Calf stretch at the wall
    Mon 1 Mar: level 1 of 3, 2 holds of 20 s. Where the program began.""" in levels
    assert """  Split squat
    Mon 1 Mar: level 1 of 5, 6 reps x 1. Where the program began.
    Thu 4 Mar: level 2 of 5, 8 reps x 1. Up to 8 reps: the last two counted
      sessions were easy and pain-free, and settled by the next morning.
    Thu 4 Mar: level 1 of 5, 6 reps x 1. Down to 6 reps: pain was 7/10, over
      your limit of 5.""" in levels
    # Each session's pain, the next-morning verdict and the morning's own numbers.
    assert section(text, "Pain during sessions (knee or low back, 0-10) and next morning") == [
        "    Mon 1 Mar     0/10   settled     morning pain 0, stiffness 0",
        "    Wed 3 Mar     0/10   settled     morning pain 0, stiffness 0",
        "    Thu 4 Mar     7/10   settled     morning pain 0, stiffness 0",
        "    Fri 5 Mar     0/10",
        "    Mon 8 Mar     0/10   settled     morning pain 0, stiffness 0",
        "    Wed 10 Mar    0/10   settled     morning pain 0, stiffness 0",
        "    Fri 12 Mar    3/10   NOT settled morning pain 4, stiffness 2"]
    assert section(text, "Where the work was felt") == [
        "  back of the legs and glutes: 6 sessions; front of the thighs: 1 session"]
    tests = section(text, "Self-tests")
    assert tests[:3] == ["  Chair stands", "    Mon 1 Mar        9  " + "#" * 22,
                         "    Mon 15 Mar      12  " + "#" * 30]
    assert "    Mon 15 Mar    31 s  " + "#" * 30 in tests  # left bridge hold, 20 s before
    notes = section(text, "Notes")
    assert notes[0] == "  Mon 1 Mar: Program started: mon,wed,fri, pain limit 5/10."
    # The flare day says what each exercise ran: the bridge (level 3) two levels down, the
    # others at level 1 on a reduced dose; nothing that did not happen.
    flare = " ".join(" ".join(notes[1:]).split())
    assert flare == (
        "Fri 5 Mar: Flare day: Split squat at level 1 with a reduced dose (3 reps x 1); "
        "Bridge two levels down (level 1, 8 reps x 1); Side-lying hamstring curl at level 1 "
        "with a reduced dose (4 reps x 1); Lying hamstring stretch at level 1 with a reduced "
        "dose (1 hold of 10 s); Calf stretch at the wall at level 1 with a reduced dose "
        "(1 hold of 10 s).")


def test_weeks_shows_only_the_weeks_asked_for_from_their_monday(world):
    text = report(world, "--weeks", "1")
    assert "Mon 15 Mar to Wed 17 Mar 2027 (1 week)" in text
    assert section(text, "Sessions per week") == ["    Mon 15 Mar     0 of 2 done  .."]
    # Each level as it stood when the week began, then what changed in it.
    assert "    Sat 13 Mar: level 3 of 9, 12 reps x 1. Down to 12 reps" in text
    # (a level unchanged since the start shows where it has stood since then)
    assert "Mon 1 Mar  " not in text and "Pain during sessions" not in text
    assert section(text, "Self-tests")[:2] == ["  Chair stands",
                                               "    Mon 15 Mar      12  " + "#" * 30]


def test_the_chair_stand_norm_heel_test_shows_is_on_the_report_when_heel_knows_it(world):
    """12 chair stands, a woman of 65-69: the report names the norm as heel test does, and
    says nothing of norms while heel does not know the age band and sex."""
    from heelcli.engine.records import About

    assert "STEADI" not in report(world)
    store = Store(world.env().home() / FILE_NAME)
    store.set_about(About(age_band="65-69", sex="female"), world.at.astimezone())
    store.close()
    text = " ".join(report(world).split())
    assert "For women aged 65-69, fewer than 11 stands is below average. Your 12 is at or " \
           "above that." in text
    assert "STEADI" in text and "not a diagnosis" in text
    html = " ".join(report(world, "--format", "html").split())
    assert "For women aged 65-69, fewer than 11 stands is below average." in html


def test_a_clock_set_back_before_the_program_started_still_reports_a_sane_week(world):
    """The program started on 1 March; the computer's clock now says 22 February."""
    world.at = world.at.replace(month=2, day=22, hour=10)
    text = report(world)
    assert "Mon 22 Feb to Mon 22 Feb 2027 (1 week)" in text
    assert " to Mon 1 Mar" not in text and "(0 weeks)" not in text


# The exercise file refuses control characters; what it takes is escaped on the page.
HOSTILE = '<script>alert("x")</script> & \\e[2J \' onload=\'x'


def hostile_file(tmp_path: Path) -> Path:
    """The built-in exercises with a routine and an exercise named by someone hostile."""
    text = (ROOT / "data" / "exercises.yaml").read_text(encoding="utf-8")
    text = text.replace("    name: Heel basics\n", f"    name: {json.dumps(HOSTILE)}\n")
    text = text.replace("    name: Bridge\n", f"    name: {json.dumps('Bridge ' + HOSTILE)}\n")
    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_html_is_one_page_with_no_script_no_url_and_hostile_names_escaped(world, tmp_path):
    path = hostile_file(tmp_path)
    page = report(world, "--format", "html", "--file", str(path))
    parsed = parse(page)
    assert "script" not in parsed.tags and "a" not in parsed.tags and "img" not in parsed.tags
    assert not any(a.lower().startswith("on") for a in parsed.attributes)
    for bad in ("http:", "https:", "url(", "@import", "src="):
        assert bad not in page.lower(), bad
    assert "<script>" not in page
    assert page.count("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp;") >= 2
    assert "&#x27; onload=&#x27;x" in page
    shown = "".join(parsed.text)
    assert "heel report: " + HOSTILE in shown  # the routine
    assert "Bridge " + HOSTILE in shown  # the exercise
    # One point per self-test result: five measures, each taken twice.
    # (and the pain chart, a sixth, with its own dots)
    assert parsed.tags.count("svg") == 6 and page.count('r="2.5">') == 10


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_text_and_markdown_fit_80_columns_and_escape_names(world, tmp_path, fmt):
    page = report(world, "--format", fmt, "--file", str(hostile_file(tmp_path)))
    assert max(map(len, page.splitlines())) <= 80
    if fmt == "text":
        assert "  Bridge " + HOSTILE + "\n" in page
    else:  # escaped, so a markdown viewer shows it as written
        assert page.startswith("# heel report: ") and "\\<script\\>" in page
        assert "\\\\e\\[2J" in page
        assert not re.search(r"(?<!\\)[<>]", page)


def test_o_writes_the_file_and_says_so_on_stderr_only(world, tmp_path):
    target = tmp_path / "report.html"
    result = world.run("report", "--format", "html", "-o", str(target))
    assert result.stdout == "" and result.stderr == f"Wrote {target}.\n"
    assert target.read_text(encoding="utf-8") == report(world, "--format", "html")


@pytest.mark.parametrize(("args", "code", "message"), [
    (["--weeks", "0"], 2, "heel: --weeks must be a whole number from 1 to 12"),
    (["--weeks", "two"], 2, "heel: --weeks must be a whole number from 1 to 12"),
    (["--format", "pdf"], 2, "heel: --format 'pdf': use one of text, markdown, html"),
    (["-o", "/nonexistent/dir/report.txt"], 1, "heel: cannot write /nonexistent/dir/"),
])
def test_bad_usage_exits_2_and_an_unwritable_file_1_in_one_line(args, code, message):
    result = CliRunner().invoke(cli, ["report", *args], obj=World().env())
    assert result.exit_code == code, result.output
    assert result.stderr.startswith(message) and result.stderr.count("\n") == 1
    assert result.stdout == ""


def test_format_completes_in_the_shell():
    from click.shell_completion import ShellComplete

    complete = ShellComplete(cli, {}, "heel", "_HEEL_COMPLETE")
    assert [c.value for c in complete.get_completions(["report", "--format"], "")] == [
        "text", "markdown", "html"]
    assert [c.value for c in complete.get_completions(["report", "--format"], "m")] == [
        "markdown"]


def test_without_a_program_the_default_days_are_planned_and_it_says_so():
    world = World()  # Monday 1 March
    world.run("workout", "--yes", "-e", "bridge", input="1\n1\n2\n")
    world.day(3)
    text = report(world, "--weeks", "2")
    assert text.startswith("heel report: Heel basics, no program (planned: mon,wed,fri)")
    assert section(text, "Sessions per week") == ["    Mon 22 Feb     0 of 3 done  ...",
                                                  "    Mon 1 Mar      1 of 2 done  *."]
    assert section(text, "Where the work was felt") == [
        "  back of the legs and glutes: 1 session"]
    # Outside a program heel does not ask about pain, nor move levels: no empty sections.
    assert "Pain during" not in text and "Levels" not in text


def test_an_empty_history_still_names_its_dates_and_plans():
    text = report(World(), "--weeks", "1")
    assert "Mon 1 Mar to Mon 1 Mar 2027 (1 week)" in text
    assert "0 of 1 planned sessions done." in text


EXERCISES = ("split-squat", "bridge", "side-lying-hamstring-curl", "lying-hamstring-stretch",
             "wall-calf-stretch")


def long_program(home: Path, weeks: int, newest: datetime) -> None:
    """A program of `weeks` weeks up to `newest`: three sessions a week, every level moving
    each week, a self-test every four weeks; none in the week of `newest`. Written in one
    go, as heel would over time."""
    home.mkdir(parents=True)
    store = Store(home / FILE_NAME)
    first = newest.replace(hour=8) - timedelta(days=newest.weekday(), weeks=weeks)  # Monday

    def utc(moment: datetime) -> str:
        return moment.astimezone(timezone.utc).isoformat(timespec="seconds")

    db = store.db
    db.execute("BEGIN")
    pid = db.execute("INSERT INTO programs (started_at, days, pain_limit) VALUES "
                     "(?, '0,2,4', 5)", (utc(first),)).lastrowid
    db.executemany("INSERT INTO levels VALUES (?, ?, 1, ?, 'start', '')",
                   [(pid, e, utc(first)) for e in EXERCISES])
    sid = 0
    for week in range(weeks):
        monday = first + timedelta(weeks=week)
        for offset in (0, 2, 4):
            sid += 1
            at = utc(monday + timedelta(days=offset))
            db.execute("INSERT INTO sessions (id, started_at, seconds, status, routine, "
                       "exercises, kind, felt, effort, program_id, pain) VALUES "
                       "(?, ?, 600, 'completed', NULL, ?, 'workout', 'back', 'easy', ?, 1)",
                       (sid, at, ",".join(EXERCISES), pid))
            db.executemany("INSERT INTO results VALUES (?, ?, ?, ?, '', 1, 10, 60)",
                           [(sid, b, e, e) for b, e in enumerate(EXERCISES)])
            db.executemany("INSERT INTO session_levels VALUES (?, ?, ?, 1, 1, 10)",
                           [(sid, b, e) for b, e in enumerate(EXERCISES)])
        db.executemany("INSERT INTO levels VALUES (?, ?, ?, ?, 'easy', 'Up.')",
                       [(pid, e, 1 + week % 2, utc(monday + timedelta(days=2)))
                        for e in EXERCISES])
        if week % 4 == 0:
            db.executemany("INSERT INTO self_tests (taken_at, measure, value) VALUES "
                           "(?, ?, ?)", [(utc(monday), m, 10) for m in
                                         ("chair-stands", "pain-knee", "pain-low-back")])
    db.execute("COMMIT")
    store.close()


@pytest.mark.parametrize("running", [True, False], ids=["program", "no-program"])
def test_weeks_bounds_what_is_read_not_the_length_of_the_log(tmp_path, monkeypatch, running):
    """What `heel report` asks of SQLite, in its virtual machine's steps (counted, not
    timed): four weeks of a program ten times longer cost what they do of a short one,
    and twelve weeks cost more than four."""
    sql = SqliteSteps(monkeypatch, every=10)
    world = World()
    world.day(17, hour=19)
    cost = {}
    for length in (20, 200):
        long_program(tmp_path / str(length), length, world.at.astimezone())
        if not running:  # the same sessions, planned on the default days
            db = sqlite3.connect(tmp_path / str(length) / FILE_NAME)
            db.execute("UPDATE programs SET stopped_at = started_at")
            db.commit()
            db.close()
        monkeypatch.setenv("HEEL_HOME", str(tmp_path / str(length)))
        for weeks in ("4", "12"):
            with sql.counting():
                text = report(world, "--weeks", weeks)
            cost[length, weeks] = sql.steps
            done = int(weeks) * 3 - 3  # none this week yet: Monday and today planned
            assert f"{done} of {done + 2} planned sessions done." in text
    assert cost[200, "4"] < 1.1 * cost[20, "4"]
    assert cost[200, "12"] < 1.1 * cost[20, "12"]
    assert cost[20, "12"] > 2 * cost[20, "4"]


def readme_scenario(world: World) -> str:
    """The README's `heel report`: a first week with a self-test, a step up and some pain."""
    world.run("program", "start")
    self_tests(world, {"chair-stands": 9, "bridge-left": 18, "bridge-right": 15,
                       "pain-knee": 4, "pain-low-back": 3})
    world.workout(EASY_BACK + "0\n")
    world.day(3)
    world.workout(EASY_BACK + "0\n")  # two easy sessions: every exercise up
    world.day(5)
    world.workout("2\n3\n3\n")  # the front of the thighs, hard, pain 3
    world.day(6)
    world.run("program", input="y\n")  # Friday's pain settled by Saturday morning
    return report(world)


def test_the_readme_shows_what_heel_report_prints():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    [shown] = re.findall(r"<!-- report -->\n```text\n(.*?)```", readme, flags=re.S)
    assert readme_scenario(World()) == shown


def test_markdown_wraps_before_it_escapes_so_no_line_turns_into_a_list_or_heading(
        world, tmp_path):
    """Names crafted so a wrap would start a line with '- ', '# ', '> ' or '1. ': the
    markdown escapes each word once placed, so no line starts a block and no wrap splits
    an escape (`\\#` across two lines)."""
    crafted = "Bridge" + " - # > 1. + \\#" * 12
    text = (ROOT / "data" / "exercises.yaml").read_text(encoding="utf-8")
    path = tmp_path / "crafted.yaml"
    path.write_text(text.replace("    name: Bridge\n", f"    name: {json.dumps(crafted)}\n"),
                    encoding="utf-8")
    page = report(world, "--format", "markdown", "--file", str(path))
    assert max(map(len, page.splitlines())) <= 80
    for line in page.splitlines():
        if line.startswith(("# heel report: ", "## ")):
            continue  # the headings heel made
        body = line.lstrip(" ")
        if line.startswith(("- ", "  - ")):
            body = line.split("- ", 1)[1]  # the list item heel made: its text after
        assert not re.match(r"([-+>#]|\d+\.)(\s|$)", body), line
        assert not re.search(r"(?<!\\)(\\\\)*\\$", line), line  # no escape cut in two
    assert "- \\# \\> 1. + \\\\\\#" in " ".join(page.split())  # escaped, all there
