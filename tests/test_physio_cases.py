"""What a physiotherapist would check, case by case (issue 19): histories written through
the store's own API with their dates, the clock given to every decision, the rules of
engine.progression applied by engine.coach as `heel workout` applies them.

The 12-week program at the end prints its level table by week with `pytest -s`."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta, timezone

import pytest
from click.testing import CliRunner

from heelcli.cli.group import cli
from heelcli.engine import coach, progression
from heelcli.engine.catalog import default_path, load
from heelcli.engine.program_status import ProgramStatus
from heelcli.engine.records import LevelChange, Part
from heelcli.screen import program_page
from heelcli.store.history import FILE_NAME, Store
from heelcli.text.rules import Words, rules_text

UTC = timezone.utc
CATALOG = load(default_path())
IDS = [ladder.exercise_id for ladder in coach.ladders(CATALOG)]
NAMES = coach.names(CATALOG)
MON = date(2027, 3, 1)  # a Monday


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


class Clinic:
    """One person's program, day by day: sessions, next-morning answers, decisions."""

    def __init__(self, home, *, levels: dict[str, int] | None = None, limit: int = 5,
                 start: date = MON) -> None:
        self.store = Store(home / FILE_NAME)
        first = dict.fromkeys(IDS, 1) | (levels or {})
        self.pid = self.store.start_program(started_at=at(start, 7), days=(0, 2, 4),
                                            pain_limit=limit, levels=first)
        self.log: list[tuple[date, str, list[LevelChange]]] = []

    @property
    def program(self):
        program = self.store.active_program()
        assert program is not None
        return program

    def today(self, day: date, hour: int = 9) -> coach.Today:
        return coach.plan_today(self.store, CATALOG, self.program, now=at(day, hour), tz=UTC)

    def session(self, day: date, *, pain: int = 0, effort: str = "easy", felt: str = "back",
                hour: int = 9) -> list[LevelChange]:
        now = at(day, hour)
        plan = self.today(day, hour)
        for change in plan.break_changes:  # as guided_workout.program_today stores them
            self.store.set_level(self.pid, change, at=now)
        plan = self.today(day, hour) if plan.break_changes else plan
        rows = plan.rows({})
        sid = self.store.start(started_at=now, routine=None, exercises=[r[0] for r in rows],
                               program_id=self.pid, levels=rows,
                               flare=plan.plan.flare is not None)
        self.store.update(sid, [Part(block, r[0], r[0], "", 1, r[3], 60.0)
                                for block, r in enumerate(rows)], 600.0, "completed")
        self.store.check_in(sid, felt=felt, effort=effort, pain=pain)
        return self.decide(now, "session")

    def morning(self, day: date, pain: int = 0, stiffness: int = 0,
                hour: int = 8) -> list[LevelChange] | None:
        """The next-morning answer, if heel asks it then; None if it does not."""
        now = at(day, hour)
        entries = self.store.program_entries(self.pid)
        last = coach.unanswered(entries, now=now, tz=UTC)
        if last is None:
            return None
        settled = coach.settled_now(entries, last.session_id, pain, self.program)
        self.store.morning_pain(last.session_id, pain=pain, at=now, settled=settled)
        self.store.morning_stiffness(last.session_id, stiffness)
        return self.decide(now, "morning")

    def decide(self, now: datetime, what: str) -> list[LevelChange]:
        changes = [Words(NAMES).level_change(d)
                   for d in coach.decide(self.store, CATALOG, self.program, at=now, tz=UTC)]
        for change in changes:
            self.store.set_level(self.pid, change, at=now)
        self.log.append((now.date(), what, changes))
        return changes

    def levels(self) -> dict[str, int]:
        return self.store.current_levels(self.pid)

    def record(self, day: date, hour: int = 12) -> ProgramStatus:
        return coach.status(self.store, CATALOG, self.program, now=at(day, hour), tz=UTC)

    def status(self, day: date, hour: int = 12) -> dict:
        """As `heel program --json` prints it."""
        return self.record(day, hour).to_dict(Words(NAMES))


@pytest.fixture
def clinic(tmp_path):
    c = Clinic(tmp_path)
    yield c
    c.store.close()


def d(n: int) -> date:
    return MON + timedelta(days=n)


