"""`-o FILE` for the commands that write a page (report, calendar): a write that never
destroys. The history (or any SQLite file) is refused outright; another existing file is
replaced only when the person at the keyboard says so, or with --force."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from heelcli.flows.environment import Environment

SQLITE_MAGIC = b"SQLite format 3\x00"  # the first 16 bytes of every SQLite database

force_option = click.option("--force", is_flag=True,
                            help="Replace FILE if it exists, without asking.")


def write_page(env: Environment, output: str, text: str, *, force: bool,
               newline: str | None = None) -> None:
    """Write `text` to `output`, or raise a one-line error saying why not."""
    from heelcli.engine.errors import HeelError, RuntimeFailure, sanitise
    from heelcli.screen import prompts
    from heelcli.store.places import history_file

    history = history_file(env.home_text())
    if _same_file(output, history) or _is_sqlite(output):
        raise HeelError(f"{output} is a database (heel's history is {history}); "
                        "choose another file to write")
    if os.path.exists(output) and not force:
        if not env.stdin_isatty:
            raise HeelError(f"{output} exists; add --force to replace it")
        answer = prompts.yes_no(env.err_console, sanitise(f"{output} exists. Replace it?"),
                                err=True)
        if not answer:
            raise HeelError(f"{output} left as it was")
    try:
        with open(output, "w", encoding="utf-8", newline=newline) as file:
            file.write(text)
    except OSError as exc:
        raise RuntimeFailure(f"cannot write {output}: {exc.strerror or exc}") from None


def _same_file(path: str, other: str) -> bool:
    try:
        return os.path.samefile(path, other)
    except (OSError, ValueError):  # either missing: not the same file
        return False


def _is_sqlite(path: str) -> bool:
    try:
        with open(path, "rb") as file:
            return file.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:  # missing, a directory, unreadable: the write itself will say
        return False
