"""The language resource files: they parse, their word lists are clean, their regexes compile.

    $ pytest tests/lang -q
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from otkaz.errors import ExtractError, OtkazError, ResourceError
from otkaz.lang import (
    ROOT,
    alternation,
    alternatives,
    expand,
    join_pieces,
    pattern,
    phrases,
    resource,
    word_set,
)

FILES = sorted(ROOT.glob("*/*.toml"))
IDS = [f"{p.parent.name}/{p.stem}" for p in FILES]


def _lists(data: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """(where, entries) of every word list of one file: [words], [phrases], [alternatives]."""
    out = []
    for table in ("words", "phrases", "alternatives"):
        for key, value in data.get(table, {}).items():
            out.append((f"[{table}] {key}", value.split() if isinstance(value, str) else value))
    return out


def _regexes(data: dict[str, Any]) -> list[tuple[str, str]]:
    """(where, source) of every regex of one file: [patterns], [alternatives], rule patterns;
    a `{name}` in a rule is filled in from the file's own [patterns] / [alternatives]."""
    patterns = {k: join_pieces(v) for k, v in data.get("patterns", {}).items()}
    alts = {k: "(?:" + "|".join(v) + ")" for k, v in data.get("alternatives", {}).items()}
    out = [(f"[patterns] {k}", v) for k, v in patterns.items()]
    out += [(f"[alternatives] {k}", v) for k, v in alts.items()]
    for table, body in data.items():  # other tables of regex lists, label -> alternatives
        if isinstance(body, dict) and table not in ("words", "phrases", "alternatives",
                                                     "patterns"):
            out += [(f"[{table}] {k}", "(?:" + "|".join(v) + ")") for k, v in body.items()
                    if isinstance(v, list) and v and all(isinstance(x, str) for x in v)]
    for table, body in data.items():
        if isinstance(body, list):
            out += [(f"[[{table}]] #{i}", expand(join_pieces(rule["pattern"]), patterns | alts))
                    for i, rule in enumerate(body) if "pattern" in rule]
    return out


def test_there_are_files() -> None:
    assert len(FILES) >= 10, FILES


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_file_parses_and_has_content(path: Path) -> None:
    data = resource(path.parent.name, path.stem)
    assert data, f"{path} is empty"
    assert _lists(data) or _regexes(data), f"{path} has no word list and no regex"


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_word_lists_are_clean(path: Path) -> None:
    for where, entries in _lists(resource(path.parent.name, path.stem)):
        assert entries, f"{path.name} {where} is empty"
        assert all(isinstance(e, str) for e in entries), f"{path.name} {where}: not strings"
        assert all(e and e == e.strip() for e in entries), (
            f"{path.name} {where}: empty entry or leading/trailing space: "
            f"{[e for e in entries if not e or e != e.strip()]}")
        dupes = sorted(e for e, n in Counter(entries).items() if n > 1)
        assert not dupes, f"{path.name} {where}: duplicates {dupes}"


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_regexes_compile(path: Path) -> None:
    for where, source in _regexes(resource(path.parent.name, path.stem)):
        try:
            re.compile(source)
        except re.error as e:
            pytest.fail(f"{path.name} {where} does not compile: {e}")


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_each_alternative_compiles_alone(path: Path) -> None:
    """An element cut off inside a group ('front(?:-', ' )?line') joins back fine but is wrong."""
    for key, items in resource(path.parent.name, path.stem).get("alternatives", {}).items():
        for item in items:
            try:
                re.compile(item)
            except re.error as e:
                pytest.fail(f"{path.name} [alternatives] {key}: {item!r} does not compile: {e}")


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_tables_of_words_have_clean_keys(path: Path) -> None:
    """Tables keyed by a word ([trigger_verbs] ...): keys have no spaces around them."""
    data = resource(path.parent.name, path.stem)
    for table, body in data.items():
        if table in ("words", "phrases", "alternatives", "patterns") or not isinstance(
                body, dict):
            continue
        assert body, f"{path.name} [{table}] is empty"
        assert all(k and k == k.strip() for k in body), f"{path.name} [{table}]: bad key"


@pytest.mark.parametrize(("call", "expected"), [
    (lambda: word_set("en", "polarity", "conditional_marks"),
     frozenset({"if", "unless", "whether", "lest"})),
    (lambda: phrases("en", "triggers", "rather_cues")[:2], ("rather than", "instead of")),
    (lambda: pattern("en", "figures", "help"), r"\bhelp(?:ed|s|ing)?\b"),
    (lambda: alternation("en", "figures", "tally_cues").split("|")[:2], ["since", "so far"]),
    (lambda: alternatives("en", "prefilter", "strong")[0], r"refus\w*"),
    (lambda: expand(r"x|{a}{0,3}", {"a": "y"}), r"x|y{0,3}"),
])
def test_readers(call: Any, expected: Any) -> None:
    assert call() == expected


@pytest.mark.parametrize(("call", "code", "says"), [
    (lambda: resource("en", "no_such_topic"), "E210", "en/no_such_topic.toml"),
    (lambda: resource("xx", "actors"), "E210", "xx/actors.toml"),
    (lambda: word_set("en", "actors", "no_such_list"), "E212", "[words] no_such_list"),
    (lambda: pattern("en", "actors", "person_nouns"), "E212", "[patterns] person_nouns"),
])
def test_missing_resource_is_a_clear_error(call: Any, code: str, says: str) -> None:
    with pytest.raises(ResourceError) as info:
        call()
    assert info.value.code == code
    assert says in str(info.value)
    assert isinstance(info.value, ExtractError | OtkazError)


def test_invalid_toml_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import otkaz.lang as lang

    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "broken.toml").write_text("[words\nx = 'a'\n", encoding="utf-8")
    monkeypatch.setattr(lang, "ROOT", tmp_path)
    lang.resource.cache_clear()
    try:
        with pytest.raises(ResourceError, match=r"E211.*en/broken.toml is not valid TOML"):
            lang.resource("en", "broken")
    finally:
        lang.resource.cache_clear()
