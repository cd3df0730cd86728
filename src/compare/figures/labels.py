"""Every word a figure or table shows, in Chinese and English: headers, domains, attributes,
target kinds, statuses, units, region and indicator names. One place, so a report speaks one
language throughout.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .. import paths
from ..errors import ParameterError

if TYPE_CHECKING:  # pragma: no cover
    pass

LANGS = ("zh", "en")


PERIODS = ("14th", "13th")


#: Display order and names of the codebook's domains (unknown domains follow, by id).
DOMAINS: dict[str, tuple[str, str]] = {
    "ecology": ("生态保护", "Ecology"),
    "land": ("国土空间", "Land use"),
    "climate": ("应对气候变化", "Climate"),
    "resources": ("资源利用", "Resource use"),
    "green_economy": ("绿色发展", "Green economy"),
    "air": ("大气环境", "Air"),
    "water": ("水环境", "Water"),
    "emissions": ("污染物减排", "Emissions"),
    "sanitation": ("环境基础设施", "Sanitation"),
    "noise": ("声环境", "Noise"),
    "risk": ("环境风险", "Environmental risk"),
    "governance": ("环境治理", "Governance"),
}


ATTRIBUTES: dict[str, tuple[str, str]] = {
    "binding": ("约束性", "binding"),
    "expected": ("预期性", "expected"),
    "listed": ("列出（未分属性）", "listed (no attribute)"),
    "": ("未列出", "not set"),
}


KINDS: dict[str, tuple[str, str]] = {
    "numeric": ("数值", "numeric"),
    "maintain": ("保持", "maintain"),
    "assigned": ("由上级下达", "set by higher level"),
    "qualitative": ("定性", "qualitative"),
    "class": ("类别", "class"),
    "none": ("无数值", "no figure"),
}


STATUSES: dict[str, tuple[str, str]] = {
    "met": ("完成", "met"),
    "missed": ("未完成", "missed"),
    "not_assessable": ("无法评估", "not assessable"),
}


OPERATORS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "~": "≈", "=": ""}


# Column headers of the tables below: key -> (zh, en).
HEADERS: dict[str, tuple[str, str]] = {
    "domain": ("领域", "Domain"),
    "indicator": ("指标", "Indicator"),
    "indicator_id": ("指标编码", "Indicator id"),
    "region": ("地区", "Region"),
    "period": ("规划期", "Period"),
    "where": ("位置（规划期 表 序号）", "Where (period, table, no.)"),
    "table": ("表", "Table"),
    "seq": ("序号", "No."),
    "printed_name": ("原文指标名称", "Name as printed"),
    "unit": ("单位", "Unit"),
    "attribute": ("属性", "Attribute"),
    "baseline": ("基期值", "Baseline"),
    "target": ("目标值", "Target"),
    "achieved": ("完成值", "Achieved"),
    "kind": ("目标类型与标记", "Target kind, flags"),
    "note": ("备注", "Note"),
    "source": ("出处（文件:行）", "Source (file:line)"),
    "status": ("评估", "Assessment"),
    "basis": ("依据 / 差距", "Basis / gap"),
    "claim_check": ("与规划自述", "vs plan's claim"),
    "evidence": ("原文证据", "Evidence as printed"),
    "municipal": ("重庆市目标", "Municipal target"),
    "plans": ("规划数", "Plans"),
    "total": ("合计", "Total"),
    "rows": ("行数", "Rows"),
    "sub_rows": ("子行", "Sub-rows"),
    "target_text": ("目标无数值", "Targets without a number"),
    "baseline_text": ("基期无数值", "Baselines without a number"),
    "achieved_text": ("完成值无数值", "Achieved without a number"),
    "provisional": ("待上级核定 (*)", "Provisional (*)"),
    "cumulative": ("五年累计 [ ]", "Cumulative [ ]"),
    "realigned": ("单元格重排", "Cells realigned"),
    "text": ("原文", "Text as printed"),
    "count": ("次数", "Count"),
    "regions": ("地区", "Regions"),
    "source_file": ("文件", "File"),
}


_FLAG_TEXT = {
    "provisional": ("*待上级核定", "* set by higher level"),
    "cumulative": ("[五年累计]", "[cumulative]"),
    "realigned": ("单元格已重排", "cells realigned"),
}


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ParameterError(f"lang {lang!r} is not valid; valid values: {', '.join(LANGS)}")
    return lang


def label(lang: str, zh: str, en: str) -> str:
    """The Chinese or the English text.

    >>> label("en", "森林覆盖率", "Forest cover")
    'Forest cover'
    """
    return zh if check_lang(lang) == "zh" else en


def _pick(pair: tuple[str, str], lang: str) -> str:
    return label(lang, pair[0], pair[1])


def header(key: str, lang: str) -> str:
    """A table header in ``lang`` (the key itself if it has no translation)."""
    return _pick(HEADERS[key], lang) if key in HEADERS else key


def _relabel(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    return df.rename(columns={c: header(c, lang) for c in df.columns})


@lru_cache(maxsize=4)
def _manifest(path: str) -> tuple[tuple[str, str, str, str], ...]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return tuple((r["region"], r["name_zh"], r["name_en"], r["level"]) for r in csv.DictReader(fh))


def region_names(lang: str = "zh", manifest: str | Path = paths.MANIFEST) -> dict[str, str]:
    """Region key -> display name from the manifest, districts first, the municipality last.

    >>> region_names("en")["kaizhou"]
    'Kaizhou District'
    """
    rows = _manifest(str(manifest))
    ordered = [r for r in rows if r[3] != "municipal"] + [r for r in rows if r[3] == "municipal"]
    return {r[0]: label(lang, r[1], r[2]) for r in ordered}


def region_name(region: str, lang: str = "zh") -> str:
    return region_names(lang).get(region, region)


def districts() -> list[str]:
    """Region keys of the district plans, in manifest order."""
    return [r[0] for r in _manifest(str(paths.MANIFEST)) if r[3] == "district"]


def municipal_regions() -> list[str]:
    return [r[0] for r in _manifest(str(paths.MANIFEST)) if r[3] == "municipal"]


def _meta(codebook: Any) -> dict[str, dict[str, str]]:
    """Indicator metadata by id from a Codebook, a codebook DataFrame, or None (the file)."""
    if codebook is None:
        from ..ingest.codebook import load_codebook

        codebook = load_codebook()
    if isinstance(codebook, pd.DataFrame):
        cb = codebook.fillna("").astype(str)
        return {r["indicator_id"]: dict(r) for r in cb.to_dict("records")}
    return {
        i: {
            "indicator_id": i,
            "domain": e.domain,
            "name_zh": e.name_zh,
            "name_en": e.name_en,
            "unit": e.unit,
            "direction": e.direction,
            "sdg": e.sdg,
            "limit": e.limit,
        }
        for i, e in codebook.entries.items()
    }


def indicator_name(codebook: Any, indicator_id: str, lang: str = "zh") -> str:
    """The codebook's name of an indicator in ``lang`` (the id if the codebook lacks it)."""
    entry = _meta(codebook).get(indicator_id)
    if not entry:
        return indicator_id
    return label(lang, entry.get("name_zh") or indicator_id, entry.get("name_en") or indicator_id)


