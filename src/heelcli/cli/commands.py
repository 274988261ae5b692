"""The subcommands. Imported only when one runs, so `heel --help` stays fast.

Heavy modules (yaml, rich, sqlite3) are imported inside command bodies for the same reason.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from heelcli.cli.kit import (
    EXIT_USAGE,
    HeelCommand,
    HeelSubGroup,
    catalog_of,
    env_of,
    file_option,
)
from heelcli.text.words import count

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from heelcli.engine.catalog import Exercise, Routine, Topic
    from heelcli.flows.environment import Environment
    from heelcli.flows.guided_workout import ProgramRun
    from heelcli.store.history import Store


def _ids(kind: str) -> Callable[[click.Context, click.Parameter, str], list[str]]:
    """Complete exercise, routine or topic ids from the file in use; never fail."""

    def complete(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
        try:
            catalog = catalog_of(ctx)
        except Exception:  # a broken file must not break the shell
            return []
        groups: dict[str, Sequence[Topic | Exercise | Routine]] = {
            "exercise": catalog.exercises, "routine": catalog.routines,
            "why": (*catalog.topics, *catalog.exercises)}
        return [item.id for item in groups[kind] if item.id.startswith(incomplete.lower())]

    return complete


def _bounded(low: float, high: float | None, *, whole: bool) -> Callable[
        [click.Context, click.Parameter, str | None], float | None]:
    """A whole number or a number of seconds within bounds. A bad value is reported in one
    line, like a bad line of a file; nan, which compares false with any bound, fails."""

    def check(ctx: click.Context, param: click.Parameter, value: str | None) -> float | None:
        from heelcli.engine import numbers
        from heelcli.engine.errors import HeelError

        if value is None:
            return None
        number = numbers.whole(value) if whole else numbers.decimal(value)
        if number is None or not low <= number <= (number if high is None else high):
            wanted = "a whole number" if whole else "a number of seconds"
            span = f"{low:g} or more" if high is None else f"from {low:g} to {high:g}"
            raise HeelError(f"{param.opts[0]} must be {wanted} {span}, got {value}")
        return number

    return check


def _lower(ctx: click.Context, param: click.Parameter, value: object) -> object:
    """Ids are lowercase in every file: match what is typed whatever its case."""
    if isinstance(value, str):
        return value.lower()
    if isinstance(value, tuple):
        return tuple(v.lower() for v in value)
    return value


@click.command("list", cls=HeelCommand)
@click.option("--json", "as_json", is_flag=True, help="Print the exercises as JSON.")
@file_option
@click.pass_context
def list_(ctx: click.Context, as_json: bool) -> None:
    """Show the exercises at a glance.

    \b
    Examples:
      heel list
      heel list --json
      heel list --file my-routine.yaml
    """
    from heelcli.screen import pages

    catalog = catalog_of(ctx)
    if as_json:
        env_of(ctx).print_json(pages.exercise_json(catalog))
        return
    console = env_of(ctx).console
    console.print(pages.exercise_table(catalog, console.width))


@click.command(cls=HeelCommand)
@click.argument("topic", required=False, metavar="[ID]", shell_complete=_ids("why"),
                callback=_lower)
@click.option("--list", "list_topics", is_flag=True, help="List the topics and exercise ids.")
@click.option("--plain", is_flag=True, help="Words only, no drawn figures (for screen "
              "readers).")
@file_option
@click.pass_context
def why(ctx: click.Context, topic: str | None, list_topics: bool, plain: bool) -> None:
    """Explain why pushing through the heel protects knees and low back.

    With no ID, the whole story; with a topic or exercise ID, just that one.

    \b
    Examples:
      heel why
      heel why bridge
      heel why --list
    """
    from heelcli.engine.errors import HeelError, closest, did_you_mean
    from heelcli.screen import pages
    from heelcli.store import safety

    catalog = catalog_of(ctx)
    env = env_of(ctx)
    console = env.console
    if list_topics:
        console.print(pages.topic_list(catalog))
    elif topic is None:
        console.print(pages.overview(catalog))
    elif (found := safety.find(catalog, topic)) is not None:
        console.print(pages.topic_page(found))
    elif topic == "progression":  # the rules are heel's: shown even when a file has no topic
        console.print(pages.rules_page())
    elif (exercise := catalog.exercise(topic)) is not None:
        from heelcli.screen.charset import unicode_ok

        # Figures in braille, unless asked for words alone (a screen reader reads braille
        # dots one by one), on a dumb terminal, or where the output cannot hold braille.
        drawn = not plain and env.environ.get("TERM") != "dumb" and \
            unicode_ok(console.encoding)
        console.print(pages.exercise_page(catalog, exercise,
                                          figure_width=console.width if drawn else None))
    else:
        ids = [t.id for t in catalog.topics] + [e.id for e in catalog.exercises]
        close = closest(topic, ids)
        hint = did_you_mean(close) if close else "; see heel why --list"
        raise HeelError(f"no topic or exercise {topic!r}{hint}")


@click.command(cls=HeelCommand)
@click.option("--routine", "-r", metavar="ID", shell_complete=_ids("routine"),
              callback=_lower, help="Routine to do (default: the first one).")
@click.option("--exercise", "-e", "exercises", multiple=True, metavar="ID",
              shell_complete=_ids("exercise"), callback=_lower,
              help="Exercise to do; repeat for several. Overrides --routine.")
@click.option("--challenge", is_flag=True, help="Do each exercise's harder variant.")
@click.option("--despite-flare", is_flag=True, help="Allow --challenge on a program's flare "
              "day (not advised).")
@click.option("--reps", metavar="N", callback=_bounded(1, 100, whole=True),
              help="Reps per set, 1 to 100, for every exercise.")
@click.option("--sets", metavar="N", callback=_bounded(1, 100, whole=True),
              help="Sets, 1 to 100, for every exercise.")
@click.option("--rest", metavar="SECONDS", callback=_bounded(0, 600, whole=False),
              help="Rest between sets and exercises, 0 to 600.")
@click.option("--dry-run", is_flag=True, help="Print the plan and its total time; do nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the plan (or the summary) as JSON.")
@click.option("--yes", "-y", is_flag=True, help="Start without asking to press Enter.")
@click.option("--bell/--no-bell", default=None,
              help="Ring at each set's start and end and the last 3 s of rest "
                   "[default: on in a terminal].")
@click.option("--voice", is_flag=True, help="Speak each step's cue (espeak-ng, espeak, "
              "spd-say or say).")
@click.option("--voice-cmd", metavar="CMD", help="Speech command to use; implies --voice.")
@click.option("--plain", is_flag=True, help="No redrawn screen: a line per step and at "
              "3-2-1, for screen readers.")
@click.option("--compare", is_flag=True, help="Feel the difference: one set without "
              "thinking of the heel, one through it (with one -e ID).")
@click.option("--no-figure", is_flag=True, help="No moving figure on the live screen (for "
              "a font without braille, or fewer things to look at).")
@click.option("--no-log", is_flag=True, help="Do not record this session in the history.")
@click.option("--no-checkin", is_flag=True, help="Skip the two questions after the session.")
@click.option("--safety", "show_safety", is_flag=True, help="Show the safety notes first "
              "(they are shown by themselves before the first session).")
@file_option
@click.pass_context
def workout(ctx: click.Context, routine: str | None, exercises: tuple[str, ...],
            challenge: bool, despite_flare: bool, reps: int | None, sets: int | None,
            rest: float | None,
            dry_run: bool, as_json: bool, yes: bool, bell: bool | None, voice: bool,
            voice_cmd: str | None, plain: bool, compare: bool, no_figure: bool, no_log: bool,
            no_checkin: bool, show_safety: bool) -> None:
    """Start a guided, timed workout.

    Each exercise starts with its setup and a get-ready countdown, then
    counts you through every rep with a heel cue, switches sides and rests.
    Keys while it runs: space pause, n next, s skip exercise, m mute,
    + 10 s more rest, q quit, ? keys.

    \b
    Examples:
      heel workout                      # the default routine
      heel workout -e bridge --reps 5   # just bridges, five reps
      heel workout --challenge          # harder variants
      heel workout --dry-run            # show the plan and its length
      heel workout --file physio.yaml   # your own exercises
      heel workout --voice --no-bell    # spoken cues, no bell
      heel workout --compare -e bridge  # feel the difference the heel makes
    """
    from heelcli.engine.errors import HeelError
    from heelcli.engine.timeline import Options, compile_timeline, resolve
    from heelcli.text.steps import compare_timeline

    env = env_of(ctx)
    catalog = catalog_of(ctx)
    explicit = bool(routine or exercises or challenge or compare or reps or sets)
    if challenge and not despite_flare and _flare_today(ctx):
        raise HeelError("--challenge on a flare day: today is for less, not more; "
                        "add --despite-flare to do it anyway")
    try:
        today = None if explicit else _program_today(ctx, dry_run=dry_run, as_json=as_json,
                                                     yes=yes)
    except HeelError as exc:
        from heelcli.store.history import HistoryError, Unusable

        if not no_log or not isinstance(exc, (HistoryError, Unusable)):
            raise
        # --no-log, the way round an unusable history: the workout runs without it.
        env.warn(f"{exc}; today's workout is the routine, not the program's")
        today = None
    if today is not None:
        ids = [ladder.exercise_id for ladder in today.today.ladders]
        chosen = resolve(catalog, routine=None, exercise_ids=ids, challenge=False,
                         each=today.today.overrides())
        options = Options(rest=rest, levels=today.today.levels())
    else:
        chosen = resolve(catalog, routine=routine, exercise_ids=exercises, challenge=challenge)
        options = Options(reps=reps, sets=sets, rest=rest)
        # Swapped ones are harder variants (they name an easier one); say which stayed.
        same = [e.name for e in chosen if e.challenge is None and e.easier is None]
        if challenge and same:
            env.note(f"no harder variant of {', '.join(same)}: done as it is")
    if compare and len(chosen) != 1:
        raise HeelError("--compare takes one exercise: heel workout --compare -e bridge")
    if compare and chosen[0].hold_seconds is not None:
        raise HeelError(f"--compare needs an exercise with reps, not a held stretch "
                        f"({chosen[0].id}): heel workout --compare -e bridge")
    plan = compare_timeline(chosen[0], options) if compare else compile_timeline(chosen, options)
    if dry_run:  # without the session, the history or sqlite3 (bench/dryrun.py)
        if as_json:
            from heelcli.text.steps import plan_dict

            env.print_json(plan_dict(plan))
        else:
            from heelcli.screen import charset, view

            env.console.print(view.plan_preview(plan, charset.for_encoding(env.console.encoding)))
        return
    from heelcli.flows import guided_workout

    speak_with = None
    if voice or voice_cmd is not None:
        from heelcli.screen.voice import find_command

        speak_with = find_command(voice_cmd)
    default_routine = catalog.routines[0].id if catalog.routines else None
    code = guided_workout.run(env, catalog, plan, guided_workout.WorkoutChoices(
        routine=None if exercises else routine or default_routine, compare=compare,
        log=not no_log, checkin=not no_checkin, as_json=as_json, ask_to_start=not yes,
        bell=bell, plain=plain, speak_with=speak_with, safety=show_safety, program=today,
        figure=not no_figure))
    if code:
        env.abort(code=code)


def _flare_today(ctx: click.Context) -> bool:
    """Whether the running program's next workout is a flare day."""
    env = env_of(ctx)
    if not env.has_history():
        return False
    from heelcli.engine import coach
    with env.reading() as log:
        program = log.active_program()
        return program is not None and \
            coach.plan_today(log, catalog_of(ctx), program, tz=env.zone).plan.flare is not None


