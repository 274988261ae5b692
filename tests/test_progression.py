"""The program's rules, by tables. A session is written as one short line:

    "10/10 easy back 2 yes"  reps done/prescribed, effort, where it was felt, pain 0-10,
                             settled by the next morning (yes, no, ? or left out: not known)
    "10/10 - - -"            effort, felt and pain not answered
    "... flare"              done as a flare day
    "L4 ..." / "P1 ..."      at program level 4 / in program 1 (default: level 2, and
                             program 1, or 2 in rows naming a program: a restart)
"""

from __future__ import annotations

import pytest

from heelcli.engine.ladder import Ladder, Level
from heelcli.engine.progression import (
    Flare,
    ProgramError,
    Report,
    check_pain_limit,
    decide,
    flare_day,
    starting_levels,
    today,
)
from heelcli.text.rules import SEE_SOMEONE, explain, explain_flare, explain_next

OLB = "one-legged-bridge"
BRIDGE = Ladder.of("bridge", [
    Level(8, 1), Level(10, 1), Level(12, 1), Level(15, 1), Level(15, 2),
    Level(6, 1, OLB), Level(8, 1, OLB), Level(10, 1, OLB), Level(12, 1, OLB),
], reps=10, sets=1)
CURL = Ladder.of("curl", [Level(8, 1), Level(10, 1), Level(12, 1), Level(12, 2)],
                 reps=10, sets=1)
STRETCH = Ladder.of("stretch", None, reps=2, sets=1, hold_seconds=30)
NAMES = {"bridge": "Bridge", OLB: "One-legged bridge", "curl": "Side-lying curl",
         "stretch": "Back-of-leg stretch"}
EFFORTS = {"easy": "easy", "right": "about right", "hard": "hard", "-": None}
SETTLED = {"yes": True, "no": False, "?": None}


def s(line: str, level: int = 2, program: int = 1) -> Report:
    words = line.split()
    flare = words[-1] == "flare"
    if flare:
        words.pop()
    while words[0][0] in "LP":
        head = words.pop(0)
        if head[0] == "L":
            level = int(head[1:])
        else:
            program = int(head[1:])
    reps, effort, felt, pain, *rest = words
    done, prescribed = (int(n) for n in reps.split("/"))
    return Report(
        program=program, level=level, reps_prescribed=prescribed, reps_done=done,
        effort=EFFORTS[effort],  # type: ignore[arg-type]
        felt=None if felt == "-" else felt,  # type: ignore[arg-type]
        pain=None if pain == "-" else int(pain),
        settled=SETTLED[rest[0]] if rest else None, flare=flare)


def run(history: list[str], *, ladder: Ladder = BRIDGE, level: int = 2, program: int = 1,
        pain_limit: int = 5) -> tuple[str, int, str]:
    d = decide([s(line) for line in history], ladder=ladder, level=level, program=program,
               pain_limit=pain_limit)
    return d.move, d.new_level, explain(d, ladder, NAMES)


UP = ("Bridge: up to 12 reps: the last two counted sessions were easy and pain-free, and "
      "settled by the next morning.")
STAY = "Bridge: stays at 10 reps x 1: "
DOWN = "Bridge: down to 8 reps: "


