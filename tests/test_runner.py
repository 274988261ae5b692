from __future__ import annotations

import math

import pytest

from heelcli.engine.catalog import load
from heelcli.engine.runner import Runner
from heelcli.engine.timeline import PHASE, REST, Options, compile_timeline, resolve

from .conftest import MINI, FakeClock, ScriptedKeys


@pytest.fixture(scope="module")
def catalog():
    return load(MINI)


def make_plan(catalog, *ids, **opts):
    chosen = resolve(catalog, routine=None, exercise_ids=ids, challenge=False)
    return compile_timeline(chosen, Options(ready_seconds=5, switch_seconds=2, **opts))


def run(plan, script=(), on_tick=None):
    clock = FakeClock()
    keys = ScriptedKeys(clock, list(script))
    seen = []
    entered = []

    def tick(t):
        seen.append(t)
        if on_tick:
            on_tick(clock, t)

    runner = Runner(plan, clock=clock, keys=keys, on_tick=tick,
                    on_step=lambda t: entered.append(t.index))
    return runner.run(), seen, entered, keys


def test_a_whole_workout_runs_every_step_in_order_and_takes_the_planned_time(catalog):
    plan = make_plan(catalog, "lift", "curl")
    summary, _, entered, keys = run(plan)
    assert entered == list(range(len(plan.steps)))
    assert summary.completed
    assert summary.seconds == pytest.approx(plan.total_seconds)
    assert [(d.exercise_id, d.reps_done, d.reps_planned, d.sets_done)
            for d in summary.exercises] == [("lift", 6, 6, 2), ("curl", 4, 4, 1)]
    # Every wait really waits, and no longer than a second: a tick at each whole second.
    assert max(keys.waits) <= 1.0 and min(keys.waits) > 0


def test_the_session_wakes_once_for_each_second_shown_and_never_in_between(catalog):
    plan = make_plan(catalog, "lift", "curl")
    _, ticks, _, keys = run(plan)
    shown = [(t.index, math.ceil(t.remaining)) for t in ticks]
    # Each second of each step is shown, at its start...
    assert shown == [(i, s) for i, step in enumerate(plan.steps)
                     for s in range(math.ceil(step.seconds), 0, -1)]
    assert all(t.remaining in (pytest.approx(t.step.seconds), pytest.approx(round(t.remaining)))
               for t in ticks)  # a step's start, or the moment a whole second is reached
    # ...and each costs one wake-up: one wait a second (the old loop waited four times).
    assert len(keys.waits) == len(ticks) < 1.1 * plan.total_seconds


def test_slow_frames_do_not_make_the_session_drift(catalog):
    plan = make_plan(catalog, "lift")

    def slow_render(clock, tick):
        clock.now += 0.07  # drawing a frame takes time; deadlines must absorb it

    summary, *_ = run(plan, on_tick=slow_render)
    assert summary.seconds == pytest.approx(plan.total_seconds, abs=0.1)


def test_countdown_shows_the_time_left_in_the_current_phase(catalog):
    plan = make_plan(catalog, "lift")
    _, ticks, _, _ = run(plan)
    first_up = next(t for t in ticks if t.step.kind == PHASE)
    assert first_up.step.title == "Up" and first_up.remaining == pytest.approx(2.0)
    assert [t.remaining for t in ticks[:3]] == pytest.approx([5.0, 4.0, 3.0])


def test_pause_freezes_the_countdown_and_resume_continues_with_the_time_left(catalog):
    plan = make_plan(catalog, "lift")
    # Pause 1 s into the get-ready countdown for 30 s, then resume.
    summary, ticks, _, _ = run(plan, script=[(1.0, " "), (31.0, "p")])
    paused = [t for t in ticks if t.paused]
    assert paused and all(t.remaining == pytest.approx(4.0) for t in paused)
    last_paused = max(i for i, t in enumerate(ticks) if t.paused)
    after = ticks[last_paused + 1]
    assert not after.paused and after.remaining == pytest.approx(4.0)
    assert summary.seconds == pytest.approx(plan.total_seconds + 30)
    assert summary.reps_done == 6


