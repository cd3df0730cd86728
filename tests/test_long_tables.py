"""Long tables scale with their content: a table of more rows than fit a page or two is set
as parts of at most `ROWS_PER_TABLE` rows, each with the header, the same column classes
and the same page orientation, so WeasyPrint's cost grows with the rows, not their square."""

from __future__ import annotations

import re

import pandas as pd

from compare.figures import charts, style


def _long(rows: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "地区": [f"区{i}" for i in range(rows)],
            "说明": ["一段很长的说明文字，" * 6] * rows,
            "值": [float(i) for i in range(rows)],
        }
    )


def test_a_short_table_is_one_table():
    html = charts.show(_long(style.ROWS_PER_TABLE)).to_html()
    assert html.count("<table") == 1


def test_a_long_table_is_set_in_parts_with_every_row_once():
    rows = 2 * style.ROWS_PER_TABLE + 5
    shown = charts.show(_long(rows))
    html = shown.to_html()
    assert html == shown._repr_html_() == charts.show(_long(rows)).to_html()  # deterministic
    assert html.count("<table") == 3 and html.count("<thead>") == 3
    assert [int(v) for v in re.findall(r">区(\d+)<", html)] == list(range(rows))
    tables = re.findall(r'<table[^>]*class="report-table ([^"]*)"', html)
    assert len(tables) == 3 and len(set(tables)) == 1  # one orientation for every part
    classes = [re.findall(r'class="data row\d+ col(\d) ([^"]*)"', part) for part in html.split("<table")[1:]]
    assert classes[0] and all(set(c) == set(classes[0]) for c in classes)  # the same column classes
