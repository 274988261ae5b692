from __future__ import annotations

import json
import re
import sys

import click
import pytest

from heelcli.flows.environment import Environment

from .conftest import (
    DATA,
    MINI,
    ScriptedKeys,
    floor_modules,
    invoke,
    make_console,
    modules_after,
    on_terminal,
    visible,
)
from .ptyterm import frames


@pytest.mark.parametrize("command", [[], ["list"], ["why"], ["workout"], ["check"],
                                     ["history"], ["program"], ["program", "start"],
                                     ["program", "stop"]])
def test_every_command_has_a_summary_and_an_example(command):
    result = invoke(None, *command, "--help")
    assert result.exit_code == 0
    assert re.search(r"Examples:\n +heel ", result.output)
    assert all(len(line) <= 80 for line in result.output.splitlines())


def test_version():
    result = invoke(None, "--version")
    assert result.exit_code == 0 and result.output.startswith("heel, version ")


def _blocks(out: str) -> dict[str, str]:
    """`heel list` rows by exercise name, each row's lines joined."""
    rows = re.split(r"\n *\n", out.split("─\n", 1)[1])  # after the header; blank lines
    return {row.split("  ")[0].strip(): " ".join(row.split()) for row in rows if row.strip()}


def test_list_shows_every_exercise_with_reps_sides_and_challenge():
    result = invoke(None, "list")
    assert result.exit_code == 0
    out = result.output
    rows = _blocks(out)
    assert list(rows) == ["Bridge", "One-legged bridge", "Side-lying hamstring curl",
                          "Split squat", "Lying hamstring stretch", "Calf stretch at the wall"]
    assert rows["Bridge"] == ("Bridge 10 x 1, both legs together bridge glutes, hamstrings, "
                              "calves Harder: One-legged bridge")
    assert "each side" in rows["Split squat"] and "split-squat" in rows["Split squat"]
    assert "Easier: Bridge" in rows["One-legged bridge"]
    assert "2 x 1 (30s), each side" in rows["Calf stretch at the wall"]
    assert "\x1b" not in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_list_keeps_ids_whole_and_every_muscle_at_50_columns(env):
    env.console = make_console(terminal=False, width=50)
    env.catalog_path = None
    out = invoke(env, "list").output
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 50
    assert any(line.startswith("side-lying-hamstring-curl ") for line in lines)
    for muscle in ("glutes", "hamstrings", "calves", "quads"):
        assert muscle in out


@pytest.mark.parametrize(("old", "new"), [
    ("lift-hard", "lift-hard-with-a-very-long-identifier-someone-typed"),
    ("Hard lift", "Hard lift with a name that goes on for forty-eight"),
])
def test_list_folds_a_long_id_or_name_at_40_columns_rather_than_crop_it(env, tmp_path, old,
                                                                        new):
    path = tmp_path / "long.yaml"
    path.write_text(MINI.read_text().replace(old, new))
    env.catalog_path = path
    env.console = make_console(terminal=False, width=40)
    out = invoke(env, "list").output
    assert max(len(line) for line in out.splitlines()) <= 40
    left = "".join(re.split(r"  +", line)[0] for line in out.splitlines())
    assert new.replace(" ", "") in left.replace(" ", "")  # every character, folded
    assert "…" not in out
    words = " ".join(out.split())
    assert out.count("glutes") == 2 and "Easier: Lift" in words and "3 x 2" in words


def test_list_json_has_the_same_exercises():
    result = invoke(None, "list", "--json")
    data = json.loads(result.output)
    bridge = next(e for e in data if e["id"] == "bridge")
    assert bridge["challenge"] == "one-legged-bridge" and bridge["reps"] == 10
    assert {e["id"] for e in data} >= {"side-lying-hamstring-curl", "split-squat"}


def test_why_explains_the_heel_the_quads_and_muscle_balance():
    out = invoke(None, "why").output
    for fact in ("3 to 2", "kneecap", "hyperextension", "chair", "coordination"):
        assert fact in out, fact


def test_why_for_an_exercise_gives_targets_feel_mistake_and_heel_cue():
    result = invoke(None, "why", "bridge")
    assert result.exit_code == 0
    for heading in ("What it trains", "What to feel", "The common mistake", "Heel cue",
                    "Harder: One-legged bridge"):
        assert heading in result.output


