"""A figure compared with the past ("..., the highest monthly number since the start of the
invasion") covers its own period, not the time the comparison reaches back to."""

from __future__ import annotations

from datetime import date

import pytest

TITLE = "Court data\n"
PUBLISHED = date(2024, 7, 8)

CASES = [
    # text, period (start, end) of the one figure
    ("Garrison courts received 1,132 new cases under Article 337 of the Criminal Code "
     "(unauthorised abandonment of a unit) in June, the highest monthly number since the start "
     "of the full-scale invasion, according to Mediazona.",
     (date(2024, 6, 1), date(2024, 6, 30))),
    ("Garrison courts received 940 new cases under Article 337 in May, the most since "
     "mobilisation was announced, Mediazona found.", (date(2024, 5, 1), date(2024, 5, 31))),
    ("Courts registered 870 new desertion cases in April, the largest monthly figure since "
     "September 2022, Mediazona found.", (date(2024, 4, 1), date(2024, 4, 30))),
    # a plain "since" is the period
    ("Courts have heard more than 7,000 cases of leaving a unit without permission since "
     "September 2022, according to Mediazona.", (date(2022, 9, 1), PUBLISHED)),
]


@pytest.mark.parametrize("text,period", CASES)
def test_comparison_is_not_the_period(run, only_figure, text, period):
    figure = only_figure(run(TITLE + text, published=PUBLISHED))
    assert figure.period is not None
    assert (figure.period.start, figure.period.end) == period
