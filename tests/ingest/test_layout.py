"""What a copied web line leaves that is layout, not content (`ingest.layout`): separators
between cells, copy-protection junk cut off, an ambiguous cut reported, never guessed."""

from __future__ import annotations

from compare.ingest.layout import Piece, cell_pieces, cut_junk, strip_separators


def test_a_separator_standing_alone_splits_cells_and_one_at_an_edge_is_dropped():
    assert cell_pieces("| 76。7 |") == [Piece("76。7")]
    assert [p.text for p in cell_pieces("指标 | 2015年 ｜ 2020年")] == ["指标", "2015年", "2020年"]
    assert strip_separators(" │ 指标 ｜ ") == "指标"


def test_a_piece_of_junk_alone_is_no_cell_but_is_reported():
    piece = cut_junk("' t. {( b; u0 S5 ?: ^")
    assert piece.text == "" and piece.junk == "' t. {( b; u0 S5 ?: ^" and not piece.ambiguous


def test_junk_glued_after_a_space_is_cut_off_the_cell():
    piece = cut_junk("森林覆盖率 b; u0 S5 ?: ^")
    assert (piece.text, piece.junk) == ("森林覆盖率", "b; u0 S5 ?: ^")


def test_junk_glued_to_a_number_that_could_end_either_way_is_ambiguous():
    piece = cut_junk("70。83 b* f2 {( ?:")
    assert piece.ambiguous and piece.readings == ("70。8", "70。83")


def test_a_cell_without_junk_is_kept_whole():
    assert cut_junk("  ≥95  ") == Piece("≥95") and cell_pieces("   ") == []
