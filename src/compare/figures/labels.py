"""The words a figure or table shows, by the names the figure modules and notebooks use:
headers, domains, attributes, target kinds, statuses, units, region and indicator names.

The words themselves live in the gettext catalogs of `compare.words`
(``src/compare/words/locale/{zh,en}/LC_MESSAGES/compare.po``); this module only reads them
(``DOMAINS = word_group("domains")``) and keeps the look-up functions the figures call. No
word is written here: add one to the catalogs (see the README, "Words for readers").
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .. import paths
from ..words import LANGS, check_lang, choose, wide, word, word_group, word_groups, word_pair

if TYPE_CHECKING:  # pragma: no cover
    pass


PERIODS = ("14th", "13th")

#: What a map or figure can show of a target row: code -> (zh, en). ``achieved`` exists
#: only for the 13th period (its review tables); see `measures`.
MEASURES: dict[str, tuple[str, str]] = word_group("measures")


#: Plan periods and tables as a reader names them.
PERIOD_NAMES: dict[str, tuple[str, str]] = word_group("period_names")
TABLE_NAMES: dict[str, tuple[str, str]] = word_group("table_names")


def period_name(period: str, lang: str) -> str:
    """``14th`` -> ``“十四五”`` / ``14th FYP``."""
    return pick(PERIOD_NAMES[period], lang) if period in PERIOD_NAMES else period


def table_name(table: str, lang: str) -> str:
    """A table as printed (``专栏2``), or ``正文``/``prose`` for targets mined from the text."""
    return pick(TABLE_NAMES[table], lang) if table in TABLE_NAMES else table


#: Reasons `analysis.continuity` gives, in words.
CONTINUITY_REASONS: dict[str, tuple[str, str]] = word_group("continuity_reasons")


def reason_label(reason: str, lang: str, words: dict[str, tuple[str, str]] = CONTINUITY_REASONS) -> str:
    """A reason code of an analysis in words (the code itself if it has none yet)."""
    return pick(words[reason], lang) if reason in words else reason


def measures(period: str = "14th") -> tuple[str, ...]:
    """The measures that exist for a plan period (the 14th has no achieved values yet)."""
    return tuple(m for m in MEASURES if period == "13th" or m != "achieved")


#: Display order and names of the codebook's domains (unknown domains follow, by id).
DOMAINS: dict[str, tuple[str, str]] = word_group("domains")


ATTRIBUTES: dict[str, tuple[str, str]] = word_group("attributes")


KINDS: dict[str, tuple[str, str]] = word_group("kinds")


STATUSES: dict[str, tuple[str, str]] = word_group("statuses")


OPERATORS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "~": "≈", "=": ""}


# Column headers of the tables below: key -> (zh, en).
HEADERS: dict[str, tuple[str, str]] = word_group("headers")


#: Columns that quote the documents (names, cells and notes as printed): in an English
#: report they are the one place Chinese text appears.
QUOTED_COLUMNS = (
    "printed_name",
    "source",
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
QUOTED_VERDICT_COLUMNS = (
    "statement",
    "target_achieved",
    "district",
    "municipal",
    "plan_value",
    "secondary_value",
    "municipal_source",
    "address",
)
#: Further headers of quoting columns that tables name themselves.
QUOTED_HEADERS: tuple[tuple[str, str], ...] = tuple(word_group("quoted_headers").values())


def quoted_headers() -> frozenset[str]:
    """Headers (both languages) of the columns that quote the documents."""
    out = {h for key in QUOTED_COLUMNS if key in HEADERS for h in HEADERS[key]}
    out |= {h for pair in QUOTED_HEADERS for h in pair}
    out |= {h for key in QUOTED_VERDICT_COLUMNS for h in VERDICT_HEADERS[key]}
    return frozenset(out)


def label(lang: str, zh: str, en: str) -> str:
    """The one of two data strings that arrive in both languages (`compare.words.choose`).

    >>> label("en", "开州区", "Kaizhou District")
    'Kaizhou District'
    """
    return choose(lang, zh, en)


def pick(pair: tuple[str, str], lang: str) -> str:
    """The word for ``lang`` from a ``(zh, en)`` pair of the word catalogs.

    Parameters
    ----------
    pair : tuple of str
        ``(zh, en)``, as `compare.words.word_group` gives them.
    lang : str
        ``zh`` or ``en``.

    Returns
    -------
    str
        The element of ``pair`` in ``lang``.
    """
    return choose(lang, *pair)


def header(key: str, lang: str) -> str:
    """A table header in ``lang`` (the key itself if it has no translation)."""
    return pick(HEADERS[key], lang) if key in HEADERS else key


def relabel(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A frame with its column keys replaced by their headers in ``lang``.

    Parameters
    ----------
    df : pandas.DataFrame
        A display table whose columns are header keys.
    lang : str
        ``zh`` or ``en``.

    Returns
    -------
    pandas.DataFrame
        A copy with renamed columns (a key without a header is kept).
    """
    return df.rename(columns={c: header(c, lang) for c in df.columns})


