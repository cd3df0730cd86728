"""The parameter checks of the suite's notebooks (`reports.params`): an unknown or invalid value
is refused before a kernel starts, a typo papermill injected is caught in the kernel."""

from __future__ import annotations

import pytest

from compare import paths
from compare.errors import ParameterError
from compare.reports import params


def nb(name: str):
    return paths.NOTEBOOKS / f"{name}.ipynb"


def test_unknown_parameter_is_rejected_before_a_kernel(tmp_path):
    from compare.reports import run_reports

    catalog = tmp_path / "catalog.yml"
    catalog.write_text(
        "reports:\n  - name: typo\n    notebook: 30-region-profile.ipynb\n"
        "    title: t\n    parameters: {regoins: kaizhou}\n",
        encoding="utf-8",
    )
    code = run_reports(catalog, out_dir=tmp_path / "out", progress=False)
    run = (tmp_path / "out" / "run.json").read_text(encoding="utf-8")
    assert (
        code == 1 and '"stage": "parameters"' in run and "regoins" in run and "did you mean 'region'" in run
    )
    assert not list((tmp_path / "out").glob("typo.*")), "no kernel ran, nothing was written"


def test_papermill_injected_typo_is_caught_in_the_kernel():
    namespace = {"In": ["", '# Parameters\nregoins = "kaizhou"\nlang = "en"\n'], "region": "kaizhou"}
    with pytest.raises(ParameterError, match=r"parameter regoins: not declared.*did you mean 'region'"):
        params.check_in_notebook(namespace, notebook="30-region-profile", region="kaizhou", lang="en")
    namespace["In"].append('# Parameters\nregion = "bishan"\n')  # the latest injected cell counts
    params.check_in_notebook(namespace, notebook="30-region-profile", region="bishan", lang="zh")


def test_valid_values_name_only_values_that_work():
    table, codebook = params.load_reference()
    with pytest.raises(ParameterError) as e:
        params.validate(nb("30-region-profile"), {"region": "chongqing"}, table, codebook)
    assert str(e.value).endswith("valid values: bishan, kaizhou, qianjiang, tongnan")
    with pytest.raises(ParameterError) as e:
        params.validate(nb("20-indicator"), {"indicator_id": "bogus"}, table, codebook)
    valid = str(e.value).split("valid values: ")[1].split(", ")
    in_14th = set(table.loc[table["period"] == "14th", "indicator_id"])
    assert set(valid) == in_14th and len(valid) < len(codebook)
    with pytest.raises(ParameterError, match=r"valid values: baseline, target, change$"):
        params.validate(nb("50-atlas"), {"measure": "achieved"}, table, codebook)
    with pytest.raises(ParameterError, match="two different districts"):
        params.validate(nb("35-pair"), {"region_a": "bishan", "region_b": "bishan"}, table, codebook)
    params.validate(nb("35-pair"), {"region_a": "bishan", "region_b": "tongnan"}, table, codebook)
    params.validate(nb("20-indicator"), {"indicator_id": "forest_cover", "regions": ""}, table, codebook)


def test_an_atlas_domain_is_a_codebook_domain_or_empty_for_every_domain():
    table, codebook = params.load_reference()
    with pytest.raises(
        ParameterError,
        match=r"parameter domain: 'aire' is not a valid domain in the codebook \(did you mean 'air'\?\)",
    ):
        params.validate(nb("50-atlas"), {"domain": "aire"}, table, codebook)
    params.validate(nb("50-atlas"), {"domain": "air"}, table, codebook)
    params.validate(nb("50-atlas"), {"domain": ""}, table, codebook)