def test_why_unknown_id_suggests_the_closest():
    result = invoke(None, "why", "brige")
    assert result.exit_code == 2
    assert result.stderr == "heel: no topic or exercise 'brige' (did you mean 'bridge'?)\n"


def test_why_list_lists_topics_and_exercises(env):
    result = invoke(env, "why", "--list")
    assert "basics" in result.output and "The basics" in result.output
    assert "curl" in result.output


def test_dry_run_prints_the_plan_and_its_total(env):
    result = invoke(env, "workout", "-e", "curl", "--dry-run")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert [line.split()[0] for line in lines[2:6]] == ["0:00", "0:10", "0:13", "0:18"]
    assert "Curl  Rep 1-2 of 2 · Set 1/1 · Left side  Out 1.5s" in lines[3]
    assert lines[3].endswith(" 3s")  # the two reps together
    assert "Curl: switch sides" in lines[4]
    # 10 s get ready + 2 x 1.5 + 5 s switch + 2 x 1.5 = 21 s
    assert lines[-1].split() == ["Total", "0:21"]


def test_dry_run_has_a_row_per_set_and_side_however_many_reps(env):
    result = invoke(env, "workout", "-e", "curl", "--reps", "100", "--sets", "100",
                    "--dry-run")
    assert result.exit_code == 0
    rows = [line for line in result.output.splitlines() if re.match(r" *\d+:\d\d ", line)]
    # get ready, then each set: left, switch, right, and a rest between sets
    assert len(rows) == 1 + 100 * 3 + 99
    assert "Curl  Rep 1-100 of 100 · Set 100/100 · Right side  Out 1.5s" in rows[-1]
    assert rows[-1].split()[-1] == "150s"
    # 10 s get ready + 100 x (150 s + 5 s switch + 150 s) + 99 x 5 s rest = 31,005 s
    assert result.output.split()[-2:] == ["Total", "516:45"]


def test_dry_run_imports_no_history_no_session_no_sqlite_and_no_pathlib():
    # With exercises named, a dry run is outside any program: no history to read. (With
    # none, it reads the history for a program's prescription: tests/test_program.py.)
    out, modules = modules_after("workout", "-e", "bridge", "--dry-run")
    assert "Total" in out and "heelcli.engine.timeline" in modules
    assert not {"sqlite3", "heelcli.store.history", "heelcli.screen.live",
                "heelcli.flows.guided_workout", "heelcli.engine.runner", "rich.live", "pathlib",
                "heelcli.engine.checkin"} & modules


def test_a_dry_run_with_no_history_reads_none_and_imports_no_store():
    # No history file: no program to read, so the plain dry run stays as light as -e.
    out, modules = modules_after("workout", "--dry-run")
    assert "Total" in out and "heelcli.engine.timeline" in modules
    assert not {"sqlite3", "heelcli.store.history", "heelcli.engine.coach",
                "heelcli.flows.guided_workout", "heelcli.screen.live", "pathlib"} & modules


def test_dry_run_json_total_is_the_sum_of_the_steps(env):
    result = invoke(env, "workout", "--dry-run", "--json", "--challenge")
    data = json.loads(result.stdout)
    assert data["exercises"] == ["lift-hard", "curl"]
    assert result.stderr == "heel: no harder variant of Curl: done as it is\n"
    assert data["total_seconds"] == sum(step["seconds"] for step in data["steps"])
    assert data["steps"][0]["kind"] == "ready"


def safety_seen() -> None:
    """As on a machine where heel has shown its safety notes before (see test_coaching)."""
    from heelcli.store import safety

    safety.remember(Environment().home())


