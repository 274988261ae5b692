"""`heel remind` and `heel calendar` as a user runs them: real files in a temporary
config directory, fake `systemctl` and `notify-send` on PATH, the history read as it is."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import datetime, time, timedelta
from pathlib import Path

import icalendar
import pytest
from click.shell_completion import ShellComplete
from click.testing import CliRunner

from heelcli.cli.followup import zone_key
from heelcli.cli.group import cli
from heelcli.engine.runner import Part
from heelcli.flows.environment import Environment
from heelcli.formats.reminders import SERVICE, TIMER, Ran, install, run_command, units
from heelcli.store.history import FILE_NAME, Store

from .conftest import LONDON, MINI, World, fix_now, modules_after

HEADER = ("# heel-managed: written by 'heel remind --install'; "
          "'heel remind --uninstall' removes it.\n"
          "# Edits here are lost the next time heel installs it.\n")


def timer(on_calendar: str) -> str:
    return HEADER + ("[Unit]\nDescription=heel: time for today's workout\n\n[Timer]\n"
                     f"OnCalendar={on_calendar}\nPersistent=true\nUnit=heel-remind.service\n"
                     "\n[Install]\nWantedBy=timers.target\n")


def service(exec_start: str, home: Path) -> str:
    return HEADER + ("[Unit]\nDescription=heel: remind me of today's workout\n\n"
                     f"[Service]\nType=oneshot\nEnvironment=\"HEEL_HOME={home}\"\n"
                     f"ExecStart={exec_start}\n")


def fake_tool(bin_dir: Path, name: str, code: int = 0) -> Path:
    """An executable that logs its arguments, one a line, and exits with `code`."""
    log = bin_dir / f"{name}.log"
    script = bin_dir / name
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" >> "{log}"\nexit {code}\n')
    script.chmod(0o755)
    return log


@pytest.fixture
def world(env: Environment, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """PATH holding only a `heel` (and what a test adds), the heel that runs; the config
    dir in tmp_path."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake_tool(bin_dir, "heel")
    env.argv0 = str(bin_dir / "heel")  # heel as its console script
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    for key in ("DBUS_SESSION_BUS_ADDRESS", "WAYLAND_DISPLAY", "DISPLAY"):
        monkeypatch.delenv(key, raising=False)
    return bin_dir


def run(env: Environment, *args: str):
    env.catalog_path = None  # the built-in exercises: today's workout is the default routine
    return CliRunner().invoke(cli, list(args), obj=env)


def units_dir(world: Path) -> Path:
    return world.parent / "config" / "systemd" / "user"


def test_remind_prints_the_units_and_installs_nothing(env, world):
    result = run(env, "remind", "--at", "07:30")
    assert result.exit_code == 0, result.output
    heel = world / "heel"
    assert result.stdout == (
        f"# {units_dir(world) / TIMER}\n{timer('Mon,Wed,Fri *-*-* 07:30:00')}\n"
        f"# {units_dir(world) / SERVICE}\n{service(f'{heel} remind --notify', env.home())}\n"
        "Install these and enable the timer with: heel remind --install (same options)\n")
    assert not units_dir(world).exists()
    # No systemctl on this PATH: said on stderr, with the way out.
    assert "systemctl is not installed here" in result.stderr and "--cron" in result.stderr


def test_install_writes_exact_units_and_enables_them_with_systemctl(env, world):
    log = fake_tool(world, "systemctl")
    result = run(env, "remind", "--at", "18:05", "--days", "sun,tue", "--install")
    assert result.exit_code == 0, result.output
    directory = units_dir(world)
    assert (directory / TIMER).read_text() == timer("Tue,Sun *-*-* 18:05:00")
    # --days is passed on, so --notify knows the same week when the timer runs it
    assert (directory / SERVICE).read_text() == service(
        f"{world / 'heel'} remind --notify --days tue,sun", env.home())
    assert log.read_text() == "--user\ndaemon-reload\n--user\nenable\n--now\nheel-remind.timer\n"
    assert result.stdout.splitlines()[-1].startswith("Enabled heel-remind.timer")