def domain_name(domain: str, lang: str = "zh") -> str:
    return _pick(DOMAINS[domain], lang) if domain in DOMAINS else domain


def _domain_rank(domain: str) -> int:
    order = list(DOMAINS)
    return order.index(domain) if domain in order else len(order)


def codebook_frame(codebook: Any = None) -> pd.DataFrame:
    """The codebook as a DataFrame (the form ``maps`` takes), from a Codebook or the file."""
    if isinstance(codebook, pd.DataFrame):
        return codebook
    if codebook is None:
        from ..ingest.codebook import load_codebook

        codebook = load_codebook()
    return codebook.frame()


def _names_from_table(table: pd.DataFrame, lang: str) -> dict[str, str]:
    """Indicator names when no codebook is given: the English name column, or the id."""
    col = "indicator_name_en" if lang == "en" else None
    out: dict[str, str] = {}
    for ident, group in table.groupby("indicator_id", sort=False):
        if col and group[col].astype(str).str.len().gt(0).any():
            out[ident] = group[col].astype(str).iloc[0]
    return out


def _indicator_names(table: pd.DataFrame, codebook: Any, lang: str) -> dict[str, str]:
    try:
        meta = _meta(codebook)
    except Exception:  # no codebook file: fall back on the table's own columns
        meta = {}
    names = {i: label(lang, m.get("name_zh") or i, m.get("name_en") or i) for i, m in meta.items()}
    for ident, name in _names_from_table(table, lang).items():
        names.setdefault(ident, name)
    if lang == "zh":
        for ident, group in table.groupby("indicator_id", sort=False):
            names.setdefault(ident, str(group["indicator_name_zh"].iloc[0]))
    return names


_UNITS_EN = {
    "天": "days",
    "万亩": "10,000 mu",
    "平方公里": "km²",
    "公里": "km",
    "吨": "t",
    "万吨": "10,000 t",
    "个": "count",
    "件": "cases",
    "类别": "class",
    "公顷": "ha",
    "平方米": "m²",
    "吨标煤/万元": "tce / 10,000 yuan",
    "无量纲": "index",
    "起/万枚": "accidents / 10,000 sources",
    "立方米/万元": "m³ / 10,000 yuan",
    "分贝": "dB(A)",
    "万立方米": "10,000 m³",
}


def _unit_label(unit: str, lang: str) -> str:
    unit = {"μg/m3": "μg/m³"}.get(unit, unit)
    return unit if lang == "zh" else _UNITS_EN.get(unit, unit)
