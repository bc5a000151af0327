"""The word lists the extraction rules read: triggers, polarity, outcomes, attribution, figures.

    >>> TRIGGER_VERBS["refuse"].type
    'refusal'
    >>> "soldier" in PERSON_NOUNS
    True

Rules live in components; the vocabulary journalists use lives in data files,
`otkaz/lang/en/<topic>.toml`, so that a new wording is a one-line change there.
This module reads them once and keeps the names the components use; the files
say what each list is for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from otkaz.lang import alternation, join_pieces, pattern, phrases, resource, word_set

# --- who can be an actor (lang/en/actors.toml) -----------------------------------------------

PERSON_NOUNS = word_set("en", "actors", "person_nouns")
CONDITIONAL_PERSON_NOUNS = word_set("en", "actors", "conditional_person_nouns")
MILITARY_CUES = word_set("en", "actors", "military_cues")
COMMAND_NOUNS = word_set("en", "actors", "command_nouns")
KIN_NOUNS = word_set("en", "actors", "kin_nouns")
ARMY_COLLECTIVES = word_set("en", "actors", "army_collectives")
# The other side: this tool follows Russia's servicemen and their proxies, not Ukraine's.
UKRAINIAN_SIDE = re.compile(rf"\b(?:{alternation('en', 'actors', 'ukrainian_side')})\b")
UKRAINIAN_FRAME = re.compile(pattern("en", "actors", "ukrainian_frame"))
RUSSIAN_SIDE = re.compile(pattern("en", "actors", "russian_side"))


def ukrainian_frame(sentence: str) -> bool:
    """The sentence is told of Ukraine's side and names nothing of Russia's.

    >>> ukrainian_frame("In Ukraine, 100,000 cases were opened."), ukrainian_frame(
    ...     "In Ukraine, Russian courts convicted 200 soldiers.")
    (True, False)
    """
    return bool(UKRAINIAN_FRAME.search(sentence)) and not RUSSIAN_SIDE.search(sentence)
PRONOUN_ANAPHORS = word_set("en", "actors", "pronoun_anaphors")
GENERIC_ANAPHORS = word_set("en", "actors", "generic_anaphors")

# --- triggers (lang/en/triggers.toml) ---------------------------------------------------------


@dataclass(frozen=True)
class TriggerWord:
    """How a lemma triggers: its type, what must come with it, and whether it may open a case.

    `needs`: "" (nothing), "deploy" (a complement about going or fighting), "post" (an object
    such as unit/positions), "away" (a particle away/out/off/back), "home" (home or on one's
    own), "rather" ("rather than go"), "border" (across a border), "abroad" (to a foreign
    country), "country" (leaving Russia: "fled the country"); "a|b" is either, "a&b" both.
    `weak`: it only adds to a case already named.
    """

    type: str
    needs: str = ""
    weak: bool = False


def _trigger_words(table: str) -> dict[str, TriggerWord]:
    """A `[trigger_verbs]` / `[trigger_nouns]` table of triggers.toml, in file order."""
    return {lemma: TriggerWord(**how) for lemma, how in resource("en", "triggers")[table].items()}


TRIGGER_VERBS = _trigger_words("trigger_verbs")
TRIGGER_NOUNS = _trigger_words("trigger_nouns")
PERSON_TRIGGER_NOUNS: dict[str, str] = dict(resource("en", "triggers")["person_trigger_nouns"])
ARTICLE_TRIGGERS: dict[str, str] = dict(resource("en", "triggers")["article_triggers"])
DECLARED_REFUSAL_VERBS = word_set("en", "triggers", "declared_refusal_verbs")
DEPLOY_VERBS = word_set("en", "triggers", "deploy_verbs")
DEPLOY_OBJECTS = word_set("en", "triggers", "deploy_objects")
OTHER_VERBS = word_set("en", "triggers", "other_verbs")
OTHER_OBJECTS = word_set("en", "triggers", "other_objects")
POST_NOUNS = word_set("en", "triggers", "post_nouns")
AWAY_PARTICLES = word_set("en", "triggers", "away_particles")
FLED_ARMIES = word_set("en", "triggers", "fled_armies")
LAWFUL_RETURN = re.compile(pattern("en", "triggers", "lawful_return"), re.IGNORECASE)
RATHER_CUES = phrases("en", "triggers", "rather_cues")

# --- polarity and modality (lang/en/polarity.toml) --------------------------------------------

NEGATIVE_DETERMINERS = word_set("en", "polarity", "negative_determiners")
NEGATIVE_SUBJECTS = word_set("en", "polarity", "negative_subjects")
MODAL_VERBS = word_set("en", "polarity", "modal_verbs")
CONDITIONAL_MARKS = word_set("en", "polarity", "conditional_marks")
HYPOTHETICAL_HEADS = word_set("en", "polarity", "hypothetical_heads")
RUMOUR_NOUNS = word_set("en", "polarity", "rumour_nouns")
DENIAL_HEADS = word_set("en", "polarity", "denial_heads")
GENERIC_MARKERS = word_set("en", "polarity", "generic_markers")

# --- attribution (lang/en/attribution.toml) ---------------------------------------------------

REPORT_VERBS = word_set("en", "attribution", "report_verbs")
RECIPIENT_VERBS = word_set("en", "attribution", "recipient_verbs")
OUTLET_WORDS = word_set("en", "attribution", "outlet_words")
ORGANISATION_WORDS = word_set("en", "attribution", "organisation_words")
PERSON_TITLE_WORDS = word_set("en", "attribution", "person_title_words")
ANONYMOUS_WORDS = word_set("en", "attribution", "anonymous_words")
DOCUMENT_WORDS = word_set("en", "attribution", "document_words")
PLATFORMS = word_set("en", "attribution", "platforms")
AFFILIATION_LINKS = word_set("en", "attribution", "affiliation_links")

# --- outcomes (lang/en/outcomes.toml) ---------------------------------------------------------

# Countries a deserter flees to (never the war's own ground: Ukraine, Belarus).
FOREIGN_COUNTRIES = rf"(?:the )?(?:{alternation('en', 'outcomes', 'foreign_countries')})\b"


@dataclass(frozen=True)
class OutcomeRule:
    """An outcome: a regular expression over a clause of the text (case-insensitive)."""

    label: str
    pattern: str


# In file order, the order they are tried in. "{foreign_countries}" in a pattern stands for
# FOREIGN_COUNTRIES, which three alternatives of the fled_abroad rule share.
OUTCOME_RULES: tuple[OutcomeRule, ...] = tuple(
    OutcomeRule(rule["label"],
                join_pieces(rule["pattern"]).replace("{foreign_countries}", FOREIGN_COUNTRIES))
    for rule in resource("en", "outcomes")["outcome_rules"]
)
OUTCOME_RES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (r.label, re.compile(r.pattern, re.IGNORECASE)) for r in OUTCOME_RULES
)
# A clause that talks about refuseniks at large, not about this group.
GENERIC_OUTCOME_SUBJECTS = re.compile(pattern("en", "outcomes", "generic_outcome_subjects"),
                                      re.IGNORECASE)

# --- units (lang/en/units.toml) ---------------------------------------------------------------

UNIT_NOUNS = word_set("en", "units", "unit_nouns")
# Formations journalists name without a unit word: "recruited into Storm-Z", "a Wagner fighter".
KNOWN_FORMATIONS = re.compile(
    rf"(?<![\w-])(?:{alternation('en', 'units', 'known_formations')})(?![\w-])")
UNIT_SKIP_NAMES = word_set("en", "units", "unit_skip_names")

# --- figures (lang/en/figures.toml) -----------------------------------------------------------


@dataclass(frozen=True)
class MeasureRule:
    """A measure and the words that signal it near a number."""

    measure: str
    pattern: str


MEASURE_RULES: tuple[MeasureRule, ...] = tuple(
    MeasureRule(rule["measure"], join_pieces(rule["pattern"]))
    for rule in resource("en", "figures")["measure_rules"]
)
MEASURE_RES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (r.measure, re.compile(r.pattern, re.IGNORECASE)) for r in MEASURE_RULES
)
CASE_NOUNS = word_set("en", "figures", "case_nouns")
SENTENCE_NOUNS = word_set("en", "figures", "sentence_nouns")
HELP_RE = re.compile(pattern("en", "figures", "help"), re.IGNORECASE)
HELP_GOALS = word_set("en", "figures", "help_goals")
REFUSER_NOUNS = word_set("en", "figures", "refuser_nouns")
TALLY_VERBS = word_set("en", "figures", "tally_verbs")
NOT_FIGURE_NOUNS = word_set("en", "figures", "not_figure_nouns")
FOLLOW_UP_NUMBER = re.compile(pattern("en", "figures", "follow_up_number"), re.IGNORECASE)
SUCH_CASES = re.compile(pattern("en", "figures", "such_cases"), re.IGNORECASE)
# Words that make a count a tally over time, however concrete the group ("since January").
TALLY_CUES = re.compile(rf"\b(?:{alternation('en', 'figures', 'tally_cues')})\b", re.IGNORECASE)
AGGREGATE_CUES = re.compile(rf"\b(?:{alternation('en', 'figures', 'aggregate_cues')})\b",
                            re.IGNORECASE)
