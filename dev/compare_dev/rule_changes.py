"""Every verdict, relation, rank and score one code gives that another gives differently.

Run ``dump`` under each code (its own ``PYTHONPATH`` and ``COMPARE_ROOT``, the same raw
files) to write its results as JSON lines, then ``diff`` the two files into a markdown table
(old -> new, with the plan line behind each row)::

    git archive main | tar -x -C /tmp/rules-old
    COMPARE_ROOT=/tmp/rules-old PYTHONPATH=/tmp/rules-old/src python dev/compare_dev/rule_changes.py dump /tmp/old.jsonl
    python dev/compare_dev/rule_changes.py dump /tmp/new.jsonl
    python dev/compare_dev/rule_changes.py diff /tmp/old.jsonl /tmp/new.jsonl docs/changes-19.md

Only public functions that both codes have are called, so the script runs under either.
"""

from __future__ import annotations

import itertools
import json
import math
import sys
from pathlib import Path
from typing import Any


def _line(file: Any, line: Any) -> str:
    try:
        return f"{str(file).replace('_eco_14th_fyp.txt', '')}:{int(line)}"
    except (TypeError, ValueError):
        return str(file or "")


def _num(v: Any, digits: int = 1) -> str:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return ""
    return "" if math.isnan(f) else f"{f:.{digits}f}"


def _records() -> list[dict[str, str]]:
    from compare import analysis as an
    from compare.figures import pair
    from compare.ingest.build import build_table
    from compare.ingest.codebook import load_codebook

    table = build_table().table
    cb = load_codebook()
    out: list[dict[str, str]] = []

    def add(report: str, key: str, where: str, ident: str, what: str, value: str) -> None:
        out.append(
            {"report": report, "key": key, "where": where, "indicator": ident, "what": what, "value": value}
        )

    for _, r in an.target_attainment(table, cb).iterrows():
        where = _line(r["source_file"], r["source_line"])
        add(
            "review",
            where + ident_of(r),
            where,
            r["indicator_id"],
            "verdict",
            f"{r['final']} ({r['final_reason']})",
        )
        add("review", where + ident_of(r), where, r["indicator_id"], "caveats", str(r.get("caveats", "")))
    for _, r in an.alignment(table, cb).iterrows():
        where = _line(r["source_file"], r["source_line"])
        against = _line(r["municipal_source_file"], r["municipal_source_line"])
        add(
            "alignment",
            where + ident_of(r),
            f"{where} vs {against}" if against else where,
            r["indicator_id"],
            "relation",
            f"{r['status']} ({r['reason']})",
        )
    amb = an.ambition(table, cb)
    for _, r in amb[amb["level"] == "district"].iterrows():
        where = _line(r["source_file"], r["source_line"])
        add("ambition", where + ident_of(r), where, r["indicator_id"], "class", str(r["ambition_class"]))
        rank = r.get("rank")
        add(
            "ambition",
            where + ident_of(r),
            where,
            r["indicator_id"],
            "rank",
            "" if rank is None or str(rank) in ("<NA>", "nan") else str(int(rank)),
        )
        add(
            "ambition",
            where + ident_of(r),
            where,
            r["indicator_id"],
            "headroom",
            _num(r.get("headroom_used"), 2),
        )
        add("ambition", where + ident_of(r), where, r["indicator_id"], "caveats", str(r.get("caveats", "")))
    for _, r in an.scores(table, cb).iterrows():
        where = _line(r["source_file"], r["source_line"])
        value = f"{_num(r['score'])} {r['light']}".strip() or f"— ({r['reason']})"
        add("scores", where + ident_of(r), where, r["indicator_id"], "score", value)
    for _, r in an.dispersion(table, cb).iterrows():
        add("dispersion", r["indicator_id"], "", r["indicator_id"], "cv", _num(r["cv"], 3))
        add("dispersion", r["indicator_id"], "", r["indicator_id"], "change cv", _num(r["change_cv"], 3))
    districts = [d for d in ("kaizhou", "bishan", "tongnan", "qianjiang") if d in set(table["region"])]
    for a, b in itertools.combinations(districts, 2):
        pt = pair.pair_table(table, cb, a, b, "en")
        top = table[(table["period"] == "14th") & (table["parent_seq"].astype(str) == "")]
        lines = {
            (reg, i): _line(f, ln)
            for reg, i, f, ln in zip(
                top["region"], top["indicator_id"], top["source_file"], top["source_line"]
            )
        }
        names = {an.codebook_frame(cb).at[i, "name_en"]: i for i in an.codebook_frame(cb).index}
        for _, r in pt.iterrows():
            ident = names.get(r.iloc[0], r.iloc[0])
            where = f"{lines.get((a, ident), '')} vs {lines.get((b, ident), '')}"
            add(f"pair {a}-{b}", ident, where, ident, "relation", str(r.iloc[-1]))
    for kind in ("overview", "review", "alignment", "ambition"):
        for f in an.findings(table, kind, cb):
            for k, v in f.values.items():
                if isinstance(v, (int, float)) and not isinstance(v, bool):
                    add(f"{kind} headline", f"{f.code}.{k}", "", "", f"{f.code}.{k}", str(v))
    return out


