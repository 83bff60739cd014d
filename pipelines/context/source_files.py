"""Reading a national SDG source as data, never as links: every file the importers open goes
through one ``SourceFolder``.

A source is a folder someone else wrote (``git clone`` keeps symlinks), so:
- a link anywhere in what is read or listed refuses the import, and so does a path whose real
  location is outside the source folder (a link to ``private/secret.key`` is never read);
- only regular files are read, each at most ``MAX_FILE_BYTES``, the whole import at most
  ``MAX_TOTAL_BYTES`` and ``MAX_FILES`` files;
- a CSV cell holds at most ``MAX_FIELD_CHARS`` characters, a label (unit, region, series)
  at most ``MAX_LABEL_CHARS``;
- YAML is read without anchors or aliases (a "billion laughs" file is refused before it
  expands) and, like JSON, at most ``MAX_DEPTH`` levels deep.

Each refusal is a ``SourceRefused`` with its own catalogue key naming the file and the limit;
nothing is stored after one.
"""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from pipelines.errors import LeslieError

MIB = 2**20
MAX_FILE_BYTES = 64 * MIB
MAX_TOTAL_BYTES = 512 * MIB
MAX_FILES = 20_000
MAX_FIELD_CHARS = 4_096
MAX_LABEL_CHARS = 200
MAX_YAML_BYTES = 1 * MIB
MAX_JSON_BYTES = 1 * MIB
MAX_DEPTH = 8
# never through a link; a pipe planted after the listing does not block the open
READ_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


class SourceRefused(LeslieError):
    """A national SDG source holds something that is not read as data (a link, a file outside
    the source, a size, depth or alias over the limits): the whole import is refused."""


