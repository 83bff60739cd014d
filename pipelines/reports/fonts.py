"""The report font (DejaVu Sans, shipped in matplotlib's wheel) and text measurement.

DejaVu Sans holds Cyrillic, the Kazakh letters and Uzbek oʻ gʻ; LibreOffice and Word on the
coordinator's machine use the same family name. Measuring with the font's own metrics lets
the Word writer size table columns so that no word is ever broken inside a cell.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import matplotlib
from PIL import ImageFont

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FAMILY = "DejaVu Sans"
FILES = {False: "DejaVuSans.ttf", True: "DejaVuSans-Bold.ttf"}
BREAKS = re.compile(r"[ \t\n]+")  # where a line may break; no-break spaces hold figures together
SCALE = 100  # measure at 100 pt and scale: sub-point sizes are not allowed by PIL


@cache
def _font(bold: bool) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_DIR / FILES[bold]), SCALE)


def width_pt(text: str, size: float, bold: bool = False) -> float:
    """The printed width of ``text`` in points at ``size`` points."""
    return _font(bold).getlength(text) * size / SCALE


def longest_word_pt(text: str, size: float, bold: bool = False) -> float:
    return max((width_pt(word, size, bold) for word in BREAKS.split(str(text))), default=0.0)


def longest_line_pt(text: str, size: float, bold: bool = False) -> float:
    return max((width_pt(line, size, bold) for line in str(text).split("\n")), default=0.0)
