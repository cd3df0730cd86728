"""Fingerprints of a report's inputs (`reports.fingerprint`): what decides whether it is
rendered again."""

from __future__ import annotations

import hashlib

import pandas as pd

from compare.reports.fingerprint import changed, digest, file_digest, frame_digest, tree_digest


def test_a_digest_is_the_sha256_of_the_bytes():
    assert digest("a") == digest(b"a") == hashlib.sha256(b"a").hexdigest()


def test_a_missing_file_has_an_empty_digest(tmp_path):
    assert file_digest(tmp_path / "absent") == ""
    (tmp_path / "f").write_bytes(b"x")
    assert file_digest(tmp_path / "f") == digest(b"x")


def test_a_frames_digest_keeps_row_order_and_ignores_the_index():
    frame = pd.DataFrame({"a": [1, 2]})
    assert frame_digest(frame) == frame_digest(frame.set_axis([5, 6]))
    assert frame_digest(frame) != frame_digest(frame.iloc[::-1])
    assert frame_digest(frame) != frame_digest(frame.astype("float64"))


def test_a_trees_digest_follows_names_and_bytes_not_bytecode(tmp_path):
    (tmp_path / "m.py").write_text("x = 1", encoding="utf-8")
    before = tree_digest(tmp_path)
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "m.cpython-311.pyc").write_bytes(b"\0")
    assert tree_digest(tmp_path) == before
    (tmp_path / "m.py").write_text("x = 2", encoding="utf-8")
    assert tree_digest(tmp_path) != before


def test_the_parts_that_changed_are_named():
    assert changed({"a": "1", "b": "2"}, {"a": "1", "b": "3", "c": "4"}) == ["b", "c"]
    assert changed({"a": "1"}, {"a": "1"}) == []
