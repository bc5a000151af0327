"""Actor phrases to the service (`force`) and status (`personnel`) of FORMAT.md incidents.

    >>> classify_force("12 employees of the Krasnodar OMON"), classify_personnel("contract marines")
    ('rosgvardia', ['contract'])

Forces, checked in this order (the first that the phrase names wins):

- pmc: Wagner, PMC, private military company, Redut ("fighters of the company" only with a
  PMC named);
- proxy: LNR/DNR (LPR/DPR), the Luhansk/Donetsk People's Republic, people's militia,
  "so-called ... republic", separatists. South Ossetian and Abkhaz units are not proxy here:
  the Russian bases there are the army's;
- rosgvardia: Rosgvardia, National Guard, OMON, SOBR, riot police, rapid response units;
- other: border guards/service, FSB, FSO, prison service (FSIN), Emergencies Ministry;
- police: police (not military police), policemen, traffic and patrol police, Interior Ministry;
- marines: marines, naval infantry;
- airborne: paratroopers, VDV, airborne, air assault;
- navy: sailors, seamen, navy, naval (not naval infantry), fleet, ships, boats, submarines;
- army: soldiers, servicemen, troops, the military, conscripts, mobilised men, reservists,
  contract soldiers, officers and ranks, volunteers, fighters, units (battalion, regiment...).

None when the phrase names no servicemen ("his mother", "Agora", "men who got summonses").

Personnel, in the order the phrase names them: conscript; contract (contract soldiers,
contractors, "on contract"); mobilized; volunteer; officer (officers and commissioned ranks:
lieutenant, captain, major, colonel, general, commander; sergeants and warrant/petty officers are
NCOs and give nothing, and police, National Guard or other law-enforcement "officers" give
nothing); reservist; prisoner (prisoners, convicts, inmates, penal colonies, Storm-Z; not
prisoners of war).
"""

from __future__ import annotations

import re

from otkaz import lang

__all__ = ["classify_force", "classify_personnel"]


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# Ranks that are also ordinary words: "a major offensive", "the General Staff", "private security".
_MAJOR = lang.pattern("en", "forces", "major")
_GENERAL = lang.pattern("en", "forces", "general")
_PRIVATE = lang.pattern("en", "forces", "private")
_RANKS = {"major": _MAJOR, "general": _GENERAL, "private": _PRIVATE}


def _rules(table: str, label: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(label, regex) of an array of tables in forces.toml, in order, the ranks filled in."""
    return tuple((rule[label], _rx(lang.expand(lang.join_pieces(rule["pattern"]), _RANKS)))
                 for rule in lang.resource("en", "forces")[table])


# The first that matches names the force (lang/en/forces.toml).
_FORCE_PATTERNS = _rules("force_patterns", "force")
_LAW_ENFORCEMENT = _rx(lang.pattern("en", "forces", "law_enforcement"))
_PERSONNEL_PATTERNS = _rules("personnel_patterns", "category")
_POW = _rx(lang.pattern("en", "forces", "pow"))
_POLICE_OFFICER = _rx(lang.pattern("en", "forces", "police_officer"))


def classify_force(phrase: str) -> str | None:
    """The service an actor phrase names (one of models.FORCES), or None.

        >>> classify_force("Dozens of marines of a Baltic Fleet naval infantry brigade")
        'marines'
    """
    for force, pattern in _FORCE_PATTERNS:
        if pattern.search(phrase):
            return force
    return None


def classify_personnel(phrase: str) -> list[str]:
    """Statuses an actor phrase names (a subset of models.PERSONNEL), in the order named.

        >>> classify_personnel("about 80 conscripts and contract soldiers")
        ['conscript', 'contract']
    """
    law_enforcement = bool(_LAW_ENFORCEMENT.search(phrase))
    found: list[tuple[int, str]] = []
    for status, pattern in _PERSONNEL_PATTERNS:
        for m in pattern.finditer(phrase):
            if status == "officer" and law_enforcement and _POLICE_OFFICER.fullmatch(m.group()):
                continue  # police and National Guard "officers" are not a military rank
            if status == "prisoner" and _POW.search(phrase[max(0, m.start() - 10):m.end() + 10]):
                continue
            found.append((m.start(), status))
            break
    ordered: list[str] = []
    for _, status in sorted(found):
        if status not in ordered:
            ordered.append(status)
    return ordered
