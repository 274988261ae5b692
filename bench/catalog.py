"""How `heel check` and `heel list` grow with the size of the exercise file.

Generates valid exercise files of 10, 100 and 1,000 exercises and one as large as heel
accepts (1 MiB, some 1,450 exercises), then times `heel check FILE` and
`heel list --file FILE` on each, every size in every round so machine load hits them
alike. It reports medians of wall and CPU time (user + system, steadier on a busy
machine), what one more exercise costs in CPU between two sizes, and the ratio of those
costs: about 1.0 is linear growth; growth with the square of the size shows as 10
between 10x sizes.
Usage: /tmp/bench/bin/python bench/catalog.py [ROUNDS]  (see bench/README.md)
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from itertools import pairwise
from pathlib import Path
from statistics import median

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from heelcli.engine.yamlsource import MAX_BYTES  # heel refuses larger files
from tests.ptyterm import HEEL

COUNTS = (10, 100, 1000)

TOPIC = """\
  - id: topic-{i}
    title: Topic number {i}
    text: |
      Push through the heel, topic {i}. The back of the leg does the work.

"""

EXERCISE = """\
  - id: move-{i}
    name: Move number {i}
    summary: A generated exercise that lifts the hips, number {i}.
    targets: [glutes, hamstrings]
    setup:
      - Lie on your back with your knees bent.
      - Put your feet flat, hip-width apart.
    phases:
      - {{name: Up, seconds: 2, cue: Press the heels down}}
      - {{name: Hold, seconds: 1.5, cue: Squeeze}}
      - {{name: Down, seconds: 2, cue: Lower slowly}}
    reps: 10
    sets: 2
    rest_seconds: 30
    sides: {sides}
    cues: [Heels down, Toes light, Squeeze at the top]
    mistakes: [Pushing with the toes, Arching the low back]
    feel: The glutes and the backs of the thighs.
    why: It trains the back of the leg, number {i}.
{link}
"""


def exercise(i: int, count: int) -> str:
    # Pairs link to each other, so the cross-reference checks run on every exercise.
    if i % 2 == 0:
        link = f"    challenge: move-{i + 1}" if i + 1 < count else ""
    else:
        link = f"    easier: move-{i - 1}"
    return EXERCISE.format(i=i, sides="each" if i % 3 == 0 else "both", link=link)


def catalog(count: int) -> str:
    """A valid exercise file with `count` exercises, 10 topics and 10 routines."""
    parts = ["version: 1\ntopics:\n"]
    parts += [TOPIC.format(i=i) for i in range(10)]
    parts.append("exercises:\n")
    parts += [exercise(i, count) for i in range(count)]
    parts.append("routines:\n")
    for r in range(10):
        ids = ", ".join(f"move-{(r * 7 + k) % count}" for k in range(5))
        parts.append(f"  - id: routine-{r}\n    name: Routine {r}\n    exercises: [{ids}]\n")
    return "".join(parts)


def largest() -> tuple[int, str]:
    """The most exercises that fit in heel's 1 MiB limit."""
    per = len(catalog(1001)) - len(catalog(1000))
    count = (MAX_BYTES - len(catalog(1))) // per + 1
    while len(catalog(count).encode()) > MAX_BYTES:
        count -= 1
    return count, catalog(count)


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one run of a command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    with tempfile.TemporaryDirectory() as tmp:
        files: dict[int, str] = {}
        for count, text in [*((c, catalog(c)) for c in COUNTS), largest()]:
            files[count] = os.path.join(tmp, f"{count}.yaml")
            Path(files[count]).write_text(text)
        commands = {
            "heel check": lambda path: [HEEL, "check", path],
            "heel list": lambda path: [HEEL, "list", "--file", path],
        }
        for command in commands.values():
            for path in files.values():
                timed(command(path))  # warm the file cache; also fails loudly if invalid
        wall: dict[tuple[str, int], list[float]] = {}
        cpu: dict[tuple[str, int], list[float]] = {}
        for _ in range(rounds):  # every size of every command in each round: load hits all
            for name, command in commands.items():
                for count, path in files.items():
                    w, c = timed(command(path))
                    wall.setdefault((name, count), []).append(w)
                    cpu.setdefault((name, count), []).append(c)
        counts = list(files)
        for name in commands:
            print(f"{name}:")
            for count in counts:
                w, c = median(wall[name, count]), median(cpu[name, count])
                size = os.path.getsize(files[count]) / 1024
                print(f"  {count:5} exercises {size:5.0f} KiB   wall {w * 1000:6.1f} ms   "
                      f"CPU {c * 1000:6.1f} ms")
            # What one more exercise costs between two sizes, in CPU time: steady if linear.
            cost = [(median(cpu[name, big]) - median(cpu[name, small])) / (big - small)
                    for small, big in pairwise(counts)]
            steps = "   ".join(f"{a}->{b}: {x * 1e6:.0f} us"
                               for (a, b), x in zip(pairwise(counts), cost, strict=True))
            print(f"  CPU per exercise  {steps}")
            print(f"  growth (1.0 is linear): 100->1000 / 10->100 = {cost[1] / cost[0]:.2f}, "
                  f"1000->{counts[-1]} / 100->1000 = {cost[2] / cost[1]:.2f}")
        print(f"({rounds} rounds; python {sys.version.split()[0]})")


if __name__ == "__main__":
    main()
