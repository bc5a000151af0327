"""Compiled Russian vocabularies from `lang/ru/*.toml`: one regex per list, built once.

    >>> bool(rx("triggers", "alternatives", "desertion").search("он дезертировал"))
    True
"""

from __future__ import annotations

import functools
import re

from otkaz.lang import resource


def low(text: str) -> str:
    """Lowercase with ё written е: the form every Russian regex here is matched against
    (same length as `text`, so offsets carry over)."""
    return text.lower().replace("ё", "е")


@functools.cache
def rx(name: str, table: str, key: str) -> re.Pattern[str]:
    """The list `[table] key` of `lang/ru/<name>.toml` as one regex of alternatives, each
    anchored at a word start."""
    items = resource("ru", name)[table][key]
    return re.compile(r"(?<![\w-])(?:" + "|".join(items) + ")")


def table_rx(name: str, table: str) -> dict[str, re.Pattern[str]]:
    """Every list of `[table]` as a regex, by key (in file order)."""
    return {key: rx(name, table, key) for key in resource("ru", name)[table]}


def other_side(lowered: str) -> bool:
    """Ukraine's forces named and Russia's not (`polarity.toml`): the other side's servicemen.

        >>> other_side("украинские суды осудили за дезертирство 300 военнослужащих всу")
        True
    """
    return bool(rx("polarity", "alternatives", "ukrainian_forces").search(lowered)) and not (
        rx("polarity", "alternatives", "russian_side").search(lowered))
