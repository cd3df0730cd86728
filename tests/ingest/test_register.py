"""add-source: a new document enters a (copied) data/raw and the build picks it up.

Every test works on `raw_copy` (a copy of data/raw in tmp_path); the real data/raw is
checked to be untouched at the end of the module.
"""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

import pytest

from compare import paths
from compare.cli import main as cli_main
from compare.errors import ParameterError, SourceError
from compare.ingest import register
from compare.ingest.build import build_table
from compare.ingest.serialise import to_csv_bytes
from compare.ingest.sources import parse_expected, read_manifest
from compare_dev import synth

REAL = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths.RAW.iterdir() if p.is_file()}


@pytest.fixture(scope="module")
def district(tmp_path_factory) -> Path:
    """A synthetic plan for Wanzhou (500101) and its expected rows."""
    manifest = synth.generate(1, tmp_path_factory.mktemp("synth"), seed=5)
    (source,) = read_manifest(manifest)
    assert (source.region, source.adcode) == ("wanzhou", "500101")
    return source.path


def _add(district: Path, raw: Path, **kw) -> dict:
    args = {"region": "wanzhou", "adcode": "500101", "name_zh": "万州区", "name_en": "Wanzhou District"}
    return register.add_source(register.NewSource(district, **{**args, **kw}), manifest=raw / "MANIFEST.csv")


def test_added_document_is_built(district, raw_copy):
    before = build_table(raw_copy / "MANIFEST.csv", paths.CODEBOOK).table
    row = _add(district, raw_copy, title_zh="万州区生态环境保护“十四五”规划", issued="2021-12-30")
    assert row["sha256"] == hashlib.sha256(district.read_bytes()).hexdigest()
    assert (raw_copy / district.name).read_bytes() == district.read_bytes()
    sources = read_manifest(raw_copy / "MANIFEST.csv")
    assert [s.region for s in sources][-1] == "wanzhou" and len(
        sources
    ) == 8  # 5 plans, 1 facts file, 1 observations file, the new one
    after = build_table(raw_copy / "MANIFEST.csv", paths.CODEBOOK).table
    added = after[after["region"] == "wanzhou"]
    assert len(added) > 0
    # the new rows are exactly the generator's ground truth ...
    assert to_csv_bytes(added.reset_index(drop=True)) == (district.parent / "expected.csv").read_bytes()
    # ... and the real rows are unchanged
    kept = after[after["region"] != "wanzhou"].reset_index(drop=True)
    assert to_csv_bytes(kept) == to_csv_bytes(before)


def test_manifest_keeps_its_old_bytes(district, raw_copy):
    old = (raw_copy / "MANIFEST.csv").read_bytes()
    _add(district, raw_copy)
    new = (raw_copy / "MANIFEST.csv").read_bytes()
    assert new.startswith(old) and new.count(b"\n") == old.count(b"\n") + 1


def test_duplicate_region_is_a_clear_error(district, raw_copy):
    old = (raw_copy / "MANIFEST.csv").read_bytes()
    with pytest.raises(
        ParameterError, match=r"region 'kaizhou' is already in MANIFEST.csv \(file kaizhou_eco"
    ):
        _add(district, raw_copy, region="kaizhou")
    assert (raw_copy / "MANIFEST.csv").read_bytes() == old
    assert not (raw_copy / district.name).exists()
    _add(district, raw_copy)
    with pytest.raises(ParameterError, match="region 'wanzhou' is already in"):
        _add(district, raw_copy)


