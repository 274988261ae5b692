"""`heel remind`, `heel calendar` and `heel test`: keep going, and see that it works.

Thin commands over heelcli.formats.reminders, heelcli.formats.ics and
heelcli.engine.selftest. What they need to know about the week (the planned days, today's
workout) is decided in one small function each, so the program (issue 14) plugs in there.
"""

from __future__ import annotations

import os
import re
from datetime import date, time
from typing import TYPE_CHECKING, NoReturn

import click

from heelcli.cli.kit import HeelCommand, file_option
from heelcli.cli.output import force_option
from heelcli.engine.typedtuple import TypedTuple

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence
    from pathlib import Path

    from heelcli.engine.catalog import Catalog
    from heelcli.engine.schedule import Schedule
    from heelcli.flows.environment import Environment
    from heelcli.formats.reminders import Outcome


def _env(ctx: click.Context) -> Environment:
    from heelcli.cli.kit import env_of as env

    return env(ctx)


# --- What the week holds: the program's, else the command line's ------------------------

class RemindedWorkout(TypedTuple):
    """Today's workout as a reminder or a calendar names it."""

    names: tuple[str, ...]
    seconds: float
    flare: bool = False  # a flare day of the program: every exercise easier
    program_id: int | None = None  # the running program, if any


class WeeklyReminder(TypedTuple):
    schedule: Schedule
    workout: RemindedWorkout

    @property
    def calendar_id(self) -> str:
        """What the calendar's UID is made from: one for the user's schedule, the same
        before a program, after `program start` and after --restart, so each import
        updates the one event (SEQUENCE grows) rather than adding one. Not made from the
        home's path: the UID would change when the home moves."""
        return "heel-schedule"


def this_week(env: Environment, catalog: Catalog, days_option: str | None) -> WeeklyReminder:
    """The planned days and today's workout: a running program's, else the default routine
    on the default three days. `--days` always wins, so a timer installed with --days
    keeps its own week."""
    from heelcli.engine import coach
    from heelcli.engine.schedule import Schedule, parse_days
    from heelcli.engine.timeline import Options, compile_timeline, resolve

    with env.reading() as log:
        program = log.active_program()
        today = None if program is None else coach.plan_today(log, catalog, program, tz=env.zone)
    if program is None or today is None:
        chosen = resolve(catalog, routine=None, exercise_ids=(), challenge=False)
        workout = RemindedWorkout(tuple(e.name for e in chosen),
                                  compile_timeline(chosen, Options()).total_seconds)
        schedule = Schedule()
    else:
        ids = [ladder.exercise_id for ladder in today.ladders]
        chosen = resolve(catalog, routine=None, exercise_ids=ids, challenge=False,
                         each=today.overrides())
        workout = RemindedWorkout(tuple(e.name for e in chosen),
                                  compile_timeline(chosen, Options()).total_seconds,
                                  flare=today.plan.flare is not None, program_id=program.id)
        schedule = Schedule(program.days)
    if days_option is not None:
        schedule = parse_days(days_option)
    return WeeklyReminder(schedule, workout)


def this_schedule(env: Environment, days_option: str | None) -> Schedule:
    """The planned days alone, all a timer or a cron line is made of: this_week's, without
    the exercise file or today's workout (a timeline and the coach: about 10 ms)."""
    from heelcli.engine.schedule import Schedule, parse_days

    if days_option is not None:
        return parse_days(days_option)
    with env.reading() as log:
        program = log.active_program()
    return Schedule() if program is None else Schedule(program.days)


def sessions_on(env: Environment, day: date) -> int:
    """Workouts with reps done on `day` (the user's local date), from the history read-only."""
    count = 0
    with env.reading() as log:
        for started, reps, _ in log.timeline():  # newest first: stop at an earlier day
            if started is None:
                continue
            local = env.local(started).date()
            if local < day:
                break
            if local == day and reps > 0:
                count += 1
    return count


# --- Options -----------------------------------------------------------------------------

DEFAULT_AT = time(7, 30)  # remind and calendar alike (a program keeps no time of day)
_HH_MM = re.compile(r"([01]?[0-9]|2[0-3]):([0-5][0-9])")