def moves(changes):
    return [(c.exercise, c.level, c.reason) for c in changes]


# 1. The pain limit is 0-5.

@pytest.mark.parametrize("limit", [6, 8, 10])
def test_a_pain_limit_over_5_is_refused_with_the_reason(limit):
    result = CliRunner().invoke(cli, ["program", "start", "--pain-limit", str(limit)])
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert "from 0 to 5" in line and "Silbernagel" in line and "Traceback" not in line


def test_pain_6_is_never_within_the_limit(tmp_path):
    c = Clinic(tmp_path, levels={"bridge": 3})
    c.session(d(0))
    changes = c.session(d(2), pain=6)
    assert moves(changes) == [("bridge", 2, "pain-over-limit")]
    assert c.today(d(4)).plan.flare is not None


# 2. The 24-hour response gates every step up.

def test_no_step_up_after_pain_free_sessions_until_a_settled_next_morning(clinic):
    assert clinic.session(d(0)) == []
    assert clinic.morning(d(1)) == []
    assert clinic.session(d(2)) == []  # pain 0, easy twice: still waits for the morning
    [up] = clinic.morning(d(3))
    assert up.reason == "easy"


@pytest.mark.parametrize(("day", "hour", "asked"), [
    (0, 22, False),  # the same evening: too soon
    (1, 7, True),  # the next calendar day
    (2, 9, True),  # 48 hours after
    (2, 10, False),  # later: unknown
])
def test_the_next_morning_is_asked_from_the_next_day_until_48_hours(clinic, day, hour,
                                                                      asked):
    clinic.session(d(0))
    assert (clinic.morning(d(day), hour=hour) is not None) is asked


def test_an_unanswered_morning_is_no_step_up_and_no_flare(clinic):
    clinic.session(d(0))
    clinic.morning(d(1))
    clinic.session(d(2))
    assert clinic.morning(d(5)) is None  # too late to ask
    assert clinic.levels() == dict.fromkeys(IDS, 1)
    assert clinic.today(d(7)).plan.flare is None


def test_morning_pain_higher_than_the_morning_before_is_not_settled(clinic):
    clinic.session(d(0))
    clinic.morning(d(1), pain=1)
    clinic.session(d(2))
    clinic.morning(d(3), pain=3)  # within the limit, but higher than before
    assert clinic.store.program_entries(clinic.pid)[-1].settled is False
    assert clinic.today(d(4)).plan.flare.cause == "not-settled"


def test_the_morning_answer_is_kept_as_two_numbers(clinic):
    clinic.session(d(0))
    clinic.morning(d(1), pain=2, stiffness=4)
    last = clinic.store.program_entries(clinic.pid)[-1]
    assert (last.morning_pain, last.morning_stiffness, last.settled) == (2, 4, True)


# 3. Week to week.

def test_a_week_of_rising_morning_stiffness_holds_every_step_up(clinic):
    for n in (0, 2, 4):  # week 1: stiffness 0
        clinic.session(d(n))
        clinic.morning(d(n + 1))
    clinic.session(d(7))
    changes = clinic.morning(d(8), stiffness=1)
    assert changes == []
    nexts = {n["exercise"]: n["reason"] for n in clinic.status(d(8))["next"]}
    assert "week-rising" in nexts.values()


def test_a_rise_of_2_steps_the_most_recently_raised_exercise_down(clinic):
    for n in (0, 2, 4):
        clinic.session(d(n))
        clinic.morning(d(n + 1))
    raised = [c.exercise for c in clinic.log[-1][2] + clinic.log[-3][2] if c.reason == "easy"]
    clinic.session(d(7))
    [down] = clinic.morning(d(8), pain=0, stiffness=3)
    assert (down.reason, down.exercise) == ("week-rise", raised[0])


# 4. One change at a time.

def test_one_exercise_steps_up_per_decision_the_one_that_waited_longest(clinic):
    ups = []
    for n in (0, 2, 4, 7, 9, 11):
        clinic.session(d(n))
        ups.append(moves(clinic.morning(d(n + 1))))
    assert all(len(u) <= 1 for u in ups)
    assert [u[0][0] for u in ups if u] == IDS[:len([u for u in ups if u])]


