"""Every value comes from a span of the original text; the text is never altered."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

ACTORS = ["Twelve marines from Omsk", "About 40 mobilised men from the Kirov region",
          "Several sailors of the Pacific Fleet", "A conscript from Tula", "Dozens of reservists"]
VERBS = ["refused to attack near Bakhmut", "left their unit without permission",
         "refused to go to the front in early May", "deserted in March"]
TAILS = ["", ", the site Sea Post reported", ", according to the group Free Barracks",
         ", citing relatives, the newspaper Ural Bell said"]
AFTER = ["", " They were fired.", " Three of them were sentenced.", " The men were detained."]
NOISE = ["\u00a0", "  ", "\t", " — ", "“", "”", "é"]


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=0, max_value=10_000))
def test_spans_slice_the_original_text(run, seed):
    rng = random.Random(seed)
    lead = rng.choice(NOISE) * rng.randint(0, 2)
    text = (f"Title{rng.choice(NOISE)}\n{lead}{rng.choice(ACTORS)} {rng.choice(VERBS)}"
            f"{rng.choice(TAILS)}.{rng.choice(AFTER)}\n")
    original = str(text)
    report = run(text)
    assert text == original
    for item in [*report.incidents, *report.figures]:
        assert item.evidence
        for start, end in [*item.evidence, *item.spans.values()]:
            assert text[start:end].strip()
    for incident in report.incidents:
        if incident.actor:
            start, end = incident.spans["actor"]
            assert text[start:end] == incident.actor
        for key in ("home", "place", "unit"):
            value = getattr(incident, key)
            if value:
                assert text[slice(*incident.spans[key])] == value
        for i, source in enumerate(incident.sources):
            span = incident.spans.get(f"sources.{i}")
            assert span is None or text[slice(*span)] == source