def test_install_puts_the_units_under_the_home_the_environment_gives(env, world, tmp_path):
    """HOME comes through heel's one door like every variable: a test (or a sandbox) that
    gives another home gets the units there, never in the real one."""
    fake_tool(world, "systemctl")
    home = tmp_path / "someone"
    env.environ = {k: v for k, v in os.environ.items() if k != "XDG_CONFIG_HOME"} | {
        "HOME": str(home)}
    result = run(env, "remind", "--at", "07:30", "--install")
    assert result.exit_code == 0, result.output
    assert (home / ".config" / "systemd" / "user" / TIMER).exists()
    assert not (units_dir(world) / TIMER).exists()


def test_install_without_systemctl_keeps_the_files_and_fails_in_one_line(env, world):
    result = run(env, "remind", "--at", "07:30", "--install")
    assert result.exit_code == 1
    assert (units_dir(world) / TIMER).exists()
    (line,) = result.stderr.splitlines()
    assert line.startswith("heel: wrote the units in ") and "systemctl was not found" in line
    assert "heel remind --cron" in line and result.stdout == ""


def test_install_never_touches_a_file_heel_did_not_write(env, world):
    directory = units_dir(world)
    directory.mkdir(parents=True)
    (directory / TIMER).write_text("[Timer]\nOnCalendar=daily\n")
    result = run(env, "remind", "--at", "07:30", "--install")
    assert result.exit_code == 1
    assert "was not written by heel, so heel leaves it alone" in result.stderr
    assert result.stdout == ""
    assert (directory / TIMER).read_text() == "[Timer]\nOnCalendar=daily\n"
    assert not (directory / SERVICE).exists()


def test_uninstall_removes_what_install_wrote(env, world):
    log = fake_tool(world, "systemctl")
    run(env, "remind", "--at", "07:30", "--install")
    (units_dir(world) / "mine.timer").write_text("[Timer]\n")
    result = run(env, "remind", "--uninstall")
    assert result.exit_code == 0
    assert [p.name for p in units_dir(world).iterdir()] == ["mine.timer"]
    assert "disable\n--now\nheel-remind.timer\n" in log.read_text()


def test_cron_line_exactly(env, world):
    home = f"HEEL_HOME={env.home()}"
    result = run(env, "remind", "--at", "21:00", "--cron")
    assert result.stdout == f"0 21 * * 1,3,5 {home} {world / 'heel'} remind --notify\n"
    result = run(env, "remind", "--at", "6:05", "--days", "sat", "--cron")
    assert result.stdout == f"5 6 * * 6 {home} {world / 'heel'} remind --notify --days sat\n"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None,
                    reason="systemd-analyze is not installed here")