def test_workout_in_a_pipe_prints_one_plain_line_per_step_and_a_summary(env, clock):
    safety_seen()
    result = invoke(env, "workout", "-e", "curl", "--rest", "3")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output
    assert result.output.splitlines() == [
        "Get ready (10s): Curl",
        "  1. Lie on your side.",
        "Curl · Rep 1/2 · Set 1/1 · Left side | Out 1.5s: Lead with the heel. | Heel: Heel first.",
        "Curl · Rep 2/2 · Set 1/1 · Left side | Out 1.5s: Lead with the heel. | Heel: Heel first.",
        "Switch sides (5s): Right side",
        "Curl · Rep 1/2 · Set 1/1 · Right side | Out 1.5s: Lead with the heel. | Heel: Heel first.",
        "Curl · Rep 2/2 · Set 1/1 · Right side | Out 1.5s: Lead with the heel. | Heel: Heel first.",
        "Workout complete · 21 s",
        "  Curl: 4/4 reps (Left side 2, Right side 2)",
        "Reps done: 4",
        "First time: well done.",
        "Sharp pain means stop. If pain persists, see a physiotherapist or a doctor.",
    ]
    assert clock.now == pytest.approx(1021)


def test_workout_on_a_terminal_shows_big_digits_counters_and_cues(env):
    on_terminal(env, width=80)
    result = invoke(env, "workout", "-e", "lift", "--sets", "1", "--reps", "1")
    out = visible(result.output)
    assert result.exit_code == 0
    assert "████████" in out  # the countdown in big glyphs
    assert "rep 1 of" not in out  # a single rep has nothing to count
    assert "Press the heels down." in out and "Heel: Heels down." in out
    assert "1. Lie down." in out and "2. Bend your knees." in out
    assert "space pause" in out


def test_workout_below_40_columns_uses_the_compact_layout(env):
    on_terminal(env, width=35)
    raw = invoke(env, "workout", "-e", "curl").output
    # The emulated terminal is 35 columns wide: a wider line fails the write.
    shown = ["\n".join(lines) for lines in frames(raw[:raw.index("\x1b[?1049l")], 35,
                                                   env.console.height)]
    assert any("OUT  1 s" in f and "rep 2 of 2 · last rep" in f and "Right side" in f
               for f in shown)


def test_summary_as_json(env):
    result = invoke(env, "workout", "-e", "lift", "--json")
    data = json.loads(result.stdout)
    assert data["completed"] and data["reps_done"] == 6


def test_quit_key_stops_and_the_summary_counts_what_was_done(env, clock):
    env.keys = ScriptedKeys(clock, [(14.0, "q")])  # 10 s get ready, 3 s a rep
    out = invoke(env, "workout", "-e", "lift").output
    assert "Workout stopped" in out and "Lift: 1/6 reps" in out


def test_prompt_only_on_a_terminal_and_not_with_yes(env):
    env.stdin_isatty = True
    safety_seen()
    asked = invoke(env, "workout", "-e", "curl", input="\n").output
    assert asked.startswith("Press Enter to start")
    assert "Press Enter" not in invoke(env, "workout", "-e", "curl", "--yes").output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["workout", "--reps", "0"], "heel: --reps must be a whole number from 1 to 100"),
        (["workout", "-e", "nope"], "heel: unknown exercise 'nope'"),
        (["workout", "--routine", "x"], "heel: unknown routine 'x'"),
        (["frobnicate"], "No such command 'frobnicate'"),
    ],
)
def test_bad_input_is_one_clear_message_and_exit_2(env, args, message):
    result = invoke(env, *args)
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.output


def test_the_summaries_heel_help_lists_are_each_commands_own():
    from heelcli.cli.group import COMMANDS, cli

    for name, summary in COMMANDS.items():
        command = cli.get_command(click.Context(cli), name)
        assert command is not None and command.help is not None
        assert command.help.splitlines()[0] == summary
        assert f"  {name}  " in invoke(None, "--help").output


def test_heel_help_imports_neither_yaml_nor_the_live_screen():
    out, modules = modules_after("--help")
    assert "Commands:" in out and "heelcli.cli.group" in modules
    assert not {"yaml", "rich.live", "rich", "heelcli.cli.commands", "shutil", "locale",
                "heelcli.screen.figure"} & modules


def test_heel_list_imports_no_engine_no_pathlib_and_no_locale():
    # Each of these cost `heel list` milliseconds of its start-up budget (bench/).
    out, modules = modules_after("list")
    assert "one-legged-bridge" in out and "yaml" in modules
    assert not {"heelcli.engine.runner", "heelcli.engine.timeline", "rich.live", "pathlib",
                "locale", "rich._emoji_codes", "heelcli.screen.figure",
                "heelcli.text.rules", "heelcli.engine.progression",
                "heelcli.engine.schedule", "rich.table", "fractions", "decimal"} & modules


