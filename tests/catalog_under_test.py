"""The catalog reports a test session renders once and checks (conftest ``rendered``).

`make test` renders a sample of ``reports/catalog.yml``: the reports tests read by name,
which execute every notebook at least once and each language several times (`NAMED`; a
notebook no test names would be added in the next language in turn). `make test-full`
sets ``COMPARE_TEST_CATALOG=full`` and renders and checks every report of the catalog, in
both languages, with the same tests. A report of the sample is rendered and checked exactly
as in the full run: only the number of reports differs. A sampled page's link to its other
language, or to another report the sample leaves out, is checked in the full run
(`NOT_RENDERED`).
"""

from __future__ import annotations

import os

from compare.reports import load_catalog

#: ``sample`` (the default) or ``full``
SCOPE = os.environ.get("COMPARE_TEST_CATALOG", "sample").strip() or "sample"
if SCOPE not in ("sample", "full"):
    raise ValueError(f"COMPARE_TEST_CATALOG={SCOPE!r}: use 'sample' or 'full'")

#: reports that tests read by name: every notebook once or more, both languages in turn, and
#: an indicator report in both (the landing page's language switch and filter)
NAMED = (
    "overview-en",
    "review-zh",
    "atlas-en",
    "alignment-zh",
    "ambition-en",
    "methods-zh",
    "progress-en",
    "indicator-forest_cover-zh",
    "indicator-forest_cover-en",
    "profile-qianjiang-en",
    "profile-chongqing-zh",
    "pair-bishan-tongnan-en",
    "brief-kaizhou-zh",
    "brief-chongqing-en",
)

CATALOG = load_catalog()


def base(name: str) -> str:
    """A report's name without its language suffix (``overview-zh`` -> ``overview``)."""
    return name.rsplit("-", 1)[0]


def _sample() -> set[str]:
    """The named reports, and the first catalog report of each notebook none of them runs,
    in the language the sample holds fewer of."""
    names = set(NAMED)
    seen = {r.notebook.name for r in CATALOG if r.name in names}
    for report in CATALOG:
        if report.notebook.name in seen:
            continue
        langs = [n.rsplit("-", 1)[1] for n in names]
        lang = min(("zh", "en"), key=langs.count)
        if report.parameters.get("lang") == lang:
            seen.add(report.notebook.name)
            names.add(report.name)
    return names


def _names() -> list[str]:
    if SCOPE == "full":
        return [r.name for r in CATALOG]
    sample = _sample()
    return [r.name for r in CATALOG if r.name in sample]


def sampled(*names: str) -> list[str]:
    """Those of ``names`` this session renders (all of them in the full run)."""
    return [n for n in names if n in NAMES]


def outside_the_sample(*names: str) -> list:
    """``names`` as test parameters, those this session does not render marked to skip with
    the reason (`make test-full` renders and checks them)."""
    import pytest

    why = "not in make test's sample of the catalog: make test-full renders and checks it"
    return [n if n in NAMES else pytest.param(n, marks=pytest.mark.skip(reason=why)) for n in names]


#: the reports of this session, in catalog order
NAMES = _names()
#: the same reports as catalog entries
REPORTS = [r for r in CATALOG if r.name in NAMES]
#: catalog reports this session does not render (none with ``full``): a sampled page may
#: link to them; `make test-full` renders them and checks those links resolve
NOT_RENDERED = frozenset(r.name for r in CATALOG) - frozenset(NAMES)
