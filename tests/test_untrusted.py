"""A file from someone else is untrusted: every bad input is one clear line, exit 2."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import example, given
from hypothesis import strategies as st

from heelcli.cli.group import cli
from heelcli.engine import yamlsource
from heelcli.engine.errors import first_control, sanitise

from .conftest import MINI

TEXT = MINI.read_text()


def run(*args: str, env: dict[str, str] | None = None):
    result = CliRunner().invoke(cli, list(args), env=env)
    assert "Traceback" not in result.output
    assert "\x1b" not in result.stdout and "\x1b" not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result


def refused(path: Path, command: str = "list") -> str:
    """heel COMMAND --file PATH must fail with one line; return that line."""
    result = run(command, "--file", str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"{path}:")
    return lines[0]


def write(tmp_path: Path, content: str | bytes, name: str = "x.yaml") -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        content = content.encode()
    path.write_bytes(content)
    return path


def variant(old: str, new: str) -> str:
    assert old in TEXT, old
    return TEXT.replace(old, new, 1)


@pytest.mark.parametrize(
    ("content", "where", "message"),
    [
        ("version: 1\ntopics: [\n", "3:1", "invalid YAML"),
        ("version: 1\n  topics: []\n", "2:9",
         "invalid YAML: a 'key:' where a value continues; is this line indented more than "
         "the keys above it?"),
        ("version: 1\ntopics:\n\t- id: x\n", "3:1", "a tab where YAML expects spaces"),
        ("version: 1\n---\nversion: 1\n", "2:1", "only one YAML document is allowed"),
        ("- id: bridge\n", "1:1", "the file must be a mapping, got a list"),
        (b"version: 1\ntopics: []\n\xff\xfe\n", "3:1", "not valid UTF-8 text"),
        (b"version: 1\ntopics: []\x1b[2J\n", "2:11", "the character \\x1b is not allowed"),
        (b"version: 1\ntopics: []\x07\n", "2:11", "the character \\x07 is not allowed"),
    ],
    ids=["unclosed-bracket", "bad-indent", "tab", "two-documents", "top-level-list",
         "invalid-utf8", "raw-escape", "raw-bell"],
)
def test_malformed_files(tmp_path, content, where, message):
    path = write(tmp_path, content)
    line = refused(path)
    assert line.startswith(f"{path}:{where}: ")
    assert message in line


@pytest.mark.parametrize("content", ["", "\n\n", "# only a comment\n"])
def test_empty_file(tmp_path, content):
    path = write(tmp_path, content)
    assert refused(path) == f"{path}: the file is empty"


def test_missing_file_and_directory(tmp_path):
    assert refused(tmp_path / "nope.yaml") == f"{tmp_path / 'nope.yaml'}: no such file"
    assert refused(tmp_path) == f"{tmp_path}: is a directory, not a file"


def test_a_pipe_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    assert refused(fifo) == f"{fifo}: is not a regular file"


def test_unreadable_file(tmp_path, monkeypatch):
    path = write(tmp_path, TEXT)
    path.chmod(0)

    def denied(*args, **kwargs):  # root reads anything: make the refusal certain
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(yamlsource, "open", denied, raising=False)
    assert refused(path) == f"{path}: cannot read it: Permission denied"


def test_file_over_1_mib_is_refused_before_parsing(tmp_path, monkeypatch):
    path = write(tmp_path, TEXT + "#" * (1024 * 1024))

    def never(*args, **kwargs):
        raise AssertionError("parsed a file that was too large")

    monkeypatch.setattr(yamlsource.yaml, "parse", never)
    assert refused(path) == f"{path}: is larger than 1 MiB; refusing to read it"


def test_duplicate_key_names_both_lines(tmp_path):
    path = write(tmp_path, variant("    reps: 3\n", "    reps: 3\n    reps: 4\n"))
    line = refused(path)
    first = TEXT[: TEXT.index("    reps: 3")].count("\n") + 1
    assert line == (f"{path}:{first + 1}:5: exercise lift: key 'reps' given twice "
                    f"(first on line {first})")


def test_unknown_key_suggests_the_closest(tmp_path):
    path = write(tmp_path, variant("    rest_seconds: 4\n", "    rest_secs: 4\n"))
    assert "unknown key 'rest_secs' (did you mean 'rest_seconds'?)" in refused(path)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("    name: Lift\n", "    name: NO\n",
         "exercise lift: name must be text, got true/false (NO); quote it"),
        ("    reps: 3\n", "    reps: 1e3\n",
         "exercise lift: reps must be a whole number from 1 to 100, got text"),
        ("    reps: 3\n", "    reps: 3.5\n",
         "exercise lift: reps must be a whole number from 1 to 100, got a number"),
        ("    rest_seconds: 4\n", "    rest_seconds: .nan\n",
         "exercise lift: rest_seconds must be from 0 to 600, got .nan"),
        ("    rest_seconds: 4\n", "    rest_seconds: 601\n",
         "exercise lift: rest_seconds must be from 0 to 600, got 601"),
        ("    cues: [Heels down., Squeeze.]\n", "    cues: Heels down.\n",
         "exercise lift: cues must be a list, got text"),
    ],
)
def test_wrong_types_and_ranges(tmp_path, old, new, message):
    path = write(tmp_path, variant(old, new))
    assert refused(path).endswith(message)


def test_python_tags_are_refused_and_nothing_runs(tmp_path):
    marker = tmp_path / "pwned"
    path = write(tmp_path, variant(
        "    targets: [glutes]\n",
        f"    targets: !!python/object/apply:os.system ['touch {marker}']\n"))
    line = refused(path)
    assert "tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed" in line
    assert not marker.exists()
    path = write(tmp_path, variant("    name: Lift\n", "    name: !custom Lift\n"))
    assert "tag '!custom' is not allowed" in refused(path)


def test_alias_bomb_is_refused_at_the_first_anchor(tmp_path):
    bomb = ["version: 1", "a: &a [x, x, x, x, x, x, x, x, x]"]
    bomb += [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]"
             for i in range(12)]
    path = write(tmp_path, "\n".join(bomb) + "\n")
    assert refused(path) == f"{path}:2:4: anchors and aliases (&, *) are not allowed"


def test_alias_alone_is_refused(tmp_path):
    path = write(tmp_path, variant("    targets: [glutes]\n", "    targets: *t\n"))
    assert "anchors and aliases (&, *) are not allowed" in refused(path)


@pytest.mark.parametrize("depth", [12, 900, 100_000])
def test_deep_nesting_is_refused_without_crashing(tmp_path, depth):
    path = write(tmp_path, "version: 1\ntopics: " + "[" * depth + "]" * depth + "\n")
    assert "nest" in refused(path)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ('"Lift\\e[2J"', "\\x1b"),
        ('"Lift\\e]52;c;aGVsbG8=\\a"', "\\x1b"),
        ('"Lift \\u202e tfil"', "\\u202e"),
        ('"Lift\\x9b31m"', "\\x9b"),
        ('"Lift\\x00"', "\\x00"),
    ],
    ids=["csi-clear", "osc52-clipboard", "bidi-override", "c1-csi", "nul"],
)
def test_control_characters_in_strings_are_refused_naming_the_key(tmp_path, value, shown):
    path = write(tmp_path, variant("    name: Lift\n", f"    name: {value}\n"))
    line = refused(path)
    assert f"exercise lift: name contains the control character {shown}" in line


def _steers_the_terminal(ch: str) -> bool:
    return (unicodedata.category(ch) == "Cc" and ch not in "\t\n") or \
        "\u202a" <= ch <= "\u202e" or "\u2066" <= ch <= "\u2069"


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
@example("tab\tnewline\n é · 🦶 \u2069\x85\x7f\x1b")
def test_sanitise_escapes_every_terminal_control_and_nothing_else(text):
    shown = sanitise(text)
    assert not any(_steers_the_terminal(ch) for ch in shown)
    bad = [ch for ch in text if _steers_the_terminal(ch)]
    assert first_control(text) == (bad[0] if bad else None)
    if not bad:
        assert shown == text


def test_control_characters_in_keys_are_escaped_in_the_message(tmp_path):
    path = write(tmp_path, variant("    feel: Glutes.\n", '    feel: Glutes.\n    "\\e[31mx": 1\n'))
    assert "unknown key '\\x1b[31mx'" in refused(path)


def test_control_characters_in_the_path_are_escaped(tmp_path):
    path = tmp_path / "evil\x1b[2J.yaml"
    result = run("list", "--file", str(path))
    assert result.exit_code == 2 and "evil\\x1b[2J.yaml: no such file" in result.stderr


MARKUP = variant("    name: Lift\n", "    name: \"[link=https://x]Lift[/link] [bold]x\"\n") \
    .replace("Lower slowly.", "\"Plank [/]\"")


@pytest.mark.parametrize("args", [["list"], ["why", "lift"], ["workout", "-e", "lift",
                                                                "--dry-run"]])
def test_markup_in_strings_is_shown_literally(tmp_path, args):
    path = write(tmp_path, MARKUP)
    result = run(*args, "--file", str(path))
    assert result.exit_code == 0, result.output
    # Tables may wrap the name: compare without white space.
    assert "[link=https://x]Lift[/link][bold]x" in "".join(result.output.split())


def test_markup_in_the_live_workout_is_shown_literally(tmp_path, env):
    env.catalog_path = write(tmp_path, MARKUP)
    result = CliRunner().invoke(cli, ["workout", "-e", "lift", "--reps", "1", "--sets", "1"],
                                obj=env)
    assert result.exit_code == 0
    assert "[link=https://x]Lift[/link] [bold]x" in result.output
    assert "Plank [/]" in result.output


def test_environment_variable_picks_the_file(tmp_path):
    result = run("list", "--json", env={"HEEL_EXERCISES": str(MINI)})
    assert '"lift-hard"' in result.output
    result = run("list", env={"HEEL_EXERCISES": str(tmp_path / "gone.yaml")})
    assert result.exit_code == 2 and "gone.yaml: no such file" in result.stderr


def test_the_file_option_works_on_every_command(tmp_path):
    assert '"lift"' in run("list", "--json", "--file", str(MINI)).output
    assert "Push through the heel." in run("why", "--file", str(MINI)).output
    dry = run("workout", "--file", str(MINI), "--dry-run", "--json")
    assert '"exercises": [\n    "lift",\n    "curl"\n  ]' in dry.output


def test_check_reports_every_problem_of_every_file(tmp_path):
    bad = write(tmp_path, variant("    reps: 3\n", "    reps: 0\n")
                .replace("    sides: each\n", "    sides: all\n", 1), "bad.yaml")
    result = run("check", str(MINI), str(bad))
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    assert lines[0] == f"{MINI}: ok (4 exercises, 2 topics, 1 routine)"
    assert [line.split(": ", 1)[1] for line in lines[1:]] == [
        "exercise lift: reps must be from 1 to 100, got 0",
        "exercise lift-hard: sides must be 'both' or 'each', not 'all'",
    ]
    assert all(line.startswith(f"{bad}:") for line in lines[1:])


def test_check_without_a_path_checks_the_built_in_file():
    result = run("check")
    assert result.exit_code == 0
    assert result.stdout.endswith("data/exercises.yaml: ok (6 exercises, 7 topics, 1 routine)\n")


def test_an_empty_path_is_named_as_such():
    result = run("check", "")
    assert result.exit_code == 2 and result.stdout == "'': an empty path names no file\n"
    result = run("list", "--file", "")  # empty like an unset HEEL_EXERCISES: the built-in
    assert result.exit_code == 0 and "split-squat" in result.stdout


def test_commands_other_than_check_show_one_problem_and_point_to_check(tmp_path):
    bad = write(tmp_path, variant("    reps: 3\n", "    reps: 0\n")
                .replace("    sides: each\n", "    sides: all\n", 1))
    assert refused(bad).endswith(f"(+1 more; see: heel check {bad})")


def complete(words: str, env: dict[str, str] | None = None) -> list[str]:
    result = CliRunner().invoke(cli, [], prog_name="heel", env={
        "_HEEL_COMPLETE": "bash_complete", "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
        **(env or {})})
    return [line.split(",", 1)[1] for line in result.output.splitlines() if line]


def test_completion_of_ids_comes_from_the_file_in_use(tmp_path):
    assert complete("heel workout -e s") == ["side-lying-hamstring-curl", "split-squat"]
    assert complete("heel workout --routine ") == ["heel-basics"]
    assert complete("heel why qu") == ["quads-take-over"]
    assert complete("heel workout -e li", {"HEEL_EXERCISES": str(MINI)}) == ["lift", "lift-hard"]
    broken = write(tmp_path, "version: [")
    assert complete("heel workout -e ", {"HEEL_EXERCISES": str(broken)}) == []


# A person reads the error, not PyYAML: what was expected, where, and the likely cause.
# PyYAML words errors differently with and without libyaml, so both parsers are tried.
@pytest.mark.parametrize("parser", ["C", "Python"])
@pytest.mark.parametrize(
    ("content", "where", "message"),
    [
        ("exercises:\n  - id: a\n    name: b\n   reps: 3\n", "4:4",
         "this line belongs to no list item: indent it like the keys above, or start an "
         "item with '- ' at column 3, like the list on line 2"),
        ("phases:\n  - name: Down\n    cue: Down: slowly\n", "3:14",
         "a second ': ' on one line; put a value that contains ': ' in quotes, like "
         "\"Down: slowly\""),
        ("exercises:\n  - id: a\n    name b\n    reps: 3\n", "3:5",
         "expected 'key: value' but this line has no ': '; add the colon, or indent the "
         "line further if it continues the text above"),
        ("targets: [a, b\nreps: 3\n", "2:5",
         "the '[' on line 1 is not closed: expected ',' or ']' here"),
        ("phases:\n  - {name: Up, seconds: 2\nreps: 3\n", "3:5",
         "the '{' on line 2 is not closed: expected ',' or '}' here"),
        ("name: \"Lift\nreps: 3\n", "1:7", "this quote is never closed"),
        ("name: \"Lift\" slowly\n", "1:14",
         "more text after a complete value; put the whole value in quotes"),
        ("targets: - glutes\n", "1:10", "a '- ' list cannot start on the line of its key"),
        ("a:\n    b: 1\n  c: 2\n", "3:3",
         "a key indented like no key above it (the keys on line 1 are at column 1)"),
        ("version: 1\n- bridge\n", "2:1", "a '- ' list item among 'key: value' lines"),
        ("name: @home\n", "1:7", "a value cannot start with '@'; put it in quotes"),
        ("name: \"C:\\q\"\n", "1:", "an unknown escape after '\\' in double quotes"),
        ("targets: [a]]\n", "1:13", "']' closes nothing here"),
    ],
    ids=["dash-indent", "colon-in-value", "no-colon", "open-bracket", "open-brace",
         "open-quote", "after-quote", "list-on-key-line", "dedent", "list-in-mapping", "at",
         "escape", "extra-bracket"],
)
def test_yaml_syntax_errors_say_what_was_expected_and_why(tmp_path, monkeypatch, parser,
                                                          content, where, message):
    import yaml

    if parser == "Python":
        monkeypatch.setattr(yamlsource, "_Loader", yaml.SafeLoader)
    elif not hasattr(yaml, "CSafeLoader"):
        pytest.skip("PyYAML without libyaml")
    line = refused(write(tmp_path, content))
    assert line.startswith(f"{tmp_path / 'x.yaml'}:{where}")
    assert line.split(": invalid YAML: ", 1)[1].startswith(message)


def test_the_check_hint_escapes_and_quotes_the_path(tmp_path):
    bad = tmp_path / "my \x1b[2Jfile.yaml"
    bad.write_text(variant("    reps: 3\n", "    reps: 0\n").replace("    sides: each\n",
                                                                    "    sides: all\n", 1))
    result = run("list", "--file", str(bad))
    assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1
    shown = f"{tmp_path}/my \\x1b[2Jfile.yaml"
    assert result.stderr.startswith(f"{shown}:")
    assert result.stderr.endswith(f"(+1 more; see: heel check '{shown}')\n")


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (["--rest", "nan"], "--rest must be a number of seconds from 0 to 600, got nan"),
        (["--rest", "inf"], "--rest must be a number of seconds from 0 to 600, got inf"),
        (["--rest", "-1"], "--rest must be a number of seconds from 0 to 600, got -1"),
        (["--reps", "0"], "--reps must be a whole number from 1 to 100, got 0"),
        (["--reps", "2.5"], "--reps must be a whole number from 1 to 100, got 2.5"),
        (["--sets", "101"], "--sets must be a whole number from 1 to 100, got 101"),
        (["--sets", "\x1b[2J"], "--sets must be a whole number from 1 to 100, got \\x1b[2J"),
    ],
)
def test_out_of_range_options_are_one_line_and_exit_2(option, message):
    result = run("workout", "--dry-run", "--file", str(MINI), *option)
    assert result.exit_code == 2
    assert (result.stdout, result.stderr) == ("", f"heel: {message}\n")


def test_a_sane_rest_is_still_taken():
    result = run("workout", "--dry-run", "--json", "-e", "curl", "--rest", "2.5", "--sets", "2",
                 "--file", str(MINI))
    assert result.exit_code == 0
    assert '"kind": "rest",\n      "seconds": 2.5,' in result.stdout


def test_ids_typed_on_the_command_line_match_whatever_their_case():
    assert "Lying on your back" in run("why", "Bridge").stdout
    assert run("why", "QUADS-Take-Over").stdout.startswith("What goes wrong")
    plan = run("workout", "--dry-run", "--json", "-e", "Bridge", "-e", "SPLIT-squat")
    assert plan.exit_code == 0 and '"bridge",\n    "split-squat"' in plan.stdout
    plan = run("workout", "--dry-run", "--json", "--routine", "Heel-Basics")
    assert plan.exit_code == 0
    assert plan.stdout == run("workout", "--dry-run", "--json", "--routine", "heel-basics").stdout
    assert complete("heel workout -e BR") == ["bridge"]