def ident_of(r: Any) -> str:
    return "|" + str(r["indicator_id"])


def dump(path: str) -> None:
    """Write this code's results (one JSON object per line)."""
    with open(path, "w", encoding="utf-8") as fh:
        for rec in _records():
            fh.write(json.dumps(rec, ensure_ascii=False, sort_keys=True) + "\n")


def _load(path: str) -> dict[tuple[str, str, str], dict[str, str]]:
    out = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        out[(rec["report"], rec["key"], rec["what"])] = rec
    return out


def diff(old_path: str, new_path: str, md_path: str) -> None:
    """The markdown table of every result that changed, old -> new, and counts per report."""
    old, new = _load(old_path), _load(new_path)
    rows = []
    for key in sorted(set(old) | set(new)):
        o, n = old.get(key), new.get(key)
        ov, nv = (o or {}).get("value", "(absent)"), (n or {}).get("value", "(absent)")
        if ov != nv:
            rec = n or o
            assert rec is not None
            rows.append((rec["report"], rec["where"], rec["indicator"], rec["what"], ov, nv))
    counts: dict[tuple[str, str], int] = {}
    for report, _, _, what, _, _ in rows:
        base = report.split(" ")[0] if not report.startswith("pair") else "pair"
        k = (base, what if "headline" not in report else "headline")
        counts[k] = counts.get(k, 0) + 1
    lines = [
        "# Issue 19: every verdict, relation, rank and score that changed",
        "",
        "Old = `main`, new = branch `rules`, both run on the same raw files by",
        "`dev/compare_dev/rule_changes.py` (old code with its own codebook). `where` is the plan line",
        "(`<region>:<line>` of `<region>_eco_14th_fyp.txt`; `vs` the line it is compared with).",
        "",
        "## Counts",
        "",
        "| report | what | changed |",
        "|---|---|---|",
        *[f"| {r} | {w} | {n} |" for (r, w), n in sorted(counts.items())],
        f"| all | | {len(rows)} |",
        "",
        "## Every change",
        "",
        "| report | where | indicator | what | old | new |",
        "|---|---|---|---|---|---|",
    ]
    esc = lambda s: str(s).replace("|", "\\|")  # noqa: E731
    lines += [f"| {' | '.join(esc(x) for x in row)} |" for row in rows]
    Path(md_path).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(rows)} changes written to {md_path}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["dump"] and len(sys.argv) == 3:
        dump(sys.argv[2])
    elif sys.argv[1:2] == ["diff"] and len(sys.argv) == 5:
        diff(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit(__doc__)