def _clock_time(ctx: click.Context, param: click.Parameter, value: str | None) -> time | None:
    from heelcli.engine.errors import HeelError

    if value is None:
        return None
    found = _HH_MM.fullmatch(value.strip())
    if found is None:
        raise HeelError(f"--at must be a time of day as HH:MM (24-hour), for example 07:30, "
                        f"got {value!r}")
    return time(int(found[1]), int(found[2]))


def _complete_days(ctx: click.Context, param: click.Parameter,
                   incomplete: str) -> list[str]:
    """Complete the last day of a comma list: `mon,w` -> `mon,wed`."""
    from heelcli.engine.schedule import DAY_NAMES

    head, _, last = incomplete.lower().rpartition(",")
    used = set(head.split(","))
    prefix = f"{head}," if head else ""
    return [prefix + day for day in DAY_NAMES if day.startswith(last) and day not in used]


days_option = click.option(
    "--days", metavar="DAYS", shell_complete=_complete_days,
    help="Planned days, e.g. tue,thu,sat [default: a running program's days, else "
         "mon,wed,fri].")


def _reminder_environment(env: Environment) -> dict[str, str]:
    """What the reminder needs to be this user's heel: the home it keeps its history in,
    and the exercise file in use (--file or HEEL_EXERCISES), both absolute."""
    variables = {"HEEL_HOME": os.path.abspath(env.home_text())}  # abspath: as from a Path
    if env.catalog_path is not None:
        variables["HEEL_EXERCISES"] = os.path.abspath(env.catalog_path)
    return variables


# --- heel remind --------------------------------------------------------------------------

@click.command(cls=HeelCommand)
@click.option("--at", "at", metavar="HH:MM", callback=_clock_time,
              help="Time of the reminder, 24-hour [default: 07:30].")
@days_option
@click.option("--install", is_flag=True, help="Write the systemd user timer and enable it.")
@click.option("--uninstall", is_flag=True, help="Disable the timer and remove heel's files.")
@click.option("--cron", is_flag=True, help="Print a crontab line instead of a timer.")
@click.option("--notify", is_flag=True, help="Remind now if today is a planned day with no "
              "session yet (what the timer runs).")
@file_option
@click.pass_context
def remind(ctx: click.Context, at: time | None, days: str | None, install: bool,
           uninstall: bool, cron: bool, notify: bool) -> None:
    """Remind you on planned days, without a background process.

    Prints the systemd user timer it would install; --install writes and
    enables it, --uninstall removes it, --cron prints a crontab line for
    systems without systemd. The timer runs heel remind --notify, which
    shows a desktop notification (notify-send, or osascript on macOS) only
    on a planned day with no workout logged yet; without a desktop it prints
    the line, and cron mails it.

    \b
    Examples:
      heel remind                             # show what it would install
      heel remind --install                   # the program's days at 07:30
      heel remind --at 18:00 --days tue,thu,sat --install
      heel remind --cron                      # a line for crontab -e
      heel remind --uninstall
      heel remind --notify                    # remind now, if today is due
    """
    from heelcli.engine.errors import HeelError
    from heelcli.formats import reminders

    env = _env(ctx)
    if sum((install, uninstall, cron, notify)) > 1:
        raise HeelError("--install, --uninstall, --cron and --notify: pick one")
    from heelcli.cli.kit import catalog_of as _catalog

    if notify:  # the only one that names today's workout
        _notify(env, this_week(env, _catalog(ctx), days))
        return
    if env.catalog_path is not None:  # a broken file fails here, not at every reminder
        _catalog(ctx)
    schedule = this_schedule(env, days)

    def directory() -> Path:  # pathlib (3 ms to import) is not needed for a cron line
        return reminders.unit_dir(env.environ, env.user_home())

    if uninstall:
        _finish(env, reminders.uninstall([reminders.TIMER, reminders.SERVICE], directory(),
                                         reminders.run_command))
    at = at or DEFAULT_AT
    heel = env.heel_command()
    variables = _reminder_environment(env)
    given = None if days is None else schedule.text()  # passed on to --notify, tidied
    try:
        if cron:
            env.out(reminders.crontab_line(schedule.days, at, heel, given, variables))
            return
        files = reminders.units(schedule.days, at, heel, given, variables)
    except ValueError as exc:
        raise HeelError(str(exc)) from None
    if install:
        _finish(env, reminders.install(files, directory(), reminders.run_command,
                                       check=reminders.run_command))
    env.out(reminders.preview(files, directory()), end="")
    import shutil

    if shutil.which("systemctl") is None:
        env.note("systemctl is not installed here, so a timer cannot run; use "
                 "'heel remind --cron' (same options) and add its line with 'crontab -e'")