@lru_cache(maxsize=4)
def _manifest(path: str) -> tuple[tuple[str, str, str, str], ...]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if (r.get("kind") or "") != "facts"]  # facts add no region
        return tuple((r["region"], r["name_zh"], r["name_en"], r["level"]) for r in rows)


def region_names(lang: str = "zh", manifest: str | Path | None = None) -> dict[str, str]:
    """Region key -> display name from the manifest, districts first, the municipality last.

    >>> region_names("en")["kaizhou"]
    'Kaizhou District'
    """
    rows = _manifest(str(manifest or paths.MANIFEST))
    ordered = [r for r in rows if r[3] != "municipal"] + [r for r in rows if r[3] == "municipal"]
    return {r[0]: label(lang, r[1], r[2]) for r in ordered}


def region_name(region: str, lang: str = "zh") -> str:
    return region_names(lang).get(region, region)


def districts() -> list[str]:
    """Region keys of the district plans, in manifest order."""
    return [r[0] for r in _manifest(str(paths.MANIFEST)) if r[3] == "district"]


def municipal_regions() -> list[str]:
    return [r[0] for r in _manifest(str(paths.MANIFEST)) if r[3] == "municipal"]


def codebook_meta(codebook: Any) -> dict[str, dict[str, str]]:
    """Indicator metadata by id.

    Parameters
    ----------
    codebook : Codebook, pandas.DataFrame or None
        A codebook, a codebook frame, or None to read the project's codebook.

    Returns
    -------
    dict of str to dict
        Indicator id -> its codebook fields (``domain``, ``name_zh``, ``name_en``,
        ``unit``, ``direction``, ``sdg``, ``limit``, ...).
    """
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
    entry = codebook_meta(codebook).get(indicator_id)
    if not entry:
        return indicator_id
    return label(lang, entry.get("name_zh") or indicator_id, entry.get("name_en") or indicator_id)


def domain_name(domain: str, lang: str = "zh") -> str:
    return pick(DOMAINS[domain], lang) if domain in DOMAINS else domain


def domain_rank(domain: str) -> int:
    """The position of a domain in the catalog's order of domains.

    Parameters
    ----------
    domain : str
        A domain key such as ``water``.

    Returns
    -------
    int
        Its index; unknown domains sort last.
    """
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
    """Indicator names when no codebook is given: the table's name column in ``lang``."""
    col = f"indicator_name_{check_lang(lang)}"
    out: dict[str, str] = {}
    for ident, group in table.groupby("indicator_id", sort=False):
        if col in group and group[col].astype(str).str.len().gt(0).any():
            out[ident] = group[col].astype(str).iloc[0]
    return out


def indicator_names(table: pd.DataFrame, codebook: Any, lang: str) -> dict[str, str]:
    """Indicator names in ``lang``: the codebook's, else the table's own.

    Parameters
    ----------
    table : pandas.DataFrame
        The normalised table (its names are used for ids the codebook lacks).
    codebook : Codebook, pandas.DataFrame or None
        A codebook, a codebook frame, or None to read the project's codebook (the table
        alone when there is none).
    lang : str
        ``zh`` or ``en``.

    Returns
    -------
    dict of str to str
        Indicator id -> name.
    """
    try:
        meta = codebook_meta(codebook)
    except Exception:  # no codebook file: fall back on the table's own columns
        meta = {}
    names = {i: label(lang, m.get("name_zh") or i, m.get("name_en") or i) for i, m in meta.items()}
    for ident, name in _names_from_table(table, lang).items():
        names.setdefault(ident, name)
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
    return word("text.labels.class_roman", lang, roman=roman)


