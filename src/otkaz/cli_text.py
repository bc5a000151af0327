"""How the command line words what it prints: counts with their nouns, and tidy help.

    >>> plural(1, "case"), plural(2, "case"), plural(0, "person", "people")
    ('1 case', '2 cases', '0 people')
    >>> shown_of(3, 7, "case")
    '3 of 7 cases'
"""

from __future__ import annotations

# nouns whose plural is not NOUN + "s"
_IRREGULAR = {"person": "people", "entry": "entries", "body": "bodies", "summary": "summaries"}


def noun(n: int, singular: str, plural_form: str | None = None) -> str:
    """`singular` or its plural, as `n` asks: noun(1, "case") -> "case"."""
    if n == 1:
        return singular
    return plural_form or _IRREGULAR.get(singular) or singular + "s"


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    """`n` with its noun: "1 case", "2 cases", "1 API token"."""
    return f"{n} {noun(n, singular, plural_form)}"


def shown_of(shown: int, total: int, singular: str) -> str:
    """A count that a limit may cut: "3 of 7 cases" when it did, else "7 cases"."""
    if shown >= total:
        return plural(total, singular)
    return f"{shown} of {total} {noun(total, singular)}"
