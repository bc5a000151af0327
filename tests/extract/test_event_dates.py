"""A later sentence that names the event ("the escape took place on ...") dates the case."""

from __future__ import annotations

from datetime import date

import pytest

from otkaz.extract import extract_documents
from otkaz.models import DateRange, Document

PUB = date(2023, 6, 2)


@pytest.mark.parametrize(("text", "when"), [
    ("A group of 30 servicemen fled with their weapons from the front. This is reported by the "
     "newspaper Vesti. The alleged escape took place on Wednesday, May 24.",
     DateRange(date(2023, 5, 24), date(2023, 5, 24))),
    ("Twelve marines refused to go on the attack, their wives said. Their refusal came on "
     "April 3, after a week of shelling.",
     DateRange(date(2023, 4, 3), date(2023, 4, 3))),
    ("Five contract soldiers from Tver deserted from their unit, their relatives said. It "
     "happened on May 28, after the unit was ordered to advance.",
     DateRange(date(2023, 5, 28), date(2023, 5, 28))),
    # "it" names the event only right after it is told
    ("Five contract soldiers from Tver deserted from their unit, their relatives said. The "
     "relatives wrote to the governor. It happened on May 28, they said.", None),
    # a date in a sentence about something else is no date of the case
    ("Twelve marines refused to go on the attack, their wives said. The court will sit on "
     "April 3.", None),
])
def test_event_named_later_dates_the_case(text: str, when: DateRange | None) -> None:
    (report,) = extract_documents([Document("t", text, PUB)], verify=False)
    (inc,) = report.incidents
    assert inc.when == when
    if when is not None:
        a, b = inc.spans["when"]
        assert text[a:b].endswith(("May 24", "April 3", "May 28"))
