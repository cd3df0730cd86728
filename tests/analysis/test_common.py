"""Row and value helpers shared by the analyses (`analysis.common`)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from compare.analysis.common import annual_rate


def test_annual_rate_linear_for_shares_and_compound_for_levels():
    assert annual_rate(55, 57, 5, "%") == (pytest.approx(0.4), "pp/yr")
    rate, unit = annual_rate(100, 200, 5, "万亩")
    assert unit == "%/yr" and rate == pytest.approx((2**0.2 - 1) * 100)
    assert math.isnan(annual_rate(0, 10, 5, "吨")[0])  # no compounding from zero
    assert math.isnan(annual_rate(1, 2, 0, "%")[0])


def test_as_float_reads_numbers_and_missing_values_and_raises_on_text():
    from compare.analysis.common import as_float

    assert as_float(48) == 48.0 and as_float("13.92") == 13.92
    assert all(math.isnan(as_float(v)) for v in (None, float("nan"), pd.NA, pd.NaT))
    with pytest.raises(ValueError, match="由上级下达"):
        as_float("由上级下达")


def test_as_float_or_nan_gives_nan_for_anything_that_is_no_number():
    from compare.analysis.common import as_float_or_nan

    assert as_float_or_nan(48) == 48.0 and as_float_or_nan("13.92") == 13.92
    assert all(math.isnan(as_float_or_nan(v)) for v in (None, float("nan"), pd.NA, "由上级下达", "", [1]))
