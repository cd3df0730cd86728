"""The catalog reports a test session renders once and checks (conftest ``rendered``).

`make test` renders a sample of ``reports/catalog.yml``: every notebook in both languages,
and the reports a test reads by name, each in both languages (so every language switch of a
sampled page resolves). `make test-catalog` sets ``COMPARE_TEST_CATALOG=full`` and renders
and checks every report of the catalog with the same tests. A report of the sample is
rendered and checked exactly as in the full run: only the number of reports differs.
"""

from __future__ import annotations

import os

from compare.reports import load_catalog

#: ``sample`` (the default) or ``full``
SCOPE = os.environ.get("COMPARE_TEST_CATALOG", "sample").strip() or "sample"
if SCOPE not in ("sample", "full"):
    raise ValueError(f"COMPARE_TEST_CATALOG={SCOPE!r}: use 'sample' or 'full'")

#: reports that tests read by name (without the language suffix)
NAMED = (
    "overview",
    "review",
    "atlas",
    "alignment",
    "ambition",
    "methods",
    "progress",
    "indicator-forest_cover",
    "profile-qianjiang",
    "profile-chongqing",
    "pair-bishan-tongnan",
    "brief-kaizhou",
    "brief-chongqing",
)

CATALOG = load_catalog()


def base(name: str) -> str:
    """A report's name without its language suffix (``overview-zh`` -> ``overview``)."""
    return name.rsplit("-", 1)[0]


def _sample_bases() -> set[str]:
    """The named reports, and the first catalog report of each notebook none of them runs."""
    bases = set(NAMED)
    seen = {r.notebook.name for r in CATALOG if base(r.name) in bases}
    for report in CATALOG:
        if report.notebook.name not in seen:
            seen.add(report.notebook.name)
            bases.add(base(report.name))
    return bases


def _names() -> list[str]:
    if SCOPE == "full":
        return [r.name for r in CATALOG]
    bases = _sample_bases()
    return [r.name for r in CATALOG if base(r.name) in bases]


#: the reports of this session, in catalog order
NAMES = _names()
#: the same reports as catalog entries
REPORTS = [r for r in CATALOG if r.name in NAMES]
#: catalog reports this session does not render (none with ``full``): a sampled page may
#: link to them; `make test-catalog` renders them and checks those links resolve
NOT_RENDERED = frozenset(r.name for r in CATALOG) - frozenset(NAMES)