def test_heel_why_of_an_exercise_imports_neither_the_program_rules_nor_pathlib():
    # The rules' words load the program's engine; only the progression topic shows them.
    out, modules = modules_after("why", "bridge")
    assert "Bridge" in out and "heelcli.screen.pages" in modules
    assert not {"heelcli.text.rules", "heelcli.engine.progression", "heelcli.engine.schedule",
                "pathlib", "heelcli.store.history", "rich.table", "fractions"} & modules


def test_heel_why_states_the_rules_without_loading_the_rule_engine_or_rich_tables():
    # The overview shows the progression topic with every rule: their words and numbers
    # come apart from the engine that applies them (text.rulebook, engine.program_limits),
    # and they are drawn without rich.table, which loads fractions and decimal (bench/).
    for args in (("why",), ("why", "progression")):
        out, modules = modules_after(*args)
        assert "How your program moves you on" in out and "- A step up needs" in out
        assert "heelcli.text.rulebook" in modules
        assert not {"heelcli.text.rules", "heelcli.engine.progression",
                    "heelcli.engine.records", "heelcli.engine.streaks",
                    "heelcli.engine.schedule", "rich.table", "fractions", "decimal",
                    "pathlib"} & modules, args


@pytest.mark.parametrize("colour", [False, True])
def test_the_rules_are_drawn_as_the_grid_drew_them_at_every_width(colour):
    # pages.Dashed stands in for rich's Table.grid on the progression page; a person sees
    # the same lines, dashes and padding, from a width too narrow for a word up.
    import io

    from rich.console import Console, Group
    from rich.table import Table
    from rich.text import Text

    from heelcli.screen.pages import Dashed
    from heelcli.text.rulebook import rules_text

    def grid(paragraphs: list[str]) -> Table:
        table = Table.grid(padding=(0, 1))
        table.add_column()
        table.add_column()
        for n, paragraph in enumerate(paragraphs):
            if n:
                table.add_row("", "")
            table.add_row("-", Text(paragraph))
        return table

    def drawn(renderable: object, width: int) -> str:
        out = io.StringIO()
        Console(file=out, width=width, force_terminal=colour, legacy_windows=False,
                color_system="truecolor" if colour else None).print(
            Group(Text("Rules", style="bold"), renderable, Text()))
        return out.getvalue()

    # Every narrow width (where the wide word and the dash fight for room), then every fifth.
    widths = [*range(1, 41), *range(41, 160, 5)]
    for paragraphs in (rules_text(), ["one", "a wide 日本語 word, and a " + "x" * 30], ["", "a"]):
        for width in widths:
            assert drawn(Dashed(paragraphs), width) == drawn(grid(paragraphs), width), width


@pytest.mark.parametrize("colour", [False, True])
@pytest.mark.parametrize("encoding", ["utf-8", "ascii"])
def test_the_exercise_and_topic_tables_are_drawn_as_rich_tables_drew_them(colour, encoding):
    # pages.SimpleTable draws what rich's Table did, byte for byte, styles included: its
    # own steps where every cell fits, the Table where text wraps or the box needs ASCII.
    import io

    from rich.console import Console

    from heelcli.engine.catalog import load
    from heelcli.screen import pages

    catalog = load()
    wide = catalog.exercises[0]._replace(name="Brücke 日本語 " + "x" * 40, id="w" * 30)
    odd = catalog._replace(exercises=(wide, *catalog.exercises[1:]))

    def drawn(renderable: object, width: int) -> bytes:
        out = io.BytesIO()
        stream = io.TextIOWrapper(out, encoding=encoding, errors="replace")
        Console(file=stream, width=width, force_terminal=colour, legacy_windows=False,
                color_system="truecolor" if colour else None, markup=False, emoji=False,
                highlight=False).print(renderable)
        stream.flush()
        return out.getvalue()

    # Every fourth width, and every width around where a table stops fitting on its lines
    # (where the drawing hands over to rich's Table): each width costs two drawings.
    natural = {max(map(len, drawn(table, 400).decode(encoding).splitlines()))
               for table in (pages.exercise_table(catalog, 400), pages.topic_list(catalog),
                             pages.exercise_table(odd, 400))}
    widths = {*range(1, 150, 4), *(w + d for w in natural for d in range(-3, 4))}
    for width in sorted(w for w in widths if w > 0):
        for table in (pages.exercise_table(catalog, width), pages.topic_list(catalog),
                      pages.exercise_table(odd, width)):
            assert drawn(table, width) == drawn(table.table(), width), width


