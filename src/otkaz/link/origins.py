"""How many independent origins stand behind a case: corroboration, not echo.

    >>> count_origins([own_report, citing_report])  # doctest: +SKIP
    1

A mention's attribution chain (`Incident.chain`) runs from who the document
quotes to who they cite; its *origins* are the links that cite nobody further.
Rules, applied across all mentions of the case:

- a named origin is identified by its folded name ("Pskov Province" =
  "pskov province"); an outlet is the same as a name it begins with or that
  begins with it ("Novaya Gazeta Europe" / "Novaya Gazeta", `pairs.same_name`);
- an anonymous origin ("a source", "relatives") belongs to the named link that
  relays it ("Siberian Wire, citing relatives" is Siberian Wire's origin); in a
  chain that names nobody it is the reporting document's own finding,
  identified by the document's outlet, or by the document when the outlet is
  unknown; an unnamed end that no named link relays, in a chain that names
  someone, adds no origin (an unresolved "the site" is more likely one of
  the named sources than a new one: corroboration is never overcounted);
- a mention with no chain is its document's own report: with named `sources`,
  each source is an origin; else the outlet (or the document) is;
- an outlet that a mention's chain (or sources) passes through is the same
  origin as that outlet's own documents: the origins of a document from outlet
  O merge with those of every other mention that cites O ("Meduza, citing
  Pskov Province" and Pskov Province's own article, quoting a soldier's
  mother, are one origin).

- the sources one mention names are one origin together: a single report
  that credits two names ("the group Sailors' Watch said"; "the group's
  lawyer, Pavel Orlov") shows no citation that makes them independent, and
  the two are often one (a group and its lawyer). Independence is counted
  only across reports, through real citation links (`ChainLink.cites`).

An outlet citing another outlet adds a mention, never an origin.

`citations(chain)` gives who cited whom as the chain says, each name once,
for display (`chain_text`): names that no citation joins stay apart.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from otkaz.models import ChainLink

from .features import MentionRef, name_key
from .pairs import same_name


def _document_origin(m: MentionRef) -> str:
    outlet = name_key(m.outlet)
    return f"outlet:{outlet}" if outlet else f"document:{m.document_id}"


def mention_origins(m: MentionRef) -> set[str]:
    """The origin identities of one mention (see the module's rules)."""
    chain = m.incident.chain
    if not chain:
        named = {f"name:{k}" for k in (name_key(s) for s in m.incident.sources) if k}
        return named or {_document_origin(m)}
    keys = [name_key(link.name) for link in chain]
    if not any(keys):
        return {_document_origin(m)}
    cited_by: dict[int, list[int]] = {}
    for i, link in enumerate(chain):
        if link.cites is not None and 0 <= link.cites < len(chain) and link.cites != i:
            cited_by.setdefault(link.cites, []).append(i)
    out = set()
    for i, link in enumerate(chain):
        if link.cites is not None and 0 <= link.cites < len(chain) and link.cites != i:
            continue  # not an end of the chain
        if keys[i]:
            out.add(f"name:{keys[i]}")
            continue
        relay = _named_relay(i, keys, cited_by)  # "Siberian Wire, citing relatives"
        if relay is not None:
            out.add(f"name:{keys[relay]}")
    return out or {f"name:{k}" for k in keys if k}


def _named_relay(i: int, keys: list[str], cited_by: dict[int, list[int]]) -> int | None:
    """The nearest named link that (directly or through unnamed ones) cites link `i`."""
    seen, frontier = {i}, list(cited_by.get(i, []))
    while frontier:
        j = min(frontier)
        frontier.remove(j)
        if j in seen:
            continue
        seen.add(j)
        if keys[j]:
            return j
        frontier.extend(cited_by.get(j, []))
    return None


def origin_groups(mentions: Sequence[MentionRef]) -> list[set[str]]:
    """The independent origins of a case, each as the set of identities merged into it."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    per_mention = [(m, mention_origins(m)) for m in mentions]
    by_outlet: dict[str, set[str]] = {}
    for m, origins in per_mention:
        for o in origins:
            find(o)
        for o in origins:  # one report's sources: one origin (see the module's rules)
            union(o, min(origins))
        outlet = name_key(m.outlet)
        if outlet:
            by_outlet.setdefault(outlet, set()).update(origins)
    named = sorted(o.split(":", 1)[1] for o in parent if o.startswith("name:"))
    for outlet in sorted(by_outlet):
        for name in named:  # an outlet's own finding, named or anonymous
            if same_name(name, outlet):
                union(f"outlet:{outlet}", f"name:{name}")
    for m, origins in per_mention:
        own = name_key(m.outlet)
        passed = {name_key(link.name) for link in m.incident.chain}
        passed |= {name_key(s) for s in m.incident.sources}
        through = {o for o in by_outlet if o != own and any(same_name(o, p) for p in passed)}
        for outlet in sorted(through):
            # m's information went through `outlet`: its own reports are the same origin
            first = min(origins)
            for o in by_outlet[outlet] | origins:
                union(o, first)
    groups: dict[str, set[str]] = {}
    for o in list(parent):
        groups.setdefault(find(o), set()).add(o)
    used = {find(o) for _, origins in per_mention for o in origins}
    return [groups[r] for r in sorted(used)]


def count_origins(mentions: Sequence[MentionRef]) -> int:
    """The number of independent origins behind these mentions of one case."""
    return len(origin_groups(mentions))


def origin_names(mentions: Sequence[MentionRef]) -> list[str]:
    """One readable name per independent origin, e.g. ["pskov province", "agora"]."""
    return group_names(origin_groups(mentions))


def group_names(groups: Sequence[set[str]]) -> list[str]:
    """One readable name per origin group (origin_groups), in their order."""
    out = []
    for group in groups:
        names = sorted(o.split(":", 1)[1] for o in group if o.startswith("name:"))
        outlets = sorted(o.split(":", 1)[1] for o in group if o.startswith("outlet:"))
        docs = sorted("document " + o.split(":", 1)[1][:12] for o in group
                      if o.startswith("document:"))
        out.append((names or outlets or docs)[0])
    return out


def _as_link(link: ChainLink | Mapping[str, Any]) -> ChainLink:
    return link if isinstance(link, ChainLink) else ChainLink.from_dict(dict(link))


def citations(chain: Sequence[ChainLink | Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Who cited whom in one attribution chain, each name once, as trees.

        >>> chain = [ChainLink("Siberian Wire", "outlet", cites=1), ChainLink(None, "anonymous"),
        ...          ChainLink("Siberian Wire", "person")]
        >>> citations(chain)
        [{'name': 'Siberian Wire', 'kind': 'outlet', 'cites': [{'name': None, \
'kind': 'anonymous', 'cites': []}]}]

    Each tree starts at a link nobody in the chain cites; `cites` lists whom it
    cites (through `ChainLink.cites` only: links that merely stand side by side
    are separate trees). Links of one name are one node; an unnamed link stays
    its own node. Accepts links or their dicts (`ChainLink.to_dict`).
    """
    links = [_as_link(link) for link in chain]
    node_of: list[int] = []
    first_of_name: dict[str, int] = {}
    for i, link in enumerate(links):
        key = name_key(link.name)
        node_of.append(first_of_name.setdefault(key, i) if key else i)
    edges: dict[int, list[int]] = {}
    cited: set[int] = set()
    for i, link in enumerate(links):
        if link.cites is None or not 0 <= link.cites < len(links):
            continue
        a, b = node_of[i], node_of[link.cites]
        if a != b and b not in edges.setdefault(a, []):
            edges[a].append(b)
            cited.add(b)

    def tree(node: int, path: frozenset[int]) -> dict[str, Any]:
        link = links[node]
        return {"name": link.name, "kind": link.kind,
                "cites": [tree(b, path | {b}) for b in edges.get(node, []) if b not in path]}

    nodes = sorted(set(node_of))
    roots = [n for n in nodes if n not in cited]
    if not roots and nodes:  # a citation loop: start where the chain starts
        roots = [nodes[0]]
    return [tree(n, frozenset({n})) for n in roots]


def _label(node: Mapping[str, Any]) -> str:
    return str(node["name"]) if node.get("name") else f"({node.get('kind') or 'anonymous'})"


def _tree_text(node: Mapping[str, Any]) -> str:
    cites = node.get("cites") or []
    if not cites:
        return _label(node)
    inner = [_tree_text(c) for c in cites]
    return f"{_label(node)} ← " + (inner[0] if len(inner) == 1 else f"({'; '.join(inner)})")


def chain_text(chain: Sequence[ChainLink | Mapping[str, Any]]) -> str:
    """One line for a chain: "A ← B" where A cites B; sources not linked are split by "; ".

        >>> chain_text([{"name": "Sailors' Watch", "kind": "organisation"},
        ...             {"name": "Pavel Orlov", "kind": "person"},
        ...             {"name": "Pavel Orlov", "kind": "person"}])
        "Sailors' Watch; Pavel Orlov"
    """
    return "; ".join(_tree_text(t) for t in citations(chain))
