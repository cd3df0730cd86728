"""Row and value helpers shared by the analyses (`analysis.common`)."""

from __future__ import annotations

import math

import pytest

from compare.analysis.common import annual_rate


def test_annual_rate_linear_for_shares_and_compound_for_levels():
    assert annual_rate(55, 57, 5, "%") == (pytest.approx(0.4), "pp/yr")
    rate, unit = annual_rate(100, 200, 5, "万亩")
    assert unit == "%/yr" and rate == pytest.approx((2**0.2 - 1) * 100)
    assert math.isnan(annual_rate(0, 10, 5, "吨")[0])  # no compounding from zero
    assert math.isnan(annual_rate(1, 2, 0, "%")[0])
