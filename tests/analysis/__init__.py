"""Tests of `compare.analysis`: one file per module, `test_<module>.py`."""
