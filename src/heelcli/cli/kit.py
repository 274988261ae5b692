"""What the `heel` group and its commands share: help in plain text, and the environment
and exercise file of a run. Its own module, so `cli` (the group) and
the command modules (`commands`, `followup`) need not import each other."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from heelcli.engine.catalog import Catalog
    from heelcli.flows.environment import Environment

EXIT_USAGE = 2


def _show_help(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(ctx.get_help(), color=ctx.color)
        ctx.exit()


class PlainHelp:
    """Help in fixed English text. click asks gettext for "Usage:", "Options" and the help
    option's text on every run, which costs about 1 ms (most of it importing locale), and
    heel is not translated."""

    _plain_help: click.Option | None = None

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        names = self.get_help_option_names(ctx)  # type: ignore[attr-defined]
        if not names or not self.add_help_option:  # type: ignore[attr-defined]
            return None
        if self._plain_help is None:  # one object per command: click compares them
            self._plain_help = click.Option(
                names, is_flag=True, expose_value=False, is_eager=True,
                callback=_show_help, help="Show this message and exit.")
        return self._plain_help

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix="Usage: ")

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        params = self.get_params(ctx)  # type: ignore[attr-defined]
        records = [p.get_help_record(ctx) for p in params if isinstance(p, click.Option)]
        if records := [r for r in records if r is not None]:
            with formatter.section("Options"):
                formatter.write_dl(records)


class HeelCommand(PlainHelp, click.Command):
    pass


class HeelSubGroup(PlainHelp, click.Group):
    """A command with subcommands of its own (`heel program start`)."""

    command_class = HeelCommand

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The options, then the subcommands, as `heel --help` lists its commands."""
        super().format_options(ctx, formatter)
        rows = [(name, command.get_short_help_str(limit=formatter.width))
                for name in self.list_commands(ctx)
                if (command := self.get_command(ctx, name)) is not None]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


def _use_file(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value:
        env_of(ctx).catalog_path = value


file_option = click.option(
    "--file", "-f", metavar="PATH", envvar="HEEL_EXERCISES", show_envvar=True,
    expose_value=False, is_eager=True, callback=_use_file,
    help="Exercise file to use instead of the built-in one.")


def env_of(ctx: click.Context) -> Environment:
    """The world a command works in: the one tests pass as `obj`, else the real one."""
    from heelcli.flows.environment import Environment

    if not isinstance(ctx.obj, Environment):
        ctx.obj = Environment()
    return ctx.obj


def catalog_of(ctx: click.Context) -> Catalog:
    """The exercise file in use, parsed once per run whoever asks for it."""
    from heelcli.engine.catalog import load

    path = env_of(ctx).catalog_path
    meta = ctx.find_root().meta
    if meta.get("heel.catalog_path", ...) != path:
        meta["heel.catalog"], meta["heel.catalog_path"] = load(path), path
    catalog: Catalog = meta["heel.catalog"]
    return catalog

