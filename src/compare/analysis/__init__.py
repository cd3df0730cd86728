"""Comparison analytics, one module per family: ambition, alignment with the municipal plan, 13th->14th continuity.

Every function takes the normalised table (``compare.build.load_table()`` or
``build_table().table``) and returns a tidy DataFrame that carries the raw cells and the
``source_file``/``source_line`` of every cell it used, so each number can be traced back to
the printed plan. Nothing here parses text: values, operators, kinds and marks come from
the table; the codebook supplies direction, unit and the bound used for headroom.

Conventions used throughout
---------------------------
* **Direction.** ``sign = +1`` for ``higher_is_better``, ``-1`` for ``lower_is_better``
  (``0`` for ``neutral``). "Better", "stricter", "more ambitious" and "met" always mean
  ``sign * (a - b) > 0``, so PM2.5 falling and forest cover rising are both improvements.
* **Levels versus flows.** A *level* is a state at a date (forest cover in 2025, PM2.5 in
  2025). A *flow* is an amount over a period: five-year percentage reductions
  (``单位GDP能耗下降率``), abatement tonnages, net new construction land, five-year incident
  totals. Cumulative cells (``[ ]``, ``〔 〕``, flagged in ``cumulative_cells``) are flows
  too. Changes and annual rates are computed for levels only; flows are kept and
  classified ``not comparable`` with a ``reason``. The flow list (``FLOW_INDICATORS``) comes from the codebook's ``measure`` column
  (a ``measure`` column in the codebook would be the better home for it).
* **Targets that are not numbers** (``assigned`` by a higher level, ``qualitative``,
  ``maintain``, ``none``) are kept and classified, never turned into numbers.
* **Tolerance.** Two values are equal when they differ by at most ``TOL`` (1e-9).
"""

from __future__ import annotations

from .alignment import (
    ALIGNMENT_STATUSES,
    alignment,
    alignment_long,
    alignment_matrix,
    attribute_conflicts,
    compare_targets,
    municipal_omitted,
)
from .ambition import ambition
from .common import (
    APPROX_BAND,
    SIGN,
    STATUS_LABELS,
    TOL,
    annual_rate,
    codebook_frame,
    flow_indicators,
    indicator_labels,
    is_flow,
    label,
    region_labels,
)
from .dispersion import dispersion
from .review import continuity, target_attainment
from .sdg import SDG_LABELS, sdg, sdg_label

__all__ = [
    "ALIGNMENT_STATUSES",
    "APPROX_BAND",
    "SDG_LABELS",
    "SIGN",
    "STATUS_LABELS",
    "TOL",
    "alignment",
    "alignment_long",
    "alignment_matrix",
    "ambition",
    "annual_rate",
    "attribute_conflicts",
    "codebook_frame",
    "compare_targets",
    "continuity",
    "dispersion",
    "flow_indicators",
    "indicator_labels",
    "is_flow",
    "label",
    "municipal_omitted",
    "region_labels",
    "sdg",
    "sdg_label",
    "target_attainment",
]