def test_next_skips_the_rest_of_the_rep_and_it_does_not_count(catalog):
    plan = make_plan(catalog, "lift", sets=1)
    # 5 s get ready, then rep 1 "Up" starts; press n half-way through it.
    summary, _, entered, _ = run(plan, script=[(6.0, "n")])
    steps = [plan.steps[i] for i in entered]
    assert [(s.title, s.rep) for s in steps[1:4]] == [("Up", 1), ("Up", 2), ("Down", 2)]
    assert summary.exercises[0].reps_done == 2
    assert summary.completed


def test_skip_exercise_jumps_to_the_next_exercise(catalog):
    plan = make_plan(catalog, "lift", "curl")
    summary, _, entered, _ = run(plan, script=[(6.0, "s")])
    steps = [plan.steps[i] for i in entered]
    assert steps[2].exercise.id == "curl" and steps[2].kind == "ready"
    assert REST not in {s.kind for s in steps[:2]}
    assert [(d.exercise_id, d.reps_done) for d in summary.exercises] == [("lift", 0), ("curl", 4)]


def test_quit_stops_at_once_and_counts_only_what_was_done(catalog):
    plan = make_plan(catalog, "lift")
    # get ready 5 s + two full reps (3 s each) + 1 s into the third
    summary, _, _, _ = run(plan, script=[(12.0, "q")])
    assert not summary.completed
    assert summary.reps_done == 2
    assert summary.seconds == pytest.approx(12.0)


def test_help_key_shows_and_hides_the_key_list(catalog):
    plan = make_plan(catalog, "curl")
    _, ticks, _, _ = run(plan, script=[(1.0, "?"), (2.0, "?")])
    shown = [t for t in ticks if t.help]
    assert len(shown) == 1  # shown at 1 s, then nothing to redraw until ? is pressed again
    assert not ticks[-1].help


def test_a_long_gap_between_ticks_pauses_instead_of_finishing_steps(catalog):
    plan = make_plan(catalog, "lift")
    slept = []

    def laptop_sleeps(clock, tick):
        if not slept and tick.remaining < 4:
            slept.append(tick.remaining)
            clock.now += 60

    summary, ticks, _, _ = run(plan, on_tick=laptop_sleeps, script=[(100.0, " ")])
    paused = [t for t in ticks if t.paused]
    assert paused and paused[0].index == 0
    assert paused[0].remaining == pytest.approx(slept[0])
    assert summary.reps_done == 6


def test_a_suspended_session_comes_back_paused_with_the_time_it_had(catalog):
    plan = make_plan(catalog, "lift")
    clock = FakeClock()

    class Suspending(ScriptedKeys):
        def wait(self, timeout):
            if self.clock.now >= 1002.0 and not hasattr(self, "done"):
                self.done = True
                self.clock.now += 300  # stopped with Ctrl-Z for five minutes
                return "suspended"
            return super().wait(timeout)

    keys = Suspending(clock, [(310.0, " ")])
    ticks = []
    summary = Runner(plan, clock=clock, keys=keys, on_tick=ticks.append).run()
    paused = [t for t in ticks if t.paused]
    assert paused and paused[0].remaining == pytest.approx(3.0)
    assert summary.seconds == pytest.approx(plan.total_seconds + 308)
    assert summary.reps_done == 6


def test_ticks_land_on_whole_seconds_so_the_digits_turn_on_time(catalog):
    plan = make_plan(catalog, "lift")

    def slow_render(clock, tick):
        clock.now += 0.07  # frames take time, which would put ticks off the second

    _, ticks, _, _ = run(plan, on_tick=slow_render)
    ready = [round(t.remaining, 6) for t in ticks if t.index == 0]
    assert {4.0, 3.0, 2.0, 1.0} <= set(ready)


def test_each_finished_set_reports_what_was_done_per_exercise_and_side(catalog):
    plan = make_plan(catalog, "lift", "curl")
    clock = FakeClock()
    reports = []
    summary = Runner(plan, clock=clock, keys=ScriptedKeys(clock), on_set=reports.append).run()
    assert len(reports) == 4  # lift sets 1 and 2, curl left and right
    assert [(p.exercise_id, p.side, p.sets_done, p.reps_done) for p in reports[1]] == [
        ("lift", "", 2, 6)]
    assert [(p.exercise_id, p.side, p.sets_done, p.reps_done, p.seconds)
            for p in summary.parts] == [("lift", "", 2, 6, 18.0), ("curl", "left", 1, 2, 3.0),
                                        ("curl", "right", 1, 2, 3.0)]
