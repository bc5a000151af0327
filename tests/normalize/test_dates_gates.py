"""The gates that let `find_dates` skip a finder: each is a necessary condition for its
finder, so skipping never changes what is found (and they do turn down plain sentences)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from otkaz.models import DateRange
from otkaz.normalize import dates as D

PUB = date(2023, 6, 14)

WORDS = [
    # dates and their parts
    "25", "3rd", "11th", "2022", "2023", "1999", "12", "7", "05.03.2022", "2022-10-11", "1/2/2023",
    "March", "may", "Sept.", "sep", "Oct", "February", "June", "december", "Jan.",
    "Monday", "friday", "Sunday", "spring", "summer", "autumn", "fall", "winter",
    "today", "tonight", "yesterday", "tomorrow", "night", "morning", "evening", "afternoon",
    "day", "days", "week", "weeks", "weekend", "month", "months", "year", "years", "ago",
    # their company
    "the", "of", "in", "on", "last", "this", "next", "past", "previous", "recent", "few",
    "early", "mid", "mid-", "late", "beginning", "start", "middle", "end", "close", "first",
    "second", "third", "fourth", "half", "quarter", "very", "ten", "a", "two", "couple",
    "since", "after", "following", "before", "into", "within", "ever", "from", "between",
    "and", "to", "until", "till", "through", "-", "–", "—", "so", "far", "current",
    "war", "full-scale", "invasion", "Ukraine", "special", "military", "operation",
    "mobilisation", "mobilization", "partial", "announced", "announcement", "mutiny",
    "Wagner's", "rebellion", "incursion", "offensive", "Kursk", "when", "Russia", "invaded",
    "attacked", "began", "Putin", "outbreak", "onset",
    # plain words, punctuation, and the letters that IGNORECASE folds to ASCII ones
    "men", "refused", "soldiers", "said", "toward", "story", "into", ",", ".", "(", "\"",
    "ſeptember", "\u212aursk", "İn", "ı", "Ṁarch",
]
CASES = [str, str.lower, str.upper, str.title]


PREFIXES = ["", "", "in ", "on ", "since ", "after ", "last ", "this ", "next ", "early ", "mid-",
            "late ", "the end of ", "the close of ", "the first half of ", "the second half of ",
            "the third quarter of ", "the last days of ", "between ", "from ", "ever since ",
            "two weeks after ", "a few days before ", "the week after ", "within days of ",
            "the beginning of ", "the start of ", "the middle of ", "the first days of "]
CORES = ["March", "may", "Sept.", "Oct", "February", "December", "spring", "summer", "autumn",
         "fall", "winter", "2022", "1999", "the year", "25 February", "February 25", "3rd of June",
         "Monday", "Friday night", "sunday", "today", "tonight", "yesterday", "tomorrow",
         "last night", "this morning", "the war", "the full-scale invasion", "mobilisation",
         "partial mobilization", "the mutiny", "the rebellion", "the incursion into Kursk",
         "the special military operation", "when the war began", "when Russia invaded Ukraine",
         "when Putin announced mobilisation", "last week", "the weekend", "next month",
         "this year", "the past two weeks", "recent months", "3 days ago", "a week ago",
         "05.03.2022", "1/2/2023", "2022-10-11", "10-12 October", "October 10 to 12"]
SUFFIXES = ["", "", " 2023", ", 2022", " of 2021", " to May", " – 5 June", " — July",
            " until 2024", " and 12 October", " - 2023", " through autumn", " till Monday",
            " onwards", "/23"]
FILLERS = ["men", "refused", "said", "toward", "story", "into", "the", "and", "to", "of", ",",
           ".", "(", "\"", "ſeptember", "\u212aursk", "İn", "ı", "Ṁarch"]
CASES = [str, str, str.lower, str.upper, str.title]


@st.composite
def sentences(draw: st.DrawFn) -> str:
    """Date phrases built from prefixes, cores and suffixes, among words and punctuation."""
    phrase = st.builds(lambda p, c, s: p + c + s, st.sampled_from(PREFIXES),
                       st.sampled_from(CORES), st.sampled_from(SUFFIXES))
    pieces = draw(st.lists(st.tuples(st.one_of(phrase, st.sampled_from(FILLERS + WORDS)),
                                     st.sampled_from(CASES),
                                     st.sampled_from([" ", " ", " ", "", "  ", "\n", ", "])),
                           min_size=1, max_size=8))
    return "".join(case(w) + sep for w, case, sep in pieces)


# The finders by position in `_SCANS`, each with sentences it matches: one for every word its
# gate looks for, so a gate that lost a word fails here.
NEEDED = {
    0: ["2 to 5 June", "June 2-5", "Sept 2 and 5"],
    1: ["25 February", "Jan. 5", "05.03.2022", "2022-10-11", "two weeks ago"],
    2: [f"{p} {m}" for p in ("early", "mid", "late", "the beginning of", "the start of",
                             "the end of", "the close of", "the first days of",
                             "the last days of", "the second half of", "the third quarter of",
                             "the fourth quarter of") for m in ("March", "May", "October")],
    3: ["today", "tonight", "yesterday", "tomorrow", "last night", "this morning",
        "this afternoon", "this evening", "earlier today"],
    4: ["last week", "next month", "this year", "the weekend"],
    5: [w.title() for w in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                            "sunday")],
    6: ["the past two weeks", "recent months", "the last few days", "the previous year"],
    7: ["March 2023", "December of 1999", "May 1950", "June 2049", "Sept. 2022", "Dec 2023"],
    8: ["in January", "since February", "by March", "until April", "mid May", "in June",
        "in July", "in August", "in September", "in October", "in November", "in December"],
    9: ["in 2023", "the end of 2022", "mid-2024", "in 1950", "in 2049"],
    10: [f"last {s}" for s in ("spring", "summer", "autumn", "fall", "winter")],
    11: ["the start of the war", "the beginning of the invasion", "the outbreak of the war",
         "the first days of the special military operation", "the start of mobilisation",
         "the start of the mutiny", "the onset of the rebellion",
         "the start of the incursion into Kursk", "when Russia invaded Ukraine",
         "when Russia attacked Ukraine", "when Putin announced mobilisation"],
    12: ["two days after the war", "three weeks before mobilisation", "two months into the war"],
    13: ["since the war", "after mobilisation", "following the mutiny"],
    14: ["days after the war", "the week following mobilisation", "the month of March"],
    15: ["between 10 March and 12 March"],
    16: ["from March to May", "from 2022 until 2023"],
    17: ["March - May", "March – May", "March — May", "March to May", "March until May",
         "March till May", "March through May"],
}


@pytest.mark.parametrize(("i", "text"), [(i, t) for i, texts in NEEDED.items() for t in texts])
def test_each_gate_lets_its_finder_through(i: int, text: str) -> None:
    finder, gate = D._SCANS[i]
    assert finder.search(text) is not None
    low = D._lowered(text)
    assert low is not None and gate(text, low)


def reference_candidates(text: str) -> tuple[tuple[int, int], ...]:
    """What `_candidates` finds with every finder run (no gates)."""
    found: set[tuple[int, int]] = set()
    for finder in D._FINDERS:
        for m in finder.finditer(text):
            core = next((g for g in ("core", "core2") if m.groupdict().get(g)), None)
            start, end = m.span(core) if core else m.span()
            if start < end and (start == 0 or not text[start - 1].isalnum()) and (
                    end == len(text) or not text[end].isalnum()):
                found.add((start, end))
    return tuple(sorted(found, key=lambda c: (c[0] - c[1], c[0])))


@settings(max_examples=600, deadline=None)
@given(sentences())
def test_a_gate_never_turns_down_a_sentence_its_finder_matches(text: str) -> None:
    low = D._lowered(text)
    for i, (finder, gate) in enumerate(D._SCANS):
        if finder.search(text) is not None:
            assert low is None or gate(text, low), (i, finder.search(text))


@settings(max_examples=300, deadline=None)
@given(sentences())
def test_gated_candidates_are_the_ungated_ones(text: str) -> None:
    D._candidates.cache_clear()
    assert D._candidates(text) == reference_candidates(text)


@pytest.mark.parametrize("text", [
    "On 25 February, 12 men refused.",
    "Between 10 and 12 October 2022, soldiers of the unit refused to go to the front.",
    "From March to May 2023 they deserted; from 2 to 5 June more did.",
    "September 2022 - November 2022 saw most cases, two weeks after mobilisation was announced.",
    "In the first days of the war, since the start of the invasion, and last autumn.",
    "They went to Kursk at the end of 2023 and in mid-March, within days of the mutiny.",
    "The men (reservists) were sent to the front late on Monday night, 3 days ago.",
    "Since the incursion into \u212aursk in August, in ſeptember and İn March 2024.",
])
def test_find_dates_is_what_every_finder_would_find(text: str) -> None:
    D._candidates.cache_clear()
    assert D._candidates(text) == reference_candidates(text)
    assert D._candidates(text)  # each has dates, so the gates had to let some finder through


@pytest.mark.parametrize("text", [
    "The men said they would not go back to the front.",
    "Relatives have written to the military prosecutor and to the ombudsman.",
    "Their families say officers visited them and threatened them with prosecution.",
])
def test_a_sentence_without_dates_runs_no_finder(text: str) -> None:
    low = D._lowered(text)
    assert low is not None
    assert [i for i, (_, gate) in enumerate(D._SCANS) if gate(text, low)] == []
    assert D.find_dates(text, PUB) == []


@pytest.mark.parametrize(("text", "lowered"), [
    ("Last Monday", "last monday"),
    ("in ſeptember", None),  # long s: IGNORECASE reads it as "s"
    ("\u212aursk", None),  # Kelvin sign
    ("İn March", None),  # its lower case is two characters
    ("ın March", None),  # dotless i
    ("Ṁarch – May", "ṁarch – may"),  # folds to no ASCII letter: the gates stay on
])
def test_gates_are_off_where_lower_case_and_ignorecase_disagree(text: str,
                                                               lowered: str | None) -> None:
    assert D._lowered(text) == lowered


def test_the_letters_that_switch_gates_off_are_all_that_fold_to_ascii() -> None:
    ascii_letter = re.compile("[a-z]", re.IGNORECASE)
    folding = {chr(c) for c in range(128, 0x110000) if ascii_letter.match(chr(c))}
    assert folding == set(D._FOLDS_TO_ASCII)
    assert all(len(chr(c).lower()) == 1 for c in range(0x110000) if chr(c) not in folding)


@pytest.mark.parametrize(("text", "expected"), [
    ("Kelvin-sign \u212aursk: since the incursion into \u212aursk, they refused.",
     [("since the incursion into \u212aursk", DateRange(date(2024, 8, 6), date(2024, 8, 6)))]),
    ("From 2 to 5 June, and on 25 February.",
     [("2 to 5 June", DateRange(date(2023, 6, 2), date(2023, 6, 5))),
      ("25 February", DateRange(date(2023, 2, 25), date(2023, 2, 25)))]),
])
def test_find_dates_with_and_without_gates(text: str,
                                           expected: list[tuple[str, DateRange]]) -> None:
    D._candidates.cache_clear()
    assert [(text[s:e], r) for s, e, r in D.find_dates(text, PUB)] == expected