@pytest.mark.parametrize(
    ("history", "move", "level", "line"),
    [
        # up one level: two in a row, every rep, easy, back of the legs, pain <= 2, settled
        (["10/10 easy back 0 yes", "10/10 easy back 0 yes"], "up", 3, UP),
        (["10/10 easy back 2 yes", "10/10 easy back 1 yes"], "up", 3, UP),
        (["10/10 right back 0", "10/10 easy back 0 yes", "10/10 easy back 0 yes"], "up", 3, UP),
        (["12/10 easy back 0 yes", "10/10 easy back 0 yes"], "up", 3, UP),  # more than set is fine
        (["10/10 easy back 0 yes"], "stay", 2,
         STAY + "the last session was easy and pain-free; one more like it moves it up."),
        (["10/10 easy back 0 yes", "10/10 right back 0 yes"], "stay", 2,
         STAY + "the last session was about right."),
        (["10/10 right back 0", "10/10 easy back 0 yes"], "stay", 2,
         STAY + "the last session was easy and pain-free; one more like it moves it up."),
        (["9/10 easy back 0 yes", "10/10 easy back 0 yes"], "stay", 2,
         STAY + "the last session was easy and pain-free; one more like it moves it up."),
        # stay: hard, the front of the thighs, pain 3 to the limit and settled
        (["10/10 easy back 0 yes", "10/10 hard back 0"], "stay", 2,
         STAY + "the last session was hard."),
        (["10/10 easy back 0 yes", "10/10 easy front 0"], "stay", 2,
         STAY + "the front of the thighs took over last time; push through your heels."),
        (["10/10 easy back 0 yes", "10/10 easy pain 1 yes"], "stay", 2,
         STAY + "it was felt in the knee or low back last time."),
        (["10/10 easy back 0 yes", "10/10 easy back 3 yes"], "stay", 2,
         STAY + "pain was 3/10: within your limit of 5, and settled."),
        (["10/10 easy back 0 yes", "10/10 easy back 5 yes"], "stay", 2,
         STAY + "pain was 5/10: within your limit of 5, and settled."),
        # down: pain over the limit, not settled, three sessions short of reps
        (["10/10 easy back 0 yes", "10/10 easy back 6 yes"], "down", 1,
         DOWN + "pain was 6/10, over your limit of 5."),
        (["10/10 easy back 0 yes", "10/10 easy back 6"], "down", 1,
         DOWN + "pain was 6/10, over your limit of 5."),
        (["10/10 easy back 0 yes", "10/10 easy back 2 no"], "down", 1,
         DOWN + "the pain had not settled by the next morning."),
        (["10/10 easy back 4 no"], "down", 1,
         DOWN + "the pain had not settled by the next morning."),
        (["8/10 easy back 0 yes", "9/10 right back 0", "0/10 hard back 0"], "down", 1,
         DOWN + "fewer reps than set in each of the last three sessions."),
        (["8/10 easy back 0 yes", "9/10 right back 0"], "stay", 2,
         STAY + "not every rep was done last time."),
        (["8/10 easy back 0 yes",
          "8/10 easy back 0 yes", "10/10 right back 0", "8/10 easy back 0 yes"],
         "stay", 2, STAY + "not every rep was done last time."),
        # precedence: down beats stay beats up
        (["10/10 hard front 6 yes"], "down", 1, DOWN + "pain was 6/10, over your limit of 5."),
        (["10/10 easy back 1 yes", "10/10 easy back 2 no"], "down", 1,
         DOWN + "the pain had not settled by the next morning."),
        (["10/10 easy back 0 yes",
          "10/10 easy back 0 yes", "10/10 easy back 0 yes", "10/10 hard back 0"],
         "stay", 2, STAY + "the last session was hard."),
        # an unknown next-morning answer: never up, never down
        (["10/10 easy back 0 yes", "10/10 easy back 2"], "stay", 2,
         STAY + "the next morning is not known yet: a step up waits for it."),
        (["10/10 easy back 0 yes", "10/10 easy back 1 ?"], "stay", 2,
         STAY + "the next morning is not known yet: a step up waits for it."),
        (["10/10 easy back 0 yes", "10/10 easy back 4"], "stay", 2,
         STAY + "the next morning is not known yet: a step up waits for it."),
        (["10/10 easy back 2", "10/10 easy back 0 yes"], "stay", 2,
         STAY + "the last session was easy and pain-free; one more like it moves it up."),
        # pain 0 too: a step up waits for the next morning (issue 19)
        (["10/10 easy back 0 yes", "10/10 easy back 0 ?"], "stay", 2,
         STAY + "the next morning is not known yet: a step up waits for it."),
        # not rated, first session, flare-day session
        (["10/10 easy back 0 yes", "10/10 - - -"], "stay", 2,
         STAY + "the last session was not rated."),
        (["10/10 easy back 0 yes", "10/10 easy back -"], "stay", 2,
         STAY + "the last session was not rated."),
        ([], "stay", 2, STAY + "no sessions at this level yet."),
        (["10/10 easy back 0 yes", "6/6 easy back 0 flare"], "stay", 2,
         STAY + "the last session was a flare day."),
        (["10/10 easy back 0 flare", "10/10 easy back 0 flare"], "stay", 2,
         STAY + "the last session was a flare day."),
        (["6/6 easy back 0 flare", "10/10 easy back 0 yes", "10/10 easy back 0 yes"], "up", 3, UP),
        (["10/10 easy back 0 yes", "6/6 easy back 7 flare"], "down", 1,
         DOWN + "pain was 7/10, over your limit of 5."),
        # only the sessions since the level last changed count
        (["L1 10/10 easy back 0 yes", "L1 10/10 easy back 0 yes"], "stay", 2,
         STAY + "no sessions at this level yet."),
        (["10/10 easy back 0 yes", "L3 10/10 easy back 0 yes", "10/10 easy back 0 yes"], "stay", 2,
         STAY + "the last session was easy and pain-free; one more like it moves it up."),
        (["L1 8/10 easy back 0 yes", "L1 8/10 easy back 0 yes", "8/10 easy back 0 yes"], "stay", 2,
         STAY + "not every rep was done last time."),
        # a restarted program (program 2) ignores the one before
        (["P1 10/10 easy back 0 yes", "P1 10/10 easy back 0 yes"], "stay", 2,
         STAY + "no sessions at this level yet."),
        (["P1 10/10 easy back 0 yes", "P2 10/10 easy back 0 yes"], "stay", 2,
         STAY + "the last session was easy and pain-free; one more like it moves it up."),
        (["P1 8/10 easy back 0 yes",
          "P1 8/10 easy back 0 yes", "P2 8/10 easy back 0 yes"], "stay", 2,
         STAY + "not every rep was done last time."),
    ],
)
def test_rules(history, move, level, line):
    program = 2 if any(h.startswith("P") for h in history) else 1  # "P" rows: a restart
    assert run(history, program=program) == (move, level, line)


