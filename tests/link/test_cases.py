"""Linking mentions into cases: order independence, stable keys, no chaining, blocking."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta

import pytest

from otkaz.link import MentionRef, case_key, link_mentions, link_reports
from otkaz.link.cases import block_keys, components, date_buckets
from otkaz.link.features import profile
from otkaz.models import DateRange, Incident, Range, Report

Ref = Callable[..., MentionRef]


def _story(ref: Ref) -> list[MentionRef]:
    """Three invented cases told by six documents, plus two unrelated mentions."""
    return [
        # case 1: 60 soldiers from Pskov who refused in Belarus: own report, echo, later foreign
        ref("pskov-news", actor="60 Pskov soldiers", count=(60, 60), home="Pskov",
            place="Belarus", when="2022-02-24/2022-03-10", published="2022-04-26",
            outlet="Pskov News", start=10),
        ref("moscow-daily", actor="about 60 servicemen from the Pskov region", count=(60, 60),
            home="Pskov region", when="2022-02-24/2022-03-10", published="2022-04-27",
            sources=("Pskov News",), start=200),
        ref("foreign-paper", actor="some 70 soldiers from Pskov", count=(70, 70), home="Pskov",
            place="Belarus", when="2022-03-01/2022-03-31", published="2022-09-01", start=55),
        # case 2: mobilised men from Tomsk refusing near Svatove
        ref("pskov-news", actor="25 mobilised men from Tomsk", count=(25, 25), home="Tomsk",
            place="Svatove", when="2022-11-14", personnel=("mobilized",),
            published="2022-04-26", start=900),
        ref("siberian-wire", actor="roughly 25 Tomsk reservists", count=(25, 25), home="Tomsk",
            place="Luhansk region", when="2022-11-01/2022-11-30", personnel=("mobilized",),
            published="2022-12-02", start=40),
        # case 3: one document only
        ref("moscow-daily", actor="12 riot police officers from Omsk", force="rosgvardia",
            count=(12, 12), home="Omsk", when="2022-02-26", published="2022-04-27", start=700),
        # unrelated: the same home, but a year later and a different count
        ref("siberian-wire", actor="a conscript from Tomsk", type="desertion", count=(1, 1),
            home="Tomsk", when="2023-12-01/2023-12-31", published="2024-01-10", start=500),
        ref("kursk-post", actor="a soldier", count=(1, 1), published="2023-03-03", start=5),
    ]


def _expected(story: list[MentionRef]) -> list[set[str]]:
    k = [m.key for m in story]
    return [{k[0], k[1], k[2]}, {k[3], k[4]}, {k[5]}, {k[6]}, {k[7]}]


def _as_sets(result_cases: dict[str, list[MentionRef]]) -> list[set[str]]:
    return sorted(({m.key for m in ms} for ms in result_cases.values()), key=sorted)


def test_links_the_story(ref: Ref) -> None:
    story = _story(ref)
    result = link_mentions(story)
    assert _as_sets(result.cases) == sorted(_expected(story), key=sorted)


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4, 5])
def test_shuffled_input_gives_identical_cases_and_keys(ref: Ref, seed: int) -> None:
    story = _story(ref)
    reference = link_mentions(story)
    shuffled = story[:]
    random.Random(seed).shuffle(shuffled)
    result = link_mentions(shuffled)
    assert result.cases == reference.cases
    assert list(result.cases) == list(reference.cases)


def test_case_key_is_the_earliest_reports_key(ref: Ref) -> None:
    story = _story(ref)
    cases = link_mentions(story).cases
    assert case_key(story[0]) in cases  # Pskov News, published first
    assert [m.key for m in cases[case_key(story[0])]] == [story[0].key, story[1].key,
                                                          story[2].key]
    # the Tomsk case's earliest report is the later part of the first document
    assert case_key(story[3]) in cases


def test_mentions_of_one_document_are_never_merged(ref: Ref) -> None:
    twins = [ref("doc", actor="40 soldiers from Pskov", count=(40, 40), home="Pskov",
                 when="2022-03-01", start=s) for s in (0, 300)]
    assert len(link_mentions(twins).cases) == 2


def test_no_chaining_across_a_veto(ref: Ref) -> None:
    # a~b and b~c, but a and c disagree on the count (40 vs 60): c must not join a's case
    a = ref("a", actor="mobilised men from Pskov", count=(40, 40), home="Pskov",
            when="2022-10-11", unit="3rd battalion", start=1)
    b = ref("b", actor="mobilised men from Pskov", count=None, home="Pskov",
            when="2022-10-11", unit="3rd battalion", start=2)
    c = ref("c", actor="mobilised men from Pskov", count=(60, 60), home="Pskov",
            when="2022-10-11", unit="3rd battalion", start=3)
    for order in ([a, b, c], [c, b, a], [b, c, a]):
        sets = _as_sets(link_mentions(order).cases)
        assert {a.key, c.key} not in [s & {a.key, c.key} for s in sets]
        assert len(sets) == 2


def test_components_hold_the_chain_that_cases_split(ref: Ref) -> None:
    # the chain a~b~c of the test above is one component, in two cases; d links nothing
    a, b, c = (ref(k, actor="mobilised men from Pskov", count=n, home="Pskov",
                   when="2022-10-11", unit="3rd battalion", start=i)
               for i, (k, n) in enumerate((("a", (40, 40)), ("b", None), ("c", (60, 60)))))
    d = ref("d", actor="riot police from Omsk", force="rosgvardia", count=(12, 12),
            home="Omsk", when="2022-10-11", start=9)
    result = link_mentions([d, c, b, a])
    assert sorted(sorted(m.key for m in comp) for comp in result.components) == [
        sorted([a.key, b.key, c.key]), [d.key]]
    assert len(result.cases) == 3  # {a, b} or {b, c}, the other, and d


def test_components_are_the_connected_parts_of_the_edges() -> None:
    edges = [(-5.0, 0, 3), (-4.5, 3, 4), (-4.0, 1, 2)]
    assert components(6, edges) == [[0, 3, 4], [1, 2], [5]]
    assert components(3, []) == [[0], [1], [2]]


def test_duplicate_mention_keys_are_refused(ref: Ref) -> None:
    m = ref("a", start=1)
    with pytest.raises(ValueError, match="unique"):
        link_mentions([m, m])


def test_date_buckets_cover_near_partners(ref: Ref) -> None:
    dec = profile(ref("a", when="2022-12-28"))
    jan = profile(ref("b", when="2023-01-20"))
    assert set(date_buckets(dec)) & set(date_buckets(jan))
    undated = profile(ref("c", when=None, published="2023-02-01"))
    assert set(date_buckets(undated)) >= {"2022-11", "2022-12", "2023-01", "2023-02"}


def test_mentions_without_place_or_unit_probe_the_coarse_blocks(ref: Ref) -> None:
    member_of, probe_of = block_keys(profile(ref("a", count=(5, 5), when="2022-03-01")))
    assert probe_of and probe_of <= member_of
    member_of, probe_of = block_keys(profile(ref("b", home="Pskov", when="2022-03-01")))
    assert not probe_of and any(k[0] == "place" for k in member_of)


def _synthetic(n_cases: int, seed: int) -> tuple[list[MentionRef], dict[str, int]]:
    rnd = random.Random(seed)
    regions = [f"Region{chr(65 + i // 26)}{chr(65 + i % 26)}" for i in range(60)]
    refs, truth = [], {}
    for c in range(n_cases):
        home = rnd.choice(regions)
        start = date(2022, 3, 1) + timedelta(days=rnd.randrange(900))
        count = rnd.choice([3, 7, 12, 25, 40, 60, 100, 250])
        force = rnd.choice(["army", "army", "rosgvardia", "marines", "pmc"])
        for k in range(rnd.randint(1, 4)):
            doc = f"d{c}-{k}"
            inc = Incident(type="refusal", actor=f"{count} servicemen from {home}", force=force,
                           count=Range(count, count), home=home + (" region" if k % 2 else ""),
                           when=DateRange(start, start + timedelta(days=rnd.randrange(3))),
                           evidence=[(k, k + 30)])
            ref = MentionRef(f"{doc}:0:refusal", doc, inc,
                             start + timedelta(days=5 + rnd.randrange(100)))
            refs.append(ref)
            truth[ref.key] = c
    return refs, truth


def test_blocking_keeps_comparisons_far_below_all_pairs() -> None:
    refs, truth = _synthetic(300, seed=7)
    result = link_mentions(refs)
    n = len(refs)
    assert result.comparisons < n * (n - 1) / 2 / 20
    # and the synthetic cases come out right, but for rare look-alikes (same home, count, month)
    predicted = result.case_of()
    precision = recall = 0.0
    for key in truth:
        same_pred = {k for k in truth if predicted[k] == predicted[key]}
        same_true = {k for k in truth if truth[k] == truth[key]}
        precision += len(same_pred & same_true) / len(same_pred) / n
        recall += len(same_pred & same_true) / len(same_true) / n
    assert precision > 0.95 and recall > 0.95


def test_link_reports_sets_one_incident_id_per_case() -> None:
    def inc(actor: str, count: int, home: str, start: int) -> Incident:
        return Incident(type="refusal", actor=actor, force="army", count=Range(count, count),
                        home=home, when=DateRange(date(2022, 10, 11), date(2022, 10, 11)),
                        evidence=[(start, start + 20)])

    r1 = Report("one", [inc("about 40 mobilised men from Ivanovo", 40, "Ivanovo region", 0),
                        inc("a dozen reservists from Kostroma", 12, "Kostroma", 90)])
    r2 = Report("two", [inc("40 men from the Ivanovo region", 40, "Ivanovo", 15)])
    result = link_reports([r2, r1], {"one": date(2022, 10, 14), "two": date(2022, 11, 20)})
    ids = [r1.incidents[0].incident_id, r1.incidents[1].incident_id, r2.incidents[0].incident_id]
    assert ids[0] == ids[2] != ids[1]
    assert all(i in result.cases for i in ids)


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_shuffled_synthetic_input_gives_identical_cases(seed: int) -> None:
    refs, _ = _synthetic(120, seed=3)
    reference = link_mentions(refs).cases
    shuffled = refs[:]
    random.Random(seed).shuffle(shuffled)
    assert link_mentions(shuffled).cases == reference


def test_an_undated_report_months_later_meets_the_original(ref: Ref) -> None:
    first = ref("first", actor="at least 15 contract soldiers", count=(15, None), home="Pskov",
                published="2023-03-02", outlet="Open Barracks")
    later = ref("later", actor="at least 15 contract soldiers from Pskov", count=(15, None),
                home="Pskov region", published="2023-08-10", sources=("Open Barracks",),
                outlet="Kama Herald")
    assert not set(date_buckets(profile(first))) & set(date_buckets(profile(later)))
    result = link_mentions([first, later])
    assert len(result.cases) == 1 and result.comparisons == 1
