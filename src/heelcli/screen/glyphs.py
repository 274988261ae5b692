"""Big glyphs, readable from a mat two metres from the screen, at any terminal size.

One pixel font (5 pixels tall) for digits, ':' and the letters A-Z, scaled by a whole
factor and drawn with half-block characters: each terminal cell holds two pixels one above
the other, and a cell is about twice as tall as it is wide, so the pixels come out square.
Scale 1 is 3 rows tall, 2 is 5 rows, 5 is 13 rows. Written here rather than taken from a
font library: 40 small bitmaps cost nothing to import and keep every glyph the same height.
"""

from __future__ import annotations

from functools import lru_cache

HEIGHT = 5  # pixels

_FONT: dict[str, tuple[str, ...]] = {
    "0": ("###", "#.#", "#.#", "#.#", "###"),
    "1": (".#.", "##.", ".#.", ".#.", "###"),
    "2": ("###", "..#", "###", "#..", "###"),
    "3": ("###", "..#", "###", "..#", "###"),
    "4": ("#.#", "#.#", "###", "..#", "..#"),
    "5": ("###", "#..", "###", "..#", "###"),
    "6": ("###", "#..", "###", "#.#", "###"),
    "7": ("###", "..#", "..#", ".#.", ".#."),
    "8": ("###", "#.#", "###", "#.#", "###"),
    "9": ("###", "#.#", "###", "..#", "###"),
    ":": (".", "#", ".", "#", "."),
    " ": ("..", "..", "..", "..", ".."),
    "-": ("...", "...", "###", "...", "..."),
    "A": (".#.", "#.#", "###", "#.#", "#.#"),
    "B": ("##.", "#.#", "##.", "#.#", "##."),
    "C": (".##", "#..", "#..", "#..", ".##"),
    "D": ("##.", "#.#", "#.#", "#.#", "##."),
    "E": ("###", "#..", "##.", "#..", "###"),
    "F": ("###", "#..", "##.", "#..", "#.."),
    "G": (".##", "#..", "#.#", "#.#", ".##"),
    "H": ("#.#", "#.#", "###", "#.#", "#.#"),
    "I": ("###", ".#.", ".#.", ".#.", "###"),
    "J": ("..#", "..#", "..#", "#.#", ".#."),
    "K": ("#.#", "#.#", "##.", "#.#", "#.#"),
    "L": ("#..", "#..", "#..", "#..", "###"),
    "M": ("#...#", "##.##", "#.#.#", "#...#", "#...#"),
    "N": ("#..#", "##.#", "#.##", "#..#", "#..#"),
    "O": (".#.", "#.#", "#.#", "#.#", ".#."),
    "P": ("##.", "#.#", "##.", "#..", "#.."),
    "Q": (".#.", "#.#", "#.#", "##.", ".##"),
    "R": ("##.", "#.#", "##.", "#.#", "#.#"),
    "S": (".##", "#..", ".#.", "..#", "##."),
    "T": ("###", ".#.", ".#.", ".#.", ".#."),
    "U": ("#.#", "#.#", "#.#", "#.#", "###"),
    "V": ("#.#", "#.#", "#.#", "#.#", ".#."),
    "W": ("#...#", "#...#", "#.#.#", "##.##", "#...#"),
    "X": ("#.#", "#.#", ".#.", "#.#", "#.#"),
    "Y": ("#.#", "#.#", ".#.", ".#.", ".#."),
    "Z": ("###", "..#", ".#.", "#..", "###"),
}
# A pixel pair (top, bottom) as one cell.
_CELL = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def drawable(text: str) -> bool:
    """Whether every character of `text` is in the font (case aside)."""
    return all(ch in _FONT for ch in text.upper())


def pixel_width(text: str) -> int:
    """Width of `text` in pixels at scale 1: each glyph and one blank pixel between two."""
    text = text.upper()
    return sum(len(_FONT[ch][0]) for ch in text) + max(0, len(text) - 1)


def rows(scale: int) -> int:
    """Terminal rows a glyph takes at `scale`."""
    return -(-HEIGHT * scale // 2)


def width(text: str, scale: int) -> int:
    """Terminal columns `text` takes at `scale`."""
    return pixel_width(text) * scale


def big(text: str, scale: int) -> list[str]:
    """The rows of `text` in big glyphs, `scale` pixels per font pixel each way.

    Every row is width(text, scale) wide, so rows line up under each other.
    """
    return list(_big(text, scale))


# A live screen asks for the same few words and seconds each step: 32 keep a step's worth
# (a 12-minute session asks for 87 in all), and what a long session keeps stays bounded
# (bench/session_memory.py: 256 kept 0.1 MiB more at 200x60 for no CPU saved).
@lru_cache(maxsize=32)
def _big(text: str, scale: int) -> tuple[str, ...]:
    glyphs = [_FONT[ch] for ch in text.upper()]
    pixels = []
    for r in range(HEIGHT):
        line = ".".join(glyph[r] for glyph in glyphs)
        wide = "".join(px * scale for px in line)
        pixels.extend([wide] * scale)
    if len(pixels) % 2:
        pixels.append("." * len(pixels[0]))
    pairs = zip(pixels[::2], pixels[1::2], strict=True)
    return tuple("".join(_CELL[top == "#", low == "#"]
                         for top, low in zip(upper, lower, strict=True))
                 for upper, lower in pairs)