# ------------------------------------------------------------------------------- units
#: Units as the plans print them, in English (catalog group ``units``). The one dictionary for
#: charts, maps and tables.
UNITS_EN: dict[str, str] = {unit: en for unit, (_, en) in word_group("units").items()}
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
    return unit if wide(lang) else UNITS_EN.get(unit, unit)


def same_unit(a: str, b: str) -> bool:
    """Whether two printed units are the same unit (spelling variants count as one)."""
    norm = lambda u: UNIT_DISPLAY.get(str(u).strip(), str(u).strip())  # noqa: E731
    return norm(a) == norm(b)


# ------------------------------------------------------------------ statuses of analyses
#: zh/en words for the status and class codes `compare.analysis` returns (alignment,
#: ambition, attainment). Analysis returns codes only; these are the words for readers.
VERDICTS: dict[str, tuple[str, str]] = word_group("verdicts")


def status_label(code: str, lang: str = "zh") -> str:
    """The word for an analysis status code (``weaker`` -> ``弱于市级``); unknown codes as given.

    A code with a parenthesised reason (``not assessable (no value)``) is named by its base.

    >>> status_label("weaker", "zh"), status_label("not assessable (no value)", "en")
    ('弱于市级', 'not assessable')
    """
    base = str(code).split(" (")[0]
    pair = VERDICTS.get(str(code)) or VERDICTS.get(base)
    return pick(pair, lang) if pair else str(code)


# ---------------------------------------------------------------------------------- maps
#: Words on the maps (figures/maps.py).
def _map_texts(lang: str) -> dict[str, Any]:
    """The words of the maps in ``lang``: groups ``map_texts``, ``map_texts.municipal`` (by
    measure) and ``map_texts.locator_keys`` (a tuple)."""
    out: dict[str, Any] = {k: choose(lang, *p) for k, p in word_group("map_texts").items()}
    out["municipal"] = {k: choose(lang, *p) for k, p in word_group("map_texts.municipal").items()}
    out["locator_keys"] = tuple(choose(lang, *p) for p in word_group("map_texts.locator_keys").values())
    return out


MAP_TEXTS: dict[str, dict[str, Any]] = {lang: _map_texts(lang) for lang in LANGS}

#: Map legend entries for cells without a number: code -> (zh, en).
MAP_KINDS: dict[str, tuple[str, str]] = word_group("map_kinds")
#: The 34 units whose plan is not part of this comparison: they have plans, just not here.
OUTSIDE_SUITE: tuple[str, str] = word_pair("labels.outside_suite")


def map_text(key: str, lang: str) -> Any:
    """A word of the maps in ``lang`` (see `MAP_TEXTS`)."""
    return MAP_TEXTS[check_lang(lang)][key]


# ------------------------------------------------------------------ figure words (shared)
#: Source lines and axis words the charts share.
FIGURE_TEXTS: dict[str, tuple[str, str]] = word_group("figure_texts")


def figure_text(key: str, lang: str, **values: Any) -> str:
    """A shared figure word in ``lang``, with ``{placeholders}`` filled from ``values``."""
    return pick(FIGURE_TEXTS[key], lang).format(**values)


# ---------------------------------------------------------------------------- report texts
#: Headings and paragraphs of the reports, by ``notebook.part``. Notebooks show them with
#: `charts.heading` / `charts.paragraph` so a report speaks one language throughout.
REPORT_TEXTS: dict[str, tuple[str, str]] = word_group("report_texts")


#: What the plans' printed phrases without a number mean, for English reports: the zh word
#: is the phrase as printed, the English its meaning (the original stays beside it in
#: quotation marks: the wording is the evidence).
PRINTED_MEANINGS: dict[str, tuple[str, str]] = word_group("printed_meanings")
#: What the municipal plan's clauses as printed mean (the text-as-printed columns of the
#: municipal profile), glossed the same way.
PRINTED_CLAUSES: dict[str, tuple[str, str]] = word_group("printed_clauses")


#: Words of the one-page brief (15-brief, issue 22).


