"""The target-ambition dashboard's tables (`figures.dashboard`): lights per district, the
counts its headline checks, the references by number."""

from __future__ import annotations

from compare.figures.dashboard import lights_claims, lights_table, reference_numbers, references


def test_the_lights_claims_are_the_totals_of_the_lights_table(table, codebook):
    shown = lights_table(table, codebook, "en")
    claims = lights_claims(shown, "en")
    assert len(shown) == 4 and claims["overview_dashboard.scored"] == shown.to_numpy().sum() > 0
    colours = [claims[f"overview_dashboard.{c}"] for c in ("green", "yellow", "orange", "red")]
    assert sum(colours) == claims["overview_dashboard.scored"]


def test_references_are_numbered_in_the_order_of_the_file():
    refs = references()
    numbers = reference_numbers(refs)
    assert refs and list(numbers) == list(refs)[: len(numbers)]
    assert list(numbers.values())[:3] == ["[1]", "[2]", "[3]"]
