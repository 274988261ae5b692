"""The `heel` program's entry point (the installed script and `python -m heelcli`)."""

import gc


def main() -> None:
    # Start-up keeps nearly every object it makes (click, rich, yaml, the catalog): some
    # 30,000 of them, and the collector's passes over them found no garbage yet cost 5 ms of
    # a 90 ms start. A young generation of 100,000 lets a command start without one; a long
    # session still collects, a few milliseconds now and then. Set here, before the first
    # import, not in the package: a program that imports heel keeps its own settings.
    from heelcli import START_UP_YOUNG_GENERATION

    gc.set_threshold(START_UP_YOUNG_GENERATION, *gc.get_threshold()[1:])
    from heelcli.cli.group import main as run

    run()


if __name__ == "__main__":
    main()
