"""The merged case record: chosen values, every value with its mentions, conflicts as data."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from otkaz.link import MentionRef, case_columns, case_count, merge_case
from otkaz.link.merge import FIELDS, case_confidence, is_conflict
from otkaz.models import Range

Ref = Callable[..., MentionRef]


def test_a_count_conflict_is_kept_side_by_side(ref: Ref) -> None:
    ms = [ref("a", count=(60, 60), published="2022-04-26", id=1),
          ref("b", count=(70, 70), published="2022-04-27", id=2),
          ref("c", count=(70, 70), published="2022-05-01", id=3)]
    count = merge_case(ms)["count"]
    assert count["value"] == {"low": 70, "high": 70}  # two reports against one
    assert count["values"] == [{"value": {"low": 70, "high": 70}, "mentions": [2, 3]},
                               {"value": {"low": 60, "high": 60}, "mentions": [1]}]
    assert count["conflict"] is True
    assert (count["low"], count["high"]) == (60, 70)


def test_ties_go_to_the_earliest_report(ref: Ref) -> None:
    ms = [ref("late", count=(70, 70), published="2022-06-01", id=2),
          ref("early", count=(60, 60), published="2022-04-26", id=1)]
    assert merge_case(ms)["count"]["value"] == {"low": 60, "high": 60}


@pytest.mark.parametrize(("counts", "reading", "conflict"), [
    ([(60, 60), (24, 99)], (60, 60), False),  # "dozens" and 60 agree on 60
    ([(15, None), (15, 15)], (15, 15), False),  # "at least 15" and 15
    ([(100, None), (100, None)], (100, None), False),
    ([(60, 60), (70, 70)], (60, 70), True),
    ([(60, 60), (100, None)], (60, None), True),  # the high stays open
    ([(None, 50), (60, 60)], (50, 60), True),
    ([(3, 9)], (3, 9), False),
])
def test_case_count_reading(ref: Ref, counts: list, reading: tuple, conflict: bool) -> None:
    assert case_count([Range(*c) for c in counts]) == reading
    ms = [ref(f"d{i}", count=c, start=i) for i, c in enumerate(counts)]
    merged = merge_case(ms)["count"]
    assert (merged["low"], merged["high"]) == reading
    assert merged["conflict"] is conflict


def test_no_count_anywhere_is_unknown(ref: Ref) -> None:
    count = merge_case([ref("a"), ref("b")])["count"]
    assert count == {"value": None, "values": [], "conflict": False, "low": None, "high": None}


def test_spelling_variants_support_one_place_and_are_all_listed(ref: Ref) -> None:
    ms = [ref("a", place="Lugansk region", geo=False, id=1, published="2022-10-14"),
          ref("b", place="Luhansk region", geo=False, id=2, published="2022-11-20"),
          ref("c", place="Kursk region", id=3, published="2022-12-01")]
    place = merge_case(ms)["place"]
    assert place["value"] == "Lugansk region"  # the larger group, as first reported
    assert [v["value"] for v in place["values"]] == ["Lugansk region", "Luhansk region",
                                                     "Kursk region"]
    assert place["conflict"] is True


def test_a_place_within_another_is_no_conflict(ref: Ref) -> None:
    ms = [ref("a", place="Svatove", id=1), ref("b", place="Luhansk region", id=2)]
    place = merge_case(ms)["place"]
    assert place["conflict"] is False
    assert place["geo"]["name"] == "Svatove"


def test_list_fields_keep_every_item_with_its_mentions(ref: Ref) -> None:
    ms = [ref("a", outcomes=("dismissed",), sources=("Agora",), id=1, published="2022-03-01"),
          ref("b", outcomes=("threatened", "dismissed"), sources=("Pavel Chikov",), id=2,
              published="2022-03-02")]
    merged = merge_case(ms)
    assert merged["outcomes"]["value"] == ["dismissed", "threatened"]
    assert merged["outcomes"]["values"] == [{"value": "dismissed", "mentions": [1, 2]},
                                            {"value": "threatened", "mentions": [2]}]
    assert merged["outcomes"]["conflict"] is False  # a union: both are true of the group
    assert merged["sources"]["value"] == ["Agora", "Pavel Chikov"]
    assert merged["sources"]["conflict"] is False


def test_the_record_has_every_field_and_nothing_invented(ref: Ref) -> None:
    ms = [ref("a", actor="60 Pskov soldiers", count=(60, 60), home="Pskov", when="2022-03-01",
              unit="76th Division", id=1),
          ref("b", actor="some sixty paratroopers", force="airborne", count=(24, 99),
              home="Pskov region", id=2, start=5)]
    merged = merge_case(ms)
    assert [k for k in merged if k != "case"] == list(FIELDS)
    assert merged["force"]["conflict"] is True
    assert merged["unit"]["value"] == "76th Division"
    assert merged["when"] == {"value": {"start": "2022-03-01", "end": "2022-03-01"},
                              "values": [{"value": {"start": "2022-03-01", "end": "2022-03-01"},
                                          "mentions": [1]}], "conflict": False}
    assert merged["actor"]["conflict"] is False
    assert merged["case"]["mentions"] == [1, 2]
    assert merged["case"]["n_mentions"] == 2


def test_case_columns(ref: Ref) -> None:
    ms = [ref("a", count=(15, None), home="Pskov", place="Svatove", when="2023-02-24", id=1),
          ref("b", count=(15, 15), home="Pskov region", place="Luhansk region",
              when="2023-02-01/2023-02-28", id=2)]
    cols = case_columns(merge_case(ms))
    assert cols == {
        "type": "refusal", "force": "army", "count_low": 15, "count_high": 15,
        "when_start": date(2023, 2, 24), "when_end": date(2023, 2, 24), "home": "Pskov",
        "place": "Svatove", "place_lat": 49.4, "place_lon": 38.2, "n_mentions": 2,
        "n_origins": 2, "confidence": None,
    }


def test_case_confidence_is_the_highest_of_mentions_not_rejected(ref: Ref) -> None:
    ms = [ref("a", confidence=0.35, id=1), ref("b", confidence=0.8, id=2),
          ref("c", confidence=None, id=3)]
    merged = merge_case(ms)
    assert merged["case"]["confidence"] == 0.8
    assert case_columns(merged)["confidence"] == 0.8
    # the reviewer rejected b (by mention key): a still vouches for the case, c has no figure
    assert merge_case(ms, rejected={"b:0:refusal"})["case"]["confidence"] == 0.35
    assert case_confidence(ms, rejected={"a:0:refusal", "b:0:refusal"}) is None
    assert case_confidence([ref("a"), ref("b")]) is None  # no mention has a confidence
    assert case_confidence([]) is None


def test_a_record_merged_before_confidence_existed_has_none(ref: Ref) -> None:
    merged = merge_case([ref("a", confidence=0.9)])
    del merged["case"]["confidence"]  # as stored by an older otkaz
    assert case_columns(merged)["confidence"] is None


def test_personnel_and_outcomes_are_unions_and_never_conflict(ref: Ref) -> None:
    """Issue "Numbers people can publish" (3): mobilized + reservist, detained + forced_back."""
    ms = [ref("a", personnel=("mobilized", "reservist"), outcomes=("detained",), id=1,
              published="2023-10-16"),
          ref("b", personnel=("mobilized",), outcomes=("forced_back", "threatened"), id=2,
              published="2023-11-02", start=5)]
    merged = merge_case(ms)
    assert merged["personnel"]["value"] == ["mobilized", "reservist"]
    assert merged["personnel"]["conflict"] is False
    assert merged["outcomes"]["value"] == ["detained", "forced_back", "threatened"]
    assert merged["outcomes"]["conflict"] is False
    assert not is_conflict("outcomes", {"value": ["detained"], "conflict": True})  # stored flag


def test_counts_places_and_dates_still_conflict(ref: Ref) -> None:
    ms = [ref("a", count=(60, 60), place="Svatove", when="2022-03-01", id=1),
          ref("b", count=(70, 70), place="Kursk", when="2022-05-01", id=2, start=5)]
    merged = merge_case(ms)
    assert [f for f in FIELDS if is_conflict(f, merged[f])] == ["count", "place", "when"]
