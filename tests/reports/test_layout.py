"""The suite's own names in the reports folder (`reports.layout`): a report may not take
them, nor put its figures in the suite's folders."""

from __future__ import annotations

import pytest

from compare.reports.layout import folder_problem, name_problem, report_files, reserved_names


def test_a_report_writes_its_page_pdf_notebook_and_word_copy_under_its_name():
    files = report_files("overview-en")
    assert {"overview-en.html", "overview-en.pdf", "overview-en.ipynb", "overview-en.docx"} <= set(files)
    assert all(f.startswith("overview-en.") for f in files)


@pytest.mark.parametrize("name", sorted(reserved_names()))
def test_a_name_the_suite_uses_is_refused_with_the_reserved_list(name):
    assert name_problem(name).startswith(f"name {name!r} is reserved")


def test_an_ordinary_name_and_folder_are_accepted():
    assert name_problem("overview-en") == "" and folder_problem("figures/overview-en") == ""


@pytest.mark.parametrize("folder", ["fonts/x", "data", "index.html/x", " figures", ""])
def test_a_figures_folder_in_the_suites_own_or_blank_is_refused(folder):
    assert folder_problem(folder).startswith(f"figures_dir {folder!r}")
