"""Tests of `compare.reports`: one file per module, `test_<module>.py`."""
