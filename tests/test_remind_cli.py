"""`heel remind` and `heel calendar` as a user runs them: real files in a temporary
config directory, fake `systemctl` and `notify-send` on PATH, the history read as it is."""

from __future__ import annotations

import os
import shutil
import subprocess
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
from heelcli.formats.reminders import SERVICE, TIMER
from heelcli.store.history import FILE_NAME, Store

from .conftest import LONDON, World, fix_now, modules_after

HEADER = ("# heel-managed: written by 'heel remind --install'; "
          "'heel remind --uninstall' removes it.\n"
          "# Edits here are lost the next time heel installs it.\n")


def timer(on_calendar: str) -> str:
    return HEADER + ("[Unit]\nDescription=heel: time for today's workout\n\n[Timer]\n"
                     f"OnCalendar={on_calendar}\nPersistent=true\nUnit=heel-remind.service\n"
                     "\n[Install]\nWantedBy=timers.target\n")


def service(exec_start: str) -> str:
    return HEADER + ("[Unit]\nDescription=heel: remind me of today's workout\n\n"
                     f"[Service]\nType=oneshot\nExecStart={exec_start}\n")


def fake_tool(bin_dir: Path, name: str, code: int = 0) -> Path:
    """An executable that logs its arguments, one a line, and exits with `code`."""
    log = bin_dir / f"{name}.log"
    script = bin_dir / name
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" >> "{log}"\nexit {code}\n')
    script.chmod(0o755)
    return log


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """PATH holding only a `heel` (and what a test adds); the config dir in tmp_path."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake_tool(bin_dir, "heel")
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
        f"# {units_dir(world) / SERVICE}\n{service(f'{heel} remind --notify')}\n"
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
        f"{world / 'heel'} remind --notify --days tue,sun")
    assert log.read_text() == "--user\ndaemon-reload\n--user\nenable\n--now\nheel-remind.timer\n"
    assert result.stdout.splitlines()[-1].startswith("Enabled heel-remind.timer")


def test_install_without_systemctl_keeps_the_files_and_explains(env, world):
    result = run(env, "remind", "--at", "07:30", "--install")
    assert result.exit_code == 0
    assert (units_dir(world) / TIMER).exists()
    assert "The timer is not enabled yet: systemctl was not found." in result.stdout
    assert "heel remind --cron" in result.stdout


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
    result = run(env, "remind", "--at", "21:00", "--cron")
    assert result.stdout == f"0 21 * * 1,3,5 {world / 'heel'} remind --notify\n"
    result = run(env, "remind", "--at", "6:05", "--days", "sat", "--cron")
    assert result.stdout == f"5 6 * * 6 {world / 'heel'} remind --notify --days sat\n"


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
    ([], "heel: give the time of the reminder with --at HH:MM, for example "
         "heel remind --at 07:30"),
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
    from .conftest import MINI

    env.catalog_path = None
    result = CliRunner().invoke(cli, ["calendar", "--file", str(MINI)], obj=env)
    assert result.exit_code == 0, result.output
    description = str(calendar_event(result.stdout).get("DESCRIPTION"))
    assert "Lift" in description and "Split squat" not in description  # mini.yaml's routine