@pytest.mark.parametrize(
    ("pain", "settled", "limit", "move"),
    [
        (2, "yes", 5, "up"), (3, "yes", 5, "stay"), (5, "yes", 5, "stay"), (6, "yes", 5, "down"),
        (2, "yes", 3, "up"), (3, "yes", 3, "stay"), (4, "yes", 3, "down"),
        (2, "yes", 7, "up"), (3, "yes", 7, "stay"), (5, "yes", 7, "stay"),
        (6, "yes", 7, "stay"), (7, "yes", 7, "stay"), (8, "yes", 7, "down"),
        (1, "yes", 1, "up"), (2, "yes", 1, "down"),  # a limit under 2 lowers "pain-free" too
        (0, "?", 0, "stay"), (1, "yes", 0, "down"),
        (3, "no", 7, "down"),
    ],
)
def test_pain_boundaries_follow_the_users_limit(pain, settled, limit, move):
    got, _, line = run(["10/10 easy back 0 yes", f"10/10 easy back {pain} {settled}"],
                       pain_limit=limit)
    assert got == move
    if move == "down" and settled == "yes":
        assert line.endswith(f"pain was {pain}/10, over your limit of {limit}.")


@pytest.mark.parametrize(
    ("ladder", "level", "history", "line"),
    [
        (BRIDGE, 9, ["10/10 easy back 0 yes", "10/10 easy back 0 yes"],
         "Bridge: stays at One-legged bridge, 12 reps x 1, the top level: "
         "the last two counted sessions were easy and pain-free, and settled by the next "
         "morning."),
        (BRIDGE, 1, ["10/10 easy back 7 yes"],
         "Bridge: stays at 8 reps x 1, the first level: pain was 7/10, over your limit of 5."),
        (STRETCH, 1, ["2/2 easy back 0 yes", "2/2 easy back 0 yes"],
         "Back-of-leg stretch: stays at 2 holds of 30 s: it has one level."),
        (STRETCH, 1, ["2/2 easy back 9 no"],
         "Back-of-leg stretch: stays at 2 holds of 30 s: it has one level."),
    ],
)
def test_a_ladder_ends_and_an_exercise_without_levels_never_moves(ladder, level, history, line):
    d = decide([s(h, level=level) for h in history], ladder=ladder, level=level, program=1)
    assert (d.move, d.new_level, explain(d, ladder, NAMES)) == ("stay", level, line)


