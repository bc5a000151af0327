"""Per-language vocabulary: word lists and regex pieces read from `lang/<lang>/<name>.toml`.

    >>> "soldier" in word_set("en", "actors", "person_nouns")
    True

The rules live in Python; the words journalists use live in these files, so that a new
wording is a one-line change to data. Each file is grouped by topic and has up to four
tables, each with its own reader here:

- `[words]`: word lists, a whitespace-separated string (or an array) -> `word_set`;
- `[phrases]`: ordered lists of phrases that may contain spaces -> `phrases`;
- `[alternatives]`: regex vocabularies, one alternative per element (an element may use
  regex syntax such as `Defen[cs]e`) -> `alternation` joins them with `|`;
- `[patterns]`: whole regular expressions -> `pattern`; an array is concatenated, so a
  long pattern can be written in pieces (pieces are joined with nothing in between).

Other tables (e.g. `[trigger_verbs]`, `[[outcome_rules]]`) are read with `resource` by the
module that knows their shape. Files are parsed once per process (`functools.cache`).
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import ResourceError

__all__ = ["ResourceError", "alternation", "alternatives", "entry", "expand", "join_pieces",
           "pattern", "phrases", "resource", "word_set"]

ROOT = Path(__file__).resolve().parent


@cache
def resource(lang: str, name: str) -> dict[str, Any]:
    """The parsed `lang/<lang>/<name>.toml`; raises ResourceError if it is missing or invalid.

    >>> sorted(resource("en", "triggers"))[:2]
    ['person_trigger_nouns', 'phrases']
    """
    path = ROOT / lang / f"{name}.toml"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ResourceError(f"no language resource {lang}/{name}.toml (looked for {path})",
                            "E210") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ResourceError(f"language resource {lang}/{name}.toml is not valid TOML: {e}",
                            "E211") from None


def entry(lang: str, name: str, table: str, key: str) -> Any:
    """`[table] key` of one resource file; raises ResourceError if it is not there.

    >>> entry("en", "polarity", "words", "denial_heads").split()[0]
    'deny'
    """
    try:
        return resource(lang, name)[table][key]
    except KeyError:
        raise ResourceError(f"language resource {lang}/{name}.toml has no [{table}] {key}",
                            "E212") from None


@cache  # rules ask for their lists per token; the set is built once
def word_set(lang: str, name: str, key: str) -> frozenset[str]:
    """A `[words]` list as a set.

    >>> sorted(word_set("en", "polarity", "conditional_marks"))
    ['if', 'lest', 'unless', 'whether']
    """
    value = entry(lang, name, "words", key)
    return frozenset(value.split() if isinstance(value, str) else value)


def phrases(lang: str, name: str, key: str) -> tuple[str, ...]:
    """A `[phrases]` list, in file order.

    >>> phrases("en", "triggers", "rather_cues")[0]
    'rather than'
    """
    return tuple(entry(lang, name, "phrases", key))


def alternatives(lang: str, name: str, key: str) -> tuple[str, ...]:
    """An `[alternatives]` list, in file order, for code that wraps each element itself.

    >>> alternatives("en", "figures", "tally_cues")[:2]
    ('since', 'so far')
    """
    return tuple(entry(lang, name, "alternatives", key))


def expand(source: str, names: dict[str, str]) -> str:
    """`source` with each `{name}` replaced by `names[name]` (regex quantifiers such as
    `{0,3}` hold no letters, so they never clash).

    >>> expand("a|{rank}", {"rank": "majors?"})
    'a|majors?'
    """
    for name, value in names.items():
        source = source.replace("{" + name + "}", value)
    return source


def alternation(lang: str, name: str, key: str) -> str:
    """An `[alternatives]` list joined with `|`, to put inside a group of a regex.

    >>> alternation("en", "figures", "tally_cues").split("|")[0]
    'since'
    """
    return "|".join(entry(lang, name, "alternatives", key))


def pattern(lang: str, name: str, key: str) -> str:
    """A `[patterns]` regex source; an array of pieces is concatenated.

    >>> pattern("en", "figures", "help")
    '\\\\bhelp(?:ed|s|ing)?\\\\b'
    """
    return join_pieces(entry(lang, name, "patterns", key))


def join_pieces(value: str | list[str]) -> str:
    """A regex written as one string or as an array of pieces, as one string."""
    return value if isinstance(value, str) else "".join(value)
