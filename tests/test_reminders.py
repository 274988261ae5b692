from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from datetime import date, time
from pathlib import Path

import pytest

from heelcli.formats import reminders
from heelcli.formats.reminders import (
    SERVICE,
    TIMER,
    Ran,
    crontab_line,
    install,
    message,
    run_command,
    send,
    service_unit,
    should_notify,
    timer_unit,
    uninstall,
    unit_dir,
    units,
)

MON_WED_FRI = (0, 2, 4)
AT = time(7, 30)
HEEL = "/home/ana/.local/bin/heel"
HEADER = ("# heel-managed: written by 'heel remind --install'; "
          "'heel remind --uninstall' removes it.\n"
          "# Edits here are lost the next time heel installs it.\n")


class FakeSystemctl:
    """Records each command; answers with the given return code (None: not installed)."""

    def __init__(self, returncode: int | None = 0, output: str = "") -> None:
        self.calls: list[tuple[str, ...]] = []
        self.ran = Ran(returncode, output)

    def __call__(self, argv: Sequence[str]) -> Ran:
        self.calls.append(tuple(argv))
        return self.ran


def test_timer_unit_exactly() -> None:
    assert timer_unit(MON_WED_FRI, AT) == HEADER + (
        "[Unit]\n"
        "Description=heel: time for today's workout\n"
        "\n"
        "[Timer]\n"
        "OnCalendar=Mon,Wed,Fri *-*-* 07:30:00\n"
        "Persistent=true\n"
        "Unit=heel-remind.service\n"
        "\n"
        "[Install]\n"
        "WantedBy=timers.target\n")


def test_service_unit_exactly() -> None:
    assert service_unit(HEEL) == HEADER + (
        "[Unit]\n"
        "Description=heel: remind me of today's workout\n"
        "\n"
        "[Service]\n"
        "Type=oneshot\n"
        "ExecStart=/home/ana/.local/bin/heel remind --notify\n")


def test_days_are_sorted_and_unique_and_sunday_is_last() -> None:
    assert "OnCalendar=Tue,Sat,Sun *-*-* 18:05:00\n" in timer_unit([6, 1, 5, 1], time(18, 5))


def test_an_odd_path_is_quoted_for_systemd() -> None:
    # systemd takes no quote or $ in the executable's name: env(1) runs it, quoted.
    line = service_unit('/opt/my "tools"/50%/$HOME/heel').splitlines()[-1]
    assert line == 'ExecStart=/usr/bin/env "/opt/my \\"tools\\"/50%%/$$HOME/heel" remind --notify'


@pytest.mark.parametrize("bad", ["heel", "bin/heel", "/bin/he\nel", "/bin/\x1b[2Jheel"])
def test_the_executable_must_be_an_absolute_printable_path(bad: str) -> None:
    with pytest.raises(ValueError, match="absolute"):
        service_unit(bad)


@pytest.mark.parametrize("days", [(), (7,), (-1, 2)])
def test_days_must_be_weekday_numbers(days: tuple[int, ...]) -> None:
    with pytest.raises(ValueError, match="weekday"):
        timer_unit(days, AT)


def test_crontab_line_exactly() -> None:
    assert crontab_line(MON_WED_FRI, AT, HEEL) == \
        "30 7 * * 1,3,5 /home/ana/.local/bin/heel remind --notify"
    assert crontab_line([6], time(21, 0), "/opt/100% sure/heel") == \
        "0 21 * * 0 '/opt/100\\% sure/heel' remind --notify"


def test_unit_dir_follows_xdg_config_home() -> None:
    home = Path("/home/ana")
    assert unit_dir({}, home) == home / ".config/systemd/user"
    assert unit_dir({"XDG_CONFIG_HOME": "/cfg"}, home) == Path("/cfg/systemd/user")
    assert unit_dir({"XDG_CONFIG_HOME": "rel"}, home) == home / ".config/systemd/user"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None,
                    reason="systemd-analyze is not installed here")
