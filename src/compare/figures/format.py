"""Values and rows as the plans print them (``≥310``, ``35*``, ``[16.5]``), and the small
row helpers the display tables share.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..analysis.common import as_float_or_nan
from ..errors import ParameterError
from ..words import wide, word, word_group

if TYPE_CHECKING:  # pragma: no cover
    pass
from .labels import KINDS, OPERATORS, PERIODS, class_label, districts, pick, region_names

_FLAG_TEXT = word_group("flag_text")


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
    if value is None or is_missing(value):
        return raw
    marks = "".join(m for m in ("†", "*") if m in raw)
    return value_label(operator, value) + marks


def is_true(v: Any) -> bool:
    """Whether a flag cell is set (``True``, ``"true"``, ``"1"``, ``"yes"``).

    Parameters
    ----------
    v : Any
        A flag as the table or a CSV holds it.

    Returns
    -------
    bool
        True for a set flag; False for empty, false and NaN.
    """
    if isinstance(v, str):
        return v.strip().lower() in {"true", "1", "yes"}
    return bool(v) and not (isinstance(v, float) and math.isnan(v))


def _cells(row: pd.Series, which: str) -> set[str]:
    """Which value cells of a row are five-year cumulative ('baseline', 'target', 'achieved')."""
    cells = str(row.get("cumulative_cells", "") or "")
    if cells:
        return set(cells.split(","))
    return {which} if is_true(row.get("cumulative", False)) else set()


def row_source(row: pd.Series) -> str:
    """Where a row was printed, as ``file:line``.

    Parameters
    ----------
    row : pandas.Series
        A row of the table with ``source_file`` and ``source_line``.

    Returns
    -------
    str
        ``source_file:source_line`` (the line left empty when it is missing).
    """
    line = row.get("source_line", "")
    line = "" if line is None or (isinstance(line, float) and math.isnan(line)) else int(line)
    return f"{row.get('source_file', '')}:{line}"


def flag_text(row: pd.Series, lang: str) -> str:
    """The row's flags in words: provisional, cumulative, realigned.

    Parameters
    ----------
    row : pandas.Series
        A row of the table.
    lang : str
        ``zh`` or ``en``.

    Returns
    -------
    str
        The words of the set flags joined by ``"; "``, '' when none is set.
    """
    out = [
        pick(_FLAG_TEXT[f], lang)
        for f in ("provisional", "cumulative", "realigned")
        if f in row and is_true(row[f])
    ]
    return "; ".join(out)


def check_period(period: str) -> str:
    """Return ``period`` if the table has such a plan period.

    Parameters
    ----------
    period : str
        A notebook parameter: ``14th`` or ``13th``.

    Returns
    -------
    str
        ``period`` unchanged.

    Raises
    ------
    compare.errors.ParameterError
        If ``period`` is not a plan period; the message lists the valid values.
    """
    if period not in PERIODS:
        raise ParameterError(f"period {period!r} is not valid; valid values: {', '.join(PERIODS)}")
    return period


def check_indicator(table: pd.DataFrame, indicator_id: str) -> None:
    """Check that the table holds ``indicator_id``.

    Parameters
    ----------
    table : pandas.DataFrame
        The normalised table.
    indicator_id : str
        A notebook parameter.

    Raises
    ------
    compare.errors.ParameterError
        If no row has this id; the message lists the valid values.
    """
    valid = sorted(set(table["indicator_id"]))
    if indicator_id not in valid:
        raise ParameterError(
            f"indicator_id {indicator_id!r} is not in the table; valid values: {', '.join(valid)}"
        )


def check_region(table: pd.DataFrame, region: str) -> None:
    """Check that the table holds ``region``.

    Parameters
    ----------
    table : pandas.DataFrame
        The normalised table.
    region : str
        A notebook parameter (a region key such as ``kaizhou``).

    Raises
    ------
    compare.errors.ParameterError
        If no row has this region; the message lists the valid values.
    """
    valid = sorted(set(table["region"]))
    if region not in valid:
        raise ParameterError(f"region {region!r} is not in the table; valid values: {', '.join(valid)}")


def region_order(table: pd.DataFrame) -> list[str]:
    """The regions of the table in display order.

    Parameters
    ----------
    table : pandas.DataFrame
        The normalised table.

    Returns
    -------
    list of str
        Region keys in the manifest's order, then any others alphabetically.
    """
    known = list(region_names())
    present = set(table["region"])
    return [r for r in known if r in present] + sorted(present - set(known))


def has_children(table: pd.DataFrame) -> pd.Series:
    """Which rows other rows name as their parent (group headers like 地表水水质).

    Parameters
    ----------
    table : pandas.DataFrame
        The normalised table.

    Returns
    -------
    pandas.Series of bool
        True for a row that is some row's ``parent_seq`` in the same region, period and table.
    """
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


def sub_name(row: pd.Series) -> str:
    """The short label of a sub-row (``璧南河``), '' for a top-level row.

    Parameters
    ----------
    row : pandas.Series
        A row of the table.

    Returns
    -------
    str
        The printed name's key for a row with a parent, else ''.
    """
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


def baseline_text(r: pd.Series, lang: str) -> str:
    """A row's baseline for display.

    Parameters
    ----------
    r : pandas.Series
        A row of the table.
    lang : str
        ``zh`` or ``en``.

    Returns
    -------
    str
        The number with its operator and brackets (a water class as Ⅲ类 / Class Ⅲ), else
        the printed text.
    """
    value = as_float_or_nan(r.get("baseline_value"))
    if math.isnan(value):
        return str(r.get("baseline_raw", "") or "")
    if r.get("baseline_kind", "") == "class" or r.get("target_kind", "") == "class":
        return class_label(value, lang)
    return value_label(
        r.get("baseline_operator", "=") or "=", value, False, "baseline" in _cells(r, "baseline")
    )


def row_name(names: dict[str, str], zh_names: dict[str, str], ident: str, printed: str, lang: str) -> str:
    """The codebook name of a row, with the printed name added where it names a part.

    A variant such as ``地表水（河流）水质类别（璧南河）`` keeps its printed part, so rows of
    one indicator stay distinguishable.

    Parameters
    ----------
    names : dict of str to str
        Indicator id -> name in ``lang``.
    zh_names : dict of str to str
        Indicator id -> Chinese name.
    ident : str
        The row's indicator id.
    printed : str
        The name as the plan prints it.
    lang : str
        ``zh`` or ``en``.

    Returns
    -------
    str
        The name to show.
    """
    from ..ingest.codebook import name_key

    name = names.get(ident, ident)
    key, zh = name_key(printed), zh_names.get(ident, "")
    if not key or key in zh or zh in key:
        return name
    return name + word("punct.paren", lang, text=key)


def year_raw(r: pd.Series, which: str) -> str:
    """A printed cell with its year added when the year is not the period's usual one.

    Parameters
    ----------
    r : pandas.Series
        A row of the table.
    which : str
        ``baseline`` or ``target``.

    Returns
    -------
    str
        The cell as printed, as ``36 (2019)`` when its year differs from the usual
        2020/2025 (14th plan) or 2015/2020 (13th plan).
    """
    raw = str(r.get(f"{which}_raw", "") or "")
    year = r.get(f"{which}_year")
    if not raw or is_missing(year) or int(year) == _USUAL_YEARS.get((r.get("period"), which)):
        return raw
    return f"{raw} ({int(year)})"


def target_text(r: pd.Series, lang: str, short: bool = False) -> str:
    """A row's target for display.

    Parameters
    ----------
    r : pandas.Series
        A row of the table.
    lang : str
        ``zh`` or ``en``.
    short : bool, default False
        Give the kind of a target that is not a number (``assigned``) instead of long
        printed text.

    Returns
    -------
    str
        The number with its operator and the plan's star marks, else the printed text; a
        secondary value (from a facts source) is marked † (every report marks it).
    """
    text = _target_text_plain(r, lang, short)
    return text + "†" if text and is_true(r.get("secondary", False)) else text


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
    value = as_float_or_nan(r.get("target_value"))
    if not math.isnan(value) and r.get("target_kind") == "class":
        return OPERATORS.get(r.get("target_operator") or "=", "") + class_label(value, lang)
    if not math.isnan(value):
        return value_label(
            r.get("target_operator", "="), value, False, "target" in _cells(r, "target")
        ) + printed_stars(r.get("target_raw"))
    raw = str(r.get("target_raw", "") or "").strip()
    if raw in {"", "-", "—", "/"}:
        return ""
    if short and (len(raw) > 6 or not wide(lang)):  # the kind of target; the text is in the tables
        return pick(KINDS.get(r.get("target_kind", ""), (raw[:6] + "…", raw[:6] + "…")), lang)
    return raw


def plan_years(t: pd.DataFrame) -> tuple[int, int]:
    """The usual baseline and target years of a set of rows.

    Parameters
    ----------
    t : pandas.DataFrame
        Rows of the table.

    Returns
    -------
    tuple of int
        The most frequent ``baseline_year`` and ``target_year`` (2020 and 2025 when none
        is given).
    """

    def mode(col: str, default: int) -> int:
        v = pd.to_numeric(t[col], errors="coerce").dropna() if col in t else pd.Series(dtype=float)
        return int(v.mode().iloc[0]) if len(v) else default

    return mode("baseline_year", 2020), mode("target_year", 2025)


def regions_param(table: pd.DataFrame, regions: str | Iterable[str] | None) -> list[str]:
    """The regions a ``regions`` notebook parameter names, checked against the table.

    Parameters
    ----------
    table : pandas.DataFrame
        The normalised table.
    regions : str, iterable of str or None
        Comma-separated keys, a list of keys, or None/blank for every district.

    Returns
    -------
    list of str
        The region keys, in the given order.

    Raises
    ------
    compare.errors.ParameterError
        If a named region is not in the table.
    """
    if regions is None or (isinstance(regions, str) and not regions.strip()):
        return [r for r in districts() if r in set(table["region"])] or districts()
    items = [s.strip() for s in regions.split(",")] if isinstance(regions, str) else list(regions)
    for r in items:
        check_region(table, r)
    return [r for r in items if r]


def is_missing(v: Any) -> bool:
    """Whether a value is missing: None, ``pd.NA`` or NaN.

    Parameters
    ----------
    v : Any
        A value.

    Returns
    -------
    bool
        True for a missing number; False for anything else, text included.
    """
    try:
        return v is None or v is pd.NA or math.isnan(float(v))
    except (TypeError, ValueError):
        return False


def _plain(v: Any, digits: int = 3) -> str:
    return "" if is_missing(v) else f"{float(v):.{digits}g}"


def _with_unit(v: Any, unit: str) -> str:
    return "" if is_missing(v) else f"{float(v):+.3g} {unit}"
