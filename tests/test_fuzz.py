"""Property-based tests: the table parsers fed mutated indicator tables.

The blocks are the eight real tables (caption to the next heading, as printed in
data/raw) and six synthetic ones (one per layout and period, from `compare.synth`).

- Benign mutations (CRLF or CR line endings, a UTF-8 BOM, full-width digits, trailing
  spaces) must give the same rows as the unmutated block: byte-level ones exactly,
  full-width digits equal after NFKC (the raw cells keep what was printed). Full-width
  digits go into value, sequence, unit, footnote-mark and year cells (the seven parser
  bugs this found are pinned by the regression tests at the end).
- Destructive mutations (lines dropped, duplicated, swapped, tabs toggled, garbage
  inserted, the block truncated) must end either in rows or in a `CompareError` whose
  message names the file and a line, never in another exception; rows that come back
  must hold nothing that is not printed at or after their source line.

Hypothesis runs derandomised (the same cases on every run) so the suite never flakes;
set FUZZ_EXAMPLES to explore more. The number of cases run is printed with `-s`.
"""

from __future__ import annotations

import os
import random
import re
import tempfile
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compare import paths
from compare.errors import CompareError, SourceError
from compare.ingest.build import harmonise
from compare.ingest.codebook import load_codebook
from compare.ingest.prose import mine_lines
from compare.ingest.sources import Source, read_manifest, read_text
from compare.ingest.tables import ARTIFACT, CAPTION, HEADING, clean, parse_document
from compare_dev import synth

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "0")) or None
CODEBOOK = load_codebook(paths.CODEBOOK)
RUNS: Counter[str] = Counter()


def _blocks_of(text: str, stem: str) -> list[tuple[str, list[str]]]:
    """(name, lines) of every indicator table: its caption up to and including the next heading."""
    lines = text.split("\n")
    out = []
    for i, line in enumerate(lines):
        if not CAPTION.match(ARTIFACT.sub("", line)):
            continue
        end = next(
            (
                j
                for j in range(i + 3, len(lines))
                if not lines[j].startswith("\t")
                and HEADING.match(ARTIFACT.sub("", lines[j]))
                and not CAPTION.match(ARTIFACT.sub("", lines[j]))
            ),
            len(lines) - 1,
        )
        label = re.sub(r"\s+", "", CAPTION.match(ARTIFACT.sub("", line)).group(1))
        out.append((f"{stem}_{label}.txt", lines[i : end + 1]))
    return out


def _real_blocks() -> list[tuple[str, list[str]]]:
    blocks = []
    for s in read_manifest(paths.MANIFEST):
        if s.path.is_file():
            blocks += _blocks_of(read_text(s.path), s.region)
    return blocks


def _synthetic_blocks() -> list[tuple[str, list[str]]]:
    units = synth.load_units()
    blocks = []
    for k, layout in enumerate(synth.LAYOUTS):
        text, _ = synth.write_document(CODEBOOK, units[k], layout, random.Random(f"fuzz{k}"), "规划")
        blocks += _blocks_of(text, f"synth_{layout}")
    return blocks


BLOCKS = _real_blocks() + _synthetic_blocks()
BLOCK_NAMES = [name for name, _ in BLOCKS]


def _parse(lines: list[str], file: str) -> list[dict]:
    """The block through the parsers and the codebook step, as `build.parse_source` and
    `build.harmonise` run them (no table found: the prose miner)."""
    rows = parse_document(lines, file, CODEBOOK.is_name) or mine_lines(lines, file)
    source = Source(
        file, "fuzz", "模糊区", "Fuzz District", "500999", "district", "", "", "", "", "", Path(".")
    )
    return harmonise(source, rows, CODEBOOK)


BASELINE = {name: _parse(lines, name) for name, lines in BLOCKS}


def test_blocks_cover_every_layout():
    assert len(BLOCKS) >= 14 and sum(n.startswith("synth_") for n in BLOCK_NAMES) == 6
    for name, _lines in BLOCKS:
        assert BASELINE[name], name
    layouts = {("\t" in "".join(lines[1:4])) for _, lines in BLOCKS}
    assert layouts == {True, False}