@pytest.mark.parametrize(
    ("level", "history", "line"),
    [
        (4, ["15/15 easy back 0 yes"] * 2, "Bridge: up to 2 sets of 15: "),
        (5, ["30/30 easy back 0 yes"] * 2, "Bridge: up to One-legged bridge, 6 reps x 1: "),
        (6, ["12/12 easy back 0 yes"] * 2, "Bridge: up to One-legged bridge, 8 reps: "),
        (6, ["12/12 easy back 6"], "Bridge: down to Bridge, 15 reps x 2: "),
        (5, ["30/30 easy back 6"], "Bridge: down to 1 set of 15: "),
    ],
)
def test_each_change_is_worded_by_what_changed(level, history, line):
    d = decide([s(h, level=level) for h in history], ladder=BRIDGE, level=level, program=1)
    assert explain(d, BRIDGE, NAMES).startswith(line)


def test_a_stretch_ladder_words_its_holds():
    ladder = Ladder.of("stretch", [Level(2, 1, None, 20), Level(2, 1, None, 30)], reps=2,
                       sets=1, hold_seconds=30)
    d = decide([s("2/2 easy back 0 yes", level=1)] * 2, ladder=ladder, level=1, program=1)
    assert explain(d, ladder, NAMES) == (
        "Back-of-leg stretch: up to 30 s holds: the last two counted sessions were easy and "
        "pain-free, and settled by the next morning.")


def test_what_a_stretch_needs_to_move_up_counts_its_holds_not_reps():
    ladder = Ladder.of("stretch", [Level(2, 1, None, 20), Level(2, 1, None, 30)], reps=2,
                       sets=1, hold_seconds=30)
    d = decide([], ladder=ladder, level=1, program=1)
    assert explain_next(d, ladder, NAMES) == (
        "Back-of-leg stretch: 2 easy, pain-free sessions with every hold done and a settled "
        "next morning move it up to 30 s holds.")


def test_deciding_twice_on_the_same_history_gives_the_same_answer():
    history = [s("10/10 easy back 0 yes"), s("10/10 easy back 0 yes")]
    first = decide(history, ladder=BRIDGE, level=2, program=1)
    again = decide(history, ladder=BRIDGE, level=first.new_level, program=1)
    assert (first.move, again.move, again.reason, again.new_level) == ("up", "stay", "first", 3)


@pytest.mark.parametrize(
    ("history", "level", "line"),
    [
        ([], 2, "Bridge: 2 easy, pain-free sessions with every rep done and a settled next "
                "morning move it up to 12 reps."),
        (["10/10 easy back 0 yes"], 2,
         "Bridge: 1 more easy, pain-free session with every rep done "
         "and a settled next morning moves it up to 12 reps."),
        (["10/10 easy back 0 yes"] * 2, 2,  # earned: next in line
         "Bridge: next in line to move up, to 12 reps."),
        (["10/10 easy back 0 yes"] * 2, 9, "Bridge is at its top level."),
    ],
)
def test_what_it_takes_to_move_up_next(history, level, line):
    d = decide([s(h, level=level) for h in history], ladder=BRIDGE, level=level, program=1)
    assert explain_next(d, BRIDGE, NAMES) == line


