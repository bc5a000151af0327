"""Count phrases as journalists write them, and numbers that are not counts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from otkaz.models import Range
from otkaz.normalize.counts import find_counts, parse_count

R = Range


@pytest.mark.parametrize(("phrase", "expected"), [
    # integers as stated
    ("60", R(60, 60)),
    ("1,146", R(1146, 1146)),
    ("12 employees of the riot police", R(12, 12)),
    ("twelve reservists", R(12, 12)),
    ("Fifteen paratroopers", R(15, 15)),
    ("eleven members of the unit", R(11, 11)),
    ("twenty-five sailors", R(25, 25)),
    ("twenty five sailors", R(25, 25)),
    ("a hundred soldiers", R(100, 100)),
    ("two hundred and fifty men", R(250, 250)),
    ("one thousand two hundred", R(1200, 1200)),
    ("three thousand", R(3000, 3000)),
    ("1.5 thousand troops", R(1500, 1500)),
    ("10,000 men", R(10000, 10000)),
    ("300 000 reservists", R(300_000, 300_000)),
    ("some 15-20 soldiers", R(15, 20)),
    ("a total of 1,200", R(1200, 1200)),
    ("the two soldiers", R(2, 2)),
    # approximate
    ("about 80 conscripts", R(80, 80)),
    ("approximately 300 servicemen", R(300, 300)),
    ("nearly 700", R(700, 700)),
    ("almost 40 mobilised men", R(40, 40)),
    ("Roughly 60 marines", R(60, 60)),
    ("around 20", R(20, 20)),
    ("some 150 soldiers", R(150, 150)),
    ("as many as 300 soldiers", R(300, 300)),
    ("about a dozen men", R(12, 12)),
    ("30 or so fighters", R(30, 30)),
    # open ranges
    ("more than 100", R(100, None)),
    ("More than a hundred mobilised men", R(100, None)),
    ("over 200 servicemen", R(200, None)),
    ("at least 15 contract soldiers", R(15, None)),
    ("upwards of 50", R(50, None)),
    ("no fewer than 30", R(30, None)),
    ("more than a dozen", R(12, None)),
    ("300 or more", R(300, None)),
    ("100+ soldiers", R(100, None)),
    ("up to 300 soldiers", R(None, 300)),
    ("no more than 20", R(None, 20)),
    ("at most five", R(None, 5)),
    ("fewer than 10 men", R(None, 10)),
    ("less than a hundred", R(None, 100)),
    ("under 40", R(None, 40)),
    # ranges
    ("30 to 50 soldiers", R(30, 50)),
    ("between 30 and 50 fighters", R(30, 50)),
    ("Between thirty and fifty fighters", R(30, 50)),
    ("from 40 to 60 marines", R(40, 60)),
    ("30-50 soldiers", R(30, 50)),
    ("30–50 soldiers", R(30, 50)),
    ("two or three soldiers", R(2, 3)),
    ("five to seven men", R(5, 7)),
    ("about 70 to 80 men", R(70, 80)),
    # vague quantities
    ("several officers", R(3, 9)),
    ("Several of our comrades", R(3, 9)),
    ("a few soldiers", R(3, 9)),
    ("a handful of conscripts", R(3, 9)),
    ("a couple of soldiers", R(2, 2)),
    ("a dozen reservists", R(12, 12)),
    ("half a dozen sailors", R(6, 6)),
    ("two dozen marines", R(24, 24)),
    ("dozens of mobilised men", R(24, 99)),
    ("Dozens of marines", R(24, 99)),
    ("several dozen soldiers", R(24, 99)),
    ("a few dozen men", R(24, 99)),
    ("tens of servicemen", R(24, 99)),
    ("hundreds of soldiers", R(200, 999)),
    ("several hundred troops", R(200, 999)),
    ("a few hundred", R(200, 999)),
    ("thousands of deserters", R(2000, 9999)),
    ("tens of thousands of men", R(20000, 99999)),
    ("a 30-strong unit", R(30, 30)),
    # one person
    ("a soldier", R(1, 1)),
    ("a serviceman who refused to fight", R(1, 1)),
    ("another soldier", R(1, 1)),
    ("one", R(1, 1)),
    ("one of the conscripts", R(1, 1)),
    ("a lieutenant from Sevastopol", R(1, 1)),
    ("a 23-year-old conscript from Tambov", R(1, 1)),
    ("a contract marine from the Pacific Fleet", R(1, 1)),
    ("a mobilised soldier from Yekaterinburg", R(1, 1)),
    ("a Russian officer", R(1, 1)),
    ("a major from Pskov", R(1, 1)),
    ("the serviceman", R(1, 1)),
    ("her son", R(1, 1)),
    ("a single soldier", R(1, 1)),
    # no count
    ("a group of border guards", None),
    ("some soldiers", None),
    ("many servicemen", None),
    ("the mobilised men of the regiment", None),
    ("soldiers of the 3rd battalion", None),
    ("a marine brigade", None),
    ("a volunteer battalion", None),
    ("a major offensive", None),
    ("our boys", None),
    ("", None),
])
def test_parse_count(phrase: str, expected: Range | None) -> None:
    assert parse_count(phrase) == expected


@pytest.mark.parametrize(("text", "found"), [
    ("On February 25, about 12 officers left.", [("about 12", R(12, 12))]),
    ("On 25 February 2022, 60 soldiers refused.", [("60", R(60, 60))]),
    ("Sept. 21 was when 40 men were called up.", [("40", R(40, 40))]),
    ("In 2022 he was charged under Article 337 and Article 338.", []),
    ("He faces Part 5 of Articles 337 and 338.", []),
    ("The 3rd battalion and the 1425th regiment lost a T-72.", []),
    ("Ivanov, 23, said he had served in military unit 12345.", []),
    ("A 23-year-old conscript was fined 100,000 rubles.", [("A 23-year-old conscript", R(1, 1))]),
    ("He was sentenced to five years; 30% of them agreed.", []),
    ("They left at 10:30 and walked 30 km in 12 hours.", []),
    ("Prices rose by $300 and 5 million roubles.", []),
    ("He was aged 19 at the time, the 1990s.", []),
    ("One day, no one came.", []),
    ("Between 30 and 50 fighters left on 24-25 February.", [("Between 30 and 50", R(30, 50))]),
    ("Some 2,000 soldiers and 300 officers refused.",
     [("Some 2,000", R(2000, 2000)), ("300", R(300, 300))]),
    ("A group of soldiers told a reporter that several dozen men fled.",
     [("several dozen", R(24, 99))]),
    ("Several days later, dozens of times, a few weeks after it.", []),
    ("2000 soldiers were sent in 2000.", [("2000", R(2000, 2000))]),
    ("On 25 February 300 000 men were called up.", [("300 000", R(300_000, 300_000))]),
    ("The 12 000-strong force left on the 3rd of March.", [("12 000", R(12_000, 12_000))]),
])
def test_find_counts(text: str, found: list[tuple[str, Range]]) -> None:
    assert [(text[s:e], r) for s, e, r in find_counts(text)] == found


@given(st.integers(min_value=0, max_value=10**12))
def test_any_integer_is_its_own_count(n: int) -> None:
    assert parse_count(str(n)) == R(n, n)
    assert parse_count(f"{n:,}") == R(n, n)


@given(st.integers(min_value=0, max_value=10**12))
def test_more_than_is_open_above(n: int) -> None:
    assert parse_count(f"more than {n:,}") == R(n, None)
    assert parse_count(f"up to {n:,} soldiers") == R(None, n)


@given(st.integers(min_value=0, max_value=999_999), st.integers(min_value=1, max_value=999))
def test_between_is_ordered(low: int, extra: int) -> None:
    assert parse_count(f"between {low} and {low + extra} men") == R(low, low + extra)


@given(st.text(alphabet=st.sampled_from(list("0123456789 ,.-+aboutmrehn%$")), max_size=30))
def test_ranges_are_ordered_and_offsets_slice_back(text: str) -> None:
    for start, end, rng in find_counts(text):
        assert 0 <= start < end <= len(text)
        assert text[start:end].strip() == text[start:end]
        assert rng.low is None or rng.high is None or rng.low <= rng.high


@given(st.integers(min_value=1, max_value=99_999),
       st.sampled_from(["About {} soldiers refused.", "Sources say {} men fled on Monday.",
                        "In March, {} marines deserted."]))
def test_found_count_holds_the_number(n: int, template: str) -> None:
    text = template.format(f"{n:,}")
    [(start, end, rng)] = find_counts(text)
    assert f"{n:,}" in text[start:end]
    assert rng == R(n, n)


@pytest.mark.parametrize(("text", "found"), [
    ("A recording of a conversation between a serviceman and his mother.",
     [("a serviceman", R(1, 1))]),
    ("Cases:\n1. Several officers left.\n2) Ten sailors fled.",
     [("Several", R(3, 9)), ("Ten", R(10, 10))]),
    ("Officials claim several hundred thousand men signed up.",
     [("several hundred thousand", R(200_000, 999_999))]),
])
def test_find_counts_edge_cases(text: str, found: list[tuple[str, Range]]) -> None:
    assert [(text[s:e], r) for s, e, r in find_counts(text)] == found


@pytest.mark.parametrize("text", [
    "Private Oleg Markov, 24, was jailed",
    "The man, 31, told reporters",
    "a sergeant, 45,",
])
def test_an_age_in_apposition_is_no_count(text):
    assert all(r.low not in (24, 31, 45) for *_, r in find_counts(text))


def test_a_number_after_a_month_is_still_a_count():
    assert [r for *_, r in find_counts("In April there were 30 cases; in May, 27.")] == [
        Range(30, 30), Range(27, 27)]


@pytest.mark.parametrize(("phrase", "expected"), [
    ("Half of the 40 mobilised men", R(20, 20)),
    ("a third of the 90 men", R(30, 30)),
    ("two thirds of their 60 comrades", R(40, 40)),
    ("more than half of the battalion's 300 soldiers", R(150, None)),
    ("fewer than half of the 40 men", R(None, 20)),
    ("two of the 40 men", R(2, 2)),  # a part counted by itself: no share
])
def test_a_share_of_a_number_is_the_count(phrase: str, expected: Range) -> None:
    assert parse_count(phrase) == expected


@given(st.integers(min_value=4, max_value=10**6), st.sampled_from(
    ["half", "a third", "a quarter", "two thirds", "three quarters"]))
def test_a_share_is_never_more_than_the_whole(whole: int, share: str) -> None:
    (found,) = find_counts(f"{share} of the {whole:,} soldiers")
    assert found[0] == 0 and found[2].low is not None and 0 < found[2].low <= whole
