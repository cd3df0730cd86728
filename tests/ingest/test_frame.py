"""Records to the table (`ingest.frame`): every column of the metadata, in order, typed,
sorted by the key with the 14th plan first."""

from __future__ import annotations

from compare.ingest.columns import meta
from compare.ingest.frame import to_frame, typed_frame


def test_records_take_every_column_in_order_with_its_dtype():
    df = to_frame(
        [{"region": "kaizhou", "period": "14th", "indicator_id": "forest_cover", "target_value": 50}]
    )
    m = meta()
    assert list(df.columns) == list(m.names)
    assert m.of_type("number") and m.of_type("boolean") and m.of_type("string")
    assert {str(df[c].dtype) for c in m.of_type("number")} == {"float64"}
    assert {str(df[c].dtype) for c in m.of_type("boolean")} == {"bool"}
    assert df.loc[0, "target_value"] == 50.0 and df.loc[0, "unit"] == ""


def test_a_flag_a_record_does_not_set_is_false():
    df = to_frame([{"region": "kaizhou", "period": "14th"}])
    flags = meta().of_type("boolean")
    assert flags and not df.loc[0, flags].any()


def test_rows_are_sorted_by_key_with_the_14th_plan_before_the_13th(table):
    records = table.sample(frac=1, random_state=7).to_dict("records")
    again = to_frame(records)
    assert list(again["period"].drop_duplicates()) == ["14th", "13th"]
    assert again.equals(table)  # the real table is already in this order


def test_a_typed_frame_follows_the_metadata_it_is_given(table):
    m = meta()
    df = typed_frame([], m)
    assert list(df.columns) == list(m.names) and df.empty
