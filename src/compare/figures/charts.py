"""What the notebooks call, in one namespace: ``from compare.figures import charts``.

The code lives in modules of one concern each: `labels` (every word shown, zh/en),
`format` (values as printed), `theme` (the look, colours), `records` (a figure's data and
alt text), `saving` (render/save), `html_tables` (show, table), `fragments` (headings), `coverage`,
`indicator`, `profile`, `pair` (two districts; the municipal plan beside the districts),
`review` and `ambition` (display tables and figures), `maps`.
"""

from __future__ import annotations

from .ambition import (
    ambition_table,
)
from .citations import documents_table
from .coverage import (
    counts_by_attribute,
    counts_by_domain,
    coverage_codes,
    coverage_heatmap,
    coverage_heatmaps,
    coverage_matrix,
    data_quality,
    domain_bars,
    heatmap_parts,
    kinds_claims,
    non_numeric_targets,
    target_kinds,
)
from .findings import marks_legend
from .format import (
    fmt,
    value_label,
)
from .fragments import contents, heading, paragraph, report_title, section
from .html_tables import show, table
from .indicator import (
    atlas_indicators,
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
    status_label,
    text,
    unit_label,
)
from .pair import (
    municipal_uptake,
    municipal_uptake_figure,
    pair_counts,
    pair_figure,
    pair_only,
    pair_table,
)
from .profile import (
    region_profile,
)
from .records import attach_data, describe
from .review import (
    attainment,
    record_claims,
    review_13th,
    review_claims,
    review_figure,
    review_summary,
)
from .saving import MAP_FIGURE_LABEL, figure_root, render, save
from .theme import set_style

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
    "atlas_indicators",
    "attach_data",
    "attainment",
    "check_lang",
    "codebook_frame",
    "contents",
    "continuity_table",
    "counts_by_attribute",
    "counts_by_domain",
    "coverage_codes",
    "coverage_heatmap",
    "coverage_heatmaps",
    "coverage_matrix",
    "data_quality",
    "describe",
    "districts",
    "documents_table",
    "domain_bars",
    "domain_name",
    "dumbbell",
    "figure_root",
    "fmt",
    "header",
    "heading",
    "heatmap_parts",
    "indicator_name",
    "indicator_rows",
    "kinds_claims",
    "label",
    "map_indicators",
    "marks_legend",
    "municipal_regions",
    "municipal_uptake",
    "municipal_uptake_figure",
    "non_numeric_targets",
    "pair_counts",
    "pair_figure",
    "pair_only",
    "pair_table",
    "paragraph",
    "record_claims",
    "region_name",
    "region_names",
    "region_profile",
    "render",
    "report_title",
    "review_13th",
    "review_claims",
    "review_figure",
    "review_summary",
    "save",
    "section",
    "set_style",
    "show",
    "status_label",
    "table",
    "target_kinds",
    "text",
    "unit_label",
    "value_label",
]
