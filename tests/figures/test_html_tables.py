"""A page's tables (`figures.html_tables`): orientation and wrapping by width."""

from __future__ import annotations

import pandas as pd

from compare.figures.html_tables import show


def test_wide_tables_go_landscape_and_short_columns_do_not_wrap():
    narrow = show(pd.DataFrame({"地区": ["开州区"], "值": [1.0]})).to_html()
    assert 'class="report-table portrait"' in narrow and "nowrap" in narrow
    wide = pd.DataFrame({f"第{i}列的较长表头": ["一段比较长的说明文字，超过十二个字"] for i in range(9)})
    assert "landscape" in show(wide).to_html()