def _finish(env: Environment, outcome: Outcome) -> NoReturn:
    if outcome.exit_code != 0:  # a failure is one heel line on stderr
        env.abort(" ".join(outcome.lines), code=outcome.exit_code)
    for line in outcome.lines:
        env.out(line)
    env.abort(code=0)


def _notify(env: Environment, week: WeeklyReminder) -> None:
    import shutil

    from heelcli.formats import reminders

    today = env.today()
    if not reminders.should_notify(today, week.schedule.days, sessions_on(env, today)):
        return
    workout = week.workout
    line = reminders.message(workout.names, reminders.session_minutes(workout.seconds),
                             flare=workout.flare)
    used = reminders.send(line, platform=env.platform, which=shutil.which, env=env.environ,
                          run=reminders.run_command, echo=env.out)
    if used == "stdout" and env.stderr_isatty:
        # Said only to a person at a terminal: cron mails stderr too, every time.
        env.note(_why_printed(env.platform, env.environ))


def _why_printed(platform: str, environ: Mapping[str, str]) -> str:
    import shutil

    from heelcli.formats.reminders import notifier_argv

    tool = "osascript" if platform == "darwin" else "notify-send"
    if shutil.which(tool) is None:
        hint = "" if platform == "darwin" else " (the libnotify-bin or libnotify package)"
        return f"no desktop notification: {tool} is not installed{hint}."
    if notifier_argv("", platform, shutil.which, environ) is None:
        return "no desktop notification: no desktop session here."
    return f"no desktop notification: {tool} failed."


# --- heel calendar ------------------------------------------------------------------------


def zone_key(environ: Mapping[str, str],
             localtime: str | Path = "/etc/localtime") -> str | None:
    """The user's zoneinfo key (Europe/London): from TZ, else the /etc/localtime link;
    None when neither names one (a POSIX rule in TZ, a copied file)."""
    tz = environ.get("TZ")
    if tz is not None:
        name = tz.lstrip(":")
    else:
        try:
            name = os.readlink(localtime)
        except OSError:
            return None
    if "zoneinfo/" in name:
        name = name.rsplit("zoneinfo/", 1)[1]
    from heelcli.formats.ics import known_zone

    return name if known_zone(name) else None


@click.command(cls=HeelCommand)
@click.option("--output", "-o", metavar="FILE",
              help="Write the calendar to FILE [default: standard output].")
@force_option
@click.option("--at", "at", metavar="HH:MM", callback=_clock_time,
              help="Time of the workout, 24-hour [default: 07:30].")
@days_option
@file_option
@click.pass_context
def calendar(ctx: click.Context, output: str | None, force: bool, at: time | None,
             days: str | None) -> None:
    """Write your workout days as a calendar file to import.

    One weekly event on the planned days at the chosen time, as long as the
    workout, with its exercises and a reminder 10 minutes before. The event
    keeps its identity: import the file again to update it, not duplicate it.
    The time follows your time zone (TZ or /etc/localtime).

    \b
    Examples:
      heel calendar -o heel.ics
      heel calendar --at 18:00 --days tue,thu,sat -o heel.ics
      heel calendar | less
    """
    from heelcli.cli.kit import catalog_of as _catalog
    from heelcli.cli.output import write_page
    from heelcli.engine.errors import HeelError, sanitise
    from heelcli.formats import ics, reminders

    env = _env(ctx)
    week = this_week(env, _catalog(ctx), days)
    schedule, workout = week.schedule, week.workout
    try:
        text = ics.calendar_file(
            program_id=week.calendar_id, days=schedule.days, at=at or DEFAULT_AT,
            minutes=reminders.session_minutes(workout.seconds), exercises=workout.names,
            zone=zone_key(env.environ), now=env.now())
    except ValueError as exc:
        raise HeelError(str(exc)) from None
    if output in (None, "-"):  # "-": standard output, as for most tools
        env.out(text, end="")
        return
    # newline="": the CRLF line ends RFC 5545 asks for, on every system
    write_page(env, output, text, force=force, newline="")
    click.echo(sanitise(f"Wrote {output}: import it into your calendar app."), err=True)


