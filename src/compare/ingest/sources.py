"""The raw plan documents and their manifest: provenance and integrity before parsing.

`data/raw` is immutable input. Every file is checked against the sha256 in the manifest
so that a silently edited or truncated document can never reach the table.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

from .. import paths
from ..errors import SourceError

MANIFEST_COLUMNS = (
    "file",
    "region",
    "name_zh",
    "name_en",
    "adcode",
    "level",
    "title_zh",
    "doc_no",
    "issued",
    "layout",
    "sha256",
)


@dataclass(frozen=True)
class Source:
    """One manifest row: a plan document and where it comes from."""

    file: str
    region: str
    name_zh: str
    name_en: str
    adcode: str
    level: str
    title_zh: str
    doc_no: str
    issued: str
    layout: str
    sha256: str
    raw_dir: Path

    @property
    def path(self) -> Path:
        return self.raw_dir / self.file


def read_manifest(manifest: Path = paths.MANIFEST) -> list[Source]:
    """Read MANIFEST.csv; a missing column or duplicate region is an error naming the line."""
    if not manifest.is_file():
        raise SourceError(manifest, "manifest not found")
    text = read_text(manifest)
    rows = list(csv.DictReader(text.splitlines()))
    if not rows:
        raise SourceError(manifest, "manifest has no rows")
    missing = [c for c in MANIFEST_COLUMNS if c not in rows[0]]
    if missing:
        raise SourceError(manifest, f"missing columns {missing}", line=1)
    sources, seen = [], set()
    for i, row in enumerate(rows, start=2):
        if row["region"] in seen:
            raise SourceError(manifest, f"duplicate region {row['region']!r}", line=i)
        seen.add(row["region"])
        sources.append(
            Source(**{c: (row[c] or "").strip() for c in MANIFEST_COLUMNS}, raw_dir=manifest.parent)
        )
    return sources


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_text(path: Path) -> str:
    """Decode a file as UTF-8 (BOM dropped, CRLF normalised); errors name file and line."""
    if not path.is_file():
        raise SourceError(path, "file not found")
    data = path.read_bytes()
    if not data.strip():
        raise SourceError(path, "file is empty")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(path, f"not valid UTF-8 (byte {exc.start})", line=line) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def verified_lines(source: Source) -> list[str]:
    """The document's lines after the integrity check (sha256 against the manifest)."""
    path = source.path
    if not path.is_file():
        raise SourceError(path, "file listed in the manifest is missing")
    if path.stat().st_size == 0:
        raise SourceError(path, "file is empty")
    digest = sha256_of(path)
    if digest != source.sha256:
        raise SourceError(path, f"sha256 {digest[:12]}… does not match the manifest ({source.sha256[:12]}…)")
    return read_text(path).split("\n")
