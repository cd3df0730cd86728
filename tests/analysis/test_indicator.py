"""Key findings of the indicator reports (analysis.indicator) count what the report's tables show."""

from __future__ import annotations

import pytest

from compare.analysis.alignment import CONTEXT
from compare.analysis.indicator import indicator_findings
from compare.figures import analysis_charts, charts, claims, findings
from compare.ingest.codebook import load_codebook


@pytest.mark.parametrize("indicator_id", ["forest_cover", "pm25_concentration", "surface_water_class"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_indicator_findings_equal_the_counts_of_the_tables(table, indicator_id, lang):
    codebook = load_codebook()
    found = indicator_findings(table, codebook, indicator_id)
    assert [f.code for f in found] == ["indicator_set", "indicator_ambition", "indicator_alignment"]
    html = findings.summary_html(found, codebook, lang)
    amb = charts.ambition_table(table, codebook, indicator_id=indicator_id, lang=lang)
    aligned = analysis_charts.alignment_table(
        table, codebook, lang, compared_only=False, indicator_id=indicator_id
    )
    counts = {**findings.ambition_cell_claims(amb, lang), **findings.alignment_cell_claims(aligned, lang)}
    page = html + f"<table{claims.counts_attr(counts)}></table>"
    assert claims.mismatches(page) == []
    assert {"indicator_ambition.rows", "indicator_alignment.rows"} <= claims.checked_keys(page)


def test_indicator_alignment_partitions_its_rows(table):
    codebook = load_codebook()
    values = indicator_findings(table, codebook, "air_good_days")[2].values
    assert values["rows"] == values["compared"] + values["context"] + values["apart"] > 0
    assert values["context"] == sum(values[s] for s in CONTEXT) > 0


def test_a_changed_table_count_is_caught(table):
    codebook = load_codebook()
    found = indicator_findings(table, codebook, "forest_cover")
    html = findings.summary_html(found, codebook, "en")
    wrong = {"indicator_ambition.improve": found[1].values["improve"] + 1}
    assert claims.mismatches(html + f"<table{claims.counts_attr(wrong)}></table>")