def _program_today(ctx: click.Context, *, dry_run: bool, as_json: bool,
                   yes: bool) -> ProgramRun | None:
    """Today's prescription when a program runs (heelcli.flows.guided_workout.program_today)."""
    if not env_of(ctx).has_history():  # no history, no program: read nothing
        return None
    from heelcli.flows import guided_workout

    return guided_workout.program_today(env_of(ctx), catalog_of(ctx), dry_run=dry_run,
                               as_json=as_json, yes=yes)


def _level(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    """Complete `EXERCISE=` for --level from the program's exercises; never fail."""
    from heelcli.engine import coach

    try:
        found = coach.ladders(catalog_of(ctx))
    except Exception:  # a broken file must not break the shell
        return []
    return [f"{ladder.exercise_id}=" for ladder in found
            if ladder.exercise_id.startswith(incomplete.lower())]


@click.group(cls=HeelSubGroup, invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print the program as JSON.")
@file_option
@click.pass_context
def program(ctx: click.Context, as_json: bool) -> None:
    """Follow a program: today's workout, levels that move, pain checks.

    With no subcommand, shows this week (planned, done, missed days),
    today's prescription with each exercise's level, the last change and
    why, recent pain ratings and what it takes to move up. While a
    program runs, `heel workout` with no exercise options does today's
    prescription. heel why progression explains the rules.

    \b
    Examples:
      heel program start                  # mon,wed,fri, level 1
      heel program start --days tue,thu,sat --pain-limit 4
      heel program                        # this week and today
      heel program --json
      heel program stop
    """
    if ctx.invoked_subcommand is not None:
        return
    from heelcli.engine import coach
    from heelcli.screen import program_page

    env = env_of(ctx)
    catalog = catalog_of(ctx)
    if not as_json and env.stdin_isatty:  # the morning question needs a keyboard
        from heelcli.flows import guided_workout

        guided_workout.settle_first(env, catalog)
    with env.reading() as log:
        found = log.active_program()
        if found is None:
            if as_json:
                env.print_json({"program": None})
            else:
                env.out(program_page.NO_PROGRAM)
            return
        status = coach.status(log, catalog, found, now=env.now(), tz=env.zone)
    if as_json:
        from heelcli.text.rules import Words

        env.print_json(status.to_dict(Words(coach.names(catalog))))
    else:
        env.console.print(program_page.page(status, coach.names(catalog)))


@program.command(cls=HeelCommand)
@click.option("--days", metavar="DAYS", default="mon,wed,fri", show_default=True,
              help="Planned days, comma separated.")
@click.option("--pain-limit", metavar="N", default="5", show_default=True,
              callback=_bounded(0, 100, whole=True),  # check_pain_limit says why not over 5
              help="Pain (0-5) above which a level goes down and the next day is a flare day.")
@click.option("--level", "levels", multiple=True, metavar="EXERCISE=N", shell_complete=_level,
              help="Start an exercise at level N (default 1); repeat for several.")
@click.option("--restart", is_flag=True,
              help="Stop the running program and start this one, levels from the start.")
@click.pass_context
def start(ctx: click.Context, days: str, pain_limit: int, levels: tuple[str, ...],
          restart: bool) -> None:
    """Start a program. A running one is replaced only with --restart, since
    its levels start again.

    \b
    Examples:
      heel program start
      heel program start --days mon,wed,fri --pain-limit 4
      heel program start --level bridge=3 --level split-squat=2
      heel program start --days tue,thu,sat --restart
    """
    from rich.text import Text

    from heelcli.engine import coach
    from heelcli.engine.errors import HeelError
    from heelcli.engine.progression import check_pain_limit, starting_levels
    from heelcli.engine.schedule import parse_days
    from heelcli.text.rules import back_to_back_warning

    env = env_of(ctx)
    catalog = catalog_of(ctx)
    schedule = parse_days(days)
    limit = check_pain_limit(int(pain_limit))
    ladders = coach.ladders(catalog)
    first = starting_levels(levels, ladders)
    if (warning := back_to_back_warning(schedule)) is not None:
        env.warn(warning)
    store = env.open_store()
    running = store.active_program()
    if running is not None and not restart:
        store.close()
        raise HeelError(f"a program is running since {running.started}; starting again puts "
                        "every exercise back to its first level (or --level). To do that: "
                        "heel program start --restart (or heel program stop first)")
    with store.translated():
        try:
            store.start_program(started_at=env.now(), days=schedule.days, pain_limit=limit,
                                levels=first)
        finally:
            store.close()
    env.console.print(Text(f"Program started: {schedule.text()}, pain limit {limit}/10. "
                           "heel workout does today's prescription; heel program shows it."))


@program.command(cls=HeelCommand)
@click.pass_context
def stop(ctx: click.Context) -> None:
    """Stop the running program; its history stays.

    \b
    Examples:
      heel program stop
    """
    env = env_of(ctx)
    stopped = _with_store(env, lambda store: store.stop_program(at=env.now()) is not None)
    env.out("Program stopped." if stopped else "No program running.")


def _with_store(env: Environment, change: Callable[[Store], bool]) -> bool:
    """`change` made to the history, if there is one; False when there is none (a
    command that changes a program never makes an empty history for nothing)."""
    if not env.has_history():
        return False
    store = env.open_store()
    with store.translated():
        try:
            return change(store)
        finally:
            store.close()


@program.command(cls=HeelCommand)
@click.pass_context
def resume(ctx: click.Context) -> None:
    """Resume a program paused by two flares within 14 days, at today's levels.

    Pausing is heel's caution: see a physiotherapist or a doctor first
    if the pain persists.

    \b
    Examples:
      heel program resume
    """
    env = env_of(ctx)

    def resume_running(store: Store) -> bool:
        if (program := store.active_program()) is None:
            return False
        store.resume_program(program.id, at=env.now())
        return True

    env.out("Program resumed: heel workout does today's prescription."
            if _with_store(env, resume_running) else "No program running.")


@click.command(cls=HeelCommand)
@click.option("--json", "as_json", is_flag=True, help="Print the sessions and streaks as JSON.")
@click.option("--csv", "as_csv", is_flag=True, help="Print the sessions as CSV.")
@click.option("--limit", "-n", metavar="N", callback=_bounded(1, None, whole=True),
              help="How many recent sessions to show [default: 10; with --csv or --json, "
                   "all of them].")
@click.pass_context
def history(ctx: click.Context, as_json: bool, as_csv: bool, limit: int | None) -> None:
    """Show your recent workouts, streaks and sessions per week.

    The log lives in your user data directory, or in $HEEL_HOME; this
    command only reads it.

    \b
    Examples:
      heel history
      heel history --limit 30
      heel history --csv > workouts.csv
    """
    from heelcli.engine.errors import HeelError
    from heelcli.screen import history_page

    if as_json and as_csv:
        raise HeelError("--json and --csv: pick one")
    env = env_of(ctx)
    stdout = env.stdout
    with env.reading() as log:
        if as_csv:
            if stdout is not None:
                history_page.write_csv(log.as_csv(limit), stdout)
            return
        today = env.today()  # in the user's zone, as the page shows
        program = log.active_program()
        # In SQLite: reads what the page shows, not the history; the program's streak with
        # the others, so the weeks it covers are probed once (not through engine.coach,
        # which loads the rules).
        found = log.facts(today, program=program)
        if program is not None:
            from heelcli.engine.schedule import Schedule

            found = found._replace(program_days=Schedule(program.days).text())
        if as_json:
            if stdout is not None:
                history_page.write_json(log.as_json(limit), found, stdout)
            return
        recent = list(log.sessions(limit or history_page.RECENT))
        if not recent:
            env.out(history_page.EMPTY)
        else:
            env.console.print(history_page.page(recent, found, env.console.width, env.zone,
                                                  today=env.today()))


@click.command(cls=HeelCommand)
@click.argument("paths", nargs=-1, metavar="[PATH]...")
@file_option
@click.pass_context
def check(ctx: click.Context, paths: tuple[str, ...]) -> None:
    """Check exercise files and report every problem in them.

    Each problem is printed as PATH:LINE:COL: message. Exit code 0 when
    every file is valid, 2 otherwise. With no PATH, checks the file the
    other commands use: --file or HEEL_EXERCISES, else the built-in one.

    \b
    Examples:
      heel check my-routine.yaml
      heel check *.yaml
      heel check
    """
    from heelcli.engine.catalog import default_path, load
    from heelcli.engine.errors import CatalogError, sanitise

    env = env_of(ctx)
    failed = False
    in_use = env.catalog_path  # as `heel list` reads it
    for path in paths or [default_path() if in_use is None else in_use]:
        try:
            catalog = load(path)
        except CatalogError as exc:
            failed = True
            for problem in exc.problems:
                env.out(str(problem))
        else:
            env.out(sanitise(f"{path}: ok ({count(len(catalog.exercises), 'exercise')}, "
                                f"{count(len(catalog.topics), 'topic')}, "
                                f"{count(len(catalog.routines), 'routine')})"))
    if failed:
        env.abort(code=EXIT_USAGE)


# The commands of this module by name; the group adds those of heelcli.cli.followup.
BY_NAME: dict[str, click.Command] = {
    "workout": workout, "list": list_, "why": why, "history": history, "program": program,
    "check": check}
