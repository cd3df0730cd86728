"""Comparison analytics, one module per family.

Attainment of the 13th-FYP targets (review),
alignment with the municipal plan, ambition, dispersion, the distance-to-target scale
(scores), coverage, SDG crosswalk, and the executive-summary findings.

Every function takes the normalised table (``compare.load_table()`` or
``build_table().table``) and returns a tidy DataFrame that carries the raw cells, the
``source_file``/``source_line`` of every cell it used, and the caveats of every row (from the
notes printed with the table), so each number can be traced back to the printed plan. Nothing
here parses text or holds display words: values, operators, kinds, marks and note kinds come
from the table; the codebook supplies direction, unit, measure, endowment, scope and the
scale; results are codes the figures turn into words (zh or en).

Conventions used throughout
---------------------------
* **Direction.** ``sign = +1`` for ``higher_is_better``, ``-1`` for ``lower_is_better``
  (``0`` for ``neutral``). "Better", "stricter", "more ambitious" and "met" always mean
  ``sign * (a - b) > 0``, so PM2.5 falling and forest cover rising are both improvements.
* **One rulebook** (`comparability.compare`). Every statement that compares two figures —
  pair, alignment, ambition ranks, dispersion, scores, summaries — asks it. Two figures
  compare only as numbers (or ordered water classes) of the same indicator (or one converted
  by a documented rule, `common.CONVERTIBLE`), unit, year and kind of quantity (a *level*
  against a level, a *flow* — a five-year amount — against a flow, from the codebook
  ``measure``, never from the brackets a plan prints), not an endowment, and on the same
  basis: a city-wide level (codebook ``city_basis``) is context (above / at / below the
  city-wide level), never a bar. Over time, a definition a note says changed breaks the
  comparison.
* **Tolerance.** ``~`` (左右) means within the indicator's own tolerance, in its unit
  (codebook ``approx_tolerance``: percentage points for shares), in every analysis;
  otherwise two values are equal within ``TOL`` (1e-9).
* **No meaningless numbers.** No ratio over a near-zero denominator (`common.NEAR_ZERO_SHARE`);
  headroom shares only where the target moves toward the limit; a target already at its
  limit is "at ceiling", not ranked.
* **Targets that are not numbers** (``assigned`` by a higher level, ``qualitative``,
  ``maintain``, ``none``) are kept and classified, never turned into numbers.
"""

from __future__ import annotations

from . import comparability, coverage
from .alignment import (
    ALIGNMENT_STATUSES,
    alignment,
    alignment_long,
    alignment_matrix,
    attribute_conflicts,
    compare_targets,
    municipal_omitted,
    municipal_targets,
    published_conflicts,
    secondary_conflicts,
)
from .ambition import PACE_CLASSES, ambition, municipal_baselines, pace_class
from .common import (
    CAVEATS,
    CONVERTIBLE,
    NEAR_ZERO_SHARE,
    SIGN,
    TOL,
    annual_rate,
    caveats,
    codebook_frame,
    flow_indicators,
    is_flow,
    measure_of,
)
from .comparability import Comparison, compare
from .dispersion import dispersion
from .findings import TARGET_GROUPS, Finding, district_targets, findings
from .review import FINAL_VERDICTS, attainment_summary, continuity, target_attainment
from .scores import LIGHTS, dashboard_parts, scores
from .sdg import SDG_LABELS, SDG_MATCHES, sdg, sdg_label

__all__ = [
    "ALIGNMENT_STATUSES",
    "CAVEATS",
    "CONVERTIBLE",
    "FINAL_VERDICTS",
    "LIGHTS",
    "NEAR_ZERO_SHARE",
    "PACE_CLASSES",
    "SDG_LABELS",
    "SDG_MATCHES",
    "SIGN",
    "TARGET_GROUPS",
    "TOL",
    "Comparison",
    "Finding",
    "alignment",
    "alignment_long",
    "alignment_matrix",
    "ambition",
    "annual_rate",
    "attainment_summary",
    "attribute_conflicts",
    "caveats",
    "codebook_frame",
    "comparability",
    "compare",
    "compare_targets",
    "continuity",
    "coverage",
    "dashboard_parts",
    "dispersion",
    "district_targets",
    "findings",
    "flow_indicators",
    "is_flow",
    "measure_of",
    "municipal_baselines",
    "municipal_omitted",
    "municipal_targets",
    "pace_class",
    "published_conflicts",
    "scores",
    "sdg",
    "sdg_label",
    "secondary_conflicts",
    "target_attainment",
]
