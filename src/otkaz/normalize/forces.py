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

__all__ = ["classify_force", "classify_personnel"]


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# Ranks that are also ordinary words: "a major offensive", "the General Staff", "private security".
_MAJOR = (r"\bmajors?\b(?!\s+(?:offensive|operations?|attacks?|cities|city|part|role|losses"
          r"|battles?|problems?|news|roads?|changes?))")
_GENERAL = (r"(?<!prosecutor\s)(?<!attorney\s)\bgenerals?\b(?!\s+(?:staff|public|mobili[sz]ation"
            r"|prosecutor|elections?|strike|population|amnesty|secretary|director|assembly))")
_PRIVATE = r"\bprivates\b|\bprivate\s+(?:from|of|who|in)\b"

_FORCE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("pmc", _rx(r"\bwagner(?:'s|ites?)?\b|\bpmcs?\b|private\s+military\s+compan(?:y|ies)"
                r"|\bredut\b|\bmercenar(?:y|ies)\b")),
    ("proxy", _rx(r"\b(?:lnr|dnr|lpr|dpr|l/dnr|l/dpr)\b|people['’]?s\s+(?:militia|republics?)"
                  r"|so[-\s]called\b.*\brepublics?\b|\bseparatists?\b"
                  r"|\b(?:donetsk|luhansk|lugansk|donbas+)\s+(?:militias?|militiam[ae]n|separatists?)\b")),
    ("rosgvardia", _rx(r"\bros(?:s)?gvardi(?:a|ya|ia)\b|\brosguard\b|national\s+guard"
                       r"|russian\s+guard\b|\bomon\b|\bsobr\b|\briot\s+police"
                       r"|rapid\s+(?:response|reaction)|special\s+purpose\s+mobile"
                       r"|internal\s+troops|\bguardsm[ae]n\b(?!.*\bguards\b)")),
    ("other", _rx(r"\bborder\s+(?:guards?|service|troops|officers?|police)\b|\bfsb\b|\bfso\b"
                  r"|federal\s+(?:security|protection)\s+service|\bfsin\b|prison\s+(?:service|guards?"
                  r"|officers?)|emergenc(?:y|ies)\s+ministry|ministry\s+of\s+emergenc")),
    ("police", _rx(r"(?<!military\s)\bpolice(?:m[ae]n|wom[ae]n)?\b|\bcops?\b"
                   r"|\btraffic\s+(?:police|officers?|inspectors?)|\bpatrol\s+officers?"
                   r"|interior\s+ministry|ministry\s+of\s+(?:the\s+)?interior|\bmvd\b")),
    ("marines", _rx(r"\bmarines?\b(?!\s+(?:biolog|life|engine))|naval\s+infantry"
                    r"|marine\s+infantry")),
    ("airborne", _rx(r"\bparatroop(?:er|ers|s)?\b|\bvdv\b|\bairborne\b|air[-\s]assault"
                     r"|\bparachut(?:e|ist)s?\b|\bdesantniki\b")),
    ("navy", _rx(r"\bsailors?\b|\bseam[ae]n\b|\bnavy\b|\bnaval\b(?!\s+infantry)|\bfleets?\b"
                 r"|\bflotillas?\b|\b(?:war)?ships?\b|\bvessels?\b|\bsubmarin(?:e|es|ers)\b"
                 r"|\bfrigates?\b|\bcorvettes?\b|\bcruisers?\b|\bboats?\b|\bmidshipm[ae]n\b")),
    ("army", _rx(r"\bsoldiers?\b|\bservice(?:m[ae]n|wom[ae]n|\s+members?|members?|people)\b"
                 r"|\btroops?\b|\btroopers?\b|\bmilitary\b|\barmy\b|\barmed\s+forces\b"
                 r"|\bforces\b|\bconscripts?\b|\bdraftees?\b|\brecruits?\b|\bmobili[sz]ed\b"
                 r"|\bmobi(?:k|ks|ki)\b|\breservists?\b|\bcontract(?:\s+\w+)?\b|\bcontractors?\b"
                 r"|\bofficers?\b|\blieutenants?\b|\bcaptains?\b|" + _MAJOR + r"|\bcolonels?\b|"
                 + _GENERAL + "|" + _PRIVATE + r"|\bsergeants?\b|\bcorporals?\b|\bcommanders?\b"
                 r"|\bvolunteers?\b|\bfighters?\b|\bcombatants?\b|\b(?:tank|artillery|rifle|gun)"
                 r"m[ae]n\b|\bgunners?\b|\bsnipers?\b|\bspetsnaz\b|\binfantry(?:m[ae]n)?\b"
                 r"|\bbattalions?\b|\bregiments?\b|\bbrigades?\b|\bdivisions?\b|\bdetachments?\b"
                 r"|\bplatoons?\b|\bsquads?\b|\bunits?\b|\bgarrison\b|\bdeserters?\b"
                 r"|\brefuseniks?\b|\bstorm[-\s]?[zv]\b|\bmilitiam[ae]n\b")),
)

_LAW_ENFORCEMENT = _rx(r"(?<!military\s)\bpolice\b|national\s+guard|ros(?:s)?gvardi|\bomon\b"
                       r"|\bsobr\b|\btraffic\b|\bpatrol\s+officers?|interior\s+ministry|\bmvd\b"
                       r"|\bcustoms\b|\bprison\b|\bbailiffs?\b|\bfsin\b|\binvestigat")
_PERSONNEL_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("conscript", _rx(r"\bconscripts?\b|\bdraftees?\b|\bsrochniki?\b|conscript(?:ion)?\s+service"
                      r"|compulsory\s+(?:military\s+)?service")),
    ("contract", _rx(r"\bcontract(?:s)?\b(?!\s+killers?)|\bcontractors?\b|\bkontraktnik(?:i)?\b")),
    ("mobilized", _rx(r"\bmobili[sz]ed\b|\bmobili[sz]ees?\b|\bmobi(?:k|ks|ki)\b")),
    ("volunteer", _rx(r"\bvolunteer(?:s|ed|ing)?\b")),
    ("officer", _rx(r"(?<!warrant\s)(?<!petty\s)(?<!non-commissioned\s)\bofficers?\b"
                    r"|\b(?:(?:senior|junior|first|second)\s+)?lieutenants?\b|\bcaptains?\b|"
                    + _MAJOR + r"|\b(?:lieutenant\s+)?colonels?\b|" + _GENERAL
                    + r"|\bcommanders?\b|\bcommanding\s+officers?\b")),
    ("reservist", _rx(r"\breservists?\b|\b(?:army|combat|military)\s+reserve\b"
                      r"|\bfrom\s+the\s+reserve\b")),
    ("prisoner", _rx(r"\bprisoners?\b(?!\s+of\s+war)|\bconvicts?\b|\binmates?\b"
                     r"|\bex-?convicts?\b|penal\s+colon(?:y|ies)|from\s+(?:the\s+)?prisons?\b"
                     r"|\bstorm[-\s]?z\b")),
)
_POW = _rx(r"prisoners?\s+of\s+war|\bpows?\b|taken\s+prisoner")
_POLICE_OFFICER = _rx(r"\bofficers?\b")


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
