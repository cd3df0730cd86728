"""Characters that print as nothing change nothing: a zero-width space, joiner or word
joiner, a soft hyphen, a NUL, a byte order mark inside the text or a direction mark,
placed before a table's caption, inside a header word, inside an indicator's name or
inside a number, gives the same rows as the clean document; and registration records
the counts and names the build then finds (one reading, one parse, one name mapping).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from compare import paths
from compare.ingest import register
from compare.ingest.build import build_table, document_rows, name_rows
from compare.ingest.codebook import load_codebook
from compare.ingest.sources import read_document, read_manifest
from compare.ingest.tablemap import load_map

PLAN = paths.RAW / "kaizhou_eco_14th_fyp.txt"
INVISIBLE = {
    "zero-width space": "\u200b",
    "zero-width non-joiner": "\u200c",
    "zero-width joiner": "\u200d",
    "word joiner": "\u2060",
    "soft hyphen": "\u00ad",
    "NUL": "\x00",
    "BOM in mid-text": "\ufeff",
    "left-to-right mark": "\u200e",  # another format character (Cf)
}


def _line(lines: list[str], text: str, after: int = 0) -> int:
    """Index of the first line from ``after`` on that is ``text`` (or starts with it)."""
    return next(i for i in range(after, len(lines)) if lines[i] == text or lines[i].startswith(text))


def _caption(lines: list[str], ch: str) -> None:
    i = _line(lines, "专栏2")
    lines[i] = ch + lines[i]


def _header(lines: list[str], ch: str) -> None:
    i = _line(lines, "目标值", _line(lines, "专栏2"))
    lines[i] = lines[i].replace("目标值", f"目标{ch}值")


def _name(lines: list[str], ch: str) -> None:
    i = _line(lines, "\t森林覆盖率（%）")
    lines[i] = lines[i].replace("森林覆盖率", f"森林{ch}覆盖率")


def _number(lines: list[str], ch: str) -> None:
    i = _line(lines, "\t57", _line(lines, "\t森林覆盖率（%）"))
    lines[i] = f"\t5{ch}7"


PLACES = {
    "before a caption": _caption,
    "inside a header": _header,
    "inside a name": _name,
    "inside a number": _number,
}


def _dirty(folder: Path, places: list[str], ch: str) -> Path:
    lines = PLAN.read_text(encoding="utf-8").split("\n")
    for place in places:
        PLACES[place](lines, ch)
    target = folder / PLAN.name
    target.write_text("\n".join(lines), encoding="utf-8")
    assert target.read_bytes() != PLAN.read_bytes()
    return target


def _rows(path: Path) -> list:
    return document_rows(read_document(path), PLAN.name, "tables", load_codebook())[1]


@pytest.fixture(scope="module")
def clean() -> list:
    rows = _rows(PLAN)
    forest = [r for r in rows if r.name == "森林覆盖率（%）" and r.period == "14th"]
    assert len(rows) == 45 and len(forest) == 1 and forest[0].target_raw == "57"
    return rows


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("char", INVISIBLE)
def test_an_invisible_character_gives_the_same_table(tmp_path, clean, place, char):
    assert _rows(_dirty(tmp_path, [place], INVISIBLE[char])) == clean


def test_without_the_cleaning_a_zero_width_space_drops_a_table(tmp_path, clean):
    """The attack of issue 25 (a U+200B before ``专栏2``) still works on the raw text: the
    test above guards a real loss."""
    path = _dirty(tmp_path, ["before a caption"], "\u200b")
    raw = path.read_text(encoding="utf-8").split("\n")
    rows = document_rows(raw, PLAN.name, "tables", load_codebook())[1]
    assert len(rows) < len(clean)


def test_registration_records_what_the_build_finds(tmp_path, raw_copy, table):
    """A copy with invisible characters in every place registers with the counts of the
    clean plan and warns of no unknown name; the build accepts those counts (it stops on
    any other) and gives the same rows as from the clean plan."""
    manifest = raw_copy / "MANIFEST.csv"
    (kaizhou,) = [s for s in read_manifest(manifest) if s.region == "kaizhou"]
    register.remove_source("kaizhou", manifest)
    lines = PLAN.read_text(encoding="utf-8").split("\n")
    for place, ch in zip(reversed(PLACES.values()), ("\u200b", "\u00ad", "\x00", "\ufeff")):
        place(lines, ch)
    dirty = tmp_path / PLAN.name
    dirty.write_text("\n".join(lines), encoding="utf-8")
    reg = register.register(
        register.NewSource(dirty, "kaizhou", "500154", "开州区", "Kaizhou District"), manifest
    )
    assert reg.row["expected_rows"] == kaizhou.expected_rows
    assert not [n for n in reg.notices if "not in the codebook" in n], reg.notices
    built = build_table(manifest, paths.CODEBOOK).table
    mine = built[built.region == "kaizhou"].reset_index(drop=True)
    assert len(mine) == 45
    assert mine.equals(table[table.region == "kaizhou"].reset_index(drop=True))


@pytest.mark.parametrize(
    "source",
    [s for s in read_manifest(paths.MANIFEST) if s.kind in ("tables", "prose")],
    ids=lambda s: s.region,
)
def test_registration_counts_and_names_as_the_build_does(source):
    """For every plan, registration's counts are the build's (`expected_rows`, which the
    build checks) and it warns of an unknown name only where the build finds one."""
    table_map = load_map(source.raw_dir / source.table_map) if source.table_map else None
    counts, notices = register.parse_for_record(
        source.path, source.file, source.kind, paths.CODEBOOK, paths.HEADERS, table_map
    )
    assert counts == source.expected
    codebook = load_codebook()
    rows = document_rows(read_document(source.path), source.file, source.kind, codebook, None, table_map)[1]
    assert rows and name_rows(codebook, rows)[1] == []
    assert not [n for n in notices if "not in the codebook" in n]
