"""The voice, followed with the eyes closed: the whole script of a plan, and what a
recorded --voice-cmd is asked to say through a real session."""

from __future__ import annotations

import re

from heelcli.engine.catalog import load
from heelcli.engine.timeline import Options, compile_timeline, resolve
from heelcli.text.voice_script import Prompter, Said, script
from heelcli.text.words import said_length

from .conftest import MINI, invoke, record_speech

BRIDGE_HEEL = ("Push through your heels, not your toes", "Heels heavy, glutes tight",
               "Drive the floor away with your heels")


def plan_of(*ids: str, path=None, **opts):
    chosen = resolve(load(path), routine=None, exercise_ids=ids, challenge=False)
    return compile_timeline(chosen, Options(**opts))


def test_a_six_rep_bridge_is_counted_rep_by_rep_with_the_heel_every_third_rep():
    plan = plan_of("bridge", reps=6)
    said = [line.words for line in script(plan)]
    assert said == [
        "Get ready: Bridge. Lie on your back on a mat. Bend your knees and put your feet "
        "flat on the floor, hip-width apart. Arms rest by your sides, palms down.",
        f"One. Lift. {BRIDGE_HEEL[0]}.", "Squeeze.", "Lower.",
        "Two. Lift.", "Squeeze.", "Lower.",
        "Three. Lift.", "Squeeze.", "Lower.",
        f"Four, halfway. Lift. {BRIDGE_HEEL[1]}.", "Squeeze.", "Lower.",
        "Five. Lift.", "Squeeze.", "Lower.",
        "Six, last rep. Lift.", "Squeeze.", "Lower.",
    ]


def test_a_stretch_says_its_length_warns_counts_out_and_releases_each_hold():
    plan = plan_of("lying-hamstring-stretch")
    lines = script(plan)
    hold = ["10 seconds left.", "3", "2", "1"]
    assert [line.words for line in lines][1:] == [
        "One. Hold, 30 seconds. Push your heel up toward the ceiling.", *hold,
        "Release. Two, last hold. Hold, 30 seconds.", *hold,
        "Release. Switch sides: right leg raised.", "3", "2", "1",
        "One. Hold, 30 seconds. Heel high, toes eased toward you.", *hold,
        "Release. Two, last hold. Hold, 30 seconds.", *hold,
    ]
    # Said when that much of the hold is left: 10 s, then the count-out.
    assert [line.left for line in lines if line.step == 1] == [30.0, 10.0, 3, 2, 1]


def test_the_set_up_is_said_once_per_exercise_and_each_set_starts_counting_again():
    plan = plan_of("lift", "lift", path=MINI)  # the same exercise twice, two sets each
    said = [line.words for line in script(plan)]
    assert sum("Get ready: Lift." in line for line in said) == 2
    assert sum(line.endswith("Get ready: Lift.") for line in said) == 1  # set-up said once
    assert sum(line.startswith("One.") for line in said) == 4


def test_the_prompter_says_a_step_start_then_each_mark_once_and_only_the_latest_of_many():
    lines = (Said(0, 30.0, "Hold."), Said(0, 10.0, "10 seconds left."), Said(0, 3, "3"),
             Said(0, 2, "2"), Said(1, 5.0, "Rest."))
    prompter = Prompter(lines)
    assert prompter.start(0) == "Hold."
    assert prompter.due(20.0) is None
    assert prompter.due(9.9) == "10 seconds left."
    assert prompter.due(9.5) is None
    assert prompter.due(1.5) == "2"  # a slow tick passed 3 and 2: the latest only
    assert prompter.due(0.5) is None
    assert prompter.start(1) == "Rest."


def test_lengths_are_said_in_words():
    assert [said_length(s) for s in (1, 30, 60, 90, 125)] == [
        "1 second", "30 seconds", "1 minute", "1 minute 30 seconds", "2 minutes 5 seconds"]


def test_a_recorded_voice_follows_a_six_rep_bridge_and_a_stretch(env, monkeypatch):
    """The issue's done-when, through `heel workout --voice-cmd`: counts 1 to 6, names
    the heel at least twice, the set-up before the first rep, each hold ends
    '3, 2, 1, release', and the end says what was done."""
    said = record_speech(monkeypatch)
    env.catalog_path = None  # the built-in exercises
    result = invoke(env, "workout", "-e", "bridge", "-e", "lying-hamstring-stretch",
                    "--reps", "6", "--sets", "1", "--voice-cmd", "true", "--no-log")
    assert result.exit_code == 0, result.output
    bridge = said[:said.index("Rest. Next: Lying hamstring stretch.")]
    numbers = ("One", "Two", "Three", "Four", "Five", "Six", "Seven")
    counted = [m.group(1) for line in bridge if (m := re.match(r"(\w+)[.,]", line))
               and m.group(1) in numbers]
    assert counted == ["One", "Two", "Three", "Four", "Five", "Six"]
    assert sum(any(cue in line for cue in BRIDGE_HEEL) for line in bridge) >= 2
    first_rep = next(i for i, line in enumerate(said) if line.startswith("One."))
    assert any("Lie on your back on a mat." in line for line in said[:first_rep])
    holds = [i for i, line in enumerate(said) if "Hold, 30 seconds" in line]
    assert len(holds) == 12  # 6 holds a side
    for at in holds:
        ends = said.index("1", at)
        assert said[ends - 2:ends + 1] == ["3", "2", "1"]
        assert said[ends + 1].startswith("Release.")
    assert said[-1] == ("Release. Workout complete. Bridge: 6 reps. "
                        "Lying hamstring stretch: 12 holds of 30 seconds.")
