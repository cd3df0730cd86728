"""Property-based tests: the parsers fed mutated indicator tables, judged by an oracle.

The oracle is never the parser itself:

- synthetic tables (`compare_dev.synth`, every layout, period and variation) carry the
  generator's own record of what it printed: the exact rows the build must give;
- the five real plans' tables are judged against `tests/golden/real_table.csv`, the table
  built before this parser existed (its columns are byte-identical in today's build).

Properties:

- Benign mutations (CRLF or CR line endings, a UTF-8 BOM, full-width digits, trailing
  spaces) give exactly the oracle's rows: byte-level ones exactly, full-width digits equal
  after NFKC, trailing spaces equal with whitespace removed from raw cells.
- Destructive mutations (lines dropped, duplicated, swapped, tabs toggled, garbage
  inserted, the block truncated or cut mid-line or mid-character) end either in a
  `CompareError` that names the file and a line, or in rows where nothing is invented
  (every raw cell is printed at or after its source line) and nothing is lost: every
  oracle row the mutation did not touch comes back with its id and cells, and the row
  counts match those recorded for the document (the build's `account` step).

The corpus test runs whole synthetic corpora (with deliberate faults) through the build,
document by document: each gives the expected rows or the expected error (file, line,
message). Hypothesis runs derandomised (the same cases on every run) so the suite never
flakes. `make test` tries 100 benign and 400 destructive cases and one corpus; `make stress`
400, 2,500 and three (FUZZ_BENIGN, FUZZ_DESTRUCTIVE, FUZZ_SEEDS; FUZZ_EXAMPLES sets both
properties). The counts are printed at the end.
"""

from __future__ import annotations

import csv
import io
import os
import random
import re
import tempfile
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compare import paths
from compare.errors import CompareError, SourceError
from compare.ingest.build import DocumentParse, account, harmonise, is_printed_name, parse_source
from compare.ingest.codebook import load_codebook
from compare.ingest.frame import to_frame
from compare.ingest.headers import load_headers
from compare.ingest.prose import mine_lines
from compare.ingest.schema import validate
from compare.ingest.serialise import _number, to_csv_bytes
from compare.ingest.sources import Source, format_expected, read_manifest, read_text
from compare.ingest.tables import ARTIFACT, CAPTION, clean, parse_tables
from compare_dev import synth

#: How many cases each property tries: a small, still meaningful count in `make test`, the
#: counts that hunt rare faults in `make stress` (FUZZ_BENIGN, FUZZ_DESTRUCTIVE, FUZZ_SEEDS;
#: FUZZ_EXAMPLES sets both properties at once).
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "0")) or None
BENIGN = EXAMPLES or int(os.environ.get("FUZZ_BENIGN") or 100)
DESTRUCTIVE = EXAMPLES or int(os.environ.get("FUZZ_DESTRUCTIVE") or 400)
SEEDS = int(os.environ.get("FUZZ_SEEDS") or 1)
VARIATION_DOCS = int(os.environ.get("FUZZ_VARIATION_DOCS", "6"))
CODEBOOK = load_codebook(paths.CODEBOOK)
HEADERS = load_headers(paths.HEADERS)
GOLDEN = Path(__file__).parent / "golden" / "real_table.csv"
RUNS: Counter[str] = Counter()
IDENTITY = ("period", "table", "indicator_id", "baseline_raw", "target_raw", "achieved_raw")


@pytest.fixture(scope="module", autouse=True)
def _report_counts(request):
    """The fuzz figures after the module's tests: documents, cases and their outcomes."""
    yield
    if RUNS:  # shown with -s; kept in .pytest_cache/v/compare/fuzz_figures
        figures = dict(sorted(RUNS.items()))
        print(f"\nfuzz figures: {figures}")
        cache = getattr(request.config, "cache", None)  # none with -p no:cacheprovider
        if cache is not None:
            cache.set("compare/fuzz_figures", figures)


