"""EU visibility: the emblem drawn from its official geometry, and the funding statement and
disclaimer (configured in ``[reporting]``) on the cover of every format."""

from __future__ import annotations

import io
import math
import zipfile

import docx
import openpyxl
import pytest
from PIL import Image
from pypdf import PdfReader

from pipelines.access.scope import Viewer
from pipelines.metrics.indicators import Filters
from pipelines.reports import collect, render
from pipelines.reports.emblem import BLUE, INNER_RATIO, YELLOW, Emblem, emblem_png, rgb
from pipelines.warehouse.build import read_warehouse

H = 180.0
STATEMENT = "Co-funded by the European Union"
DISCLAIMER_START = "Funded by the European Union. Views and opinions expressed are however"
DISCLAIMER_END = "Neither the European Union nor the granting authority can be held responsible"


def flat(text: str) -> str:
    return " ".join(text.split())


def test_rectangle_is_one_and_a_half_times_as_wide_as_high():
    e = Emblem(10, 20, H)
    assert e.width == pytest.approx(1.5 * H)
    assert e.centre == pytest.approx((10 + 0.75 * H, 20 + 0.5 * H))


def test_twelve_star_centres_on_a_circle_of_a_third_of_the_height_at_30_degree_steps():
    e = Emblem(0, 0, H)
    cx, cy = e.centre
    centres = e.star_centres()
    assert len(centres) == 12
    angles = []
    for x, y in centres:
        assert math.hypot(x - cx, y - cy) == pytest.approx(H / 3)
        angles.append(math.degrees(math.atan2(x - cx, cy - y)) % 360)  # clockwise from 12
    assert angles == pytest.approx([30.0 * n for n in range(12)], abs=1e-9)


def test_each_star_is_upright_with_its_points_on_a_circle_of_an_eighteenth_of_the_height():
    e = Emblem(0, 0, H)
    for centre in e.star_centres():
        points = e.star(centre)
        assert len(points) == 10
        outer, inner = points[0::2], points[1::2]
        for x, y in outer:
            assert math.hypot(x - centre[0], y - centre[1]) == pytest.approx(H / 18)
        for x, y in inner:
            assert math.hypot(x - centre[0], y - centre[1]) == pytest.approx(H / 18 * INNER_RATIO)
        top = points[0]
        assert top[0] == pytest.approx(centre[0]) and top[1] < centre[1]  # one point straight up


def test_colours_are_reflex_blue_and_yellow():
    assert rgb(BLUE) == (0, 51, 153)
    assert rgb(YELLOW) == (255, 204, 0)
    image = Image.open(io.BytesIO(emblem_png(360))).convert("RGB")
    assert image.size == (540, 360)
    assert image.getpixel((5, 5)) == (0, 51, 153)  # the field
    assert image.getpixel((270, 180)) == (0, 51, 153)  # no star in the centre
    star_top = Emblem(0, 0, 360).star_centres()[0]  # twelve o'clock
    assert image.getpixel((round(star_top[0]), round(star_top[1]))) == (255, 204, 0)


@pytest.fixture(scope="module")
def files(tiny_dir, project) -> dict[str, bytes]:
    with read_warehouse(tiny_dir.warehouse) as con:
        data = collect(con, project, Viewer.coordinator("test"), Filters(period="P1"))
    assert data.project["disclaimer"] == project.reporting.disclaimer
    return {fmt: render(data, fmt) for fmt in ("xlsx", "docx", "pdf")}


def test_configured_wording_is_the_erasmus_plus_disclaimer(project):
    assert project.reporting.funding_statement == STATEMENT
    assert project.reporting.disclaimer.startswith(DISCLAIMER_START)
    assert "(EACEA)" in project.reporting.disclaimer


def test_excel_cover_has_the_emblem_statement_and_disclaimer(files):
    cover = openpyxl.load_workbook(io.BytesIO(files["xlsx"]))["Cover"]
    text = flat(" ".join(str(v) for row in cover.iter_rows(values_only=True) for v in row if v))
    assert STATEMENT in text and DISCLAIMER_START in text and DISCLAIMER_END in text
    with zipfile.ZipFile(io.BytesIO(files["xlsx"])) as z:
        media = [n for n in z.namelist() if n.startswith("xl/media/")]
        assert len(media) == 1
        image = Image.open(io.BytesIO(z.read(media[0]))).convert("RGB")
        assert image.getpixel((3, 3)) == (0, 51, 153)


def test_word_cover_has_the_emblem_statement_and_disclaimer(files):
    document = docx.Document(io.BytesIO(files["docx"]))
    assert document.tables[0].cell(0, 1).text == STATEMENT
    picture = document.tables[0].cell(0, 0)._tc.xpath(".//pic:pic")
    assert picture
    cover = []
    for p in document.paragraphs:
        cover.append(p.text)
        if p.text.startswith(DISCLAIMER_START):
            break
    assert any(DISCLAIMER_END in t for t in cover), "disclaimer not on the cover"


def test_pdf_cover_draws_the_emblem_as_vectors_with_statement_and_disclaimer(files):
    first = PdfReader(io.BytesIO(files["pdf"])).pages[0]
    text = flat(first.extract_text())
    assert STATEMENT in text and DISCLAIMER_START in text and DISCLAIMER_END in text
    content = first.get_contents().get_data().decode("latin-1")
    blue = content.index("0 0.2 0.6 rg")  # reflex blue: the rectangle
    assert " re f" in content[blue : blue + 60]
    yellow = content.index("1 0.8 0 rg", blue)  # then twelve filled ten-point stars
    stars = content[yellow : content.index(" rg", yellow + 12)]
    assert stars.count(" m") == 12 and stars.count(" l") == 12 * 9
