"""Chinese glyphs offline: the Noto Sans CJK font shipped by the `mplfonts` wheel.

No CJK font exists on a fresh machine, so matplotlib would draw tofu boxes. We register
the OTF file from the installed package instead of running `mplfonts init` (which copies
~100 MB into matplotlib and rewrites rc files).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

FAMILY = "Noto Sans CJK SC"


@lru_cache(maxsize=1)
def cjk_font_path() -> Path:
    """Path of NotoSansCJKsc-Regular.otf inside the installed mplfonts package."""
    import mplfonts

    path = Path(mplfonts.__file__).parent / "fonts" / "NotoSansCJKsc-Regular.otf"
    if not path.is_file():
        raise FileNotFoundError(f"{path}: CJK font missing; reinstall the 'mplfonts' package")
    return path


def use_cjk_font() -> str:
    """Register the CJK font with matplotlib and make it the default sans-serif family.

    Call after `seaborn.set_theme()` (which resets the font list). Returns the family name.
    """
    import matplotlib as mpl
    from matplotlib import font_manager

    path = str(cjk_font_path())
    if path not in {f.fname for f in font_manager.fontManager.ttflist}:
        font_manager.fontManager.addfont(path)
    mpl.rcParams["font.family"] = "sans-serif"
    mpl.rcParams["font.sans-serif"] = [FAMILY, "DejaVu Sans"]
    mpl.rcParams["axes.unicode_minus"] = False
    mpl.rcParams["pdf.fonttype"] = 42
    mpl.rcParams["svg.fonttype"] = "none"
    return FAMILY