def _decode(data: bytes, name: str) -> list[str]:
    """Bytes to lines as `verified_lines` gives them (BOM dropped, line endings normalised)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        return read_text(path).split("\n")


# --------------------------------------------------------------------------- benign

_FULL = str.maketrans("0123456789", "０１２３４５６７８９")
# Value, sequence and header cells: no Chinese character beyond units, years and operators.
_VALUE_LIKE = re.compile(r"[\u4e00-\u9fff]")
_VALUE_WORDS = re.compile(r"[年以上下左右内约万亩天吨类个]")


def _value_like(line: str) -> bool:
    """Value, sequence, unit and year cells: no Chinese beyond units/years/operators."""
    return not _VALUE_LIKE.search(_VALUE_WORDS.sub("", line))


def _fullwidth(line: str) -> str:
    """Every digit full-width, footnote marks and units included."""
    return line.translate(_FULL)


def _nfkc(record: dict) -> dict:
    return {k: unicodedata.normalize("NFKC", v) if isinstance(v, str) else v for k, v in record.items()}


def _raw_spaces_removed(record: dict) -> dict:
    """A line-end space inside a cell that continues on the next line stays in its raw text
    (tables.py joins `text + next.strip()`); raw cells are compared without whitespace."""
    return {k: re.sub(r"\s+", "", v) if k.endswith("_raw") else v for k, v in record.items()}


@st.composite
def benign(draw):
    name = draw(st.sampled_from(BLOCK_NAMES))
    ops = draw(
        st.lists(
            st.sampled_from(["crlf", "cr", "bom", "fullwidth", "trailing"]),
            min_size=1,
            max_size=4,
            unique=True,
        )
    )
    seed = draw(st.integers(0, 2**16))
    return name, ops, seed


@settings(
    max_examples=EXAMPLES or 1000,
    deadline=None,
    database=None,
    derandomize=not os.environ.get("FUZZ_RANDOM"),
    suppress_health_check=[HealthCheck.too_slow],
)
@given(benign())
def test_benign_mutations_give_the_same_rows(case):
    name, ops, seed = case
    RUNS["benign"] += 1
    lines = list(dict(BLOCKS)[name])
    rng = random.Random(seed)
    if "fullwidth" in ops:  # digits of value, sequence and year cells printed full-width
        lines = [_fullwidth(x) if _value_like(x) and rng.random() < 0.7 else x for x in lines]
    if "trailing" in ops:
        lines = [x + rng.choice(("", " ", "  ", "\u3000")) if x.strip() else x for x in lines]
    text = "\n".join(lines)
    if "crlf" in ops:
        text = text.replace("\n", "\r\n")
    elif "cr" in ops:
        text = text.replace("\n", "\r")
    data = text.encode("utf-8")
    if "bom" in ops:
        data = b"\xef\xbb\xbf" + data
    got = _parse(_decode(data, name), name)
    want = BASELINE[name]
    if "fullwidth" in ops:
        got, want = [_nfkc(r) for r in got], [_nfkc(r) for r in want]
    if "trailing" in ops:
        got, want = [_raw_spaces_removed(r) for r in got], [_raw_spaces_removed(r) for r in want]
    assert len(got) == len(want)
    for g, w in zip(got, want):
        assert g == w, {k: (w[k], g[k]) for k in w if g[k] != w[k]}


# --------------------------------------------------------------------------- destructive

GARBAGE = st.text(
    alphabet=st.one_of(
        st.sampled_from(
            list(
                "0123456789.%[]〔〕()（）*【】≥≤<>＜＞-—/ 　\t约左右以上其中：#注备表专栏年"
                "目标值现状类别指标约束性预期性ⅢⅡ类序号单位abcPM\u200b\ufeff"
            )
        ),
        st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"),
    ),
    min_size=1,
    max_size=12,
)

OP = st.one_of(
    st.tuples(st.just("drop"), st.floats(0, 1)),
    st.tuples(st.just("dup"), st.floats(0, 1)),
    st.tuples(st.just("swap"), st.floats(0, 1)),
    st.tuples(st.just("tab"), st.floats(0, 1)),
    st.tuples(st.just("blank"), st.floats(0, 1)),
    st.tuples(st.just("garbage"), st.floats(0, 1), st.floats(0, 1), GARBAGE),
    st.tuples(st.just("line"), st.floats(0, 1), GARBAGE),
    st.tuples(st.just("truncate"), st.floats(0, 1)),
    st.tuples(st.just("cut"), st.floats(0, 1)),
    st.tuples(st.just("bytes"), st.floats(0, 1)),
)


def _mutate(lines: list[str], op: tuple) -> list[str]:
    lines = list(lines)
    i = min(int(op[1] * len(lines)), len(lines) - 1)
    kind = op[0]
    if kind == "drop" and len(lines) > 1:
        del lines[i]
    elif kind == "dup":
        lines.insert(i, lines[i])
    elif kind == "swap" and i + 1 < len(lines):
        lines[i], lines[i + 1] = lines[i + 1], lines[i]
    elif kind == "tab":
        lines[i] = lines[i][1:] if lines[i].startswith("\t") else "\t" + lines[i]
    elif kind == "blank":
        lines.insert(i, "")
    elif kind == "garbage":
        pos = int(op[2] * (len(lines[i]) + 1))
        lines[i] = lines[i][:pos] + op[3] + lines[i][pos:]
    elif kind == "line":
        lines.insert(i, op[2])
    elif kind == "truncate":
        lines = lines[: max(i, 1)]
    elif kind == "cut":  # the file ends inside a line
        text = "\n".join(lines)
        lines = text[: max(1, int(op[1] * len(text)))].split("\n")
    elif kind == "bytes":  # the file ends inside a UTF-8 sequence, perhaps: decoded as read
        data = "\n".join(lines).encode("utf-8")
        lines = [data[: max(1, int(op[1] * len(data)))]]  # type: ignore[list-item]
    return lines


def _window(lines: list[str], line: int, size: int = 60) -> str:
    return "".join(clean(x) for x in lines[line - 1 : line - 1 + size])


def _check_error(exc: CompareError, file: str, lines: list) -> None:
    if lines and isinstance(lines[0], bytes):  # undecodable bytes: count their lines
        lines = lines[0].split(b"\n")
    if isinstance(exc, SourceError) and exc.reason == "file is empty":
        assert exc.file == file and str(exc).startswith(f"{file}: "), str(exc)
        return
    if isinstance(exc, SourceError):
        assert exc.file == file, str(exc)
        assert exc.line is not None and 1 <= exc.line <= len(lines), str(exc)
        assert str(exc).startswith(f"{file}:{exc.line}: "), str(exc)
    else:
        assert re.search(rf"{re.escape(file)}:\d+", str(exc)), str(exc)


@settings(
    max_examples=EXAMPLES or 4000,
    deadline=None,
    database=None,
    derandomize=not os.environ.get("FUZZ_RANDOM"),
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.sampled_from(BLOCK_NAMES), st.lists(OP, min_size=1, max_size=3))
def test_destructive_mutations_fail_cleanly_or_invent_nothing(name, ops):
    RUNS["destructive"] += 1
    lines = dict(BLOCKS)[name]
    try:
        for op in ops:
            lines = _mutate(lines, op)
            if lines and isinstance(lines[0], bytes):
                lines = _decode(lines[0], name)
        records = _parse(lines, name)
    except CompareError as exc:
        RUNS["destructive: clear error"] += 1
        _check_error(exc, name, lines)
        return
    RUNS["destructive: rows"] += 1
    for r in records:
        assert 1 <= r["source_line"] <= len(lines)
        if r["table"] == "prose":  # the prose miner rewrites 以上 as ≥: its numbers are printed
            for col in ("baseline_raw", "target_raw"):
                for num in re.findall(r"\d+(?:\.\d+)?", r[col]):
                    assert num in lines[r["source_line"] - 1], (col, r[col], r["source_line"])
            continue
        window = _window(lines, r["source_line"])
        assert clean(r["indicator_name_zh"]) in window, (r["indicator_name_zh"], r["source_line"])
        for col in ("baseline_raw", "target_raw", "achieved_raw"):
            if r[col]:
                assert clean(r[col]) in window, (col, r[col], r["source_line"])


def test_report_fuzz_counts():
    """Printed with `pytest -s`: how many fuzz cases ran (this module, this session)."""
    print(f"\nfuzz cases run: {dict(RUNS)}; total {RUNS['benign'] + RUNS['destructive']}")


# --------------------------------------------------------------------------- regressions
# Minimal reproductions of seven parser bugs the fuzzing (and `compare.synth`) found,
# kept as regression tests now that they are fixed.

_HEADER_14 = ("类别", "序号", "指标", "指标类别", "2020年现状值", "2025年目标值", "备注")


def _tab_doc(rows: list[list[str]], notes: tuple[str, ...] = ()) -> list[str]:
    lines = ["专栏2 某区生态环境保护“十四五”规划目标指标", ""] + ["\t" + h for h in _HEADER_14]
    for r in rows:
        lines += [""] + ["\t" + c for c in r]
    return [*lines, "", "", *notes, "", "第三章 推动绿色低碳转型", ""]


def _web_doc(rows: list[list[str]]) -> list[str]:
    lines = ["表2-1 某区生态环境保护“十四五”规划目标指标"]
    for c in (*_HEADER_14, *(c for r in rows for c in r)):
        lines += ["", c]
    return [*lines, "", "三、推动绿色低碳转型", ""]


def _one(lines: list[str], name: str) -> dict:
    records = _parse(lines, "bug.txt")
    hit = [r for r in records if r["indicator_name_zh"] == name]
    assert len(hit) == 1, [r["indicator_name_zh"] for r in records]
    return hit[0]


def test_bracketed_codebook_unit():
    lines = _tab_doc([["环境风险防范", "1", "放射源辐射事故年发生率（起/万枚）", "预期性", "0", "0", ""]])
    assert _one(lines, "放射源辐射事故年发生率（起/万枚）")["unit"] == "起/万枚"


@pytest.mark.parametrize("cell", ["57以上*", "〔57〕*", "57左右(1)", "57%*"])
def test_note_mark_after_operator_word_or_bracket(cell):
    note = "(1)以评估结果为准。" if cell.endswith(")") else "*以评估结果为准。"
    lines = _tab_doc([["生态保护修复", "1", "森林覆盖率（%）", "约束性", "55", cell, ""]], (note,))
    assert _one(lines, "森林覆盖率（%）")["note_zh"] == note


@pytest.mark.parametrize("last", ["５７", "Ⅲ类"])
def test_web_row_ending_in_fullwidth_number_or_class(last):
    lines = _web_doc(
        [
            ["生态保护修复", "1", "森林覆盖率(%)", "约束性", "55", last],
            ["2", "湿地面积总量(万亩)", "约束性", "12", "13"],
        ]
    )
    row = _one(lines, "森林覆盖率(%)")
    assert (row["baseline_raw"], row["target_raw"]) == ("55", last)
    assert _one(lines, "湿地面积总量(万亩)")["category_zh"] == "生态保护修复"


def test_fullwidth_footnote_mark():
    lines = _tab_doc(
        [["生态保护修复", "1", "森林覆盖率（%）", "约束性", "55", "57(２)", ""]], ("（2）以评估结果为准。",)
    )
    assert _one(lines, "森林覆盖率（%）")["note_zh"] == "（2）以评估结果为准。"


def test_continued_cell_with_line_end_space():
    lines = _tab_doc([["生态保护修复", "1", "森林覆盖率（%）", "约束性", "55", "完成市级 ", ""]])
    lines.insert(lines.index("\t完成市级 ") + 1, "下达目标")
    assert _one(lines, "森林覆盖率（%）")["target_raw"] == "完成市级下达目标"


def test_fullwidth_unit():
    header = ("领域", "序号", "指标", "单位", "类型", "现状值2020年", "目标值2025年")
    lines = (
        ["专栏2 某区生态环境保护“十四五”规划约束性指标及预期性指标"]
        + ["\t" + h for h in header]
        + [
            "",
            "\t环境质量改善",
            "\t1",
            "\t细颗粒物（PM2.5）年均浓度",
            "\tμg/m３",
            "\t约束性",
            "\t27",
            "\t35",
            "",
            "",
            "第三章 推动绿色低碳转型",
        ]
    )
    assert _one(lines, "细颗粒物（PM2.5）年均浓度")["unit"] == "μg/m3"


def test_fullwidth_digits_in_name():
    lines = _tab_doc([["环境质量改善", "1", "PM２.５年均浓度（μg/m3）", "约束性", "30", "28", ""]])
    assert _one(lines, "PM２.５年均浓度（μg/m3）")["indicator_id"] == "pm25_concentration"