def test_on_a_flare_the_exercise_changed_last_goes_down_alone(clinic):
    clinic.session(d(0))
    clinic.morning(d(1))
    clinic.session(d(2))
    [up] = clinic.morning(d(3))
    [down] = clinic.session(d(4), pain=7)
    assert (down.exercise, down.level, down.reason) == (up.exercise, 1, "pain-over-limit")


def test_all_go_down_on_a_flare_when_none_changed_in_the_last_week(tmp_path):
    c = Clinic(tmp_path, levels=dict.fromkeys(IDS, 3))
    c.session(d(7), pain=7)
    assert {x.exercise for x in c.log[-1][2]} == {i for i in IDS if c.levels()[i] == 2}
    assert len(c.log[-1][2]) >= 3  # every exercise with room to go down


# 5. One counted session a day, a day between.

@pytest.mark.parametrize("second", [(0, 18), (1, 9)])  # the same day; the next day
def test_two_sessions_too_close_count_once_toward_a_step_up(clinic, second):
    clinic.session(d(0))
    clinic.session(d(second[0]), hour=second[1])
    assert clinic.morning(d(2)) == []


# 6. Breaks.

def test_after_a_week_off_the_first_session_back_never_steps_up(clinic):
    clinic.session(d(0))
    clinic.morning(d(1))
    clinic.session(d(9))  # 9 days later
    assert clinic.morning(d(10)) == []
    clinic.session(d(11))
    assert len(clinic.morning(d(12))) == 1


def test_after_two_weeks_off_the_program_resumes_one_level_lower(tmp_path):
    c = Clinic(tmp_path, levels=dict.fromkeys(IDS, 3))
    c.session(d(0))
    c.morning(d(1))
    data = c.status(d(16))
    assert data["break"]["days"] == 16
    assert {x["exercise"]: x["level"] for x in data["break"]["lowered"]} == {
        i: 2 for i in IDS if c.levels()[i] == 3}
    c.session(d(16))
    assert all(c.levels()[i] == 2 for i in IDS if data["today"]["exercises"])
    assert c.status(d(17))["break"] is None  # said and done once


# 7. True flare days.

def test_a_flare_day_two_levels_up_the_ladder_runs_two_levels_down(tmp_path):
    c = Clinic(tmp_path, levels={"bridge": 5})
    c.session(d(0), pain=7)
    planned = dict(zip(IDS, c.today(d(2)).plan.planned, strict=True))
    bridge = planned["bridge"]
    assert (bridge.dose, bridge.prescription.level) == ("down", bridge.level - 2)


def test_a_flare_day_at_the_bottom_is_a_reduced_dose_not_the_same_one(clinic):
    clinic.session(d(0), pain=7)
    plan = clinic.today(d(2))
    for ladder, p in zip(plan.ladders, plan.plan.planned, strict=True):
        own = ladder.prescription(1)
        assert p.dose in ("reduced", "rest")
        assert p.prescription.reps * p.prescription.sets * (p.prescription.hold_seconds or 1) \
            < own.reps * own.sets * (own.hold_seconds or 1)
    data = clinic.record(d(2))
    assert {e.dose for e in data.today.exercises} <= {"reduced", "rest"}
    page = _page(data)
    assert "two levels down" not in page and "fewer reps or shorter holds" in page


def test_on_a_rest_day_the_page_says_the_next_workout_is_the_flare_day(clinic):
    clinic.session(d(0), pain=7)
    page = _page(clinic.record(d(1)))  # Tuesday: a rest day
    assert "Flare day next" in page and "at the next planned workout" in page


def test_two_flares_within_14_days_pause_the_program_until_resumed(clinic):
    clinic.session(d(0), pain=7)
    clinic.session(d(2))
    clinic.session(d(4), pain=8)
    data = clinic.status(d(5))
    assert data["paused"] == {"since": d(4).isoformat(), "resume": "heel program resume"}
    assert "physiotherapist or a doctor" in _page(clinic.record(d(5)))
    clinic.store.resume_program(clinic.pid, at=at(d(6)))
    assert clinic.status(d(6))["paused"] is None


def _page(data: ProgramStatus) -> str:
    from rich.console import Console

    console = Console(width=200, color_system=None, record=True, file=io.StringIO())
    console.print(program_page.page(data, NAMES))
    return console.export_text()


