"""The atlas's key findings and its coverage tables: what each map colours, where the
districts' targets differ, and the indicators left out with their reason
(`analysis.atlas.coverage`)."""

from __future__ import annotations

import dataclasses
from typing import Any

import pandas as pd

from ..analysis.atlas import SPREADS, atlas_findings
from ..analysis.common import codebook_frame
from ..words import word
from .claims import cell_counts
from .format import target_text
from .labels import check_lang, header, indicator_name, region_name, same_unit, unit_label


def _w(key: str, lang: str, **values: Any) -> str:
    return word(f"atlas_words.{key}", lang, **values)


def _unit_of(table: pd.DataFrame, codebook: Any, ident: str) -> str:
    """The indicator's unit: the codebook's (the unit of its map's scale), else the table's."""
    cb = codebook_frame(codebook)
    unit = str(cb["unit"].get(ident, "") or "") if ident in cb.index else ""
    rows = table[table["indicator_id"] == ident]
    return unit or (str(rows["unit"].mode().iloc[0]) if len(rows) else "")


def _row(table: pd.DataFrame, ident: str, region: str) -> pd.Series | None:
    rows = table[
        (table["indicator_id"] == ident)
        & (table["region"] == region)
        & (table["period"] == "14th")
        & (table["parent_seq"].astype(str) == "")
    ]
    return rows.iloc[0] if len(rows) else None


def _district_text(table: pd.DataFrame, ident: str, region: str, why: str, unit: str, lang: str) -> str:
    """One district's target as the map shows it: coloured (its target), or why not (its
    target in another unit, or the kind of target that gives no number)."""
    r = _row(table, ident, region)
    name = region_name(region, lang)
    if r is None:
        return name
    if not why:
        return f"{name} {target_text(r, lang, short=True)}"
    shown = " " + _city_or_other(r, unit, lang) if why == "other_unit" else ""
    return name + shown + word("punct.paren", lang, text=word(f"map_kinds.{why}", lang))


def _city_or_other(r: pd.Series, unit: str, lang: str) -> str:
    """A target with its own unit where that is not the map's (before a secondary mark)."""
    text = target_text(r, lang, short=True)
    if same_unit(str(r["unit"]), unit) or pd.isna(r["target_value"]):
        return text
    own = " " + unit_label(str(r["unit"]), lang)
    return text[:-1] + own + "†" if text.endswith("†") else text + own


def _targets_text(table: pd.DataFrame, r: pd.Series, unit: str, lang: str, city: bool) -> str:
    ident = r["indicator_id"]
    parts = [_district_text(table, ident, d, "", unit, lang) for d in r["on_map"]]
    parts += [_district_text(table, ident, d, why, unit, lang) for d, why in r["off_map"].items()]
    if city:  # where no district can be coloured, the city's number is the context that is left
        rows = table[
            (table["indicator_id"] == ident) & (table["level"] == "municipal") & (table["period"] == "14th")
        ]
        parts += [
            f"{region_name(str(c['region']), lang)} {_city_or_other(c, unit, lang)}"
            for _, c in rows.iterrows()
        ]
    return word("punct.list", lang).join(parts)


def coverage_table(
    table: pd.DataFrame,
    codebook: Any,
    cov: pd.DataFrame,
    lang: str = "zh",
    mapped: bool = True,
    order: list[str] | None = None,
) -> pd.DataFrame:
    """The atlas's maps (``mapped``) or the indicators left out, one row each: indicator,
    unit, how many districts the map colours, each district's target as the map shows it (or
    why it is not coloured), and how the districts' targets stand to each other (the one
    rulebook) or why the map is left out (then with the city's target, the only number
    left); in the atlas's ``order`` where given. The city's target of a map is on the map
    itself (context), not in this table."""
    check_lang(lang)
    shown = cov[cov["mapped"] == mapped]
    if order is not None:
        shown = shown.set_index("indicator_id").loc[[i for i in order if i in set(shown["indicator_id"])]]
        shown = shown.reset_index()
    records = []
    for _, r in shown.iterrows():
        unit = _unit_of(table, codebook, r["indicator_id"])
        records.append(
            {
                header("indicator", lang): indicator_name(codebook, r["indicator_id"], lang),
                header("unit", lang): unit_label(unit, lang),
                _w("on_map_n", lang): len(r["on_map"]),
                _w("targets", lang): _targets_text(table, r, unit, lang, city=not mapped),
                _w("spread" if mapped else "reason", lang): _w(
                    f"spread_{r['spread']}" if mapped else f"reason_{r['reason']}", lang
                ),
            }
        )
    return pd.DataFrame.from_records(records)


def coverage_claims(shown: pd.DataFrame, districts: int, lang: str = "zh") -> dict[str, int]:
    """The counts the coverage table of the maps shows, keyed like the atlas's findings:
    maps, maps colouring every district, some, one; the spread of their targets."""
    n = shown[_w("on_map_n", lang)] if len(shown) else pd.Series(dtype=int)
    out = {
        "atlas_maps.maps": len(shown),
        "atlas_coverage.maps": len(shown),
        "atlas_coverage.all": int((n == districts).sum()),
        "atlas_coverage.some": int((n < districts).sum()),
        "atlas_coverage.one": int((n == 1).sum()),
    }
    names = {s: _w(f"spread_{s}", lang) for s in SPREADS}
    column = _w("spread", lang)
    if column in shown.columns:
        out.update(cell_counts(shown[column], "atlas_spread", names, total="maps"))
    return out


def left_out_claims(shown: pd.DataFrame) -> dict[str, int]:
    """The number of indicators the left-out table shows, keyed like the atlas's finding."""
    return {"atlas_maps.left_out": len(shown)}


def show_summary(cov: pd.DataFrame, codebook: Any, lang: str = "zh"):
    """The atlas's key findings (`analysis.atlas.atlas_findings`) for a notebook cell."""
    from IPython.display import HTML

    from .findings import summary_html

    found = atlas_findings(cov)
    names = word("punct.list", lang).join(
        indicator_name(codebook, i, lang) for i in cov.loc[~cov["mapped"], "indicator_id"]
    )
    found = [dataclasses.replace(f, values={**f.values, "left_names": names or "—"}) for f in found]
    return HTML(summary_html(found, codebook, lang))
