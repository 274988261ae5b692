"""Small wording helpers every page shares: one home for 'a count and its noun'."""

from __future__ import annotations


def plural(n: int, word: str) -> str:
    """`word` as it goes with `n`: 'rep' for 1, 'reps' otherwise."""
    return word if n == 1 else f"{word}s"


def count(n: int, word: str) -> str:
    """'1 topic', '3 topics'."""
    return f"{n} {plural(n, word)}"