@pytest.mark.parametrize(
    "kw, message",
    [
        ({"region": "Wan-zhou"}, r"must match \[a-z0-9_\]\+"),
        ({"region": ""}, r"must match"),
        ({"adcode": "50010"}, "--adcode: adcode '50010' must be six ASCII digits"),
        ({"adcode": "5001O1"}, "must be six ASCII digits"),
        ({"adcode": "５００１０１"}, "must be six ASCII digits"),  # full-width digits
        ({"adcode": "٥٠٠١٠١"}, "must be six ASCII digits"),  # Arabic-Indic digits
        ({"adcode": "110101"}, "110101 is not a county-level unit of Chongqing"),  # Beijing Dongcheng
        ({"adcode": "500000"}, "500000 is not a county-level unit of Chongqing"),
        ({"adcode": "500154"}, r"--adcode: duplicate adcode '500154': also registered as 'kaizhou'"),
        ({"level": "county"}, "must be one of"),
        ({"level": "municipal"}, r"adcode 500101 is not Chongqing Municipality's \(500000\)"),
        ({"level": "provincial"}, "is not a province's"),
        ({"kind": "report"}, "--kind: kind 'report' must be one of"),
        ({"issued": "30.12.2021"}, "YYYY-MM-DD"),
        ({"issued": "2021-13-45"}, "must be a real date"),
        ({"issued": "2021-02-30"}, "must be a real date"),
        (
            {"name_zh": "万州\u2028区"},
            r"--name-zh: name_zh holds control or line-separator characters \(U\+2028\)",
        ),
        ({"name_en": "Wanzhou\x00"}, r"U\+0000"),
        ({"title_zh": "规划\u2029"}, r"U\+2029"),
    ],
)
def test_bad_fields_are_refused(district, raw_copy, kw, message):
    old = (raw_copy / "MANIFEST.csv").read_bytes()
    with pytest.raises(ParameterError, match=message):
        _add(district, raw_copy, **kw)
    assert (raw_copy / "MANIFEST.csv").read_bytes() == old


def test_bad_files_are_refused(raw_copy, tmp_path):
    old = (raw_copy / "MANIFEST.csv").read_bytes()
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("第一章\n生态环境\n".encode() + "caf\xe9\n".encode("latin-1"))
    with pytest.raises(SourceError, match=r"latin1\.txt:3: not valid UTF-8"):
        _add(latin, raw_copy)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"\n \n")
    with pytest.raises(SourceError, match=r"empty\.txt: file is empty"):
        _add(empty, raw_copy)
    with pytest.raises(SourceError, match="file not found"):
        _add(tmp_path / "missing.txt", raw_copy)
    clash = tmp_path / "kaizhou_eco_14th_fyp.txt"  # the name of a listed document
    clash.write_text("另一份规划\n", encoding="utf-8")
    with pytest.raises(ParameterError, match="already listed"):
        _add(clash, raw_copy)
    assert (raw_copy / "MANIFEST.csv").read_bytes() == old
    assert not (raw_copy / "latin1.txt").exists()


def test_names_default_to_the_boundary_data(district, raw_copy, tmp_path):
    row = _add(district, raw_copy, name_zh="", name_en="")
    assert (row["name_zh"], row["name_en"]) == ("万州区", "Wanzhou District")
    other = tmp_path / "beijing.txt"
    other.write_bytes(district.read_bytes())
    with pytest.raises(ParameterError, match="not a county-level unit"):
        _add(other, raw_copy, region="dongcheng", adcode="110101", name_zh="", name_en="")
    with pytest.raises(ParameterError, match="has no names in the boundary data; give both"):
        _add(other, raw_copy, region="sichuan", adcode="510000", level="provincial", name_zh="", name_en="")


def test_cli(district, raw_copy, capsys):
    args = [
        "add-source",
        str(district),
        "--region",
        "wanzhou",
        "--adcode",
        "500101",
        "--manifest",
        str(raw_copy / "MANIFEST.csv"),
    ]
    assert cli_main(args) == 0
    assert (
        "added wanzhou_eco_14th_fyp.txt as region wanzhou (万州区, 500101, district)"
        in capsys.readouterr().out
    )
    assert cli_main(args) == 2  # the same source again: one line on stderr, non-zero exit
    assert "already in MANIFEST.csv" in capsys.readouterr().err


def test_real_raw_is_untouched():
    assert {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths.RAW.iterdir() if p.is_file()
    } == REAL


# --------------------------------------------------------------------------- attacks and backing out