def test_an_exercise_without_levels_says_so_for_what_next():
    d = decide([], ladder=STRETCH, level=1, program=1)
    assert explain_next(d, STRETCH, NAMES) == (
        "Back-of-leg stretch has one level: it stays as it is.")


@pytest.mark.parametrize(
    ("pain", "settled", "limit", "cause"),
    [
        (6, True, 5, "pain-over-limit"),
        (6, None, 5, "pain-over-limit"),
        (5, True, 5, None),
        (5, None, 5, None),  # not known: not a flare (heel asks first)
        (5, False, 5, "not-settled"),
        (1, False, 5, "not-settled"),
        (4, True, 3, "pain-over-limit"),
        (7, True, 7, None),
        (0, None, 5, None),
        (None, None, 5, None),
    ],
)
def test_flare_day_comes_from_the_last_sessions_pain(pain, settled, limit, cause):
    flare = flare_day(pain, settled, pain_limit=limit)
    assert (flare.cause if flare else None) == cause


def test_a_flare_day_is_every_exercise_two_levels_down_without_challenge():
    levels = {"bridge": 6, "curl": 2, "stretch": 1}
    normal = today([BRIDGE, CURL, STRETCH], levels, flare=None)
    flare = today([BRIDGE, CURL, STRETCH], levels, flare=Flare("pain-over-limit", 7, 5))
    assert normal.challenge and not flare.challenge
    assert [(p.level, p.prescription.level, p.prescription.exercise_id, p.prescription.reps)
            for p in normal.planned] == [(6, 6, OLB, 6), (2, 2, "curl", 10), (1, 1, "stretch", 2)]
    assert [(p.level, p.prescription.level, p.prescription.exercise_id, p.prescription.reps,
             p.prescription.sets) for p in flare.planned] == [
        (6, 4, "bridge", 15, 1), (2, 1, "curl", 8, 1), (1, 1, "stretch", 1, 1)]
    # at the bottom, a reduced dose: one hold of half the length, not the same dose
    assert (flare.planned[2].dose, flare.planned[2].prescription.hold_seconds) == (
        "reduced", 15)


def test_a_new_exercise_in_the_program_starts_at_level_1():
    [planned] = today([CURL], {}, flare=None).planned
    assert (planned.level, planned.prescription.reps) == (1, 8)


@pytest.mark.parametrize(
    ("cause", "pain", "first"),
    [
        ("pain-over-limit", 7, "Flare day: your last session's pain was 7/10, over your limit "
                               "of 5, so every exercise is at a lower level today, with no "
                               "challenge variants."),
        ("not-settled", 3, "Flare day: the pain from your last session had not settled by the "
                           "next morning, so every exercise is at a lower level today, with no "
                           "challenge variants."),
    ],
)
def test_a_flare_day_says_why_and_when_to_see_someone(cause, pain, first):
    assert explain_flare(Flare(cause, pain, 5)) == (first, SEE_SOMEONE)
    assert "physiotherapist or a doctor" in SEE_SOMEONE and "more than a week" in SEE_SOMEONE