@dataclass
class SourceFolder:
    """The real folder of one source, and what has been read from it so far."""

    root: Path
    bytes_read: int = 0
    files_opened: int = 0
    _checked: set[Path] = field(default_factory=set)

    @classmethod
    def of(cls, path: Path) -> SourceFolder:
        """The folder the user named (or the folder of the file named), resolved once."""
        real = Path(os.path.realpath(path))
        return cls(real if real.is_dir() else real.parent)

    def rel(self, path: Path) -> str:
        """How messages name a file: relative to the source folder."""
        try:
            return Path(path).relative_to(self.root).as_posix() or "."
        except ValueError:
            return str(path)

    # paths ------------------------------------------------------------------------------
    def check(self, path: Path) -> Path:
        """``path`` itself, once no part of it below the source folder is a link and its real
        location is inside the folder; SourceRefused otherwise."""
        path = Path(path)
        if path in self._checked:
            return path
        try:
            parts = path.relative_to(self.root).parts
        except ValueError:
            raise SourceRefused(
                key="context_sources.refused.outside", path=str(path), root=str(self.root)
            ) from None
        current = self.root
        for part in parts:
            current = current / part
            if current.is_symlink():
                raise SourceRefused(key="context_sources.refused.link", path=self.rel(current))
        real = Path(os.path.realpath(path))
        if real != self.root and self.root not in real.parents:
            raise SourceRefused(
                key="context_sources.refused.outside", path=self.rel(path), root=str(self.root)
            )
        self._checked.add(path)
        return path

    def entries(self, folder: Path) -> tuple[list[Path], list[Path]]:
        """Files and sub-folders of ``folder``, sorted; a link among them refuses the import."""
        self.check(folder)
        files, folders = [], []
        for entry in sorted(folder.iterdir()):
            self.check(entry)
            if entry.is_dir():
                folders.append(entry)
            elif entry.is_file():
                files.append(entry)
            else:  # a pipe, a socket or a device: not data, and reading one may never end
                raise SourceRefused(key="context_sources.refused.not_file", path=self.rel(entry))
        return files, folders

    def is_file(self, path: Path) -> bool:
        """True for a regular file inside the source; a link at ``path`` refuses the import."""
        if not path.exists() and not path.is_symlink():
            return False
        self.check(path)
        return path.is_file()

    # bytes ------------------------------------------------------------------------------
    def read_bytes(self, path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
        """The whole file, read without following a link, within the file and total limits."""
        self.check(path)
        self.files_opened += 1
        if self.files_opened > MAX_FILES:
            raise SourceRefused(
                key="context_sources.refused.file_count", path=self.rel(path), limit=MAX_FILES
            )
        try:
            fd = os.open(path, READ_FLAGS)
        except OSError:  # a link planted after the check, or unreadable
            raise SourceRefused(
                key="context_sources.refused.not_file", path=self.rel(path)
            ) from None
        with os.fdopen(fd, "rb") as fh:
            _regular(os.fstat(fh.fileno()), self.rel(path))
            data = fh.read(limit + 1)
        if len(data) > limit:
            raise SourceRefused(
                key="context_sources.refused.file_size",
                path=self.rel(path),
                limit=_size(limit),
            )
        self.bytes_read += len(data)
        if self.bytes_read > MAX_TOTAL_BYTES:
            raise SourceRefused(
                key="context_sources.refused.total_size",
                path=self.rel(path),
                limit=_size(MAX_TOTAL_BYTES),
            )
        return data

    def head(self, path: Path, size: int = 64 * 1024) -> bytes:
        """The first bytes of a file (to recognise a format), read as ``read_bytes`` reads."""
        self.check(path)
        try:
            fd = os.open(path, READ_FLAGS)
        except OSError:
            raise SourceRefused(
                key="context_sources.refused.not_file", path=self.rel(path)
            ) from None
        with os.fdopen(fd, "rb") as fh:
            _regular(os.fstat(fh.fileno()), self.rel(path))
            return fh.read(size)

    def header(self, path: Path) -> list[str]:
        """The first line of a CSV file as trimmed column names ([] when not UTF-8 text)."""
        try:
            first = self.head(path).split(b"\n", 1)[0].decode("utf-8-sig").strip("\r")
        except UnicodeDecodeError:
            return []
        try:
            row = next(csv.reader([first]), [])
        except csv.Error:
            return []
        return [cell.strip().strip('"').strip() for cell in row]

    def read_text(self, path: Path, limit: int = MAX_FILE_BYTES) -> str:
        """UTF-8 text (a byte-order mark dropped); UnicodeDecodeError for other encodings."""
        return self.read_bytes(path, limit).decode("utf-8-sig")

    # formats ----------------------------------------------------------------------------
    def csv_rows(self, path: Path) -> tuple[list[str], list[list[str]]]:
        """Header and non-blank rows of a UTF-8 CSV file, every cell within the field limit."""
        from pipelines.context.values import CsvLineError, parse_csv

        text = self.read_text(path)
        try:
            header, rows = parse_csv(text)
        except CsvLineError as exc:  # a field over the csv module's own limit (128 KiB)
            raise SourceRefused(
                key="context_sources.refused.field", path=self.rel(path), row=exc.line,
                limit=MAX_FIELD_CHARS,
            ) from None  # fmt: skip
        for n, row in enumerate([header, *rows], 1):
            if any(len(cell) > MAX_FIELD_CHARS for cell in row):
                raise SourceRefused(
                    key="context_sources.refused.field", path=self.rel(path), row=n,
                    limit=MAX_FIELD_CHARS,
                )  # fmt: skip
        return header, rows

    def csv_frame(self, path: Path):
        """A pandas frame of every cell as text (for exports pandas reads best), within the
        field limit."""
        import pandas as pd

        data = self.read_bytes(path)
        frame = pd.read_csv(
            io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8-sig"
        )
        for column in frame.columns:
            lengths = frame[column].str.len()
            if len(str(column)) > MAX_FIELD_CHARS or (
                len(lengths) and lengths.max() > MAX_FIELD_CHARS
            ):
                over = 1 if len(str(column)) > MAX_FIELD_CHARS else int(lengths.idxmax()) + 2
                raise SourceRefused(
                    key="context_sources.refused.field", path=self.rel(path), row=over,
                    limit=MAX_FIELD_CHARS,
                )  # fmt: skip
        return frame

    def yaml_mapping(self, path: Path) -> object:
        """A YAML document, refused if it has an anchor or an alias or is nested too deep."""
        import yaml

        text = self.read_text(path, MAX_YAML_BYTES)
        depth = 0
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise SourceRefused(key="context_sources.refused.yaml_alias", path=self.rel(path))
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise SourceRefused(
                        key="context_sources.refused.depth", path=self.rel(path), limit=MAX_DEPTH
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
        return yaml.safe_load(text)

    def json_object(self, path: Path) -> dict:
        """A small JSON object (``provenance.json``), at most ``MAX_DEPTH`` levels deep."""
        text = self.read_text(path, MAX_JSON_BYTES)
        if _json_depth(text) > MAX_DEPTH:
            raise SourceRefused(
                key="context_sources.refused.depth", path=self.rel(path), limit=MAX_DEPTH
            )
        try:
            loaded = json.loads(text)
        except ValueError:
            raise SourceRefused(key="context_sources.refused.json", path=self.rel(path)) from None
        if not isinstance(loaded, dict):
            raise SourceRefused(key="context_sources.refused.json", path=self.rel(path))
        return loaded

    def label(self, path: Path, code: str, value: str, limit: int = MAX_LABEL_CHARS) -> str:
        """A label read from the source (a unit, a region, a series): refused when too long or
        when it holds control or text-direction characters (a terminal or a page would obey
        them)."""
        if len(value) > limit or len(code) > MAX_LABEL_CHARS:
            raise SourceRefused(
                key="context_sources.refused.label", path=self.rel(path),
                code=_shown(code), limit=limit,
            )  # fmt: skip
        if _controls(value) or _controls(code):
            raise SourceRefused(
                key="context_sources.refused.control", path=self.rel(path), code=_shown(code)
            )
        return value


BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")


def _controls(text: str) -> bool:
    return any(unicodedata.category(c) == "Cc" or c in BIDI for c in text)


def _shown(code: str) -> str:
    """A code as a message may name it: controls replaced, at most 40 characters."""
    return "".join("?" if _controls(c) else c for c in code[:40])


def _regular(info: os.stat_result, shown: str) -> None:
    """A regular file with one name: a hard link may be another file's second name (a secret
    outside the source), a device or a pipe is not data."""
    if not stat.S_ISREG(info.st_mode):
        raise SourceRefused(key="context_sources.refused.not_file", path=shown)
    if info.st_nlink > 1:
        raise SourceRefused(key="context_sources.refused.link", path=shown)


def _size(limit: int) -> int:
    return max(1, limit // MIB)


def _json_depth(text: str) -> int:
    """The deepest nesting of ``[`` and ``{`` outside strings, counted without parsing."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def unpack_zip(archive: Path, into: Path) -> None:
    """Unpack a ZIP archive of a source (a repository downloaded as ZIP) into ``into``, an
    empty private folder, member by member: a link, a special file, a name that leaves the
    folder (absolute, ``..``) or comes twice refuses it, and sizes are counted as the bytes
    come (the sizes the archive declares are not trusted)."""
    import zipfile

    name = archive.name
    try:
        zf = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError):
        raise SourceRefused(key="context_sources.refused.archive_unreadable", path=name) from None
    total = 0
    with zf:
        members = zf.infolist()
        if len(members) > MAX_FILES:
            raise SourceRefused(
                key="context_sources.refused.file_count", path=name, limit=MAX_FILES
            )
        for info in members:
            shown = f"{name}: {info.filename[:200]}"
            mode = info.external_attr >> 16
            kind = stat.S_IFMT(mode)
            if stat.S_ISLNK(mode) or kind not in (0, stat.S_IFREG, stat.S_IFDIR):
                raise SourceRefused(key="context_sources.refused.archive_link", path=shown)
            parts = info.filename.replace("\\", "/").split("/")
            if (
                info.filename.startswith(("/", "\\"))
                or ":" in parts[0]
                or any(p in ("..",) for p in parts)
            ):
                raise SourceRefused(key="context_sources.refused.archive_escape", path=shown)
            target = into.joinpath(*[p for p in parts if p not in ("", ".")])
            if target == into:
                continue
            if info.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
            try:
                fd = os.open(target, flags, 0o600)
            except FileExistsError:
                raise SourceRefused(
                    key="context_sources.refused.archive_duplicate", path=shown
                ) from None
            written = 0
            with os.fdopen(fd, "wb") as out, zf.open(info) as member:
                while chunk := member.read(MIB):
                    written += len(chunk)
                    total += len(chunk)
                    if written > MAX_FILE_BYTES:
                        raise SourceRefused(
                            key="context_sources.refused.file_size", path=shown,
                            limit=_size(MAX_FILE_BYTES),
                        )  # fmt: skip
                    if total > MAX_TOTAL_BYTES:
                        raise SourceRefused(
                            key="context_sources.refused.total_size", path=shown,
                            limit=_size(MAX_TOTAL_BYTES),
                        )  # fmt: skip
                    out.write(chunk)