# --- heel test ------------------------------------------------------------------------------

def _complete(values: Callable[[], Sequence[str]]) -> Callable[
        [click.Context, click.Parameter, str], list[str]]:
    def complete(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
        return [v for v in values() if v.startswith(incomplete.lower())]

    return complete


def _test_ids() -> list[str]:
    from heelcli.engine.selftest import SELF_TESTS

    return [t.id for t in SELF_TESTS]


def _age_bands() -> list[str]:
    from heelcli.engine.selftest import AGE_BANDS

    return [*AGE_BANDS, "none"]


def _sexes() -> list[str]:
    return ["female", "male", "none"]


def _one_of(values: Callable[[], Sequence[str]]) -> Callable[
        [click.Context, click.Parameter, object], object]:
    """Check a value (or each of several) against a set, in one line, without building a
    click.Choice at import: that loads gettext, which every command would pay for."""

    def check(ctx: click.Context, param: click.Parameter, value: object) -> object:
        from heelcli.engine.errors import HeelError

        allowed = list(values())
        given = value if isinstance(value, tuple) else () if value is None else (value,)
        for item in given:
            if str(item).lower() not in allowed:
                raise HeelError(f"{param.opts[0]} {item!r}: use one of {', '.join(allowed)}")
        if isinstance(value, tuple):
            return tuple(str(v).lower() for v in value)
        return None if value is None else str(value).lower()

    return check


@click.command("test", cls=HeelCommand)
@click.option("--only", "only", multiple=True, metavar="TEST", callback=_one_of(_test_ids),
              shell_complete=_complete(_test_ids),
              help="Take only this test; repeat for several: chair-stand, bridge-hold, "
                   "pain-today.")
@click.option("--about", is_flag=True, help="Show what heel knows for the chair-stand norms "
              "(after setting it with the two options below) and stop.")
@click.option("--age-band", metavar="BAND", callback=_one_of(_age_bands),
              shell_complete=_complete(_age_bands),
              help="Your age band for the norms, 60-64 to 90-94; none forgets it.")
@click.option("--sex", metavar="SEX", callback=_one_of(_sexes),
              shell_complete=_complete(_sexes),
              help="female or male, for the norms; none forgets it.")
@click.option("--yes", "-y", is_flag=True, help="Start each timed test without asking to "
              "press Enter.")
@click.option("--voice", is_flag=True, help="Speak each step, as in a workout.")
@click.option("--plain", is_flag=True, help="A line per step and at 3-2-1, for screen "
              "readers.")
@click.pass_context
def self_test(ctx: click.Context, only: tuple[str, ...], about: bool, age_band: str | None,
              sex: str | None, yes: bool, voice: bool, plain: bool) -> None:
    """Self-tests of progress: chair stands, bridge hold, pain.

    Three short standard tests, timed on the workout's screen: the 30-second
    chair stand (heel asks the count at the end), the single-leg bridge hold
    on each leg (press n when the hips drop; it stops at 60 s) and pain today
    in the knee and low back, 0 to 10. Each result is saved and shown with
    the last one. Your age band and sex are optional: when heel knows both,
    the chair stand is placed among the CDC STEADI norms, never a diagnosis.

    \b
    Examples:
      heel test
      heel test --only chair-stand
      heel test --about --age-band 65-69 --sex female
      heel test --about --age-band none --sex none   # forget them
    """
    from heelcli.engine.records import About
    from heelcli.engine.selftest import SELF_TESTS
    from heelcli.flows import guided_test

    env = _env(ctx)
    if about and age_band is None and sex is None:  # only showing: the file stays as it is
        with env.reading() as log:
            lines = guided_test.about_lines(log.about())
        for line in lines:
            env.console.print(line)  # plain strings: the console reads no markup
        return
    store = env.store_or_warn()
    try:
        if age_band is not None or sex is not None:
            known = store.about() if store is not None else About()
            changed = About(known.age_band if age_band is None else _none(age_band),
                            known.sex if sex is None else _none(sex), asked=True)
            if store is not None:
                store.set_about(changed, env.now())
        if about:
            known = store.about() if store is not None else About()
            for line in guided_test.about_lines(known):
                env.console.print(line)  # plain strings: the console reads no markup
            return
        tests = tuple(t for t in SELF_TESTS if not only or t.id in only)
        speak_with = None
        if voice:
            from heelcli.screen.voice import find_command

            speak_with = find_command(None)
        code = guided_test.run(env, guided_test.SelfTestChoices(
            tests=tests, ask_to_start=not yes, plain=plain, speak_with=speak_with), store)
    finally:
        if store is not None:
            store.close()
    if code:
        env.abort(code=code)


def _none(value: str) -> str | None:
    return None if value == "none" else value


# --- heel report --------------------------------------------------------------------------

def _formats() -> list[str]:
    return ["text", "markdown", "html"]


FORMAT_ALIASES = {"md": "markdown", "txt": "text", "htm": "html"}  # as files are named


def _format(ctx: click.Context, param: click.Parameter, value: object) -> object:
    if isinstance(value, str):
        value = FORMAT_ALIASES.get(value.lower(), value)
    return _one_of(_formats)(ctx, param, value)


def _weeks(ctx: click.Context, param: click.Parameter, value: str | None) -> int | None:
    from heelcli.engine import numbers
    from heelcli.engine.errors import HeelError
    from heelcli.flows.gather_report import MAX_WEEKS

    if value is None:
        return None
    weeks = numbers.whole_in(value, 1, MAX_WEEKS)
    if weeks is None:
        raise HeelError(f"--weeks must be a whole number from 1 to {MAX_WEEKS} (what fits "
                        f"on one page), got {value!r}")
    return weeks


@click.command(cls=HeelCommand)
@click.option("--weeks", metavar="N", callback=_weeks,
              help="How many weeks, up to this one: 1 to 12 [default: 4].")
@click.option("--format", "fmt", metavar="FORMAT", default="text", callback=_format,
              shell_complete=_complete(_formats),
              help="text, markdown or md (for an email) or html (one page to print) "
                   "[default: text].")
@click.option("--output", "-o", metavar="FILE",
              help="Write the report to FILE [default: standard output].")
@force_option
@file_option
@click.pass_context
def report(ctx: click.Context, weeks: int | None, fmt: str, output: str | None,
           force: bool) -> None:
    """A one-page report of your program for your physiotherapist.

    Sessions planned and done each week, each exercise's level and why it
    changed, pain ratings and whether they settled by the next morning,
    where the work was felt and your self-test results, with the dates
    covered. It reads only the weeks it shows, and never writes the log.

    \b
    Examples:
      heel report                          # the last four weeks, as text
      heel report --weeks 12 --format html -o report.html
      heel report --format markdown | mail -s "My exercises" physio@example.org
    """
    from heelcli.cli.kit import catalog_of as _catalog
    from heelcli.cli.output import write_page
    from heelcli.engine.errors import sanitise
    from heelcli.flows.gather_report import DEFAULT_WEEKS, gather
    from heelcli.formats import report as pages

    env = _env(ctx)
    catalog = _catalog(ctx)
    with env.reading() as log:
        data = gather(log, catalog, today=env.today(), zone=env.zone,
                      weeks=weeks or DEFAULT_WEEKS)
    page = pages.render(data, fmt)  # type: ignore[arg-type]  # one of FORMATS, checked
    if output in (None, "-"):  # "-": standard output, as for most tools
        env.out(page, end="")
        return
    write_page(env, output, page, force=force)
    click.echo(sanitise(f"Wrote {output}."), err=True)


BY_NAME: dict[str, click.Command] = {
    "remind": remind, "calendar": calendar, "test": self_test, "report": report}