def text(key: str, lang: str, **values: Any) -> str:
    """A report heading or paragraph in ``lang`` (see `REPORT_TEXTS`)."""
    return pick(REPORT_TEXTS[key], lang).format(**values)


# ------------------------------------------------------------------ front matter and index
#: Words of the page frame: the front matter every report opens with and the index page.
PAGE_TEXTS: dict[str, tuple[str, str]] = word_group("page_texts")


#: Words of the hand-over parts (issue 22): the Word copy, the cover, the navigation
#: between a report's versions, the landing page's card lines.


def page_text(key: str, lang: str) -> str:
    """A word of the page frame (front matter, index) in ``lang``."""
    return pick(PAGE_TEXTS[key], lang)


# =============================================================================================
# Verdicts (#11): final verdicts, caveats, alignment, ambition, the distance-to-target scale,
# coverage, SDG match and the executive-summary findings. Codes come from compare.analysis;
# every word shown for them is here, in zh and en. `words(group, code, lang)` looks one up.
# =============================================================================================

VERDICT_WORDS: dict[str, dict[str, tuple[str, str]]] = word_groups("verdict_words")

VERDICT_HEADERS: dict[str, tuple[str, str]] = word_group("verdict_headers")

#: How a note reaches a row (ingest.notes.BY).
NOTE_BY: dict[str, tuple[str, str]] = word_group("note_by")


def words(group: str, code: str, lang: str = "zh") -> str:
    """The word for an analysis code in ``lang`` (`VERDICT_WORDS`); the code itself if unknown.

    >>> words("final", "met_per_plan", "en")
    'met per the plan'
    """
    check_lang(lang)
    table = VERDICT_WORDS.get(group, {})
    if code in table:
        return pick(table[code], lang)
    if group == "final_reason" and code.startswith("not_assessable:"):
        return words(group, code.split(":", 1)[1], lang)
    return code


def verdict_header(key: str, lang: str) -> str:
    """A column header of the verdicts tables (`VERDICT_HEADERS`, else `header`)."""
    return pick(VERDICT_HEADERS[key], lang) if key in VERDICT_HEADERS else header(key, lang)


#: Section headings and short paragraphs of the verdicts reports (review, alignment, ambition,
#: methods, and the verdict cells of the overview, indicator and profile reports).
VERDICT_SECTIONS: dict[str, tuple[str, str]] = word_group("verdict_sections")

#: The rules of the METHODS report, one paragraph each: (zh, en).
METHOD_RULES: tuple[tuple[str, str], ...] = tuple(word_group("method_rules").values())


def section_title(key: str, lang: str = "zh") -> str:
    """A section heading of the verdicts reports (`VERDICT_SECTIONS`)."""
    return pick(VERDICT_SECTIONS[key], lang)


# ------------------------------------------------------------------------------ progress
#: Progress statuses (analysis.progress.STATUSES) and their colours' meaning.
PROGRESS_STATUSES: dict[str, tuple[str, str]] = word_group("progress_statuses")
#: Why a status rests on less than a ratio, or why an observation meets no target.
PROGRESS_REASONS: dict[str, tuple[str, str]] = word_group("progress_reasons")
PROGRESS_HEADERS: dict[str, tuple[str, str]] = word_group("progress_headers")
#: Bases of observations and targets (data/codebook/observation_labels.csv, target_bases.csv).
PROGRESS_BASES: dict[str, tuple[str, str]] = word_group("progress_bases")
#: Words of a part of a year as a source gives it (figures.progress.period_text).
PROGRESS_PERIOD: dict[str, tuple[str, str]] = word_group("progress_period")

#: Words of the comparison rulebook's pages (issue 19): the ambition-score dashboard, its
#: printed colour bounds, the comparison basis, citations and the legend of the suite's marks.
RULEBOOK_WORDS: dict[str, tuple[str, str]] = word_group("rulebook_words")


def rulebook_word(key: str, lang: str) -> str:
    """A word of `RULEBOOK_WORDS` in ``lang``."""
    return choose(check_lang(lang), *RULEBOOK_WORDS[key])


def printed_meaning(phrase: str) -> str | None:
    """The English meaning of a phrase the plans print without a number, if known."""
    return dict([*PRINTED_MEANINGS.values(), *PRINTED_CLAUSES.values()]).get(phrase.strip())