@dataclass
class Block:
    """One indicator table as printed (caption to the next heading) and its oracle."""

    name: str
    lines: list[str]
    oracle: list[dict[str, str]]  # the rows the build must give, as CSV cells
    spans: list[tuple[int, int]]  # per oracle row: first and last line (1-based, in the block)
    header_end: int  # lines up to here are caption and header: a change there touches every row

    @property
    def expected_rows(self) -> str:
        counts: dict[str, int] = {}
        for r in self.oracle:
            key = f"{r['period']}/{r['table']}"
            counts[key] = counts.get(key, 0) + 1
        return format_expected(counts)


def _source(name: str, expected_rows: str = "") -> Source:
    return Source(
        name,
        "fuzz",
        "模糊区",
        "Fuzz District",
        "500101",
        "district",
        "",
        "",
        "",
        "",
        "0" * 64,
        Path("."),
        "tables",
        expected_rows,
        1,
    )


def _csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def _pipeline(lines: list[str], name: str, expected_rows: str = "") -> list[dict[str, str]]:
    """The block through the build's steps: tables (or prose), codebook, account, schema."""
    source = _source(name, expected_rows)
    tables = parse_tables(lines, name, lambda s: is_printed_name(CODEBOOK, s), HEADERS)
    rows = [r for t in tables for r in t.rows] or mine_lines(lines, name)
    doc = DocumentParse(source, tables, rows)
    records = harmonise(source, rows, CODEBOOK, doc)
    if expected_rows:
        account(doc)
    return [{c: _cell(r[c]) for c in r} for r in records]


def _cell(v: object) -> str:
    """A value as the build's CSV prints it (numbers exact, true/false, empty for none);
    the corpus test checks the same against the real writer (`to_csv_bytes`)."""
    if v is None or (isinstance(v, float) and v != v):
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return _number(v) if isinstance(v, float) else str(v)


_HEADING = re.compile(r"^(\[bookmark:[^\]]*\])?\s*(第[一二三四五六七八九十]+章|[一二三四五]、)")


def _end_of(lines: list[str], after: int) -> int:
    """Index of the first heading at or after `after` (the block ends with it)."""
    return next((j for j in range(after, len(lines)) if _HEADING.match(lines[j])), len(lines) - 1)


def _synthetic_blocks(documents: int = 9) -> list[Block]:
    units = synth.load_units()
    blocks = []
    for k in range(documents):
        layout = synth.LAYOUTS[k % len(synth.LAYOUTS)]
        text, tables = synth.write_document(CODEBOOK, units[k], layout, random.Random(f"fuzz{k}"), "规划")
        lines = text.split("\n")
        for t in tables:
            start = next(i for i, x in enumerate(lines) if x.strip() == t.spec.caption.strip())
            pairs = synth.table_rows([t])
            end = _end_of(lines, max(r.end_line for _, r in pairs))
            name = f"synth{k}_{layout}_{t.spec.label}.txt"
            source = {
                "file": name,
                "region": "fuzz",
                "name_zh": "模糊区",
                "name_en": "Fuzz District",
                "adcode": "500101",
            }
            records = synth.expected_records(source, CODEBOOK, [t])
            for rec in records:  # lines counted from the block's caption, as the pipeline sees it
                rec["source_line"] -= start
                rec["note_sources"] = ",".join(
                    f"{f}:{int(n) - start}"
                    for f, _, n in (x.rpartition(":") for x in rec["note_sources"].split(",") if x)
                )
            oracle = _csv_rows(synth.expected_csv(records))
            spans, prev = [], 0
            first = min(r.line for _, r in pairs) - start
            for _, r in pairs:  # oracle order is print order within one table
                lo = prev + 1 if prev else first - (4 if layout == "web_copy" else 2)
                spans.append((lo, r.end_line - start))
                prev = r.end_line - start
            blocks.append(Block(name, lines[start : end + 1], oracle, spans, first - 1))
    return blocks


