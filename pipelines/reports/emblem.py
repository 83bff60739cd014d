"""The EU emblem, drawn from its official geometric description (nothing is downloaded).

A blue rectangle 1.5 times as wide as it is high; twelve gold five-pointed stars, upright,
placed like the hours of a clock on an invisible circle of radius one third of the height,
centred where the diagonals cross; each star's points lie on a circle of radius one
eighteenth of the height. Coordinates here are page coordinates: x to the right, y down.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Polygon, Rectangle

BLUE = "#003399"  # reflex blue, RGB (0, 51, 153)
YELLOW = "#FFCC00"  # RGB (255, 204, 0)
STARS = 12
# inner radius of a regular five-pointed star (pentagram outline) per outer radius
INNER_RATIO = math.cos(math.radians(72)) / math.cos(math.radians(36))

Point = tuple[float, float]


@dataclass(frozen=True)
class Emblem:
    """The emblem's shapes for a given height, at (x, y) = top-left corner."""

    x: float
    y: float
    height: float

    @property
    def width(self) -> float:
        return 1.5 * self.height

    @property
    def centre(self) -> Point:
        return self.x + self.width / 2, self.y + self.height / 2

    @property
    def star_radius(self) -> float:
        return self.height / 18

    def star_centres(self) -> list[Point]:
        """Twelve centres at 30° steps from twelve o'clock, on a circle of radius h/3."""
        cx, cy = self.centre
        r = self.height / 3
        return [
            (cx + r * math.sin(math.radians(30 * n)), cy - r * math.cos(math.radians(30 * n)))
            for n in range(STARS)
        ]

    def star(self, centre: Point) -> list[Point]:
        """Ten vertices, outer and inner alternating, the first outer one straight up."""
        cx, cy = centre
        outer, inner = self.star_radius, self.star_radius * INNER_RATIO
        points = []
        for k in range(10):
            radius = outer if k % 2 == 0 else inner
            angle = math.radians(36 * k)
            points.append((cx + radius * math.sin(angle), cy - radius * math.cos(angle)))
        return points

    def stars(self) -> list[list[Point]]:
        return [self.star(c) for c in self.star_centres()]


def rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


def emblem_png(height_px: int = 400) -> bytes:
    """The emblem as a PNG, ``height_px`` high (1.5 times as wide)."""
    shape = Emblem(0.0, 0.0, 1.0)
    dpi = 100
    fig = Figure(figsize=(1.5 * height_px / dpi, height_px / dpi), dpi=dpi)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, shape.width)
    ax.set_ylim(shape.height, 0)  # y down, as in the page coordinates above
    ax.set_axis_off()
    ax.add_patch(Rectangle((0, 0), shape.width, shape.height, facecolor=BLUE, edgecolor="none"))
    for star in shape.stars():
        ax.add_patch(Polygon(star, closed=True, facecolor=YELLOW, edgecolor="none"))
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=dpi, metadata={"Software": None})
    return out.getvalue()


def draw_on_pdf(pdf, x: float, y: float, height: float) -> None:
    """The emblem as vector shapes on an fpdf2 page (units of the document)."""
    shape = Emblem(x, y, height)
    pdf.set_fill_color(*rgb(BLUE))
    pdf.rect(x, y, shape.width, height, style="F")
    pdf.set_fill_color(*rgb(YELLOW))
    for star in shape.stars():
        pdf.polygon(star, style="F")
