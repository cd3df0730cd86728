"""Register a new plan document: copy it into data/raw and append its manifest row.

`add_source` is the one way a document enters the suite, so every document keeps its
provenance (names, adcode, title, document number, date) and checksum. Everything is
checked before anything is written; the copy and the manifest are each replaced
atomically, and a failure while writing the manifest removes the copy again.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from pathlib import Path

from .. import paths
from ..errors import ParameterError, SourceError
from ..files import write_bytes
from .sources import read_manifest, read_text, sha256_of

REGION = re.compile(r"[a-z0-9_]+")
ADCODE = re.compile(r"\d{6}")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
LEVELS = ("district", "municipal")


def _unit_names(adcode: str) -> tuple[str, str]:
    """(name_zh, name_en) of a county-level unit from the boundary data, or ("", "")."""
    from ..units import units

    unit = units().get(adcode)
    return (unit.name_zh, unit.name_en) if unit else ("", "")


def _csv_row(values: list[str], newline: str) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator=newline).writerow(values)
    return buf.getvalue().encode("utf-8")


def add_source(
    file: Path,
    region: str,
    adcode: str,
    name_zh: str = "",
    name_en: str = "",
    level: str = "district",
    title_zh: str = "",
    doc_no: str = "",
    issued: str = "",
    layout: str = "",
    manifest: Path = paths.MANIFEST,
) -> dict:
    """Copy `file` into the manifest's folder (if it is not there) and append its row.

    Checks first: the region id is new and matches [a-z0-9_]+, the adcode has six digits,
    the level is district or municipal, the date (if any) is YYYY-MM-DD, the file is
    non-empty UTF-8 and its name is not taken by another document. Names default to the
    unit's names in the boundary data. Returns the new manifest row.
    """
    file, manifest = Path(file), Path(manifest)
    if not REGION.fullmatch(region or ""):
        raise ParameterError(f"region {region!r} must match [a-z0-9_]+ (e.g. wanzhou)")
    if not ADCODE.fullmatch(adcode or ""):
        raise ParameterError(f"adcode {adcode!r} must be six digits (e.g. 500101)")
    if level not in LEVELS:
        raise ParameterError(f"level {level!r} must be one of {list(LEVELS)}")
    if issued and not DATE.fullmatch(issued):
        raise ParameterError(f"issued {issued!r} must be a date YYYY-MM-DD")
    sources = read_manifest(manifest)
    taken = {s.region: s.file for s in sources}
    if region in taken:
        raise ParameterError(
            f"region {region!r} is already in {manifest.name} (file {taken[region]}); "
            f"regions in use: {sorted(taken)}"
        )
    if not file.is_file():
        raise SourceError(file, "file not found")
    read_text(file)  # non-empty, UTF-8: errors name the file and line
    raw_dir = manifest.parent
    target = raw_dir / file.name
    if file.name in {s.file for s in sources}:
        raise ParameterError(f"{file.name} is already listed in {manifest.name}")
    copy = target.resolve() != file.resolve()
    if copy and target.exists() and target.read_bytes() != file.read_bytes():
        raise ParameterError(f"{target} exists with other content; rename the new file")
    if not (name_zh and name_en):
        zh, en = _unit_names(adcode)
        name_zh, name_en = name_zh or zh, name_en or en
        if not name_zh:
            raise ParameterError(
                f"adcode {adcode} is not a county-level unit of Chongqing; give --name-zh and --name-en"
            )
    row = {
        "file": file.name,
        "region": region,
        "name_zh": name_zh,
        "name_en": name_en,
        "adcode": adcode,
        "level": level,
        "title_zh": title_zh,
        "doc_no": doc_no,
        "issued": issued,
        "layout": layout,
        "sha256": sha256_of(file),
    }
    old = manifest.read_bytes()
    newline = "\r\n" if b"\r\n" in old else "\n"
    if old and not old.endswith(b"\n"):
        old += newline.encode()
    header = next(csv.reader([read_text(manifest).split("\n", 1)[0]]))
    data = old + _csv_row([row.get(c, "") for c in header], newline)
    if copy:
        write_bytes(target, file.read_bytes(), 0o644)
    try:
        write_bytes(manifest, data, manifest.stat().st_mode & 0o777)
    except BaseException:
        if copy:
            target.unlink(missing_ok=True)
        raise
    return row


def main(argv: list[str] | None = None) -> int:
    """`python -m compare add-source FILE --region ID --adcode CODE [--name-zh …] [--name-en …]`."""
    p = argparse.ArgumentParser(
        prog="python -m compare add-source",
        description="copy a plan document into data/raw and register it in MANIFEST.csv",
    )
    p.add_argument("file", type=Path, help="the plan document (UTF-8 text)")
    p.add_argument("--region", required=True, help="new region id, [a-z0-9_]+ (e.g. wanzhou)")
    p.add_argument("--adcode", required=True, help="six-digit administrative code (e.g. 500101)")
    p.add_argument("--name-zh", default="", help="default: from the boundary data")
    p.add_argument("--name-en", default="", help="default: from the boundary data")
    p.add_argument("--level", default="district", choices=LEVELS)
    p.add_argument("--title-zh", default="")
    p.add_argument("--doc-no", default="")
    p.add_argument("--issued", default="", help="YYYY-MM-DD")
    p.add_argument("--layout", default="", help="a note on how the tables are printed")
    p.add_argument("--manifest", type=Path, default=paths.MANIFEST)
    a = p.parse_args(argv)
    row = add_source(
        a.file,
        a.region,
        a.adcode,
        a.name_zh,
        a.name_en,
        level=a.level,
        title_zh=a.title_zh,
        doc_no=a.doc_no,
        issued=a.issued,
        layout=a.layout,
        manifest=a.manifest,
    )
    print(
        f"added {row['file']} as region {row['region']} ({row['name_zh']}, {row['adcode']}) "
        f"to {a.manifest}; sha256 {row['sha256'][:12]}…"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
