"""Tests of `compare.ingest`: one file per module, `test_<module>.py`."""