def _real_blocks() -> list[Block]:
    golden = _csv_rows(GOLDEN.read_bytes())
    blocks = []
    for s in read_manifest(paths.MANIFEST):
        if s.kind != "tables":
            continue
        lines = read_text(s.path).split("\n")
        for i, line in enumerate(lines):
            m = CAPTION.match(ARTIFACT.sub("", line))
            if not m:
                continue
            label = re.sub(r"\s+", "", m.group(1))
            rows = [r for r in golden if r["region"] == s.region and r["table"] == label]
            rows.sort(key=lambda r: int(r["row"]))
            last = max(int(r["source_line"]) for r in rows)
            end = _end_of(lines, last)
            name = f"{s.region}_{label}.txt"
            oracle = []
            for r in rows:
                oracle.append(
                    {
                        **r,
                        "region": "fuzz",
                        "region_name_zh": "模糊区",
                        "region_name_en": "Fuzz District",
                        "adcode": "500101",
                        "source_file": name,
                        "source_line": str(int(r["source_line"]) - i),
                    }
                )
            web = "\t" not in "".join(lines[i + 1 : i + 5])
            names = [int(r["source_line"]) for r in oracle]
            spans = [
                (n - (4 if web else 2), (names[k + 1] - (5 if web else 3)) if k + 1 < len(names) else end - i)
                for k, n in enumerate(names)
            ]
            blocks.append(Block(name, lines[i : end + 1], oracle, spans, names[0] - (5 if web else 3)))
    return blocks


BLOCKS = _real_blocks() + _synthetic_blocks()
BY_NAME = {b.name: b for b in BLOCKS}
BLOCK_NAMES = [b.name for b in BLOCKS]


def _comparable(rows: list[dict[str, str]], columns: list[str]) -> list[dict[str, str]]:
    return [{c: r.get(c, "") for c in columns} for r in rows]


def test_blocks_cover_every_layout_and_match_their_oracle():
    """Unmutated, every block gives exactly its oracle's rows (all golden columns)."""
    assert sum(n.startswith("synth") for n in BLOCK_NAMES) == 18 and len(BLOCKS) == 26
    layouts = {("\t" in "".join(b.lines[1:4])) for b in BLOCKS}
    assert layouts == {True, False}
    for b in BLOCKS:
        got = _pipeline(b.lines, b.name, b.expected_rows)
        columns = list(b.oracle[0])
        assert _comparable(got, columns) == b.oracle, b.name


