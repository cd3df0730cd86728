"""The report catalog (`reports.catalog`), generated from the table: which indicators get a
report, which pairs, every report in both languages, read back with its errors named."""

from __future__ import annotations

import pytest

from compare import paths
from compare.errors import CompareError, ParameterError
from compare.reports.catalog import (
    build_catalog,
    compared_indicators,
    counts,
    load_catalog,
    pair_names,
    plans_per_indicator,
    select,
    to_yaml,
    with_formats,
)


def test_an_indicator_gets_a_report_when_two_plans_set_it(table):
    per = plans_per_indicator(table)
    chosen = compared_indicators(table)
    assert chosen == sorted(per[per >= 2].index) and len(chosen) > 0
    assert set(compared_indicators(table, numeric=True)) <= set(chosen)


def test_every_report_comes_in_both_languages_chinese_first_each_led_by_the_overview(table):
    entries = build_catalog(table)
    names = [e["name"] for e in entries]
    half = len(names) // 2
    assert names[0] == "overview-zh" and names[half] == "overview-en" and len(names) == len(set(names))
    assert all(n.endswith("-zh") for n in names[:half]) and all(n.endswith("-en") for n in names[half:])
    assert {n[: -len("-zh")] for n in names if n.endswith("-zh")} == {
        n[: -len("-en")] for n in names if n.endswith("-en")
    }
    assert counts(entries)["indicator"] == 2 * len(compared_indicators(table))


def test_an_atlas_of_more_maps_than_one_report_holds_is_split_by_domain(table, codebook, monkeypatch):
    from compare.analysis import atlas

    names = [e["name"] for e in build_catalog(table, codebook)]
    assert (
        "atlas-zh" in names
        and "atlas-en" in names
        and not [n for n in names if n.startswith("atlas-") and n.count("-") > 1]
    )
    monkeypatch.setattr(atlas, "MAPS_PER_REPORT", 2)
    cov = atlas.coverage(table, codebook)
    domains = list(dict.fromkeys(cov.loc[cov["mapped"], "domain"]))
    entries = [e for e in build_catalog(table, codebook) if e["notebook"] == "50-atlas.ipynb"]
    assert len(domains) > 1 and len(entries) == 2 * len(domains)
    en = {e["name"]: e for e in entries if e["name"].endswith("-en")}
    assert sorted(en) == sorted(f"atlas-{d}-en" for d in domains)
    air = en["atlas-air-en"]
    assert air["parameters"]["domain"] == "air" and air["title"] == "Atlas of indicators: Air"


def test_a_run_makes_the_formats_asked_for_in_their_order_and_always_the_web_page(table):
    from compare.reports.catalog import FORMATS, Report

    reports = [Report("r-en", paths.NOTEBOOKS / "10-overview.ipynb", "R")]
    assert reports[0].formats == FORMATS == ("html", "pdf", "docx")
    assert with_formats(reports, ["docx", "html"])[0].formats == ("html", "docx")
    with pytest.raises(ParameterError, match=r"--formats htm: no such format; valid values: html, pdf, docx"):
        with_formats(reports, ["htm"])
    with pytest.raises(ParameterError, match="--formats pdf: html is always made"):
        with_formats(reports, ["pdf"])


def test_the_yaml_reads_back_as_the_same_reports(table, tmp_path):
    entries = build_catalog(table)[:6]
    path = tmp_path / "catalog.yml"
    path.write_text(to_yaml(entries), encoding="utf-8")
    reports = load_catalog(path)
    assert [r.name for r in reports] == [e["name"] for e in entries]
    assert [r.name for r in select(reports, [entries[1]["name"]])] == [entries[1]["name"]]
    with pytest.raises(ParameterError, match="no such report; valid values: overview-zh"):
        select(reports, ["overview-fr"])


def test_a_catalog_entry_without_a_notebook_is_refused_naming_the_file(tmp_path):
    path = tmp_path / "catalog.yml"
    path.write_text("reports:\n- name: x-en\n  title: X\n", encoding="utf-8")
    with pytest.raises(CompareError, match=r"catalog\.yml"):
        load_catalog(path)


def test_a_pair_is_named_in_every_language():
    assert pair_names(["bishan,tongnan"]) == ["pair-bishan-tongnan-zh", "pair-bishan-tongnan-en"]
