"""Values and rows as the plans print them (``≥310``, ``35*``, ``[16.5]``), and the small
row helpers the display tables share.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..errors import ParameterError
from ..words import wide, word

if TYPE_CHECKING:  # pragma: no cover
    pass
from .labels import _FLAG_TEXT, KINDS, OPERATORS, PERIODS, _pick, class_label, districts, region_names


def fmt(value: float | None) -> str:
    """A number without float noise: 48 not 48.0, 13.92 not 13.920000000000002.

    >>> fmt(48.0), fmt(13.92), fmt(None)
    ('48', '13.92', '')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    text = f"{float(value):.6g}"
    return text


def value_label(
    operator: str, value: float | None, provisional: bool = False, cumulative: bool = False
) -> str:
    """``≥310``, ``35*``, ``[16.5]``: a value with its operator and flags, as the plans print it.

    >>> value_label(">=", 350.0, provisional=True)
    '≥350*'
    >>> value_label("=", 16.5, cumulative=True)
    '[16.5]'
    """
    text = fmt(value)
    if not text:
        return ""
    text = OPERATORS.get(operator or "=", operator or "") + text
    if cumulative:
        text = f"[{text}]"
    return text + ("*" if provisional else "")


def printed_in(raw: str, value: float | None, operator: str, lang: str) -> str:
    """A value as printed, in ``lang``: a zh report keeps the plan's text; an en report
    writes ``93左右`` as ``≈93`` (its number and operator) and full-width ``＞95`` as ``>95``.
    A text with no number stays as printed (the caller marks it as a quote).

    >>> printed_in("93左右", 93.0, "~", "en"), printed_in("＞95", 95.0, ">", "en")
    ('≈93', '>95')
    """
    import re
    import unicodedata

    raw = str(raw or "")
    if wide(lang):
        return raw
    if not re.search(r"[\u3400-\u9fff]", raw):
        return unicodedata.normalize("NFKC", raw)
    if value is None or _isnan(value):
        return raw
    marks = "".join(m for m in ("†", "*") if m in raw)
    return value_label(operator, value) + marks


def _is_true(v: Any) -> bool:
    if isinstance(v, str):
        return v.strip().lower() in {"true", "1", "yes"}
    return bool(v) and not (isinstance(v, float) and math.isnan(v))


def _cells(row: pd.Series, which: str) -> set[str]:
    """Which value cells of a row are five-year cumulative ('baseline', 'target', 'achieved')."""
    cells = str(row.get("cumulative_cells", "") or "")
    if cells:
        return set(cells.split(","))
    return {which} if _is_true(row.get("cumulative", False)) else set()


def _num(v: Any) -> float:
    try:
        out = float(v)
    except (TypeError, ValueError):
        return math.nan
    return out


def _flags(row: pd.Series, lang: str) -> str:
    out = [
        _pick(_FLAG_TEXT[f], lang)
        for f in ("provisional", "cumulative", "realigned")
        if f in row and _is_true(row[f])
    ]
    return "; ".join(out)


def _check_period(period: str) -> str:
    if period not in PERIODS:
        raise ParameterError(f"period {period!r} is not valid; valid values: {', '.join(PERIODS)}")
    return period


def _check_indicator(table: pd.DataFrame, indicator_id: str) -> None:
    valid = sorted(set(table["indicator_id"]))
    if indicator_id not in valid:
        raise ParameterError(
            f"indicator_id {indicator_id!r} is not in the table; valid values: {', '.join(valid)}"
        )


def _check_region(table: pd.DataFrame, region: str) -> None:
    valid = sorted(set(table["region"]))
    if region not in valid:
        raise ParameterError(f"region {region!r} is not in the table; valid values: {', '.join(valid)}")


def _region_order(table: pd.DataFrame) -> list[str]:
    known = list(region_names())
    present = set(table["region"])
    return [r for r in known if r in present] + sorted(present - set(known))


def _has_children(table: pd.DataFrame) -> pd.Series:
    """True for rows that other rows name as their parent (group headers like 地表水水质)."""
    key = table["region"] + "|" + table["period"] + "|" + table["table"] + "|" + table["seq"].astype(str)
    parents = set(
        table.loc[table["parent_seq"].astype(str) != "", "region"]
        + "|"
        + table.loc[table["parent_seq"].astype(str) != "", "period"]
        + "|"
        + table.loc[table["parent_seq"].astype(str) != "", "table"]
        + "|"
        + table.loc[table["parent_seq"].astype(str) != "", "parent_seq"].astype(str)
    )
    return key.isin(parents) & (table["seq"].astype(str) != "")


def _sub_name(row: pd.Series) -> str:
    """Short label of a sub-row (``璧南河``), empty for a top-level row."""
    if str(row.get("parent_seq", "")) == "" and not str(row.get("parent_name_zh", "")):
        return ""
    from ..ingest.codebook import name_key

    return name_key(str(row["indicator_name_zh"]))