# 8. Return after a flare.

def test_the_level_that_flared_is_not_tried_again_within_a_week(tmp_path):
    c = Clinic(tmp_path, levels={"bridge": 4})
    c.session(d(0), pain=7)  # bridge 4 -> 3 with the others (none changed lately)
    flared_on = d(0)
    for n in (2, 4, 7, 9, 11):
        c.session(d(n))
        c.morning(d(n + 1))
        if c.levels()["bridge"] == 4:
            assert (d(n + 1) - flared_on).days >= progression.SETTLED_WEEK
            break
    else:
        pytest.fail("the bridge never went back to level 4")


# 9. The page on a day already done.

def test_the_page_on_a_day_already_done_says_so_and_names_the_next_day(clinic):
    clinic.session(d(0))
    data = clinic.record(d(0), hour=20)
    assert data.today.done is True
    assert "done; the next planned day is wed 3" in _page(data)


# 10. heel why progression's rules, with their sources.

def test_every_rule_is_said_in_plain_words_with_its_source():
    text = " ".join(rules_text())
    for phrase in ("Silbernagel et al. 2007", "two-for-two", "NSCA", "heel's own caution",
                   "physiotherapist or a doctor", "48 hours", "one level lower"):
        assert phrase in text


def _why_progression(*options: str) -> str:
    result = CliRunner().invoke(cli, ["why", "progression", *options])
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())


def test_heel_why_progression_prints_every_rule_as_the_program_applies_it():
    shown = _why_progression()
    assert shown.startswith("How your program moves you on")
    for rule in rules_text():
        assert " ".join(rule.split()) in shown, rule[:40]
    # The old rules are gone: no flare day says "every exercise two levels down".
    assert "every exercise two levels down" not in shown


def test_heel_why_progression_says_the_rules_for_a_file_without_the_topic(tmp_path):
    with open(default_path(), encoding="utf-8") as built_in:
        text = built_in.read()
    start = text.index("  - id: progression\n")
    path = tmp_path / "mine.yaml"
    path.write_text(text[:start] + text[text.index("exercises:\n", start):], encoding="utf-8")
    assert load(str(path)).topic("progression") is None
    shown = _why_progression("--file", str(path))
    assert shown.startswith("How your program moves you on")
    assert all(" ".join(rule.split()) in shown for rule in rules_text())


# The done-when: 12 weeks, 3 sessions a week, one flare in week 5.

def twelve_weeks(home) -> Clinic:
    c = Clinic(home)
    for week in range(12):
        for n in (0, 2, 4):
            day = d(7 * week + n)
            flare = week == 4 and n == 0
            c.session(day, pain=7 if flare else 1 if week == 4 else 0)
            c.morning(day + timedelta(days=1), pain=0, stiffness=1)
    return c


def level_table(c: Clinic) -> str:
    rows = c.store.db.execute(
        "SELECT exercise, level, at, reason FROM levels WHERE program_id = ? ORDER BY rowid",
        (c.pid,)).fetchall()
    head = "week  " + "  ".join(f"{i[:12]:>12}" for i in IDS)
    lines = [head]
    levels = dict.fromkeys(IDS, 1)
    for week in range(12):
        end = at(d(7 * week + 7), 0).isoformat()
        changed = []
        for exercise, level, when, reason in rows:
            if d(7 * week).isoformat() <= when[:10] < end[:10]:
                levels[exercise] = level
                changed.append(f"{exercise} {reason}")
        lines.append(f"{week + 1:>4}  " + "  ".join(f"{levels[i]:>12}" for i in IDS)
                     + ("   " + "; ".join(changed) if changed else ""))
    return "\n".join(lines)