def test_a_document_without_tables_is_refused(raw_copy, tmp_path):
    """`add-source /etc/passwd`: UTF-8 text, but no indicator table: refused, nothing written."""
    old = (raw_copy / "MANIFEST.csv").read_bytes()
    passwd = tmp_path / "passwd"
    passwd.write_text("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/usr/sbin:/usr/sbin/nologin\n")
    with pytest.raises(SourceError, match=r"passwd: no indicator table rows found"):
        _add(passwd, raw_copy)
    with pytest.raises(SourceError, match=r"kind prose, but no quantified target"):
        _add(passwd, raw_copy, kind="prose")
    assert (raw_copy / "MANIFEST.csv").read_bytes() == old and not (raw_copy / "passwd").exists()


def test_a_symbolic_link_is_refused(district, raw_copy, tmp_path):
    link = tmp_path / "plan.txt"
    link.symlink_to(district)
    with pytest.raises(ParameterError, match=r"FILE: .* is a symbolic link"):
        _add(link, raw_copy)


def test_the_manifest_itself_and_duplicate_content_are_refused(district, raw_copy, tmp_path):
    with pytest.raises(ParameterError, match="FILE: file may not be the manifest itself"):
        _add(raw_copy / "MANIFEST.csv", raw_copy)
    copy = tmp_path / "again.txt"
    copy.write_bytes((raw_copy / "kaizhou_eco_14th_fyp.txt").read_bytes())
    with pytest.raises(ParameterError, match=r"FILE: duplicate content .*: also registered as 'kaizhou'"):
        _add(copy, raw_copy, region="kaizhou2", adcode="500101")


def test_expected_rows_are_recorded_from_the_document(district, raw_copy):
    row = _add(district, raw_copy)
    expected = (district.parent / "expected.csv").read_text(encoding="utf-8")
    counts = {}
    for r in csv.DictReader(io.StringIO(expected)):
        key = f"{r['period']}/{r['table']}"
        counts[key] = counts.get(key, 0) + 1
    assert parse_expected(row["expected_rows"]) == counts  # the generator's own count
    synth_manifest = next(csv.DictReader((district.parent / "MANIFEST.csv").open(encoding="utf-8")))
    assert row["expected_rows"] == synth_manifest["expected_rows"]


def test_add_then_remove_leaves_raw_byte_identical(district, raw_copy):
    before = {p.name: p.read_bytes() for p in raw_copy.iterdir()}
    _add(district, raw_copy)
    assert (raw_copy / district.name).exists()
    removed = register.remove_source("wanzhou", raw_copy / "MANIFEST.csv")
    assert removed["file"] == district.name
    assert {p.name: p.read_bytes() for p in raw_copy.iterdir()} == before
    with pytest.raises(ParameterError, match=r"REGION: 'wanzhou' is not in MANIFEST\.csv"):
        register.remove_source("wanzhou", raw_copy / "MANIFEST.csv")


def test_remove_keeps_a_file_on_request(district, raw_copy):
    _add(district, raw_copy)
    register.remove_source("wanzhou", raw_copy / "MANIFEST.csv", keep_file=True)
    assert (raw_copy / district.name).exists()
    assert "wanzhou" not in {s.region for s in read_manifest(raw_copy / "MANIFEST.csv")}


def test_remove_source_command(district, raw_copy, capsys):
    _add(district, raw_copy)
    assert cli_main(["remove-source", "wanzhou", "--manifest", str(raw_copy / "MANIFEST.csv")]) == 0
    assert "removed region wanzhou (wanzhou_eco_14th_fyp.txt)" in capsys.readouterr().out


def test_recount_records_a_deliberate_change(raw_copy):
    manifest = raw_copy / "MANIFEST.csv"
    text = manifest.read_text(encoding="utf-8").replace(
        "13th/专栏1=23;14th/专栏2=22", "13th/专栏1=23;14th/专栏2=21"
    )
    manifest.write_text(text, encoding="utf-8")
    with pytest.raises(
        SourceError, match=r"14th/专栏2 gives 22 rows but MANIFEST.csv:2 records 21 .*recount kaizhou"
    ):
        build_table(manifest, paths.CODEBOOK)
    assert register.recount(["kaizhou"], manifest) == {
        "kaizhou": ("13th/专栏1=23;14th/专栏2=21", "13th/专栏1=23;14th/专栏2=22")
    }
    assert manifest.read_bytes() == (paths.RAW / "MANIFEST.csv").read_bytes()  # only that line changed
    assert register.recount(None, manifest) == {}
