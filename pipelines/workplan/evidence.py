"""Evidence of a deliverable or milestone: a document kept in the store, or a link.

A file's type is read from its content, never from its name: a PDF starts with ``%PDF-``;
an Office Open XML file (DOCX, XLSX, PPTX) is a ZIP whose ``[Content_Types].xml`` names the
main part of a document, workbook or presentation (macro-enabled variants are refused); an
OpenDocument file (ODT, ODS) is a ZIP whose ``mimetype`` member names its kind; any other ZIP
is accepted only when every member is itself one of these. The file is stored under its
SHA-256, so the name someone gave it is shown but never used as a path.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from pipelines.errors import LeslieError
from pipelines.paths import DataDir

OOXML_MAIN = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": "pptx",
}
ODF_MIMETYPES = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
}
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
MAX_MEMBERS = 1000  # a ZIP of documents, not a ZIP bomb


class EvidenceRefused(LeslieError):
    """An evidence file or link that cannot be kept (wrong type, too large, not http/https)."""


@dataclass(frozen=True)
class Evidence:
    """What someone sends: a file's name and bytes, or a link."""

    name: str = ""
    data: bytes | None = None
    url: str | None = None

    @classmethod
    def from_argument(cls, value: str, max_bytes: int) -> Evidence:
        """``--evidence FILE_OR_URL``: a link when it has a scheme, else a file, read only
        when it is not larger than ``max_bytes``."""
        if "://" in value or value.lower().startswith(("http:", "https:")):
            return cls(url=value)
        path = Path(value)
        if not path.is_file():
            raise EvidenceRefused(key="workplan.evidence.no_file", path=value)
        size = path.stat().st_size
        if size > max_bytes:
            raise EvidenceRefused(
                key="workplan.evidence.too_large", name=path.name, limit=max_bytes // 2**20
            )
        return cls(name=path.name, data=path.read_bytes())


@dataclass(frozen=True)
class KeptFile:
    name: str
    sha256: str
    size: int
    type: str
    path: str  # relative to the store folder


def check_url(url: str) -> str:
    """An http or https address with a host, without spaces or control characters."""
    parts = urlsplit(url.strip())
    if (
        parts.scheme.lower() not in ("http", "https")
        or not parts.hostname
        or any(c.isspace() or ord(c) < 32 for c in url.strip())
    ):
        raise EvidenceRefused(key="workplan.evidence.bad_url", url=url)
    return url.strip()


def _zip_kind(data: bytes, depth: int) -> str | None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            return None
        names = {i.filename for i in infos}
        if "[Content_Types].xml" in names:
            types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
            found = {
                kind
                for ct, kind in OOXML_MAIN.items()
                if re.search(rf"""ContentType\s*=\s*["']{re.escape(ct)}["']""", types)
            }
            return found.pop() if len(found) == 1 else None
        if "mimetype" in names:
            return ODF_MIMETYPES.get(archive.read("mimetype").decode("ascii", "replace").strip())
        if depth > 0:
            return None  # a ZIP inside a ZIP inside a ZIP: not a bundle of documents
        members = [i for i in infos if not i.is_dir()]
        if not members or any(i.file_size > len(data) * 200 for i in members):
            return None
        if all(sniff(archive.read(i), depth + 1) is not None for i in members):
            return "zip"
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, RuntimeError, EOFError):
        return None
    return None


def sniff(data: bytes, depth: int = 0) -> str | None:
    """The document type read from ``data`` (pdf, docx, xlsx, pptx, odt, ods, zip), or None."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(ZIP_MAGIC):
        return _zip_kind(data, depth)
    return None


def check_file(evidence: Evidence, max_bytes: int) -> str:
    """The type of an evidence file, or EvidenceRefused naming why."""
    data = evidence.data or b""
    if len(data) > max_bytes:
        raise EvidenceRefused(
            key="workplan.evidence.too_large", name=evidence.name, limit=max_bytes // 2**20
        )
    kind = sniff(data)
    if kind is None:
        raise EvidenceRefused(key="workplan.evidence.bad_type", name=evidence.name)
    return kind


def keep(data_dir: DataDir, evidence: Evidence, kind: str) -> KeptFile:
    """Write the file into the store under its SHA-256 (atomically; once per content)."""
    data = evidence.data or b""
    digest = hashlib.sha256(data).hexdigest()
    folder = data_dir.evidence
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{digest}.{kind}"
    if not target.exists():
        tmp = folder / f".{digest}.{os.getpid()}.tmp"
        tmp.write_bytes(data)
        os.replace(tmp, target)
    return KeptFile(
        name=Path(evidence.name).name or f"{digest[:12]}.{kind}",
        sha256=digest,
        size=len(data),
        type=kind,
        path=target.relative_to(data_dir.store).as_posix(),
    )