_USUAL_YEARS = {
    ("14th", "baseline"): 2020,
    ("14th", "target"): 2025,
    ("13th", "baseline"): 2015,
    ("13th", "target"): 2020,
}


def _baseline_text(r: pd.Series, lang: str) -> str:
    """The baseline for display: number with operator and brackets (class as Ⅲ类), else raw."""
    value = _num(r.get("baseline_value"))
    if math.isnan(value):
        return str(r.get("baseline_raw", "") or "")
    if r.get("baseline_kind", "") == "class" or r.get("target_kind", "") == "class":
        return _class_label(value, lang)
    return value_label(
        r.get("baseline_operator", "=") or "=", value, False, "baseline" in _cells(r, "baseline")
    )


def _row_name(names: dict[str, str], zh_names: dict[str, str], ident: str, printed: str, lang: str) -> str:
    """The codebook name, with the printed name added where it names a part or variant
    (``地表水（河流）水质类别（璧南河）``), so rows of one indicator stay distinguishable."""
    from ..ingest.codebook import name_key

    name = names.get(ident, ident)
    key, zh = name_key(printed), zh_names.get(ident, "")
    if not key or key in zh or zh in key:
        return name
    return name + word("punct.paren", lang, text=key)


def _year_raw(r: pd.Series, which: str) -> str:
    raw = str(r.get(f"{which}_raw", "") or "")
    year = r.get(f"{which}_year")
    if not raw or _isnan(year) or int(year) == _USUAL_YEARS.get((r.get("period"), which)):
        return raw
    return f"{raw} ({int(year)})"


def _target_text(r: pd.Series, lang: str, short: bool = False) -> str:
    """The target for display: number with operator and flags, else the printed text; a
    secondary value (from a facts source) is marked † (verdicts: every report marks it)."""
    text = _target_text_plain(r, lang, short)
    return text + "†" if text and _is_true(r.get("secondary", False)) else text


def printed_stars(raw: Any) -> str:
    """The star marks a plan printed after a value (``*``, ``**``), '' for none: a cell shows
    only the marks the plan printed, never one the suite infers from a note.

    >>> printed_stars("35*"), printed_stars("10441.8**"), printed_stars("95")
    ('*', '**', '')
    """
    import re

    m = re.search(r"(\*+)\s*$", str(raw or "").strip())
    return m.group(1) if m else ""


def _target_text_plain(r: pd.Series, lang: str, short: bool = False) -> str:
    value = _num(r.get("target_value"))
    if not math.isnan(value) and r.get("target_kind") == "class":
        return OPERATORS.get(r.get("target_operator") or "=", "") + _class_label(value, lang)
    if not math.isnan(value):
        return value_label(
            r.get("target_operator", "="), value, False, "target" in _cells(r, "target")
        ) + printed_stars(r.get("target_raw"))
    raw = str(r.get("target_raw", "") or "").strip()
    if raw in {"", "-", "—", "/"}:
        return ""
    if short and (len(raw) > 6 or not wide(lang)):  # the kind of target; the text is in the tables
        return _pick(KINDS.get(r.get("target_kind", ""), (raw[:6] + "…", raw[:6] + "…")), lang)
    return raw


def _years(t: pd.DataFrame) -> tuple[int, int]:
    def mode(col: str, default: int) -> int:
        v = pd.to_numeric(t[col], errors="coerce").dropna() if col in t else pd.Series(dtype=float)
        return int(v.mode().iloc[0]) if len(v) else default

    return mode("baseline_year", 2020), mode("target_year", 2025)


def _regions_param(table: pd.DataFrame, regions: str | Iterable[str] | None) -> list[str]:
    if regions is None or (isinstance(regions, str) and not regions.strip()):
        return [r for r in districts() if r in set(table["region"])] or districts()
    items = [s.strip() for s in regions.split(",")] if isinstance(regions, str) else list(regions)
    for r in items:
        _check_region(table, r)
    return [r for r in items if r]


def _isnan(v: Any) -> bool:
    try:
        return v is None or v is pd.NA or math.isnan(float(v))
    except (TypeError, ValueError):
        return False


def _plain(v: Any, digits: int = 3) -> str:
    return "" if _isnan(v) else f"{float(v):.{digits}g}"


def _signed(v: Any) -> str:
    return "" if _isnan(v) else f"{float(v):+.4g}"


def _with_unit(v: Any, unit: str) -> str:
    return "" if _isnan(v) else f"{float(v):+.3g} {unit}"


def _class_label(value: float, lang: str) -> str:
    """A water-quality class as printed in the plans: 3 -> Ⅲ类 / Class Ⅲ."""
    return class_label(value, lang)


def target_text(r: pd.Series, lang: str, short: bool = False) -> str:
    """A row's target for display (number with operator and flags, else the printed text)."""
    return _target_text(r, lang, short)


def baseline_text(r: pd.Series, lang: str) -> str:
    """A row's baseline for display (number with operator and brackets, else the printed text)."""
    return _baseline_text(r, lang)