def test_a_cron_line_imports_no_subprocess_and_no_calendar_format():
    # Printing a crontab line runs no program and writes no calendar (bench/startup.py).
    out, modules = modules_after("remind", "--cron", "--at", "07:30")
    assert out.startswith("30 7 * * ") and "heelcli.formats.reminders" in modules
    assert not {"subprocess", "heelcli.formats.ics", "hashlib"} & (modules - floor_modules())


def _in_a_running_program(days: tuple[int, ...] = (0, 2, 4)) -> None:
    """heel's home as bench/startup.py's: sessions of a running program to read."""
    import os
    from pathlib import Path

    from .conftest import FIXED_NOW
    from .histories import build, in_program

    in_program(build(Path(os.environ["HEEL_HOME"]), 40, FIXED_NOW[1].astimezone()), days)


# What each command that reads the history no longer imports (bench/startup.py): pathlib
# (3 ms with urllib.parse and ipaddress) anywhere, and the modules of what it does not do.
def test_heel_history_in_a_program_imports_no_rules_no_pathlib_and_no_csv_or_json():
    _in_a_running_program()
    out, modules = modules_after("history")
    assert "your program's days" in out and "heelcli.store.history" in modules
    assert not {"pathlib", "heelcli.engine.coach", "heelcli.engine.progression", "csv",
                "json", "heelcli.cli.followup"} & modules


def test_heel_program_imports_no_workout_session_and_no_pathlib():
    _in_a_running_program()
    out, modules = modules_after("program")
    assert "Today" in out and "heelcli.engine.coach" in modules
    assert not {"pathlib", "heelcli.engine.timeline", "heelcli.engine.runner",
                "heelcli.screen.view", "heelcli.screen.pages", "rich.table", "fractions",
                "heelcli.store.safety", "heelcli.cli.followup"} & modules
    # Without a keyboard there is no morning question: no guided flow, prompts or check-in.
    assert not {"heelcli.flows.guided_workout", "heelcli.screen.prompts",
                "heelcli.engine.checkin", "heelcli.text.replies"} & modules


def test_a_dry_run_in_a_program_imports_no_session_table_or_self_tests():
    _in_a_running_program()
    out, modules = modules_after("workout", "--dry-run")
    assert "Total" in out and "heelcli.engine.coach" in modules
    assert not {"pathlib", "heelcli.engine.runner", "heelcli.store.safety", "rich.table",
                "heelcli.engine.selftest", "heelcli.screen.pages"} & modules
    # It prints today's prescription and asks nothing: no prompts, check-in or its replies.
    assert not {"heelcli.screen.prompts", "heelcli.engine.checkin",
                "heelcli.text.replies"} & modules


def test_heel_report_imports_no_html_timeline_or_pathlib():
    _in_a_running_program()
    out, modules = modules_after("report")
    assert "heelcli.formats.report" in modules and out.strip()
    assert not {"pathlib", "html", "heelcli.engine.timeline", "heelcli.cli.commands"} & modules


def test_heel_calendar_imports_no_hashlib_calendar_or_pathlib(monkeypatch):
    # A zone without clock changes: the file needs no yearly rule, so no calendar module.
    monkeypatch.setenv("TZ", "UTC")
    _in_a_running_program()
    out, modules = modules_after("calendar")
    assert "BEGIN:VCALENDAR" in out and "heelcli.formats.ics" in modules
    assert not {"pathlib", "calendar", "locale", "hashlib", "heelcli.cli.commands"} & (
        modules - floor_modules())
    # UTC's rules are known without its zone file: no zoneinfo, nor the sysconfig it loads.
    assert "TZID:UTC" in out.replace("\r\n", "\n")
    assert not {"zoneinfo", "sysconfig"} & (modules - floor_modules())