def test_systemd_analyze_verifies_the_installed_units(env, world, tmp_path):
    fake_tool(world, "systemctl")
    run(env, "remind", "--at", "07:30", "--days", "mon,thu", "--install")
    directory = units_dir(world)
    done = subprocess.run(["/usr/bin/env", f"PATH={os.defpath}", "systemd-analyze", "verify",
                           str(directory / TIMER), str(directory / SERVICE)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "heel-remind" not in done.stderr


@pytest.mark.parametrize(("args", "said"), [
    (["--at", "25:00"], "heel: --at must be a time of day as HH:MM (24-hour), for example "
                        "07:30, got '25:00'"),
    (["--at", "07:30", "--install", "--cron"],
     "heel: --install, --uninstall, --cron and --notify: pick one"),
    (["--at", "07:30", "--days", "mon,mun"],
     "heel: --days 'mon,mun': 'mun' is not a day (did you mean 'mon'?); use mon, tue, wed, "
     "thu, fri, sat, sun"),
])
def test_bad_usage_is_one_line_and_exit_2(env, world, args, said):
    result = run(env, "remind", *args)
    assert (result.exit_code, result.stderr, result.stdout) == (2, said + "\n", "")


# --- heel remind --notify ------------------------------------------------------------------

MONDAY = datetime(2027, 3, 29, 7, 30)
LINE = ("Heel: Split squat, Bridge, Side-lying hamstring curl, Lying hamstring stretch, "
        "Calf stretch at the wall: 12 min")


def log_session(home: Path, started: datetime, reps: int) -> None:
    store = Store(home / FILE_NAME)
    sid = store.start(started_at=started, routine="heel-basics", exercises=["bridge"])
    store.update(sid, [Part(0, "bridge", "Bridge", "", 1, reps, 30.0)], 30.0, "completed")
    store.close()


def test_notify_sends_the_line_to_notify_send_on_a_planned_day(env, world, monkeypatch):
    fix_now(monkeypatch, LONDON, MONDAY)
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/run/user/1000/bus")
    log = fake_tool(world, "notify-send")
    result = run(env, "remind", "--notify")
    assert (result.exit_code, result.stdout) == (0, "")
    assert log.read_text() == f"--app-name=heel\n{LINE}\n"


def test_notify_without_a_notifier_prints_the_line_and_exits_0(env, world, monkeypatch):
    fix_now(monkeypatch, LONDON, MONDAY)
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/run/user/1000/bus")
    result = run(env, "remind", "--notify")
    assert (result.exit_code, result.stdout) == (0, LINE + "\n")


def test_notify_says_nothing_on_a_rest_day_or_once_a_session_is_logged(
        env, world, monkeypatch):
    log = fake_tool(world, "notify-send")
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/run/user/1000/bus")
    fix_now(monkeypatch, LONDON, MONDAY + timedelta(days=1))  # Tuesday: rest
    assert run(env, "remind", "--notify").output == ""
    now = fix_now(monkeypatch, LONDON, MONDAY)
    home = env.home()
    log_session(home, now - timedelta(days=3), 10)  # Friday's does not count today
    log_session(home, now - timedelta(minutes=20), 0)  # started, nothing done
    assert run(env, "remind", "--notify").stdout == ""
    assert log.read_text().count("Heel:") == 1
    log_session(home, now - timedelta(minutes=10), 12)
    assert run(env, "remind", "--notify").stdout == ""
    assert log.read_text().count("Heel:") == 1  # no second notification
    # --days as the timer passes it: Monday is not planned in tue,thu
    assert run(env, "remind", "--notify", "--days", "tue,thu").exit_code == 0


def test_notify_with_days_reminds_on_those_days(env, world, monkeypatch):
    fix_now(monkeypatch, LONDON, MONDAY + timedelta(days=1))
    assert run(env, "remind", "--notify", "--days", "tue").stdout == LINE + "\n"
    assert run(env, "remind", "--notify", "--days", "mon").stdout == ""


# --- heel calendar ---------------------------------------------------------------------------

def calendar_event(text: str) -> icalendar.Event:
    parsed = icalendar.Calendar.from_ical(text)
    (event,) = parsed.walk("VEVENT")
    return event


def test_calendar_is_a_weekly_event_with_the_workout_and_an_alarm(env, world, monkeypatch):
    monkeypatch.setenv("TZ", "Europe/London")
    fix_now(monkeypatch, "Europe/London", MONDAY + timedelta(days=1, hours=6))  # Tue 13:30
    result = run(env, "calendar", "--at", "18:00", "--days", "tue,sat")
    assert result.exit_code == 0, result.output
    event = calendar_event(result.stdout)
    assert event.get("RRULE").to_ical() == b"FREQ=WEEKLY;BYDAY=TU,SA"
    start = event.decoded("DTSTART")
    assert (start.date().isoformat(), start.time(), str(start.tzinfo)) == (
        "2027-03-30", time(18, 0), "Europe/London")  # today, still to come
    assert event.decoded("DURATION") == timedelta(minutes=12)
    description = str(event.get("DESCRIPTION"))
    assert "Split squat" in description and "Calf stretch at the wall" in description
    (alarm,) = event.walk("VALARM")
    assert alarm.decoded("TRIGGER") == timedelta(minutes=-10)


def test_calendar_file_keeps_crlf_and_its_uid_on_a_second_export(env, world, monkeypatch,
                                                                  tmp_path):
    path = tmp_path / "heel.ics"
    result = run(env, "calendar", "-o", str(path))
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr == f"Wrote {path}: import it into your calendar app.\n"
    first = path.read_bytes()
    assert first.count(b"\r\n") == first.count(b"\n") > 10
    fix_now(monkeypatch, LONDON, datetime(2027, 5, 1, 9, 0))
    run(env, "calendar", "-o", str(path), "--force")  # replacing a file is asked for
    again = calendar_event(path.read_text())
    before = calendar_event(first.decode())
    assert again.get("UID") == before.get("UID")
    assert int(again.get("SEQUENCE")) > int(before.get("SEQUENCE"))  # the update wins


def test_calendar_without_a_zone_name_is_floating_time(env, world):
    # The tests' TZ is a POSIX rule, which names no zone a calendar app knows.
    start = calendar_event(run(env, "calendar").stdout).decoded("DTSTART")
    assert start.tzinfo is None and start.time() == time(7, 30)


def test_calendar_to_an_unwritable_place_is_a_runtime_failure(env, world, tmp_path):
    result = run(env, "calendar", "-o", str(tmp_path / "no" / "such" / "dir.ics"))
    assert result.exit_code == 1
    assert result.stderr.startswith("heel: cannot write ") and result.stderr.count("\n") == 1


def test_zone_key_from_tz_or_the_localtime_link(tmp_path):
    link = tmp_path / "localtime"
    link.symlink_to("/usr/share/zoneinfo/America/New_York")
    assert zone_key({}, link) == "America/New_York"
    assert zone_key({"TZ": ":Europe/Paris"}, link) == "Europe/Paris"
    assert zone_key({"TZ": "EST5EDT,M3.2.0,M11.1.0"}, link) is None
    assert zone_key({}, tmp_path / "absent") is None


# --- help and completion -----------------------------------------------------------------

@pytest.mark.parametrize("command", ["remind", "calendar", "test"])
def test_help_has_examples_and_fits_80_columns(command):
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert f"Examples:\n    heel {command}" in result.output
    assert all(len(line) <= 80 for line in result.output.splitlines())


def completions(args: list[str], incomplete: str) -> list[str]:
    complete = ShellComplete(cli, {}, "heel", "_HEEL_COMPLETE")
    return [item.value for item in complete.get_completions(args, incomplete)]


def test_days_complete_the_last_day_of_the_list():
    assert completions(["remind", "--days"], "mon,w") == ["mon,wed"]
    assert completions(["calendar", "--days"], "") == ["mon", "tue", "wed", "thu", "fri",
                                                       "sat", "sun"]
    assert completions(["remind", "--days"], "mon,wed,") == [
        "mon,wed,tue", "mon,wed,thu", "mon,wed,fri", "mon,wed,sat", "mon,wed,sun"]


def test_the_other_commands_do_not_load_these():

    out, modules = modules_after("list")
    assert "Bridge" in out and "heelcli.cli.commands" in modules
    assert "heelcli.cli.followup" not in modules
    out, modules = modules_after("remind", "--at", "07:30", "--cron")
    assert "remind --notify" in out and "heelcli.cli.followup" in modules


# --- with a program running ----------------------------------------------------------------

def test_a_running_program_sets_the_days_the_workout_and_the_calendar_uid(
        env, world, monkeypatch):
    monkeypatch.setenv("TZ", "Europe/London")
    fix_now(monkeypatch, "Europe/London", MONDAY)
    before = calendar_event(run(env, "calendar").stdout)
    assert run(env, "program", "start", "--days", "tue,thu").exit_code == 0
    event = calendar_event(run(env, "calendar").stdout)
    assert event.get("RRULE").to_ical() == b"FREQ=WEEKLY;BYDAY=TU,TH"
    # One event per user's schedule: importing the program's week updates it.
    assert event.get("UID") == before.get("UID")
    assert int(event.get("SEQUENCE")) >= int(before.get("SEQUENCE"))
    # Level 1 of every ladder is shorter than the default routine.
    assert event.decoded("DURATION") < before.decoded("DURATION")
    assert run(env, "remind", "--at", "07:30", "--cron").stdout.startswith("30 7 * * 2,4 ")
    assert run(env, "remind", "--notify").stdout == ""  # Monday: a rest day of the program
    fix_now(monkeypatch, "Europe/London", MONDAY + timedelta(days=1))
    line = run(env, "remind", "--notify").stdout
    minutes = round(event.decoded("DURATION").total_seconds() / 60)
    assert line.startswith("Heel: ") and line.endswith(f": {minutes} min\n")
    assert run(env, "remind", "--notify", "--days", "mon").stdout == ""  # --days wins


def test_a_flare_day_says_so_in_the_reminder(world):
    person = World()  # Monday 1 March 2027, London
    person.run("program", "start", "--days", "mon,tue")
    person.workout("1\n2\n8\n")  # felt in the back, about right, pain 8 of 10
    person.day(2)  # Tuesday, a planned day, after a session that hurt too much
    assert "flare day" in person.run("remind", "--notify").stdout


@pytest.mark.parametrize("command", ["calendar", "report"])
def test_dash_for_output_is_standard_output(env, world, tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    result = run(env, command, "-o", "-")
    assert result.exit_code == 0 and result.stdout.strip()
    assert not (tmp_path / "-").exists()


def test_remind_and_calendar_read_the_exercise_file_in_use(env, world, tmp_path):
    env.catalog_path = None
    result = CliRunner().invoke(cli, ["calendar", "--file", str(MINI)], obj=env)
    assert result.exit_code == 0, result.output
    description = str(calendar_event(result.stdout).get("DESCRIPTION"))
    assert "Lift" in description and "Split squat" not in description  # mini.yaml's routine


# --- A reminder runs the user's own heel (issue 20, item 7) -------------------------------
# The same interpreter, home and exercise file; units quoted as systemd reads them and
# checked before they are enabled; every failure one line and a non-zero exit.

has_analyze = pytest.mark.skipif(shutil.which("systemd-analyze") is None,
                                 reason="systemd-analyze is not installed here")
ODD = 'odd $HOME "quoted" it\'s 100%'


def exec_start(text: str) -> str:
    return next(line for line in text.splitlines() if line.startswith("ExecStart="))


def test_python_m_heelcli_reminds_with_the_interpreter_not_main_py(tmp_path):
    config = tmp_path / "config"
    done = subprocess.run(
        [sys.executable, "-m", "heelcli", "remind", "--cron"], capture_output=True, text=True,
        env={**os.environ, "HEEL_HOME": str(tmp_path / "home"), "XDG_CONFIG_HOME": str(config)},
        check=False)
    assert done.returncode == 0, done.stderr
    assert f" {sys.executable} -m heelcli remind --notify" in done.stdout
    assert "__main__.py" not in done.stdout


def test_the_units_carry_the_home_and_the_exercise_file(env, world, tmp_path):
    fake_tool(world, "systemctl")
    result = run(env, "remind", "--install", "--file", str(MINI))
    assert result.exit_code == 0, result.output
    text = (units_dir(world) / SERVICE).read_text()
    assert f'Environment="HEEL_HOME={env.home()}" "HEEL_EXERCISES={MINI}"\n' in text
    cron = run(env, "remind", "--cron", "--file", str(MINI)).stdout
    assert f"HEEL_HOME={env.home()} HEEL_EXERCISES={MINI} {world / 'heel'} remind" in cron


def test_the_exercise_file_from_heel_exercises_is_carried_too(env, world, monkeypatch):
    monkeypatch.setenv("HEEL_EXERCISES", str(MINI))
    result = run(env, "remind", "--cron")
    assert f"HEEL_EXERCISES={MINI} " in result.stdout


def test_remind_defaults_to_the_calendars_time(env, world):
    result = run(env, "remind")
    assert result.exit_code == 0, result.output
    assert "OnCalendar=Mon,Wed,Fri *-*-* 07:30:00" in result.stdout
    assert run(env, "remind", "--cron").stdout.startswith("30 7 * * 1,3,5 ")


@has_analyze
def test_a_heel_under_a_path_with_dollars_and_quotes_gives_units_systemd_accepts(tmp_path):
    odd = tmp_path / ODD
    odd.mkdir()
    heel = odd / "heel"
    heel.write_text("#!/bin/sh\n")
    heel.chmod(0o755)
    files = units([0, 2], time(7, 30), [str(heel), "-m", "heelcli"], "mon,wed",
                  {"HEEL_HOME": str(odd / "home"), "HEEL_EXERCISES": str(odd / "my.yaml")})
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    done = subprocess.run(["systemd-analyze", "verify", str(tmp_path / TIMER),
                           str(tmp_path / SERVICE)], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert "heel-remind" not in done.stderr


def test_systemd_quoting_reads_back_the_exact_words():
    """systemd.syntax(7): words split on spaces, double quotes with C escapes, $$ for $
    in arguments, %% for %; the executable's name takes no quote or $: env(1) runs it."""
    heel = f"/opt/{ODD}/heel"
    line = exec_start(units([0], time(7, 30), heel)[SERVICE])
    assert line == ('ExecStart=/usr/bin/env "/opt/odd $$HOME \\"quoted\\" it\'s 100%%/heel" '
                    "remind --notify")
    assert _systemd_words(line.removeprefix("ExecStart=")) == [
        "/usr/bin/env", heel, "remind", "--notify"]


def _systemd_words(text: str) -> list[str]:
    """A reading of an ExecStart line as systemd.syntax(7) describes it."""
    words, word, quoted, i, started = [], "", False, 0, False
    while i < len(text):
        ch = text[i]
        if ch == "\\" and quoted:
            word += text[i + 1]
            i += 2
            continue
        if ch == '"':
            quoted, started = not quoted, True
        elif ch == " " and not quoted:
            if started:
                words.append(word)
            word, started = "", False
        elif ch in "$%" and text[i + 1] == ch:
            word, started = word + ch, True
            i += 1
        else:
            word, started = word + ch, True
        i += 1
    if started:
        words.append(word)
    return words


class Runner:
    def __init__(self, code: int | None, output: str = "") -> None:
        self.code, self.output = code, output
        self.calls: list[tuple[str, ...]] = []

    def __call__(self, argv):
        self.calls.append(tuple(argv))
        return Ran(self.code, self.output)


def test_units_systemd_analyze_rejects_are_not_installed_nor_enabled(tmp_path):
    systemctl = Runner(0)
    checker = Runner(1, "heel-remind.service:8: Executable name contains "
                        "special characters")
    outcome = install(units([0], time(7, 30), "/bin/heel"), tmp_path / "user", systemctl,
                      check=checker)
    assert outcome.exit_code == 1
    assert outcome.lines == ("systemd-analyze rejects the reminder, so nothing was installed:"
                             " heel-remind.service:8: Executable name contains special "
                             "characters",)
    assert systemctl.calls == [] and not (tmp_path / "user").exists()
    assert checker.calls[0][:2] == ("systemd-analyze", "verify")


def test_a_checker_that_cannot_start_does_not_block_the_install(tmp_path):
    checker = Runner(1, "Failed to initialize manager: No such device or address")
    outcome = install(units([0], time(7, 30), "/bin/heel"), tmp_path, Runner(0),
                      check=checker)
    assert outcome.exit_code == 0 and (tmp_path / SERVICE).exists()


@has_analyze
def test_the_real_systemd_analyze_stops_a_unit_that_cannot_run(tmp_path):
    systemctl = Runner(0)
    outcome = install(units([0], time(7, 30), str(tmp_path / "nowhere" / "heel")),
                      tmp_path / "user", systemctl, check=run_command)
    assert outcome.exit_code == 1 and len(outcome.lines) == 1
    assert "systemd-analyze rejects the reminder" in outcome.lines[0]
    assert systemctl.calls == []


def test_enable_failing_exits_1_in_one_line(env, world):
    fake_tool(world, "systemctl", code=1)
    result = run(env, "remind", "--install")
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith("heel: ") and "the timer is not enabled" in line
    assert result.stdout == ""


def test_a_config_dir_under_a_file_is_one_line(env, world, monkeypatch, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(blocker / "config"))
    result = run(env, "remind", "--install")
    assert result.exit_code == 1, result.output
    (line,) = result.stderr.splitlines()
    assert line.startswith("heel: cannot write the reminder in ")
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to a read-only directory")
def test_uninstall_in_a_read_only_place_disables_nothing(env, world):
    log = fake_tool(world, "systemctl")
    assert run(env, "remind", "--install").exit_code == 0
    log.write_text("")
    directory = units_dir(world)
    directory.chmod(0o500)
    try:
        result = run(env, "remind", "--uninstall")
    finally:
        directory.chmod(0o700)
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1
    assert log.read_text() == ""  # the timer still runs, its files still there
    assert (directory / TIMER).exists()
