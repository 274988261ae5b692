"""The figure that shows the move: poses in the exercise file, checked like every key;
drawn in braille on `heel why ID` and on the mat view, moving with the seconds."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from heelcli.cli.group import cli
from heelcli.engine.catalog import load
from heelcli.engine.runner import Tick
from heelcli.engine.timeline import Options, compile_timeline, resolve
from heelcli.screen import figure, frame

from .conftest import DATA, invoke, make_console

BUILT_IN = load()
IDS = [e.id for e in BUILT_IN.exercises]


def braille(text: str) -> bool:
    return any(0x2800 <= ord(ch) <= 0x28FF for ch in text)


@pytest.mark.parametrize("width", [40, 80])
@pytest.mark.parametrize("exercise_id", IDS)
def test_why_draws_the_start_and_the_end_of_every_built_in_exercise_within_the_width(
        env, exercise_id, width):
    env.console = make_console(terminal=False, width=width)
    env.catalog_path = None
    result = invoke(env, "why", exercise_id)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert all(len(line.rstrip()) <= width for line in lines)
    drawn = [line for line in lines if braille(line)]
    assert len(drawn) >= 4
    e = BUILT_IN.exercise(exercise_id)
    end = "Hold" if e.hold_seconds is not None else e.phases[0].name
    labels = [line.split() for line in lines[:lines.index(drawn[0])]]
    assert ["Start", end] in labels or (["Start"] in labels and f"\n{end}\n" in result.output)
    assert result.output.index(drawn[0]) < result.output.index("What it trains")
    # The two positions are different drawings at every size they are drawn at.
    for size in ((width - 4) // 2, 10), (width - 1, 10):
        assert figure.draw(e.poses, e.poses.start, *size) != \
            figure.draw(e.poses, e.poses.ends[0], *size)


@pytest.mark.parametrize("how", ["--plain", "TERM=dumb"])
def test_why_gives_the_words_alone_for_a_screen_reader_or_a_dumb_terminal(env, monkeypatch,
                                                                          how):
    env.catalog_path = None
    args = ["why", "bridge"]
    if how == "--plain":
        args.append("--plain")
    else:
        monkeypatch.setenv("TERM", "dumb")
    result = invoke(env, *args)
    assert result.exit_code == 0 and "What it trains" in result.output
    assert not braille(result.output) and "Start" not in result.output


def test_an_exercise_without_poses_works_and_shows_no_figure(env):
    env.catalog_path = DATA / "mat.yaml"
    result = invoke(env, "why", "bridge")  # mat.yaml's bridge has no poses
    assert result.exit_code == 0 and "Lift the hips." in result.output
    assert not braille(result.output)


MAT_POSES = """    poses:
      view: side
      start: up
      ends: [down, up]
      positions:
        up: {head: [2, 162], shoulder: [0, 142], hip: [0, 92], knee: [20, 48], heel: [38, 3],
"""


def check(tmp_path, old: str, new: str) -> tuple[int, str]:
    path = tmp_path / "poses.yaml"
    text = (DATA / "mat.yaml").read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    result = CliRunner().invoke(cli, ["check", str(path)])
    return result.exit_code, result.output


@pytest.mark.parametrize("number", [".nan", "1e400", "-1e400", "301", "-99999999999999999999"])
def test_check_refuses_a_joint_at_nan_a_huge_or_a_negative_huge_number_with_its_line(
        tmp_path, number):
    code, out = check(tmp_path, "knee: [20, 48]", f"knee: [20, {number}]")
    line = (DATA / "mat.yaml").read_text().splitlines().index(
        next(x for x in (DATA / "mat.yaml").read_text().splitlines() if "knee: [20, 48]" in x))
    assert code == 2
    assert f"poses.yaml:{line + 1}:" in out
    assert "positions.up.knee[1] must be from -300 to 300" in out or "must be a number" in out


@pytest.mark.parametrize(("old", "new", "says"), [
    ("knee: [20, 48]", "kne: [20, 48]", "unknown key 'kne' (did you mean 'knee'?)"),
    ("knee: [20, 48]", "knee: [20]", "knee must be [x, y], two numbers of cm, got 1 item"),
    ("knee: [20, 48]", "knee: [20, x]", "knee[1] must be a number of cm"),
    ("heel: [38, 3],\n             toe", "toe", "positions.up: missing key 'heel'"),
    ("ends: [down, up]", "ends: [down]", "ends must name 2 positions"),
    ("ends: [down, up]", "ends: [down, upp]", "ends[1] names no position 'upp'"),
    ("view: side", "view: front", "view must be 'side' or 'above'"),
    ("view: side", "view: above\n      wall: 40", "wall needs view: side"),
    ("other_toe: [-48, 1]}\n        down", "other_toe: [-48, 1], elbow: [1, 1]}\n        down",
     "positions.down names other joints than up"),
])
def test_check_names_each_mistake_in_the_poses(tmp_path, old, new, says):
    code, out = check(tmp_path, old, new)
    assert code == 2 and says in out, out
    assert out.count("poses.yaml:") == 1  # one mistake, one line


def test_check_refuses_more_positions_than_a_figure_needs(tmp_path):
    many = "".join(f"        p{i}: {{head: [0, 9], shoulder: [0, 8], hip: [0, 5], knee: [0, 3],"
                   f" heel: [0, 1], toe: [1, 1]}}\n" for i in range(9))
    code, out = check(tmp_path, "      positions:\n", "      positions:\n" + many)
    assert code == 2 and "at most 8" in out


def mat_plan(*ids: str):
    chosen = resolve(load(DATA / "mat.yaml"), routine=None if ids else "mat",
                     exercise_ids=ids, challenge=False)
    return compile_timeline(chosen, Options())


def figure_region(lines: list[str]) -> list[str]:
    """The braille of a frame, where it is: every other character blanked."""
    return ["".join(ch if braille(ch) else " " for ch in line) for line in lines]


def test_at_120x40_the_get_ready_screen_shows_the_start_position():
    bridge = BUILT_IN.exercise("bridge")

    def ready(exercise) -> list[str]:
        plan = compile_timeline([exercise], Options())
        assert plan.steps[0].kind == "ready"
        return figure_region([x.plain for x in frame.frame(Tick(plan, 0, 7.0), 120, 40)])

    shown = ready(bridge)
    assert sum(1 for row in shown if row.strip()) >= 5
    # Another set-up position, another figure: it is the start that is drawn.
    lifted = bridge._replace(poses=bridge.poses._replace(start=bridge.poses.ends[0]))
    assert ready(lifted) != shown
    assert not any(row.strip() for row in ready(bridge._replace(poses=None)))


def lift_frames(width: int, height: int, *, shown: bool = True) -> tuple[list[str], list[str]]:
    plan = compile_timeline(resolve(BUILT_IN, routine=None, exercise_ids=["bridge"],
                                    challenge=False), Options())
    index = next(i for i, s in enumerate(plan.steps) if s.title == "Lift")
    assert plan.steps[index].seconds == 3

    def at(elapsed: float) -> list[str]:
        return [x.plain for x in frame.frame(Tick(plan, index, 3 - elapsed), width, height,
                                             figure=shown)]
    return at(0.5), at(2.5)


def test_at_120x40_the_figure_moves_during_a_three_second_lift():
    early, late = lift_frames(120, 40)
    assert any(braille(line) for line in early)
    assert figure_region(early) != figure_region(late)
    # The figure is all that moved besides the seconds: the words are the same.
    assert early[-8:] == late[-8:] or early[-7:-3] == late[-7:-3]


def test_the_figure_is_left_out_on_request_and_never_pushes_anything_out_at_80x24():
    early, late = lift_frames(120, 40, shown=False)
    assert not any(braille(line) for line in early + late)
    for lines in lift_frames(80, 24):
        text = " ".join(" ".join(lines).split())
        assert "LIFT" in text or "█" in lines[0]  # the phase word, big
        assert "seconds" in text and "rep 1 of 10" in text
        assert "Lift your middle straight up toward the ceiling" in text
        assert all(len(line) <= 80 for line in lines)


def test_the_figure_is_drawn_only_from_a_roomy_screen_and_never_in_rest():
    plan = mat_plan()  # the split squat (with poses), a rest, the bridge
    ready = Tick(plan, 0, 5.0)
    small = [x.plain for x in frame.frame(ready, 45, 15)]
    assert not any(braille(line) for line in small)
    rest = next(i for i, s in enumerate(plan.steps) if s.kind == "rest")
    resting = [x.plain for x in frame.frame(Tick(plan, rest, 2.0), 120, 40)]
    assert not any(braille(line) for line in resting)


def test_the_figure_is_drawn_as_braille_lines_of_the_size_it_is_given():
    poses = BUILT_IN.exercise("split-squat").poses
    for width, height in ((16, 5), (30, 12), (90, 30)):
        rows = figure.draw(poses, poses.start, width, height)
        assert 0 < len(rows) <= height
        assert len({len(row) for row in rows}) == 1 and len(rows[0]) <= width
        assert all(braille(ch) or ch == " " for row in rows for ch in row)
    # A standing figure keeps its shape: taller than wide (a braille dot is about square).
    rows = figure.draw(poses, poses.start, 90, 30)
    assert len(rows) * 4 > len(rows[0]) * 2


def test_the_working_heel_is_the_boldest_mark():
    poses = BUILT_IN.exercise("bridge").poses
    rows = figure.draw(poses, poses.start, 60, 12)
    full = [(r, c) for r, row in enumerate(rows) for c, ch in enumerate(row) if ch == "⣿"]
    assert full, "no full cell: the heel is not marked"
    heel = next(j for j in poses.start if j.name == "heel")
    toe = next(j for j in poses.start if j.name == "toe")
    # The full cells are at the heel end of the figure (right, near the floor).
    assert all(c > len(rows[0]) * heel.x / (toe.x + 20) - 4 for _, c in full)
    assert all(r >= len(rows) - 3 for r, _ in full)


@pytest.mark.parametrize("size", [(30, 10), (57, 20), (120, 40)])
def test_the_figure_drawn_over_its_kept_floor_is_the_whole_drawing_at_every_moment(size):
    from heelcli.engine.poses import in_phase

    with_poses = [e for e in BUILT_IN.exercises if e.poses is not None]
    assert any(e.poses.view == "side" for e in with_poses)
    assert any(e.poses.wall is not None for e in with_poses)
    for e in with_poses:
        moments = [in_phase(e.poses, phase, tenths / 10)
                   for phase in range(len(e.poses.ends)) for tenths in range(11)]
        poses = [e.poses.start, *moments]
        figure._ground.cache_clear()
        kept = [figure.draw(e.poses, pose, *size) for pose in poses]  # over one kept floor
        assert figure._ground.cache_info().hits == len(poses) - 1
        for pose, drawn in zip(poses, kept, strict=True):
            figure._ground.cache_clear()
            assert drawn == figure.draw(e.poses, pose, *size), e.id
