"""What defining one record class costs: typing.NamedTuple, collections.namedtuple and
heel's TypedTuple, each defining the same five-field class with a method, in one run.
Usage: python bench/typedtuple.py [CLASSES]  (median microseconds a class, of 5 rounds)
"""

from __future__ import annotations

import sys
import time
from collections import namedtuple
from pathlib import Path
from statistics import median
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from heelcli.engine.typedtuple import TypedTuple


def with_typing() -> None:
    class Step(NamedTuple):
        kind: str
        seconds: float
        exercise: str | None = None
        cues: tuple[str, ...] = ()
        side: int | None = None

        def long(self) -> bool:
            return self.seconds > 10


def with_collections() -> None:
    namedtuple("Step", "kind seconds exercise cues side", defaults=(None, (), None))


def with_typedtuple() -> None:
    class Step(TypedTuple):
        kind: str
        seconds: float
        exercise: str | None = None
        cues: tuple[str, ...] = ()
        side: int | None = None

        def long(self) -> bool:
            return self.seconds > 10


def main() -> None:
    classes = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    rounds: dict[str, list[float]] = {}
    for _ in range(5):
        for name, define in (("typing.NamedTuple", with_typing),
                             ("collections.namedtuple", with_collections),
                             ("TypedTuple", with_typedtuple)):
            start = time.perf_counter()
            for _ in range(classes):
                define()
            rounds.setdefault(name, []).append((time.perf_counter() - start) / classes)
    base = median(rounds["typing.NamedTuple"])
    for name, times in rounds.items():
        print(f"{name:24} {median(times) * 1e6:6.1f} µs a class  {median(times) / base:5.2f}x")


if __name__ == "__main__":
    main()