def test_a_flare_and_the_recovery_after_it():
    """Bridge at level 6 (the one-legged bridge) hurts; a flare day; back up again."""
    names = {"bridge": "Bridge", OLB: "One-legged bridge"}
    history: list[Report] = []
    level = 6

    def session(line: str, flare: bool = False) -> str:
        nonlocal level
        history.append(s(line + (" flare" if flare else ""), level=level))
        d = decide(history, ladder=BRIDGE, level=level, program=1)
        level = d.new_level
        return explain(d, BRIDGE, names)

    def workout() -> tuple[bool, int, str]:
        last = history[-1]
        plan = today([BRIDGE], {"bridge": level},
                     flare=flare_day(last.pain, last.settled, pain_limit=5))
        [p] = plan.planned
        return plan.flare is not None, p.prescription.level, p.prescription.exercise_id

    assert session("6/6 easy back 7") == (
        "Bridge: down to Bridge, 15 reps x 2: pain was 7/10, over your limit of 5.")
    assert level == 5 and workout() == (True, 3, "bridge")  # two below 5
    assert session("12/12 easy back 1 yes", flare=True) == (
        "Bridge: stays at 15 reps x 2: the last session was a flare day.")
    assert workout() == (False, 5, "bridge")  # the flare went well: back to level 5
    assert session("30/30 easy back 0 yes").startswith("Bridge: stays at 15 reps x 2: the last "
                                                   "session was easy and pain-free")
    assert session("30/30 easy back 0 yes") == (
        "Bridge: up to One-legged bridge, 6 reps x 1: "
        "the last two counted sessions were easy and pain-free, and settled by the next "
         "morning.")
    assert workout() == (False, 6, OLB)


def test_a_flare_day_that_hurts_again_lowers_the_level_again():
    history = [s("6/6 easy back 7", level=6)]
    d = decide(history, ladder=BRIDGE, level=6, program=1)
    history.append(s("12/12 easy back 7 flare", level=d.new_level))
    again = decide(history, ladder=BRIDGE, level=d.new_level, program=1)
    assert (d.new_level, again.new_level, again.reason) == (5, 4, "pain-over-limit")
    assert flare_day(7, None) is not None  # and the next workout is a flare day again


@pytest.mark.parametrize(
    ("choices", "levels"),
    [
        ([], {"bridge": 1, "curl": 1, "stretch": 1}),
        (["bridge=4"], {"bridge": 4, "curl": 1, "stretch": 1}),
        (["bridge=9", " curl = 2"], {"bridge": 9, "curl": 2, "stretch": 1}),
    ],
)
def test_starting_levels(choices, levels):
    assert starting_levels(choices, [BRIDGE, CURL, STRETCH]) == levels


@pytest.mark.parametrize(
    ("choice", "message"),
    [
        ("bridge", "--level 'bridge': give EXERCISE=N, for example bridge=3"),
        ("bridge=x", "--level 'bridge=x': give EXERCISE=N, for example bridge=3"),
        ("bridge=-1", "--level 'bridge=-1': give EXERCISE=N, for example bridge=3"),
        ("bridge=10", "--level 'bridge=10': bridge has levels 1 to 9"),
        ("bridge=0", "--level 'bridge=0': bridge has levels 1 to 9"),
        ("stretch=2", "--level 'stretch=2': stretch has levels 1 to 1"),
        ("squat=2", "--level 'squat=2': 'squat' is not in the program (bridge, curl, stretch)"),
    ],
)
def test_bad_starting_levels_say_what_is_wrong(choice, message):
    with pytest.raises(ProgramError) as info:
        starting_levels([choice], [BRIDGE, CURL, STRETCH])
    assert str(info.value) == message


@pytest.mark.parametrize(("limit", "ok"), [(-1, False), (0, True), (5, True), (6, False),
                                           (10, False)])
def test_pain_limit_is_from_0_to_5(limit, ok):
    if ok:
        assert check_pain_limit(limit) == limit
    else:
        with pytest.raises(ProgramError, match="--pain-limit must be from 0 to 5"):
            check_pain_limit(limit)


def test_the_program_modules_are_pure():
    import subprocess
    import sys

    code = ("import sys, heelcli.engine.ladder, heelcli.engine.progression, "
            "heelcli.engine.schedule\n"
            "print(*sorted(sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    modules = set(done.stdout.split())
    assert "heelcli.engine.progression" in modules
    assert not {"rich", "sqlite3", "click", "termios", "yaml", "heelcli.store.history",
                "heelcli.engine.runner"} & modules