def test_a_cron_line_in_a_program_reads_its_days_and_no_exercise_file_or_workout():
    # The days are all a cron line is made of: not today's workout (coach, timeline), nor
    # the built-in exercise file, which cannot be broken.
    _in_a_running_program(days=(1, 3))
    out, modules = modules_after("remind", "--cron", "--at", "07:30")
    assert out.startswith("30 7 * * 2,4 ") and "heelcli.store.history" in modules
    assert not {"pathlib", "heelcli.engine.selftest", "heelcli.cli.commands",
                "heelcli.engine.catalog", "heelcli.engine.coach", "heelcli.engine.timeline",
                "heelcli.engine.progression"} & modules


def test_a_timer_with_days_given_reads_no_history(env):
    from heelcli.store.places import FILE_NAME

    env.home().mkdir(parents=True, exist_ok=True)
    (env.home() / FILE_NAME).write_bytes(b"not a database at all, " * 100)
    result = invoke(env, "remind", "--cron", "--days", "tue,thu")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("30 7 * * 2,4 ")


def test_a_timer_still_refuses_a_broken_exercise_file(env, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("exercises: [\n")
    result = invoke(env, "remind", "--cron", "--file", str(broken))
    assert result.exit_code == 2 and not result.stdout
    assert "broken.yaml" in result.stderr


def test_heel_test_about_imports_no_session_screen_runner_or_pathlib():
    _in_a_running_program()
    out, modules = modules_after("test", "--about")
    assert "heelcli.flows.guided_test" in modules and out.strip()
    assert not {"pathlib", "heelcli.flows.guided", "heelcli.screen.live",
                "heelcli.engine.runner", "heelcli.engine.timeline",
                "heelcli.cli.commands"} & modules


def test_the_live_screen_is_redrawn_when_what_it_shows_changes_not_every_tick(env):
    on_terminal(env)
    result = invoke(env, "workout", "-e", "lift")
    out = result.output
    shown = len(frames(out[:out.index("\x1b[?1049l")], 80, env.console.height))
    # lift: 10 s ready, 6 reps of 2 s + 1 s, 4 s rest = 32 s; a frame per second shown
    # (ticks come 4 times a second) and one more as each step starts.
    assert 32 <= shown <= 32 + 14


@pytest.mark.parametrize("args", [["list"], ["why"], ["why", "lift"],
                                  ["workout", "--dry-run"], ["workout", "-e", "lift"]])
def test_each_command_parses_the_exercise_file_once(env, monkeypatch, args):
    from heelcli.engine import yamlsource

    parsed = []
    real = yamlsource.read  # both ways of loading it read it through here
    monkeypatch.setattr(yamlsource, "read", lambda path: parsed.append(path) or real(path))
    assert invoke(env, *args).exit_code == 0
    assert parsed == [str(env.catalog_path)]


@pytest.mark.parametrize("args", [["report"], ["calendar"], ["remind", "--cron"],
                                  ["workout", "--dry-run"]])
def test_only_heel_program_defines_what_its_page_shows(args):
    # engine.program_status: what the page shows, which no other command needs.
    _in_a_running_program()
    out, modules = modules_after(*args)
    # A cron line needs the program's days alone: not even the coach.
    assert out.strip() and ("heelcli.engine.coach" in modules) == (args[0] != "remind")
    assert "heelcli.engine.program_status" not in modules
    if args == ["report"]:  # and the page that needs them does load them
        out, modules = modules_after("program")
        assert "Today" in out and "heelcli.engine.program_status" in modules


def test_the_entry_point_raises_the_young_generation_and_importing_heel_does_not():
    import subprocess
    import sys
    from pathlib import Path

    project = (Path(__file__).parents[1] / "pyproject.toml").read_text()
    assert '\nheel = "heelcli.__main__:main"\n' in project  # the installed script's
    code = ("import gc, sys\n"
            "before = gc.get_threshold()\n"
            "import heelcli.cli.group, heelcli.engine.catalog\n"
            "assert gc.get_threshold() == before, 'a library import changed it'\n"
            "sys.argv = ['heel', '--help']\n"
            "from heelcli.__main__ import main\n"
            "try: main()\n"
            "except SystemExit: pass\n"
            "print(gc.get_threshold()[0], gc.isenabled(), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "Usage: heel" in done.stdout
    assert done.stderr.split() == ["100000", "True"]  # collecting still, only less often


def test_why_list_keeps_every_id_whole_at_40_columns(env):
    env.console = make_console(terminal=False, width=40)
    env.catalog_path = None
    out = invoke(env, "why", "--list").output
    assert "side-lying-hamstring-curl" in out and "lying-hamstring-stretch" in out
    assert "…" not in out and all(len(line) <= 40 for line in out.splitlines())


def test_the_live_session_loads_no_store_no_sqlite_and_no_table_until_it_records():
    # A session's peak memory is what it imports (bench/session.py): --no-log loads none
    # of the history; a recorded session loads it when it opens the store (flows).
    import subprocess
    import sys

    code = ("import sys, heelcli.flows.guided_workout, heelcli.flows.guided, "
            "heelcli.screen.frame; print(*sorted(sys.modules))")
    loaded = set(subprocess.run([sys.executable, "-c", code], capture_output=True,
                                text=True, check=True).stdout.split())
    assert {"heelcli.screen.live", "heelcli.engine.runner"} <= loaded
    assert not {"sqlite3", "heelcli.store.history", "rich.table", "heelcli.screen.pages",
                "heelcli.engine.coach"} & loaded


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_a_recorded_workout_writes_its_history_without_pathlib(tmp_path):
    # A session's peak memory (bench/session.py --log): the store, not pathlib's 0.7 MiB.
    # In a pty, so the get-ready countdown can be skipped as a person would, with n.
    from .ptyterm import Terminal

    listing, home = tmp_path / "modules", tmp_path / "heel"
    code = ("import sys; from heelcli.cli.group import cli\n"
            "try: cli(sys.argv[1:], prog_name='heel')\n"
            "except SystemExit: pass\n"
            f"open({str(listing)!r}, 'w').write(' '.join(sys.modules))")
    t = Terminal("-c", code, "workout", "--yes", "--no-bell", "--no-checkin", "-e", "tap",
                 env={"HEEL_EXERCISES": str(DATA / "quick.yaml"), "HEEL_HOME": str(home)},
                 heel=sys.executable)
    try:
        t.expect(rb"space pause")
        t.send(b"n")  # skip the countdown; each set is one half-second rep
        t.expect(rb"set 2 of 3")  # the first set is done, and written
        t.send(b"q")
        assert t.finish().status == 0
    finally:
        t.close()
    modules = set(listing.read_text().split())
    assert (home / "history.sqlite3").exists()
    assert "heelcli.store.history" in modules and "pathlib" not in modules


def test_a_workout_without_the_history_still_sums_up_and_writes_nothing(env):
    result = invoke(env, "workout", "-e", "lift", "--no-log", "--no-checkin")
    assert result.exit_code == 0 and "Reps done: 6" in result.output
    assert not env.has_history()


def test_a_session_collects_start_ups_garbage_once_before_its_first_frame(env, monkeypatch):
    """Start-up runs without the collector (heelcli.__main__); a session runs for minutes
    and collects once before its first frame, so its frames reuse that memory: the peak
    bench/session_memory.py measures."""
    import gc

    from heelcli import START_UP_YOUNG_GENERATION
    from heelcli.flows import guided

    order: list[str] = []
    real_run = guided.live.run
    monkeypatch.setattr(gc, "collect", lambda *args: order.append("collect") or 0)
    monkeypatch.setattr(guided.live, "run",
                        lambda *args, **kwargs: order.append("frames") or real_run(*args,
                                                                                   **kwargs))
    on_terminal(env)
    threshold = gc.get_threshold()
    try:
        gc.set_threshold(START_UP_YOUNG_GENERATION, *threshold[1:])  # as heelcli.__main__
        assert invoke(env, "workout", "-e", "lift", "--sets", "1", "--reps", "1").exit_code == 0
    finally:
        gc.set_threshold(*threshold)
    assert order == ["collect", "frames"]
    # A program that imports heel with Python's own settings (these tests) collects as
    # Python does: no pass of its whole heap forced on it.
    order.clear()
    assert invoke(env, "workout", "-e", "lift", "--sets", "1", "--reps", "1").exit_code == 0
    assert order == ["frames"]
