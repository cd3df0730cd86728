"""What the notebooks call, in one namespace: ``from compare.figures import charts``.

The code lives in modules of one concern each: `labels` (every word shown, zh/en),
`format` (values as printed), `style` (theme, colours, render/save/show), `coverage`,
`indicator`, `profile`, `review` and `ambition` (display tables and figures).
"""

from __future__ import annotations

from .ambition import (
    ambition_table,
)
from .coverage import (
    counts_by_attribute,
    counts_by_domain,
    coverage_codes,
    coverage_heatmap,
    coverage_matrix,
    data_quality,
    domain_bars,
    non_numeric_targets,
)
from .format import (
    fmt,
    value_label,
)
from .indicator import (
    continuity_table,
    dumbbell,
    indicator_rows,
    map_indicators,
)
from .labels import (
    ATTRIBUTES,
    DOMAINS,
    HEADERS,
    KINDS,
    LANGS,
    OPERATORS,
    PERIODS,
    STATUSES,
    check_lang,
    codebook_frame,
    districts,
    domain_name,
    header,
    indicator_name,
    label,
    municipal_regions,
    region_name,
    region_names,
)
from .profile import (
    region_profile,
)
from .review import (
    attainment,
    review_13th,
    review_figure,
    review_summary,
)
from .style import (
    MAP_FIGURE_LABEL,
    render,
    save,
    set_style,
    show,
)

__all__ = [
    "ATTRIBUTES",
    "DOMAINS",
    "HEADERS",
    "KINDS",
    "LANGS",
    "MAP_FIGURE_LABEL",
    "OPERATORS",
    "PERIODS",
    "STATUSES",
    "ambition_table",
    "attainment",
    "check_lang",
    "codebook_frame",
    "continuity_table",
    "counts_by_attribute",
    "counts_by_domain",
    "coverage_codes",
    "coverage_heatmap",
    "coverage_matrix",
    "data_quality",
    "districts",
    "domain_bars",
    "domain_name",
    "dumbbell",
    "fmt",
    "header",
    "indicator_name",
    "indicator_rows",
    "label",
    "map_indicators",
    "municipal_regions",
    "non_numeric_targets",
    "region_name",
    "region_names",
    "region_profile",
    "render",
    "review_13th",
    "review_figure",
    "review_summary",
    "save",
    "set_style",
    "show",
    "value_label",
]
