"""Corroboration versus echo: independent origins behind the mentions of a case."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from otkaz.link import (
    MentionRef,
    chain_text,
    citations,
    count_origins,
    mention_origins,
    origin_names,
)

Ref = Callable[..., MentionRef]

OWN = ((None, "anonymous", None),)  # "according to our sources"


@pytest.mark.parametrize(("mentions", "origins"), [
    # outlet A's own report + outlet B citing A: one origin, two mentions
    ([{"outlet": "Pskov Province", "chain": OWN},
      {"outlet": "Meduza", "chain": (("Meduza", "outlet", 1), ("Pskov Province", "outlet", None))}],
     1),
    # the same echo when A's own source is a named person
    ([{"outlet": "Pskov Province", "chain": (("Ivan Petrov", "person", None),)},
      {"outlet": "Meduza", "chain": (("Pskov Province", "outlet", None),)}],
     1),
    # a three-step echo: C citing B citing A
    ([{"outlet": "Pskov Province", "chain": OWN},
      {"outlet": "Meduza", "chain": (("Pskov Province", "outlet", None),)},
      {"outlet": "Kyiv Post", "chain": (("Meduza", "outlet", 1), ("Pskov Province", "outlet",
                                                                  None))}],
     1),
    # two outlets with their own sources: two origins
    ([{"outlet": "Pskov Province", "chain": OWN}, {"outlet": "Agora Daily", "chain": OWN}], 2),
    # two outlets quoting the same lawyer: one origin
    ([{"outlet": "Kama Herald", "chain": (("Yelena Markova", "person", None),)},
      {"outlet": "Chernozem Daily", "chain": (("Yelena Markova", "person", None),)}], 1),
    # one article crediting two sources with no citation between them: one origin, as no
    # citation shows them independent (issue "Numbers people can publish", 2)
    ([{"outlet": "Caucasus Line", "chain": (("Kavkaz Monitor", "outlet", None),
                                            ("a relative", "anonymous", None))}], 1),
    # ... while the same two sources, each in its own outlet's report, are two
    ([{"outlet": "Caucasus Line", "chain": (("Kavkaz Monitor", "outlet", None),)},
      {"outlet": "Terek Post", "chain": (("Ruslan Dzhabrailov", "person", None),)}], 2),
    # no chain: named sources are the origins, else the outlet, else the document
    ([{"outlet": "X", "sources": ("Agora",)}, {"outlet": "Y", "sources": ("Agora",)}], 1),
    ([{"outlet": None}, {"outlet": None}], 2),
    ([{"outlet": "Open Barracks"}, {"outlet": "Open Barracks"}], 1),
    # an outlet cited under a shorter form of its name is still the same origin
    ([{"outlet": "Volga Courier Europe", "chain": OWN},
      {"outlet": "Kyiv Post", "sources": ("Volga Courier",)}], 1),
    ([{"outlet": "Volga Courier", "chain": OWN},
      {"outlet": "Kyiv Post", "chain": (("Volga Courier Europe", "outlet", None),)}], 1),
    # ... but a name that merely shares a first word is another outlet
    ([{"outlet": "Volga Courier", "chain": OWN},
      {"outlet": "Kyiv Post", "sources": ("Volga Herald",)}], 2),
])
def test_count_origins(ref: Ref, mentions: list[dict], origins: int) -> None:
    refs = [ref(f"doc{i}", start=i, **m) for i, m in enumerate(mentions)]
    assert count_origins(refs) == origins
    assert count_origins(list(reversed(refs))) == origins
    assert len(origin_names(refs)) == origins


def test_anonymous_origin_counts_by_document_when_the_outlet_is_unknown(ref: Ref) -> None:
    m = ref("doc7", chain=OWN)
    assert mention_origins(m) == {"document:doc7"}


def test_origin_names_are_readable(ref: Ref) -> None:
    refs = [ref("a", outlet="Pskov Province", chain=OWN),
            ref("b", outlet="Meduza", chain=(("Pskov Province", "outlet", None),)),
            ref("c", outlet="The Moscow Times", chain=(("Agora", "organisation", None),))]
    assert sorted(origin_names(refs)) == ["agora", "pskov province"]


@pytest.mark.parametrize(("chain", "origins"), [
    # "Siberian Wire, citing relatives": the relatives are Siberian Wire's origin
    ((("Siberian Wire", "outlet", 1), (None, "anonymous", None)), {"name:siberian wire"}),
    # an unresolved "the site" beside a named source adds nothing
    ((("Siberian Wire", "outlet", None), (None, "outlet", None)), {"name:siberian wire"}),
    # a relay through an unnamed link still finds the named one
    ((("Agora", "organisation", 1), (None, "person", 2), (None, "anonymous", None)),
     {"name:agora"}),
    # two named ends are two origins
    ((("Agora", "organisation", None), ("Pavel Chikov", "person", None)),
     {"name:agora", "name:pavel chikov"}),
])
def test_mention_origins(ref: Ref, chain: tuple, origins: set[str]) -> None:
    assert mention_origins(ref("doc", outlet="Volga Post", chain=chain)) == origins


SIBERIAN_WIRE = ({"name": "Siberian Wire", "kind": "person", "cites": 1},
                 {"name": None, "kind": "anonymous", "cites": None},
                 {"name": "Siberian Wire", "kind": "person", "cites": None},
                 {"name": None, "kind": "organisation", "cites": None})
SAILORS = ({"name": "Sailors' Watch", "kind": "organisation", "cites": None},
           {"name": "Pavel Orlov", "kind": "person", "cites": None},
           {"name": "Pavel Orlov", "kind": "person", "cites": None})


def test_a_chain_shows_who_cited_whom_each_name_once() -> None:
    """Issue "Numbers people can publish" (2): the chains of the Tomsk and Kamchatka examples."""
    assert chain_text(SIBERIAN_WIRE) == "Siberian Wire ← (anonymous); (organisation)"
    assert chain_text(SAILORS) == "Sailors' Watch; Pavel Orlov"  # no citation: not a chain
    assert citations(SAILORS) == [
        {"name": "Sailors' Watch", "kind": "organisation", "cites": []},
        {"name": "Pavel Orlov", "kind": "person", "cites": []}]
    nested = ({"name": "Kyiv Post", "kind": "outlet", "cites": 1},
              {"name": "Meduza", "kind": "outlet", "cites": 2},
              {"name": "Pskov Province", "kind": "outlet", "cites": None})
    assert chain_text(nested) == "Kyiv Post ← Meduza ← Pskov Province"
    loop = ({"name": "A", "kind": "outlet", "cites": 1}, {"name": "B", "kind": "outlet",
                                                          "cites": 0})
    assert chain_text(loop) == "A ← B"


def test_names_side_by_side_in_one_report_are_one_origin(ref: Ref) -> None:
    sailors = ref("kamchatka", outlet="Pacific Courier",
                  chain=(("Sailors' Watch", "organisation", None), ("Pavel Orlov", "person", None),
                         ("Pavel Orlov", "person", None)))
    assert count_origins([sailors]) == 1
    assert origin_names([sailors]) == ["pavel orlov"]