def test_twelve_weeks_move_one_exercise_at_a_time_each_up_earned_by_a_settled_morning(
        tmp_path):
    c = twelve_weeks(tmp_path)
    print("\n" + level_table(c))
    entries = {e.session_id: e for e in c.store.program_entries(c.pid, 100)}
    flare_day = d(28)
    for day, what, changes in c.log:
        ups = [x for x in changes if x.reason == "easy"]
        assert len(ups) <= 1  # one change at a time
        if ups:
            assert what == "morning"  # only a next-morning answer steps up ...
            answered = [e for e in entries.values() if e.morning_at is not None
                        and e.morning_at.date() == day]
            assert answered and answered[-1].settled is True  # ... a settled one
        downs = [x for x in changes if x.reason != "easy"]
        if downs:
            assert day == flare_day
    flare_downs = [x for _, _, ch in c.log for x in ch if x.reason == "pain-over-limit"]
    assert len(flare_downs) == 1
    [flared] = flare_downs
    back = [(day, x) for day, _, ch in c.log for x in ch
            if x.exercise == flared.exercise and x.level == flared.level + 1 and day > flare_day]
    assert all((day - flare_day).days >= 7 for day, _ in back)
    assert sum(len([x for x in ch if x.reason == "easy"]) for _, _, ch in c.log) >= 8


# 7, in the report: a flare day says what each exercise really ran.

def _report_notes(c: Clinic, today: date) -> list[str]:
    from heelcli.flows.gather_report import gather

    data = gather(c.store, CATALOG, today=today, zone=UTC, weeks=2)
    return [n.text for n in data.notes]


def test_the_report_says_a_flare_day_at_the_bottom_ran_a_reduced_dose_or_rest(clinic):
    clinic.session(d(0), pain=7)
    plan = clinic.today(d(2))  # what flare_dose gives that day, exercise by exercise
    clinic.session(d(2))  # the flare day, every exercise at level 1
    [note] = [n for n in _report_notes(clinic, d(3)) if n.startswith("Flare day")]
    assert "levels down" not in note and "easier than its level" not in note
    assert "reduced" in {p.dose for p in plan.plan.planned} <= {"reduced", "rest"}
    for ladder, planned in zip(plan.ladders, plan.plan.planned, strict=True):
        name = NAMES[ladder.exercise_id]
        said = {"reduced": f"{name} at level 1 with a reduced dose (",
                "rest": f"{name} rested"}[planned.dose]
        assert said in note


def test_the_report_says_which_exercise_ran_two_levels_down_on_a_flare_day(tmp_path):
    c = Clinic(tmp_path, levels={"bridge": 5})
    c.session(d(0), pain=7)  # all go down one (none changed lately): bridge 5 -> 4
    c.session(d(2))  # the flare day: bridge at level 4 runs level 2
    [note] = [n for n in _report_notes(c, d(3)) if n.startswith("Flare day")]
    bridge = next(ladder for ladder in coach.ladders(CATALOG) if ladder.exercise_id == "bridge")
    assert f"Bridge two levels down (level 2, {bridge.level(2).reps} reps x" in note
    assert "Bridge at level" not in note
    c.store.close()


# 11. The report of the 12 weeks on one printed page.

def _pages(html: str, folder, size: str) -> int:
    """Pages of `html` printed to PDF by headless Chromium on `size` paper."""
    import re
    import shutil
    import subprocess

    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    page = folder / f"report-{size}.html"
    # The paper size as a printer would be set: an @page size rule added for the print.
    page.write_text(html.replace("@page {", f"@page {{ size: {size};", 1), encoding="utf-8")
    pdf = folder / f"report-{size}.pdf"
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", f"--user-data-dir={folder / 'profile'}",
                    f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri()],
                   check=True, capture_output=True, timeout=120)
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))


def twelve_week_report(c: Clinic, fmt: str) -> str:
    from heelcli.flows.gather_report import gather
    from heelcli.formats import report

    c.store.add_measures(at(d(0)), [("chair-stands", 9)])
    c.store.add_measures(at(d(56)), [("chair-stands", 12), ("pain-knee", 2)])
    data = gather(c.store, CATALOG, today=d(83), zone=UTC, weeks=12)
    return report.render(data, fmt)  # type: ignore[arg-type]


@pytest.mark.skipif(not __import__("shutil").which("chromium"),
                    reason="headless Chromium is not installed (Debian: apt-get install "
                           "chromium); .ci/run installs it where it can")
@pytest.mark.parametrize("size", ["A4", "Letter"])
def test_the_twelve_week_report_prints_on_one_page(tmp_path, size):
    c = twelve_weeks(tmp_path)
    html = twelve_week_report(c, "html")
    assert "Flare day:" in html and "two levels down" not in html.split("Flare day:")[0][-5:]
    assert _pages(html, tmp_path, size) == 1
