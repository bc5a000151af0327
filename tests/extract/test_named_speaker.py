"""A named speaker set off before a relative's phrase ("Natalya, the sister of one of the
soldiers, told X") is the source, also when X is the publishing outlet and the parser took the
relative word for the subject; a relative with no name stays anonymous."""

from __future__ import annotations

from datetime import date

import pytest

from otkaz.extract import extract_documents
from otkaz.models import Document

TITLE = "News of the day\n"
EVENT = "Twenty mobilised men from Perm refused to fight near Bakhmut"

CASES = [
    (EVENT + ", Natalya, the sister of one of the soldiers, told Ural Bell.", "Ural Bell",
     ["Natalya"]),
    (EVENT + ", Natalya, the sister of one of the soldiers, said.", "Ural Bell", ["Natalya"]),
    (EVENT + '. "They will not go," Natalya, the sister of one of the soldiers, told Ural Bell.',
     "Ural Bell", ["Natalya"]),
    (EVENT + '. "They will not go," Olga Smirnova, the wife of one of the men, told River Post.',
     "River Post", ["Olga Smirnova"]),
    (EVENT + ", the sister of one of the soldiers told Ural Bell.", "Ural Bell", []),
    (EVENT + ", their lawyer Irina Petrova told Ural Bell.", "Ural Bell", ["Irina Petrova"]),
]


@pytest.mark.parametrize("text,outlet,sources", CASES)
def test_named_speaker_told_the_publisher(run, text, outlet, sources):
    doc = Document("d", TITLE + text, date(2023, 8, 3), outlet=outlet)
    report = next(extract_documents([doc]))
    assert len(report.incidents) == 1
    assert report.incidents[0].sources == sources
