from __future__ import annotations

import pytest

from heelcli.engine.catalog import load
from heelcli.engine.errors import HeelError
from heelcli.engine.timeline import PHASE, READY, REST, SWITCH, Options, compile_timeline, resolve
from heelcli.text import steps

from .conftest import MINI


@pytest.fixture(scope="module")
def catalog():
    return load(MINI)


def plan_for(catalog, *ids, challenge=False, **opts):
    chosen = resolve(catalog, routine=None, exercise_ids=ids, challenge=challenge)
    return compile_timeline(chosen, Options(ready_seconds=5, switch_seconds=2, **opts))


def outline(plan):
    return [(s.kind, steps.title(s), s.rep, s.set, s.side) for s in plan.steps]


def test_both_sides_exercise_runs_phases_per_rep_with_rest_between_sets(catalog):
    plan = plan_for(catalog, "lift")
    reps = [("phase", t, rep, set_no, None) for set_no in (1, 2) for rep in (1, 2, 3)
            for t in ("Up", "Down")]
    assert outline(plan) == [
        ("ready", "Get ready", 0, 0, None),
        *reps[:6],
        ("rest", "Rest", 0, 0, None),
        *reps[6:],
    ]
    rest = plan.steps[7]
    assert rest.seconds == 4 and steps.rest_leads_to(plan, 7) == "Lift, set 2/2"


def test_each_side_exercise_does_left_then_switches_to_right(catalog):
    plan = plan_for(catalog, "curl")
    assert [(s.kind, s.side, s.rep) for s in plan.steps] == [
        (READY, None, 0),
        (PHASE, "left", 1), (PHASE, "left", 2),
        (SWITCH, "right", 0),
        (PHASE, "right", 1), (PHASE, "right", 2),
    ]
    assert plan.steps[3].seconds == 2


def test_rest_between_exercises_names_what_comes_next(catalog):
    plan = plan_for(catalog, "curl", "lift")
    rest = next(i for i, s in enumerate(plan.steps) if s.kind == REST)
    assert steps.rest_leads_to(plan, rest) == "Lift" and plan.steps[rest].seconds == 5
    assert plan.steps[-1].kind == PHASE  # no rest after the last exercise


def test_total_is_the_sum_of_the_steps(catalog):
    plan = plan_for(catalog, "lift", "curl", "stretch")
    # lift: 5 ready + 2 sets x 3 reps x 3 s + 4 rest, then 4 rest before curl;
    # curl: 5 + 2 x 1.5 + 2 switch + 2 x 1.5, then 5 rest; stretch: 5 + 3 + 2 + 3.
    assert plan.total_seconds == 5 + 18 + 4 + 4 + 5 + 3 + 2 + 3 + 5 + 5 + 3 + 2 + 3
    assert steps.plan_dict(plan)["total_seconds"] == plan.total_seconds


def test_overrides_change_reps_sets_and_rest(catalog):
    plan = plan_for(catalog, "lift", reps=1, sets=3, rest=7)
    phases = [s for s in plan.steps if s.kind == PHASE]
    assert [(s.rep, s.reps, s.set, s.sets) for s in phases if s.ends_rep] == [
        (1, 1, 1, 3), (1, 1, 2, 3), (1, 1, 3, 3)]
    assert [s.seconds for s in plan.steps if s.kind == REST] == [7, 7]


def test_zero_rest_leaves_no_rest_steps(catalog):
    plan = plan_for(catalog, "lift", "curl", rest=0)
    assert REST not in {s.kind for s in plan.steps}


def test_challenge_swaps_in_the_harder_variant(catalog):
    plan = plan_for(catalog, "lift", "curl", challenge=True)
    assert [e.id for e in plan.exercises] == ["lift-hard", "curl"]


def test_hold_exercise_is_one_timed_hold_per_rep_and_side(catalog):
    plan = plan_for(catalog, "stretch")
    holds = [s for s in plan.steps if s.kind == PHASE]
    assert [(steps.title(s), s.seconds, s.side) for s in holds] == [
        ("Hold", 3, "left"), ("Hold", 3, "right")]


def test_heel_cues_rotate_from_rep_to_rep(catalog):
    plan = plan_for(catalog, "lift", sets=1)
    cues = [s.heel_cue for s in plan.steps if s.ends_rep]
    assert cues == ["Heels down.", "Squeeze.", "Heels down."]


def test_default_is_the_first_routine_and_unknown_ids_are_errors(catalog):
    chosen = resolve(catalog, routine=None, exercise_ids=(), challenge=False)
    assert [e.id for e in chosen] == ["lift", "curl"]
    with pytest.raises(HeelError, match=r"unknown exercise 'curll'.*curl"):
        resolve(catalog, routine=None, exercise_ids=("curll",), challenge=False)
    with pytest.raises(HeelError, match=r"unknown routine 'shrt'.*short"):
        resolve(catalog, routine="shrt", exercise_ids=(), challenge=False)


def test_per_exercise_overrides_set_each_ones_dose_and_variant(catalog):
    from heelcli.engine.timeline import Override

    ids = [e.id for e in catalog.exercises]
    first, second = ids[0], ids[1]
    chosen = resolve(catalog, routine=None, exercise_ids=[first, second], challenge=False,
                     each={first: Override(reps=2, sets=1), second: Override(variant=first)})
    assert [(e.id, e.reps, e.sets) for e in chosen] == [
        (first, 2, 1), (first, catalog.exercises[0].reps, catalog.exercises[0].sets)]
    plan = compile_timeline(chosen, Options())
    assert [s.rep for s in plan.steps if s.block == 0 and s.ends_rep] == [1, 2]


def test_a_per_exercise_variant_must_exist(catalog):
    from heelcli.engine.timeline import Override

    first = catalog.exercises[0].id
    with pytest.raises(HeelError, match="unknown exercise 'nope'"):
        resolve(catalog, routine=None, exercise_ids=[first], challenge=False,
                each={first: Override(variant="nope")})


def test_a_per_exercise_hold_lengthens_a_timed_hold_only(catalog):
    from heelcli.engine.timeline import Override

    chosen = resolve(catalog, routine=None, exercise_ids=["stretch", "lift"], challenge=False,
                     each={"stretch": Override(hold_seconds=5), "lift": Override(hold_seconds=5)})
    assert [e.hold_seconds for e in chosen] == [5, None]
    plan = compile_timeline(chosen, Options())
    holds = [s.seconds for s in plan.steps if s.kind == PHASE and s.block == 0]
    assert holds and set(holds) == {5}
