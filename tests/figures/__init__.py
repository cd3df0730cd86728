"""Tests of `compare.figures`: one file per module, `test_<module>.py`."""
