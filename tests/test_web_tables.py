"""Real indicator tables copied from web pages, registered the README's way.

`tests/fixtures/web_tables/` holds two copies of the national 13th-FYP table (see its
README for the addresses) and a hand-checked expected table written from the news page.
The news copy must give every row (recall >= 0.95) with its fields right (>= 0.97); the
forum copy, whose junk strings make some values ambiguous, must either give the same
values or stop with an error naming its line: never a wrong value.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from compare import paths
from compare.errors import SourceError
from compare.ingest import register
from compare.ingest.build import build_table

FIXTURES = Path(__file__).parent / "fixtures" / "web_tables"
FIELDS = (
    "category_zh",
    "indicator_name_zh",
    "unit",
    "attribute",
    "baseline_raw",
    "baseline_value",
    "target_raw",
    "target_value",
    "target_operator",
    "cumulative_raw",
    "footnote",
)


def _expected() -> dict[int, dict[str, str]]:
    with (FIXTURES / "national_13th_expected.csv").open(encoding="utf-8") as f:
        return {int(r["source_line"]): r for r in csv.DictReader(f)}


def _text(v) -> str:
    if v is None or (isinstance(v, float) and v != v):
        return ""
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def _register(raw: Path, file: str) -> None:
    register.add_source(
        register.NewSource(
            FIXTURES / file,
            region="china",
            adcode="100000",
            level="national",
            name_zh="中国",
            name_en="China",
        ),
        manifest=raw / "MANIFEST.csv",
    )


def measure(table, expected: dict[int, dict[str, str]]) -> tuple[float, float, list[str]]:
    """(row recall, field accuracy, the fields that differ) of built rows against the
    expected ones, rows matched by their line."""
    rows = {int(r["source_line"]): r for _, r in table.iterrows()}
    found = [line for line in expected if line in rows]
    wrong = [
        f"{line} {f}: {_text(rows[line][f])!r} != {expected[line][f]!r}"
        for line in found
        for f in FIELDS
        if _text(rows[line][f]) != expected[line][f]
    ]
    fields = len(found) * len(FIELDS)
    return len(found) / len(expected), (fields - len(wrong)) / fields if fields else 0.0, wrong


def test_a_real_news_copy_registers_and_builds_with_its_rows_right(raw_copy):
    _register(raw_copy, "national_13th_news_copy.txt")
    table = build_table(raw_copy / "MANIFEST.csv", paths.CODEBOOK).table
    mine = table[table["region"] == "china"]
    recall, accuracy, wrong = measure(mine, _expected())
    assert recall >= 0.95 and accuracy >= 0.97, wrong
    assert (mine["level"] == "national").all()
    assert len(mine) == len(_expected())  # no row invented


def test_unknown_names_of_a_national_plan_are_kept_and_listed_with_nearest_entries(raw_copy):
    _register(raw_copy, "national_13th_news_copy.txt")
    result = build_table(raw_copy / "MANIFEST.csv", paths.CODEBOOK)
    (report,) = [r for r in result.report if r["region"] == "china"]
    mine = result.table[result.table["region"] == "china"]
    unmapped = mine[mine["indicator_id"] == ""]
    assert len(unmapped) == report["unknown_names"] > 0
    listed = report["unknown"].split(" | ")
    assert len(listed) == len(unmapped)
    for entry in listed:
        assert re.fullmatch(r"\d+ \S+ -> [a-z0-9_]+, [a-z0-9_]+, [a-z0-9_]+", entry), entry


def test_a_junk_laden_copy_never_gives_a_wrong_value(raw_copy):
    expected = _expected()
    try:
        _register(raw_copy, "national_13th_forum_copy.txt")
        table = build_table(raw_copy / "MANIFEST.csv", paths.CODEBOOK).table
    except SourceError as exc:
        assert exc.line is not None and "ambiguous" in str(exc)
        return
    mine = table[table["region"] == "china"]
    assert len(mine) > 0
    by_name = {r["indicator_name_zh"]: r for _, r in mine.iterrows()}
    for e in expected.values():
        got = by_name.get(e["indicator_name_zh"])
        if got is not None:
            assert _text(got["target_value"]) == e["target_value"]


@pytest.mark.parametrize("level", ["district"])
def test_unknown_names_of_a_chongqing_district_stop_the_build_listing_every_one(raw_copy, level):
    with pytest.raises(SourceError) as exc:
        register.add_source(
            register.NewSource(
                FIXTURES / "national_13th_news_copy.txt",
                region="wanzhou",
                adcode="500101",
                level=level,
            ),
            manifest=raw_copy / "MANIFEST.csv",
        )
        build_table(raw_copy / "MANIFEST.csv", paths.CODEBOOK)
    message = str(exc.value)
    assert "is not in the codebook" in message and "8 unknown names in this document" in message
    lines = [int(x) for x in re.findall(r"line (\d+) ", message)]
    assert lines == sorted(_expected())
    assert message.count("nearest:") == 8 and "compare codebook suggest wanzhou" in message


def _register_with_map(raw: Path, table_map: Path | None) -> None:
    register.add_source(
        register.NewSource(
            FIXTURES / "national_13th_rows_per_line.txt",
            region="china",
            adcode="100000",
            level="national",
            name_zh="中国",
            name_en="China",
            table_map=table_map,
        ),
        manifest=raw / "MANIFEST.csv",
    )


def test_without_a_table_map_a_table_with_no_numbered_caption_is_not_found(raw_copy):
    with pytest.raises(SourceError, match="no indicator table rows found"):
        _register_with_map(raw_copy, None)


def test_a_table_map_brings_in_a_table_the_parser_cannot_guess(raw_copy):
    _register_with_map(raw_copy, FIXTURES / "national_13th_rows_per_line.map.yml")
    assert (raw_copy / "national_13th_rows_per_line.map.yml").is_file()
    result = build_table(raw_copy / "MANIFEST.csv", paths.CODEBOOK)
    mine = result.table[result.table["region"] == "china"]
    got = [
        (r.source_line, r.category_zh, r.baseline_raw, r.target_raw, r.attribute) for _, r in mine.iterrows()
    ]
    assert got == [
        (4, "生态环境质量/空气质量", "76.7", ">80", "binding"),
        (5, "生态环境质量/空气质量", "-", "〔18〕", "binding"),
        (7, "生态环境质量/空气质量", "-", "〔25〕", "expected"),
        (8, "生态环境质量/水环境质量", "66", ">70", "binding"),
        (9, "生态环境质量/水环境质量", "9.7", "<5", "binding"),
    ]
    register.remove_source("china", raw_copy / "MANIFEST.csv")
    assert not (raw_copy / "national_13th_rows_per_line.map.yml").exists()


def test_a_stray_string_inside_a_table_is_reported_with_its_line_not_merged(raw_copy):
    text = (FIXTURES / "national_13th_rows_per_line.txt").read_text(encoding="utf-8")
    doc = raw_copy.parent / "plan.txt"
    doc.write_text(
        text.replace("“十三五”生态环境保护主要指标", "专栏1“十三五”生态环境保护主要指标"), encoding="utf-8"
    )
    register.add_source(
        register.NewSource(
            doc,
            region="china",
            adcode="100000",
            level="national",
            name_zh="中国",
            name_en="China",
        ),
        manifest=raw_copy / "MANIFEST.csv",
    )
    result = build_table(raw_copy / "MANIFEST.csv", paths.CODEBOOK)
    (report,) = [r for r in result.report if r["region"] == "china"]
    assert "6 fits no column of the row: 扫码关注“生态环境”公众号，获取更多资讯" in report["stray"]
    mine = result.table[result.table["region"] == "china"]
    assert len(mine) == 5 and not mine["note_zh"].str.contains("资讯").any()


def test_a_table_map_error_names_the_map_file(tmp_path):
    from compare.ingest.tablemap import load_map

    bad = tmp_path / "bad.map.yml"
    bad.write_text("tables:\n  - start: 2\n    columns: [name, valeur]\n", encoding="utf-8")
    with pytest.raises(SourceError) as exc:
        load_map(bad)
    assert str(exc.value).startswith("bad.map.yml:2:") and "valeur" in str(exc.value)
