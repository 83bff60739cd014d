"""The reports as a coordinator opens them: LibreOffice converts the Word and Excel reports to
PDF (one LibreOffice start for both, shared), and the pages are checked and kept as images in
artifacts/reports/ for a person to look at.

Checks: page counts stay within bounds, the cover fits one page with the EU emblem, the
funding statement and the disclaimer, and no partner or country name is broken inside a
word by a narrow table column. Skipped, with the reason, only where LibreOffice is absent
(Debian packages: libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils).
"""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from pipelines.access.scope import Viewer
from pipelines.metrics.indicators import Filters
from pipelines.reports import collect, render
from pipelines.warehouse.build import read_warehouse
from pipelines.words.present import Words

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        shutil.which("soffice") is None or shutil.which("pdftoppm") is None,
        reason="LibreOffice (soffice) and poppler (pdftoppm) are not installed: apt-get install "
        "libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils",
    ),
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "reports"
STATEMENT = "Co-funded by the European Union"
DISCLAIMER_END = "can be held responsible for them."
PAGES = {"native.pdf": (15, 35), "docx": (20, 48), "xlsx": (8, 30)}


@pytest.fixture(scope="module")
def report(demo_dir, project):
    with read_warehouse(demo_dir.warehouse) as con:
        return collect(con, project, Viewer.coordinator("t"), Filters(period="P1"))


@pytest.fixture(scope="module")
def converted(report, tmp_path_factory) -> dict[str, Path]:
    """{format: PDF}: the native PDF, and LibreOffice's PDF of the Word and Excel reports."""
    work = tmp_path_factory.mktemp("libreoffice")
    out = {"native.pdf": work / "native.pdf"}
    out["native.pdf"].write_bytes(render(report, "pdf"))
    sources = []
    for fmt in ("docx", "xlsx"):
        source = work / f"report_{fmt}.{fmt}"
        source.write_bytes(render(report, fmt))
        sources.append(str(source))
        out[fmt] = work / "converted" / f"report_{fmt}.pdf"
    subprocess.run(  # one LibreOffice start converts both files
        [
            "soffice",
            f"-env:UserInstallation=file://{work}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work / "converted"),
            *sources,
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    for fmt, pdf in out.items():
        folder = ARTIFACTS / fmt.replace(".", "_")
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        subprocess.run(["pdftoppm", "-png", "-r", "50", str(pdf), str(folder / "page")], check=True)
    return out


def _pages(pdf: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(pdf).pages]


def _text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


@pytest.mark.parametrize("fmt", list(PAGES))
def test_page_count_stays_within_bounds(converted, fmt):
    low, high = PAGES[fmt]
    n = len(PdfReader(converted[fmt]).pages)
    assert low <= n <= high, n
    assert len(list((ARTIFACTS / fmt.replace(".", "_")).glob("page-*.png"))) == n


@pytest.mark.parametrize("fmt", list(PAGES))
def test_cover_fits_one_page_with_emblem_statement_and_disclaimer(converted, fmt):
    first, second = _pages(converted[fmt])[:2]
    flat = " ".join(first.split())
    assert STATEMENT in flat and DISCLAIMER_END in flat
    assert "Progress judged at" in flat and "Generated" in flat  # the last cover rows
    assert DISCLAIMER_END not in " ".join(second.split())
    images = subprocess.run(
        ["pdfimages", "-list", "-f", "1", "-l", "1", str(converted[fmt])],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.splitlines()[2:]
    if fmt == "native.pdf":
        content = PdfReader(converted[fmt]).pages[0].get_contents().get_data()
        assert b"0 0.2 0.6 rg" in content  # drawn as vectors
    else:
        assert images, "no emblem image on the cover"


def _broken(words: set[str], text: str) -> list[str]:
    """Name words split over two lines or cells: consecutive tokens that join to the word."""
    tokens = re.findall(r"\S+", text)
    return sorted(
        {
            a + b
            for a, b in itertools.pairwise(tokens)
            if a + b in words and a not in words and b not in words
        }
    )


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_no_partner_or_country_name_is_broken_inside_a_word(converted, project, fmt):
    text = _text(converted[fmt])
    words_ = Words("en")
    names = [p.name for p in project.partners] + [words_.country(c.iso2) for c in project.countries]
    words = {w.strip("(),") for name in names for w in name.split() if len(w) > 3}
    assert _broken(words, text) == []
    tokens = set(re.findall(r"[^\s(),]+", text))
    missing = sorted(w for w in words if w not in tokens)
    assert missing == []


def test_the_broken_name_check_sees_a_name_split_over_two_lines():
    words = {"Kazakhstan", "International"}
    assert _broken(words, "Kazakhsta\nn Internation\nal") == ["International", "Kazakhstan"]
    assert _broken(words, "Kazakhstan\nInternational") == []