def test_systemd_analyze_accepts_the_units(tmp_path: Path) -> None:
    odd = tmp_path / "a dir" / "100%"
    odd.mkdir(parents=True)
    heel = odd / "heel"
    heel.write_text("#!/bin/sh\n")
    heel.chmod(0o755)
    for name, text in units(MON_WED_FRI, AT, str(heel)).items():
        (tmp_path / name).write_text(text)
    done = subprocess.run(["systemd-analyze", "verify", str(tmp_path / TIMER),
                           str(tmp_path / SERVICE)], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert "heel-remind" not in done.stderr  # not even a warning about our units


@pytest.mark.skipif(shutil.which("systemd-analyze") is None,
                    reason="systemd-analyze is not installed here")
def test_systemd_analyze_would_catch_a_missing_executable(tmp_path: Path) -> None:
    # The check above can fail: a service pointing nowhere is rejected.
    for name, text in units(MON_WED_FRI, AT, str(tmp_path / "nowhere")).items():
        (tmp_path / name).write_text(text)
    done = subprocess.run(["systemd-analyze", "verify", str(tmp_path / SERVICE)],
                          capture_output=True, text=True, check=False)
    assert done.returncode != 0


def test_install_writes_both_units_and_enables_the_timer(tmp_path: Path) -> None:
    directory = tmp_path / "systemd" / "user"
    systemctl = FakeSystemctl()
    outcome = install(units(MON_WED_FRI, AT, HEEL), directory, systemctl)
    assert outcome.exit_code == 0
    assert (directory / TIMER).read_text() == timer_unit(MON_WED_FRI, AT)
    assert (directory / SERVICE).read_text() == service_unit(HEEL)
    assert systemctl.calls == [("systemctl", "--user", "daemon-reload"),
                               ("systemctl", "--user", "enable", "--now", TIMER)]
    assert outcome.lines[-1].startswith("Enabled heel-remind.timer")
    assert sorted(p.name for p in directory.iterdir()) == [SERVICE, TIMER]


def test_install_again_replaces_heels_own_files(tmp_path: Path) -> None:
    install(units(MON_WED_FRI, AT, HEEL), tmp_path, FakeSystemctl())
    install(units([1, 3], time(19, 0), HEEL), tmp_path, FakeSystemctl())
    assert "OnCalendar=Tue,Thu *-*-* 19:00:00\n" in (tmp_path / TIMER).read_text()


def test_install_never_overwrites_a_file_heel_did_not_write(tmp_path: Path) -> None:
    mine = "[Timer]\nOnCalendar=daily\n"
    (tmp_path / TIMER).write_text(mine)
    systemctl = FakeSystemctl()
    outcome = install(units(MON_WED_FRI, AT, HEEL), tmp_path, systemctl)
    assert outcome.exit_code == 1
    assert (tmp_path / TIMER).read_text() == mine
    assert not (tmp_path / SERVICE).exists()  # all or nothing
    assert systemctl.calls == []
    assert outcome.lines == (f"{tmp_path / TIMER} was not written by heel, so heel leaves "
                             "it alone; nothing was installed (rename or remove it yourself "
                             "for heel to manage it)",)


def test_install_does_not_follow_a_symlink(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.service"
    target.write_text(reminders.HEADER)  # even one that looks like heel's
    (tmp_path / SERVICE).symlink_to(target)
    assert install(units(MON_WED_FRI, AT, HEEL), tmp_path, FakeSystemctl()).exit_code == 1
    assert target.read_text() == reminders.HEADER


@pytest.mark.parametrize(("systemctl", "said"), [
    (FakeSystemctl(None), "systemctl was not found"),
    (FakeSystemctl(1, "Failed to connect to bus: No medium found\nmore"),
     "'systemctl --user daemon-reload' failed: Failed to connect to bus: No medium found"),
])
def test_without_a_working_systemctl_install_fails_in_one_line_and_keeps_the_files(
        tmp_path: Path, systemctl: FakeSystemctl, said: str) -> None:
    outcome = install(units(MON_WED_FRI, AT, HEEL), tmp_path, systemctl)
    assert outcome.exit_code == 1  # no timer runs: a failure, said in one line
    assert (tmp_path / TIMER).exists()
    assert outcome.lines == (
        f"wrote the units in {tmp_path}, but the timer is not enabled: {said}; enable it by "
        "hand with 'systemctl --user daemon-reload && systemctl --user enable --now "
        "heel-remind.timer', or use 'heel remind --cron' and add its line with "
        "'crontab -e'",)


def test_uninstall_disables_and_removes_only_heels_files(tmp_path: Path) -> None:
    install(units(MON_WED_FRI, AT, HEEL), tmp_path, FakeSystemctl())
    (tmp_path / "other.timer").write_text("[Timer]\n")
    systemctl = FakeSystemctl()
    outcome = uninstall([TIMER, SERVICE], tmp_path, systemctl)
    assert outcome.exit_code == 0
    assert [p.name for p in tmp_path.iterdir()] == ["other.timer"]
    assert systemctl.calls == [("systemctl", "--user", "disable", "--now", TIMER),
                               ("systemctl", "--user", "daemon-reload")]
    assert outcome.lines == (f"Removed {tmp_path / TIMER}", f"Removed {tmp_path / SERVICE}")


def test_uninstall_leaves_a_foreign_file_alone(tmp_path: Path) -> None:
    install(units(MON_WED_FRI, AT, HEEL), tmp_path, FakeSystemctl())
    (tmp_path / SERVICE).write_text("[Service]\nExecStart=/bin/true\n")  # the user's now
    outcome = uninstall([TIMER, SERVICE], tmp_path, FakeSystemctl())
    assert outcome.exit_code == 1
    assert (tmp_path / TIMER).exists() and (tmp_path / SERVICE).exists()


def test_uninstall_with_nothing_installed(tmp_path: Path) -> None:
    systemctl = FakeSystemctl()
    outcome = uninstall([TIMER, SERVICE], tmp_path, systemctl)
    assert (outcome.exit_code, systemctl.calls) == (0, [])
    assert "nothing to remove" in outcome.lines[0]


def test_uninstall_without_systemctl_still_removes_the_files(tmp_path: Path) -> None:
    install(units(MON_WED_FRI, AT, HEEL), tmp_path, FakeSystemctl())
    systemctl = FakeSystemctl(None)
    outcome = uninstall([TIMER, SERVICE], tmp_path, systemctl)
    assert list(tmp_path.iterdir()) == []
    assert len(systemctl.calls) == 1  # no second try once systemctl is known missing
    assert outcome.lines[-1] == ("systemd was not told (systemctl was not found); it forgets "
                                 "the timer at the next log-in.")


def test_preview_shows_the_files_and_installs_nothing(tmp_path: Path) -> None:
    shown = reminders.preview(units(MON_WED_FRI, AT, HEEL), tmp_path / "user")
    assert f"# {tmp_path / 'user' / TIMER}\n" in shown
    assert "OnCalendar=Mon,Wed,Fri *-*-* 07:30:00" in shown and "heel remind --install" in shown
    assert not (tmp_path / "user").exists()


@pytest.mark.parametrize(("day", "sessions", "notify"), [
    (date(2025, 3, 3), 0, True),  # Monday, planned, nothing yet
    (date(2025, 3, 3), 1, False),  # already done
    (date(2025, 3, 4), 0, False),  # Tuesday: a rest day
    (date(2025, 3, 9), 0, False),  # Sunday
])
def test_notify_only_on_a_planned_day_without_a_session(day: date, sessions: int,
                                                        notify: bool) -> None:
    assert should_notify(day, MON_WED_FRI, sessions) is notify


def test_message_names_the_workout_and_its_length() -> None:
    names = ["bridge", "curl", "split squat", "stretch"]
    assert message(names, 11) == "Heel: bridge, curl, split squat, stretch: 11 min"
    assert message(names, 8, flare=True) == \
        "Heel: flare day, every exercise easier: bridge, curl, split squat, stretch: 8 min"
    assert message(["evil\x1b]0;x\x07\nname"], 3) == "Heel: evil\\x1b]0;x\\x07 name: 3 min"
    assert reminders.session_minutes(650) == 11 and reminders.session_minutes(5) == 1


@pytest.mark.parametrize("seconds", [90, 150, 149.2, 630])
def test_a_reminder_names_the_minutes_the_history_page_would(seconds) -> None:
    from heelcli.text.words import minutes

    assert f"{reminders.session_minutes(seconds)} min" == minutes(seconds)


DESKTOP = {"DBUS_SESSION_BUS_ADDRESS": "unix:path=/run/user/1000/bus"}


def _fake(bin_dir: Path, name: str, code: int) -> Path:
    log = bin_dir / f"{name}.log"
    script = bin_dir / name
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{log}"\nexit {code}\n')
    script.chmod(0o755)
    return log


def test_notify_send_on_path_gets_the_line(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    log = _fake(tmp_path, "notify-send", 0)
    monkeypatch.setenv("PATH", str(tmp_path))
    printed: list[str] = []
    line = message(["bridge", "curl"], 6)
    used = send(line, platform="linux", which=shutil.which, env=DESKTOP, run=run_command,
                echo=printed.append)
    assert used == "notify-send"
    assert log.read_text() == f"--app-name=heel\n{line}\n"
    assert printed == []


@pytest.mark.parametrize(("code", "env"), [(1, DESKTOP), (0, {})])
def test_a_failing_notifier_or_no_desktop_prints_instead(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int,
        env: dict[str, str]) -> None:
    _fake(tmp_path, "notify-send", code)
    monkeypatch.setenv("PATH", str(tmp_path))
    printed: list[str] = []
    used = send("Heel: bridge: 3 min", platform="linux", which=shutil.which, env=env,
                run=run_command, echo=printed.append)
    assert (used, printed) == ("stdout", ["Heel: bridge: 3 min"])


def test_no_notifier_on_path_prints(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    printed: list[str] = []
    assert send("x", platform="linux", which=shutil.which, env=DESKTOP, run=run_command,
                echo=printed.append) == "stdout"
    assert printed == ["x"]


def test_macos_passes_the_text_to_osascript_as_an_argument(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = _fake(tmp_path, "osascript", 0)
    monkeypatch.setenv("PATH", str(tmp_path))
    hostile = 'Heel: "quoted" \\ end tell: 2 min'
    assert send(hostile, platform="darwin", which=shutil.which, env={}, run=run_command,
                echo=print) == "osascript"
    assert log.read_text().splitlines()[-1] == hostile


def test_the_real_runner_reports_a_missing_program() -> None:
    assert run_command(["/nonexistent/heel-no-such-program"]).returncode is None