def _decode(data: bytes, name: str) -> list[str]:
    """Bytes to lines as `verified_lines` gives them (BOM dropped, line endings normalised)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        return read_text(path).split("\n")


# --------------------------------------------------------------------------- benign

_FULL = str.maketrans("0123456789", "０１２３４５６７８９")
_VALUE_LIKE = re.compile(r"[\u4e00-\u9fff]")
_VALUE_WORDS = re.compile(r"[年以上下左右内约万亩天吨类个至控制在达到]")


def _value_like(line: str) -> bool:
    """Value, sequence, unit and year cells: no Chinese beyond units/years/operators."""
    return not _VALUE_LIKE.search(_VALUE_WORDS.sub("", line))


def _nfkc(row: dict[str, str]) -> dict[str, str]:
    return {k: unicodedata.normalize("NFKC", v) for k, v in row.items()}


def _raw_spaces_removed(row: dict[str, str]) -> dict[str, str]:
    """A line-end space inside a cell that continues on the next line stays in its raw text
    (tables.py joins `text + next.strip()`); raw cells are compared without whitespace."""
    return {k: re.sub(r"\s+", "", v) if k.endswith("_raw") else v for k, v in row.items()}


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
    return name, ops, draw(st.integers(0, 2**16))


@pytest.mark.stress
@settings(
    max_examples=BENIGN,
    deadline=None,
    database=None,
    derandomize=not os.environ.get("FUZZ_RANDOM"),
    suppress_health_check=[HealthCheck.too_slow],
)
@given(benign())
def test_benign_mutations_give_the_oracle_rows(case):
    name, ops, seed = case
    RUNS["benign cases"] += 1
    block = BY_NAME[name]
    lines = list(block.lines)
    rng = random.Random(seed)
    if "fullwidth" in ops:  # digits of value, sequence and year cells printed full-width
        lines = [x.translate(_FULL) if _value_like(x) and rng.random() < 0.7 else x for x in lines]
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
    got = _comparable(_pipeline(_decode(data, name), name, block.expected_rows), list(block.oracle[0]))
    want = block.oracle
    if "fullwidth" in ops:
        got, want = [_nfkc(r) for r in got], [_nfkc(r) for r in want]
    if "trailing" in ops:
        got, want = [_raw_spaces_removed(r) for r in got], [_raw_spaces_removed(r) for r in want]
    assert len(got) == len(want)
    for g, w in zip(got, want):
        assert g == w, {k: (w[k], g[k]) for k in w if g[k] != w[k]}
    RUNS["benign: oracle rows"] += 1


# --------------------------------------------------------------------------- destructive

GARBAGE = st.text(
    alphabet=st.one_of(
        st.sampled_from(
            list(
                "0123456789.%[]〔〕()（）*【】≥≤<>＜＞-—/ 　\t约左右以上其中：#注备表专栏年"
                "目标值现状类别指标约束性预期性ⅢⅡ类序号单位abcPM。，\u200b\ufeff"
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


def _mutate(lines: list[str], origin: list[int | None], op: tuple, touched: set[int]):
    """Apply one mutation; `origin` maps each line to its line in the block (None: new),
    `touched` collects the block lines (1-based) the mutation changed or stands next to,
    and -n when every line from n on is gone."""
    lines, origin = list(lines), list(origin)
    i = min(int(op[1] * len(lines)), len(lines) - 1)
    kind = op[0]

    def touch(*ks: int) -> None:
        for k in ks:
            if 0 <= k < len(origin) and origin[k] is not None:
                touched.add(origin[k] + 1)  # type: ignore[operator]

    def rest(k: int) -> None:  # every line from k on is gone: recorded as its first line, negated
        known = [o for o in origin[k:] if o is not None]
        if known:
            touched.add(-(min(known) + 1))

    # a line inserted or removed between two rows belongs to either: both count as touched
    # (in a web copy the cell before sits two lines up, past the blank line between cells)
    if kind == "drop" and len(lines) > 1:
        touch(i - 2, i - 1, i, i + 1)
        del lines[i], origin[i]
    elif kind == "dup":
        touch(i - 2, i - 1, i, i + 1)
        lines.insert(i, lines[i])
        origin.insert(i, None)
    elif kind == "swap" and i + 1 < len(lines):
        touch(i - 2, i - 1, i, i + 1)
        lines[i], lines[i + 1] = lines[i + 1], lines[i]
    elif kind == "tab":
        touch(i - 2, i - 1, i, i + 1)
        lines[i] = lines[i][1:] if lines[i].startswith("\t") else "\t" + lines[i]
    elif kind in ("blank", "line"):
        touch(i - 2, i - 1, i)
        lines.insert(i, "" if kind == "blank" else op[2])
        origin.insert(i, None)
    elif kind == "garbage":
        touch(i - 2, i - 1, i, i + 1)
        pos = int(op[2] * (len(lines[i]) + 1))
        lines[i] = lines[i][:pos] + op[3] + lines[i][pos:]
    elif kind == "truncate":
        rest(max(i, 1))
        lines, origin = lines[: max(i, 1)], origin[: max(i, 1)]
    elif kind in ("cut", "bytes"):  # the file ends inside a line (or a UTF-8 sequence)
        text = "\n".join(lines)
        keep = max(1, int(op[1] * len(text)))
        k = text[:keep].count("\n")
        rest(k)
        if kind == "bytes":
            data = text.encode("utf-8")
            return data[: max(1, int(op[1] * len(data)))], origin[: k + 1]
        lines, origin = text[:keep].split("\n"), origin[: k + 1]
    return lines, origin


def _window(lines: list[str], line: int, size: int = 60) -> str:
    return "".join(clean(x) for x in lines[line - 1 : line - 1 + size])


def _check_error(exc: CompareError, file: str, lines: list) -> None:
    """A clear error: one that names the file and a line inside it (or the manifest row)."""
    if isinstance(exc, SourceError) and exc.reason == "file is empty":
        assert exc.file == file and str(exc).startswith(f"{file}: "), str(exc)
        return
    if isinstance(exc, SourceError) and exc.line is None:
        assert exc.file == file and re.search(r"MANIFEST\.csv:\d+ records", exc.reason), str(exc)
        return
    assert isinstance(exc, SourceError) and exc.file == file, str(exc)
    assert exc.line is not None and 1 <= exc.line <= len(lines), str(exc)
    assert str(exc).startswith(f"{file}:{exc.line}: "), str(exc)


@pytest.mark.stress
@settings(
    max_examples=DESTRUCTIVE,
    deadline=None,
    database=None,
    derandomize=not os.environ.get("FUZZ_RANDOM"),
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.sampled_from(BLOCK_NAMES), st.lists(OP, min_size=1, max_size=3))
def test_destructive_mutations_fail_cleanly_or_lose_and_invent_nothing(name, ops):
    RUNS["destructive cases"] += 1
    block = BY_NAME[name]
    lines: list = block.lines
    origin: list[int | None] = list(range(len(lines)))
    touched: set[int] = set()
    try:
        for op in ops:
            lines, origin = _mutate(lines, origin, op, touched)
            if isinstance(lines, bytes):
                lines = _decode(lines, name)
                origin = (origin + [None] * len(lines))[: len(lines)]
        records = _pipeline(lines, name, block.expected_rows)
    except CompareError as exc:
        RUNS["destructive: clear error"] += 1
        _check_error(exc, name, lines if isinstance(lines, list) else lines.split(b"\n"))
        if isinstance(exc, SourceError) and exc.line is None and "records" in exc.reason:
            # rows lost or added: only a mutation of the header or the rows can cause that
            last = block.spans[-1][1]
            assert any(0 < t <= last + 1 or 0 < -t <= last + 1 for t in touched), (
                "rows lost without cause",
                str(exc),
            )
        return
    RUNS["destructive: rows"] += 1
    # nothing lost: the counts are those recorded, every untouched row comes back intact
    assert len(records) == len(block.oracle)
    got = Counter(tuple(r[c] for c in IDENTITY) for r in records)
    header_touched = any(0 < t <= block.header_end for t in touched)
    gone_from = min((-t for t in touched if t < 0), default=10**9)
    for want, (lo, hi) in zip(block.oracle, block.spans):
        if header_touched or hi >= gone_from or any(lo <= t <= hi for t in touched):
            continue
        key = tuple(want[c] for c in IDENTITY)
        assert got[key] > 0, (
            "lost or altered",
            want["indicator_name_zh"],
            want["source_line"],
            sorted(touched),
        )
    # nothing invented: every name and raw cell is printed at or after its source line
    for r in records:
        line = int(r["source_line"])
        assert 1 <= line <= len(lines)
        window = _window(lines, line)
        unmarked = re.sub(r"[0-9０-９*＊①-⑳¹²³⁴-⁹]", "", window)  # a name's glued footnote mark moved out
        name = clean(r["indicator_name_zh"])
        assert name in window or re.sub(r"[0-9０-９*＊]", "", name) in unmarked, (
            r["indicator_name_zh"],
            line,
        )
        for col in ("baseline_raw", "target_raw", "achieved_raw"):
            if r[col]:
                assert clean(r[col]) in window, (col, r[col], line)


# --------------------------------------------------------------------------- whole corpora


@pytest.mark.stress
@pytest.mark.parametrize("seed", range(SEEDS))
def test_corpus_documents_give_their_rows_or_their_error(tmp_path, seed):
    """A 38-document corpus with faults, built document by document through the build's
    own steps: each gives exactly its expected rows, or the expected error (file, line,
    message), never anything else."""
    manifest = synth.generate(38, tmp_path, seed=seed, faults=0.3)
    expected = _csv_rows((tmp_path / "expected.csv").read_bytes())
    errors = {
        r["file"]: r for r in csv.DictReader(io.StringIO((tmp_path / "expected_errors.csv").read_text()))
    }
    assert errors, "the corpus holds faults"
    for source in read_manifest(manifest):
        RUNS["corpus documents"] += 1
        fault = errors.get(source.file)
        try:
            doc = parse_source(source, CODEBOOK, HEADERS)
            records = harmonise(source, doc.rows, CODEBOOK, doc)
            account(doc, manifest.name)
            got = _csv_rows(to_csv_bytes(validate(to_frame(records), {source.region}, CODEBOOK)))
        except CompareError as exc:
            assert fault, f"{source.file}: unexpected error {exc}"
            assert re.search(fault["pattern"], str(exc)), (fault, str(exc))
            assert not fault["line"] or getattr(exc, "line", None) == int(fault["line"]), (fault, str(exc))
            RUNS[f"corpus: expected error ({fault['fault']})"] += 1
            continue
        assert not fault, f"{source.file}: the fault {fault['fault']} gave no error"
        want = [r for r in expected if r["source_file"] == source.file]
        assert got == want, source.file
        RUNS["corpus: expected rows"] += 1


def _variation_outcome(source, manifest: Path, fault: dict | None) -> list[dict[str, str]] | None:
    """A document's rows through the build's own steps, or None where it stopped with the
    error its variation must give (file, line, message)."""
    try:
        doc = parse_source(source, CODEBOOK, HEADERS)
        records = harmonise(source, doc.rows, CODEBOOK, doc)
        account(doc, manifest.name)
        return _csv_rows(to_csv_bytes(validate(to_frame(records), {source.region}, CODEBOOK)))
    except CompareError as exc:
        assert fault, f"{source.file}: unexpected error {exc}"
        assert re.search(fault["pattern"], str(exc)) and getattr(exc, "line", None) == int(fault["line"]), (
            fault,
            str(exc),
        )
        return None


@pytest.mark.parametrize("variation", synth.VARIATIONS)
def test_copy_variations_give_the_oracle_rows_or_stop_at_the_line(tmp_path, variation):
    """Page copies (issue 21): separator characters, glued header marks, prose around the
    tables, junk strings, two-level categories, another level's names. Each document gives
    exactly the oracle's rows, or (junk that makes a number ambiguous) stops with an error
    naming the line: never a wrong value."""
    manifest = synth.generate(VARIATION_DOCS, tmp_path, seed=0, variation=variation)
    expected = _csv_rows((tmp_path / "expected.csv").read_bytes())
    errors = {
        r["file"]: r for r in csv.DictReader(io.StringIO((tmp_path / "expected_errors.csv").read_text()))
    }
    sources = read_manifest(manifest)
    assert len(sources) == VARIATION_DOCS
    for source in sources:
        RUNS[f"variation {variation}: documents"] += 1
        fault = errors.get(source.file)
        got = _variation_outcome(source, manifest, fault)
        if got is None:
            RUNS[f"variation {variation}: stopped at the line"] += 1
            continue
        assert not fault, f"{source.file}: {fault} gave no error"
        want = [r for r in expected if r["source_file"] == source.file]
        assert want and got == want, source.file
        RUNS[f"variation {variation}: rows"] += len(got)
    shows = {
        "other_level_names": any(r["indicator_id"] == "" for r in expected),
        "multi_level_categories": any("/" in r["category_zh"] for r in expected),
        "junk_strings": bool(errors),
    }
    assert shows.get(variation, True), f"the corpus shows no {variation}"


def _parse(lines: list[str], file: str) -> list[dict[str, str]]:
    return _pipeline(lines, file)


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
