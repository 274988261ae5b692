"""The one reading of a number a person typed: an option's value, an answer at a prompt,
a count in the history.

ASCII digits only. `str.isdigit()` accepts `²` and `①` (an AZERTY keyboard has a ² key),
which `int()` then refuses; `int()` and `float()` themselves take Arabic-Indic and
fullwidth digits, underscores (`1_0`), signs, `inf` and `nan`. Normalising with
`unicodedata.decimal` would read `٣` as 3 but still not `²`, and a number typed in
another script is as likely a slip as an intent; the exercise file takes ASCII numbers
only too. So one rule everywhere: surrounding spaces, then ASCII digits (and, where
seconds are asked, one decimal point); anything else is not a number.
"""

from __future__ import annotations

_DIGITS = frozenset("0123456789")
MAX_DIGITS = 9  # far beyond any bound heel asks for; keeps int() off huge strings


def whole(text: str) -> int | None:
    """The whole number `text` spells in ASCII digits, else None."""
    body = text.strip()
    if not body or len(body) > MAX_DIGITS or not _DIGITS.issuperset(body):
        return None
    return int(body)


def whole_in(text: str, low: int, high: int) -> int | None:
    """A whole number from `low` to `high`, else None."""
    number = whole(text)
    return number if number is not None and low <= number <= high else None


def decimal(text: str) -> float | None:
    """A number of ASCII digits with at most one decimal point (`2`, `2.5`, `.5`), else
    None: never an exponent, a sign, `inf` or `nan`."""
    body = text.strip()
    units, _, fraction = body.partition(".")
    if not (units or fraction) or len(units) > MAX_DIGITS or len(fraction) > MAX_DIGITS:
        return None
    if not _DIGITS.issuperset(units) or not _DIGITS.issuperset(fraction):
        return None
    return float(f"{units or 0}.{fraction or 0}")
