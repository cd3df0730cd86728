"""Chinese glyphs offline (`figures.fonts`): the Noto Sans CJK font of the mplfonts wheel."""

from __future__ import annotations

import matplotlib as mpl

from compare.figures.fonts import cjk_font_path, use_cjk_font


def test_the_font_file_ships_with_the_installed_wheel():
    path = cjk_font_path()
    assert path.name == "NotoSansCJKsc-Regular.otf" and path.is_file() and "mplfonts" in path.parts


def test_the_cjk_font_becomes_the_first_sans_serif_family():
    with mpl.rc_context():
        use_cjk_font()
        assert mpl.rcParams["font.sans-serif"][0] == "Noto Sans CJK SC"
