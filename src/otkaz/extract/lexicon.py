"""The word lists the extraction rules read: triggers, polarity, outcomes, attribution, figures.

    >>> TRIGGER_VERBS["refuse"].type
    'refusal'

Rules live in components; the vocabulary journalists use lives here, in tables,
so that a new wording is a one-line change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


def words(text: str) -> frozenset[str]:
    """A set from a whitespace-separated string."""
    return frozenset(text.split())


# --- who can be an actor --------------------------------------------------------------------

# Nouns that name military people on their own ("soldiers", "marines").
PERSON_NOUNS = words("""
    soldier serviceman servicemen servicewoman servicemember marine sailor seaman seamen
    paratrooper conscript draftee reservist recruit contractor fighter trooper troop troops
    guardsman guardsmen officer lieutenant captain sergeant colonel corporal private ensign major
    mobilised mobilized mobilisee mobilizee volunteer mercenary gunner sapper tankman tankmen
    tanker pilot airman crew crewman crewmen sniper rifleman infantryman military personnel
    deserter refusenik objector policeman policemen cop guard militiaman militiamen cadet
    paramedic medic driver scout stormtrooper comrade comrades
""")
# Nouns that name military people only with a military word beside them ("mobilised men").
CONDITIONAL_PERSON_NOUNS = words("""
    man men people person boy boys guy guys employee employees member members comrade comrades
    colleague colleagues son sons husband husbands convict convicts prisoner prisoners inmate
    inmates staff unit battalion regiment brigade company detachment division platoon squad
    crew group team
""")
# Words that make a phrase military ("mobilised", "OMON", "battalion").
MILITARY_CUES = words("""
    mobilised mobilized mobilisation mobilization conscript conscripts contract drafted
    reservist reservists volunteer volunteers army military battalion battalions regiment
    regiments brigade brigades division divisions detachment detachments unit units platoon
    squad company fleet naval navy marines marine omon sobr rosgvardia guard guards wagner pmc
    militia police riot front frontline front-line troops forces corps garrison base crew
    airborne vdv infantry artillery motor rifle tank assault paratroopers soldiers servicemen
    fighters sailors officers serviceman soldier sailor fighter officer border fsb chvk
    storm-z storm mortar howitzer drone drones sniper gun
""")
# Heads that are never the refusing group: they refuse other things (a body, a comment).
COMMAND_NOUNS = words("""
    command commandant general generals chief chiefs head leadership
    headquarters ministry ministries official officials authority authorities government
    administration office spokesman spokeswoman spokesperson court courts judge prosecutor
    prosecutors investigator investigators kremlin president governor mayor region regions
    republic state country registry service department enlistment bank company's
""")
# Collective names of an army: "Russian forces abandoned their positions" is a retreat.
ARMY_COLLECTIVES = words("forces force troops army armies units military")
# The other side: this tool follows Russia's servicemen and their proxies, not Ukraine's.
UKRAINIAN_SIDE = re.compile(
    r"\b(?:Ukrainian|Ukraine's|AFU|ZSU|Territorial Defen[cs]e|Article 40[78]|"
    r"State Bureau of Investigation|SBI|Verkhovna Rada|Zelensky|Zaluzhny|Syrskyi)\b")
# Heads that are anaphors for a group named before ("They refused", "the men were held").
PRONOUN_ANAPHORS = words("they them we us who which that those he him she her i me")
GENERIC_ANAPHORS = words("""
    men soldiers servicemen marines sailors fighters officers troops boys guys group others
    rest unit battalion regiment crew reservists conscripts volunteers paratroopers contractors
    guardsmen employees members mobilised mobilized serviceman soldier man marine sailor
    fighter officer
""")

# --- triggers -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TriggerWord:
    """How a lemma triggers: its type, what must come with it, and whether it may open a case.

    `needs`: "" (nothing), "deploy" (a complement about going or fighting), "post" (an object
    such as unit/positions), "away" (a particle away/out/off/back), "home" (home or on one's
    own), "rather" ("rather than go"). `weak`: it only adds to a case already named.
    """

    type: str
    needs: str = ""
    weak: bool = False


TRIGGER_VERBS: dict[str, TriggerWord] = {
    "refuse": TriggerWord("refusal"),
    "decline": TriggerWord("refusal", "deploy"),
    "resign": TriggerWord("refusal", "rather"),
    "disobey": TriggerWord("refusal", "order"),
    "mutiny": TriggerWord("refusal"),
    "desert": TriggerWord("desertion"),
    "abandon": TriggerWord("desertion", "post"),
    "leave": TriggerWord("desertion", "post"),
    "quit": TriggerWord("desertion", "post"),
    "walk": TriggerWord("desertion", "away"),
    "run": TriggerWord("desertion", "away"),
    "flee": TriggerWord("desertion", "post"),
    "escape": TriggerWord("desertion", "post"),
    "go": TriggerWord("desertion", "home"),
    "return": TriggerWord("desertion", "home", weak=True),
    "make": TriggerWord("desertion", "way"),
    "hitchhike": TriggerWord("desertion", "home"),
}
TRIGGER_NOUNS: dict[str, TriggerWord] = {
    "refusal": TriggerWord("refusal", weak=True),
    "refusenik": TriggerWord("refusal", weak=True),
    "walkout": TriggerWord("desertion", weak=True),
    "desertion": TriggerWord("desertion", weak=True),
    "mutiny": TriggerWord("refusal", weak=True),
}
# Nouns for people that report a case by themselves: "a deserter from the 1st Tank Army".
PERSON_TRIGGER_NOUNS: dict[str, str] = {"deserter": "desertion", "refusenik": "refusal"}
# Declared refusals: "would not advance", "we are not going", "said no"; they add to a case.
DECLARED_REFUSAL_VERBS = words("""
    go advance fight attack move return serve deploy storm enter cross walk sail obey
""")

# What a refusal is a refusal of: going and fighting ...
DEPLOY_VERBS = words("""
    go advance fight attack move take participate leave board cross sail serve comply carry
    obey follow enter deploy send transfer join continue resume return storm assault head
    travel man put proceed redeploy stay remain execute perform fulfil fulfill be get
    re-enlist undertake launch reinforce relieve rotate guard hold defend accompany sign
""")
DEPLOY_OBJECTS = words("""
    order orders assignment posting secondment deployment mission missions command commands
    transfer redeployment task tasks duty duties fight combat war assault attack attacks
    offensive operation operations service instruction instructions weapons weapon arms part
    position positions
""")
# ... and not comments, bodies, names or bonuses.
OTHER_VERBS = words("""
    comment give answer publish discuss issue raise pay provide release name confirm disclose
    recognise recognize register accept let allow hand say speak talk reveal explain respond
    meet investigate open help treat bury admit acknowledge grant sell buy approve receive
    cooperate testify sign_off identify tell show share specify list plead confess eat
""")
OTHER_OBJECTS = words("""
    comment comments request requests interview interviews body bodies remains payment payments
    compensation certificate certificates names name information answer help offer treatment
    leave bonus bonuses access entry visa extradition asylum application applications appeal
    appeals permission question questions
""")
# Posts one leaves or abandons when deserting.
POST_NOUNS = words("""
    unit units position positions post posts barracks base bases trench trenches front
    frontline line lines ship ships camp camps garrison garrisons service regiment battalion
    brigade company detachment squad platoon ground grounds range ranges zone duty
    duties battlefield battlefields
""")
AWAY_PARTICLES = words("away out off back")
RATHER_CUES = ("rather than", "instead of", "to avoid", "so as not to", "in protest")

# --- polarity and modality ------------------------------------------------------------------

NEGATIVE_DETERMINERS = words("no none neither nor")
NEGATIVE_SUBJECTS = words("none nobody noone no-one neither")
MODAL_VERBS = words("may might could would will should can must shall 'll 'd ca wo")
CONDITIONAL_MARKS = words("if unless whether lest")
# Verbs whose complement is not a fact: "threatened to refuse", "thinking about refusing".
HYPOTHETICAL_HEADS = words("""
    threaten plan intend want wish think consider ready prepare prepared expect hope try decide
    vow promise urge call advise encourage allow let tell ask fear worry risk may able mean
    likely possible going tend
""")
RUMOUR_NOUNS = words("rumour rumor rumours rumors speculation fake fakes fabrication hoax")
DENIAL_HEADS = words("deny refute reject disprove rebut dispute contradict")
# Phrases that mark a generic statement: "men who refuse to fight are held".
GENERIC_MARKERS = words("any anyone everyone those all every each whoever")

# --- attribution ----------------------------------------------------------------------------

REPORT_VERBS = words("""
    report say tell write claim note state confirm add explain announce publish post estimate
    find count record register show learn know reveal allege insist describe quote cite
    recount recall warn stress complain share relay document suggest indicate conclude
    testify assert acknowledge disclose inform
""")
# Reporting verbs whose object, not subject, is the one who speaks to the outlet.
RECIPIENT_VERBS = words("tell inform")
OUTLET_WORDS = words("""
    newspaper publication site website portal edition channel outlet agency media magazine
    paper tv radio broadcaster blog daily weekly tabloid journal newsroom program programme
    service desk broadcaster bulletin station
""")
ORGANISATION_WORDS = words("""
    organization organisation group project foundation fund network movement ngo initiative
    association union coalition committee center centre court ministry office service council
    team watchdog charity monitor tracker
""")
PERSON_TITLE_WORDS = words("""
    lawyer attorney analyst coordinator spokesman spokeswoman spokesperson president head
    chairman chairwoman director founder journalist activist expert researcher editor
    correspondent official deputy governor mayor minister ombudsman commander blogger
    chief leader representative member advocate colleague
""")
ANONYMOUS_WORDS = words("""
    source sources relative relatives wife wives mother mothers father fathers sister sisters
    brother brothers colleague colleagues comrade comrades friend friends family families
    man men woman women soldier soldiers serviceman servicemen resident residents witness
    witnesses insider insiders officer officers parent parents son daughter husband
    acquaintance acquaintances neighbour neighbours neighbor neighbors people person
    one two three several some
""")
DOCUMENT_WORDS = words("""
    video recording letter post message records documents filings statement report footage
    appeal data
""")
# Platforms an outlet publishes on: "the Telegram channel" names no one.
PLATFORMS = words("telegram vkontakte vk youtube facebook twitter instagram whatsapp tiktok x")
AFFILIATION_LINKS = words("head headed lead led run found founded chair chaired")

# --- outcomes -------------------------------------------------------------------------------


# Countries a deserter flees to (never the war's own ground: Ukraine, Belarus).
FOREIGN_COUNTRIES = (r"(?:the )?(?:Kazakhstan|Georgia|Armenia|Kyrgyzstan|Mongolia|Finland|"
                     r"Turkey|Norway|Uzbekistan|Tajikistan|Azerbaijan|Serbia|Israel|"
                     r"Latvia|Lithuania|Estonia|Poland|France|Germany|Europe|the EU|"
                     r"United States|US|Argentina|Montenegro|Sweden|abroad)\b")


@dataclass(frozen=True)
class OutcomeRule:
    """An outcome: a regular expression over a clause of the text (case-insensitive)."""

    label: str
    pattern: str


OUTCOME_RULES: tuple[OutcomeRule, ...] = (
    OutcomeRule("returned_home", r"\b(?:return(?:ed|ing)?|went|gone|go|going|headed|sent|"
                r"hitchhiked|made (?:their|his|her) way|came|come|allowed to go)\b"
                r"(?: back)? home\b(?! on (?:leave|vacation|furlough|holiday))"),
    OutcomeRule("returned_home", r"\b(?:were|was|been|being) (?:sent|returned|brought|taken) "
                r"back to (?!the front|front|positions|the positions|their positions|his "
                r"positions|the line|the front line|combat|the combat|the trenches|trenches|"
                r"the war|war|fight|battle|the battle|Ukraine|the zone|the combat zone)"),
    OutcomeRule("returned_home", r"\b(?:were|was|been) (?:sent|returned) (?:home|to (?:the )?"
                r"(?-i:[A-Z])(?!kraine))"),
    OutcomeRule("returned_home", r"\b(?:return(?:ed|ing)?|(?:went|came|walked|drove|"
                r"hitchhiked|travell?ed|got) back|made (?:their|his) way back) to "
                r"(?!Ukraine\b|the Donbas)(?:the )?(?-i:[A-Z])"),
    OutcomeRule("returned_home", r"\breturn(?:ed|ing)? to (?:the|their|his|her) "
                r"(?:republic|region|city|town|village|homes?|families|base|garrison|"
                r"capital|homeland)\b"),
    OutcomeRule("dismissed", r"\b(?:(?:forced|made|pressured|compelled|told) to (?:resign|quit|"
                r"retire|leave the (?:service|force|police))|fired|sacked|dismissed|"
                r"discharged from|expelled|"
                r"stripped of (?:their|his) (?:rank|ranks)|lost (?:their|his) jobs?)\b"),
    OutcomeRule("detained", r"\b(?:held|locked|put|kept|confined|detained|arrested|jailed|"
                r"imprisoned|taken|thrown|placed|sitting|sent)\b[^.;]{0,60}\b(?:basements?|pits?|"
                r"cells?|containers?|cellars?|custody|guardhouse|detention|barracks|"
                r"fenced area|(?:a|the) hole|prison|isolation|hangars?|garages?|warehouses?|"
                r"shipping containers?)\b"),
    OutcomeRule("detained", r"\b(?:locked|shut) (?:up )?in(?:side)?\b|\b(?:kept|held|locked|"
                r"confined)\b[^.;]{0,40}\bunder (?:armed )?guard\b"),
    OutcomeRule("detained", r"\b(?:took|taken|brought|driven|escorted|delivered|rounded up)\b"
                r"[^.;]{0,40}\bto (?:a|an|the) (?:collection|assembly|gathering|holding|"
                r"detention) (?:point|centre|center|camp)\b"),
    OutcomeRule("detained", r"\b(?:held|kept|locked)\b[^.;]{0,50}\bfor (?:a|an|one|two|three|"
                r"four|five|six|seven|eight|nine|ten|several|a few|\d+) (?:days?|weeks?|"
                r"months?|nights?)\b"),
    OutcomeRule("detained", r"\b(?:was|were|been|being) caught\b(?! (?:fire|in (?:the )?"
                r"crossfire|up|out|off|between|on (?:camera|video|film|tape)))|"
                r"\b(?:detained|arrested|locked up|confined to (?:their|his) "
                r"barracks|taken into custody|caught by|rounded up|disarmed|"
                r"held (?:for|since|captive|hostage|incommunicado))\b"),
    OutcomeRule("threatened", r"\bthreat(?:en|ened|ening|ens)\b[^.;]{0,40}\b(?:criminal|"
                r"prosecution|cases?|prison|tribunals?|jail|pit|execution|shoot|trial|"
                r"court|punishment|charges?|years)\b"),
    OutcomeRule("threatened", r"\b(?:threatened with|faced threats|were threatened|"
                r"was threatened|threatening them|threaten(?:ed)? us|"
                r"threatened to \w+ (?:them|him|us)\b|threatened to (?:send|"
                r"shoot|jail|imprison|prosecute|court-martial|transfer) (?:them|him|us))\b"),
    OutcomeRule("threatened", r"\btold (?:them|him|us|the (?:men|soldiers|servicemen|"
                r"reservists|conscripts)) (?:that )?(?:they|he|we) (?:would|will|could|might|"
                r"faced?) (?:\w+ ){0,5}(?:prison|jail|years|shot|court|tribunal|trial|"
                r"prosecuted|imprisoned|jailed|penal colony)\b"),
    OutcomeRule("prosecuted", r"\b(?:criminal (?:case|cases|proceedings|charges?)\b[^.;]{0,60}?"
                r"\b(?:opened|launched|filed|brought|initiated)|opened (?:a |criminal )?"
                r"(?:criminal )?(?:cases?|proceedings)|(?:was|were|been|being) charged|"
                r"(?<!would )(?<!could )(?<!will )(?<!might )face (?:criminal )?charges|"
                r"facing (?:criminal )?charges|charged (?:under|with)|indicted|"
                r"(?:gave|given) (?:him|them) [^.;]{0,30}criminal case|put on trial|"
                r"(?:cases?|charges|proceedings) (?:\w+ ){0,3}(?:opened|launched|filed|"
                r"initiated|brought) against|(?:cases?|charges|proceedings) (?:\w+ ){0,6}"
                r"(?:opened|launched|filed|initiated|brought) against|"
                r"stand trial|forwarded [^.;]{0,40}investigators"
                r"|charged(?! (?:at|towards|into|forward)))\b"),
    OutcomeRule("convicted", r"\b(?:sentenced|convicted|found guilty|jailed for|"
                r"(?:court|tribunal|judge)s? (?:has |have |had )?jailed|"
                r"given (?:a |an )?(?:\w+ )?(?:sentence|years?|term)|penal colony|"
                r"(?:gave|handed) (?:him|her|them|each of them) (?:a |an )?(?:\w+[- ])?"
                r"(?:years?|year sentence|year term|suspended sentence))\b"),
    OutcomeRule("forced_back", r"\b(?:sent|moved|put|brought|returned|dispatched|"
                r"forced|driven|marched|handed)\s+back\b(?! home| to (?!the front)(?-i:[A-Z]))"),
    OutcomeRule("forced_back", r"\b(?:were|was|been) (?:sent|returned|redeployed|"
                r"dispatched) (?:back )?to (?:the |their |his )?(?:front|positions|"
                r"position|line|trenches|combat)"),
    OutcomeRule("forced_back", r"\b(?:forced|made|compelled|coerced|pressured) (?:them|him|"
                r"the men|the soldiers)? ?(?:to fight|to go back|to return|to advance|"
                r"to go)\b|\b(?:nevertheless|anyway|anyhow|regardless) (?:dispatched|sent|"
                r"deployed)|(?:dispatched|sent|deployed)\b[^.;]{0,60}\b(?:anyway|"
                r"nevertheless|regardless)\b|\bwere involved in the war\b|"
                r"\bunder guard\b|\bback on the front ?line\b"),
    OutcomeRule("forced_back", r"\b(?:were|was|been|being) (?:sent|moved|transferred|"
                r"redeployed|dispatched) to (?:a|another|the) (?:different |new |other )?"
                r"(?:sector|section|part|stretch|area) of the front\b|\b(?:transferred|"
                r"sent|moved|redeployed)\b[^.;]{0,80}\bagainst (?:their|his) will\b"),
    OutcomeRule("forced_back", r"\b(?:taken|escorted|delivered|transported) back to (?:the |"
                r"their |his )?(?:front|positions?|lines?|trenches|units?|regiment|battalion|"
                r"brigade|combat zone|war zone)\b"),
    OutcomeRule("forced_back", r"\b(?:be|been|was|were|being) (?:returned|sent|taken|"
                r"delivered|escorted) to (?:their|his|her|the) (?:own )?(?:units?|regiments?|"
                r"battalions?|brigades?|companies|company|detachments?)\b"),
    OutcomeRule("detained", r"\b(?:handed|turned) over to (?:the )?(?:military police|"
                r"commandant(?:'s office)?|military prosecutor|FSB|investigators|police)\b"),
    OutcomeRule("family_pressured", r"\b(?:visited|summoned|threatened|pressured|harassed|"
                r"warned|advised|intimidated|interrogated|questioned|searched)\b[^.;]{0,70}\b(?:"
                r"relatives|wife|wives|mother|mothers|father|fathers|parents|families|family|"
                r"sister|brother|neighbou?rs|sons)\b(?! (?:said|say|says|told|wrote|added|"
                r"claimed|reported))"),
    OutcomeRule("family_pressured", r"\b(?:relatives|wife|wives|mother|mothers|father|"
                r"fathers|parents|families|family)\b (?:(?:were|was|had been|have been|has been"
                r"|are being|were being)(?: \w+)? (?:visited|summoned|threatened|pressured|"
                r"harassed|intimidated|questioned|interrogated|warned)|(?:received|got) "
                r"(?:threats|visits|calls from))\b"),
    OutcomeRule("family_pressured", r"\b(?:payments?|salary|salaries|benefits|allowance)"
                r"\b[^.;]{0,30}\b(?:frozen|stopped|suspended|cut off|withheld)|letters? "
                r"(?:were |was )?sent[^.;]{0,40}\b(?:father|mother|parents|neighbou?rs)\b|"
                r"\b(?:father|mother|parents)\b[^.;]{0,30}\bletters?\b"),
    OutcomeRule("released", r"\b(?:released|let out|freed|set free|let go)\b"),
    OutcomeRule("fled_abroad", r"\b(?:fled|escaped|crossed|left|got|made it|went|moved) "
                r"(?:the country|abroad|Russia|into Kazakhstan|into Georgia|to Kazakhstan|"
                r"to Georgia|to Armenia|to Kyrgyzstan|to Mongolia|to Finland|to Turkey|"
                r"into Mongolia|into Finland|into Armenia|over the border|across the border"
                r" into)\b|\bin a third country\b|\bleft Russia\b|\bfled to\b|"
                r"\b(?:crossed (?:the border )?into|reached|made it (?:in)?to|arrived in|"
                r"got to|escaped to|sought refuge in|made (?:their|his|her) way (?:in)?to) "
                + FOREIGN_COUNTRIES + r"|"
                r"\b(?:asked|applied|applying|asking|sought|seeking|requested|requesting|"
                r"granted|filed) (?:for )?(?:political )?asylum\b|\bgranted (?:temporary |"
                r"international |humanitarian )?(?:protection|refuge|residence) in "
                + FOREIGN_COUNTRIES + r"|\bcross(?:ed|ing) the (?:\w+ )?border (?:on foot|"
                r"illegally|into " + FOREIGN_COUNTRIES + r")"),
    OutcomeRule("sued", r"\b(?:sued|suing|filed (?:a )?(?:lawsuit|suit|claim)|"
                r"(?:asked|petitioned|went to) (?:a|the) court|court ordered|challenged "
                r"[^.;]{0,30} in court|sue for|reinstate(?:d|ment)?)\b"),
    # "lost their appeal against their dismissal", "a lawsuit by 115 guardsmen ... was rejected"
    OutcomeRule("sued", r"\b(?:(?:appeal(?:ed|s)?|lawsuits?|suits?|complaints?|challenges?) "
                r"against (?:their|his|her|the) (?:dismissal|discharge|firing|sacking)|"
                r"(?:lost|won|rejected|dismissed|upheld) (?:their|his|her) (?:appeal|lawsuit|"
                r"suit|claim)|(?:lawsuit|suit|claim) (?:by|from|of) (?:the )?(?:\d+|\w+ )"
                r"(?:\w+ )?(?:guardsmen|officers|servicemen|soldiers|men|employees|"
                r"police(?:men)?))\b"),
    OutcomeRule("dismissed", r"\b(?:against|over|challenging|contesting|disputing) "
                r"(?:their|his|her) (?:dismissal|discharge|firing|sacking)\b"),
    OutcomeRule("threatened", r"\b(?:would|could|will|might) face (?:criminal )?(?:charges|"
                r"prosecution|prison|jail|trial|a criminal case|criminal cases)\b"),
    OutcomeRule("forced_back", r"\b(?:detained|caught|arrested|found|picked up)\b[^.;]{0,80}"
                r"\band (?:then |later )?(?:returned|sent back|taken back|escorted back|brought "
                r"back) to (?:their|his|her|the) (?:units?|regiments?|battalions?|brigades?|"
                r"positions?|front)\b"),
    OutcomeRule("family_pressured", r"\b(?:police|officers|FSB|investigators|military "
                r"police|enlistment office officials)\b[^.;]{0,30}\b(?:came|went|showed up|"
                r"turned up|called) (?:to|at) (?:her|their|(?:his |the )?(?:parents'|"
                r"mother's|wife's|family's|relatives'|father's)) (?:flat|house|home|apartment|"
                r"door|homes)\b"),
)
OUTCOME_RES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (r.label, re.compile(r.pattern, re.IGNORECASE)) for r in OUTCOME_RULES
)
# A clause that talks about refuseniks at large, not about this group.
GENERIC_OUTCOME_SUBJECTS = re.compile(
    r"\b(?:servicemen|soldiers|men|those|anyone|people|refuseniks|deserters) "
    r"(?:who|that) (?:refuse|decline|desert|leave|do not|don't|will not|won't)\b",
    re.IGNORECASE,
)

# --- units ------------------------------------------------------------------------------------

UNIT_NOUNS = words("""
    battalion battalions regiment regiments brigade brigades division divisions company
    detachment detachments squadron squadrons platoon platoons corps base bases army armies
    group groups flotilla squad squads unit units
""")
# Formations journalists name without a unit word: "recruited into Storm-Z", "a Wagner fighter".
KNOWN_FORMATIONS = re.compile(
    r"(?<![\w-])(?:Storm-[ZV]|Wagner|Akhmat|Redut|Rusich|Sparta|Somalia|Pyatnashka|Vostok|"
    r"Kaskad|Espanola|Arbat|Veterans|Convoy|Bars-\d+|BARS(?:-\d+)?)(?![\w-])")
UNIT_SKIP_NAMES = words("""
    omon sobr rosgvardia national guard riot police army russian military private the a an
    ukrainian ukraine's russia's enemy
    this that his their its our one
""")

# --- figures ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeasureRule:
    """A measure and the words that signal it near a number."""

    measure: str
    pattern: str


MEASURE_RULES: tuple[MeasureRule, ...] = (
    MeasureRule("convictions", r"\bArticles\s+33[278](?:\s*(?:,|and|or)\s*33[278])+"),
    MeasureRule("awol_cases", r"\bArticle\s+337\b|leaving (?:a|their|his|the) units? without "
                r"permission|\bAWOL\b|absen(?:ce|t) without (?:official )?leave|unauthori[sz]ed "
                r"(?:abandonment|absence|leave)|(?:convicted|sentenced|charged|cases?) (?:of|for) "
                r"(?:leaving|abandoning) (?:a|their|his|the) units?"),
    MeasureRule("desertion_cases", r"\bArticle\s+338\b|\bdesertion (?:cases|charges)\b|"
                r"\b(?:convicted|sentenced|charged|cases?|tried|prosecuted|sentences?|"
                r"verdicts?|convictions?|prosecutions?) (?:of|for) desertion\b"),
    MeasureRule("refusal_cases", r"\bArticle\s+332\b|refus\w* to (?:obey|carry out|follow|"
                r"execute) (?:an |the )?orders?|disobe\w+|insubordination"),
)
MEASURE_RES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (r.measure, re.compile(r.pattern, re.IGNORECASE)) for r in MEASURE_RULES
)
CASE_NOUNS = words("""
    case cases sentence sentences verdict verdicts conviction convictions prosecution
    prosecutions charge charges proceedings trial trials filing filings
""")
SENTENCE_NOUNS = words("sentence sentences verdict verdicts conviction convictions")
HELP_RE = re.compile(r"\bhelp(?:ed|s|ing)?\b", re.IGNORECASE)
HELP_GOALS = words("leave desert escape refuse avoid flee quit get withdraw exit")
# Counted people or acts that make a tally of refusers ("has recorded 300 refusals").
REFUSER_NOUNS = words("refusal refusals refusenik refuseniks deserter deserters desertions")
TALLY_VERBS = words("record count register document tally know verify confirm receive log")
# Things counted that are never figures.
NOT_FIGURE_NOUNS = words("""
    request requests call calls contact contacts appeal appeals family families question
    questions rouble roubles ruble rubles dollar dollars percent kilometre kilometres
    kilometer kilometers dead death deaths casualties killed wounded year years month months
    week weeks day days hour hours vehicle vehicles tank tanks summons summonses
""")
FOLLOW_UP_NUMBER = re.compile(r"\b(?:the|that|this) (?:number|figure|total|count|tally)\b",
                              re.IGNORECASE)
SUCH_CASES = re.compile(r"\bsuch (?:cases|sentences|verdicts|charges|convictions)\b",
                        re.IGNORECASE)
# Words that make a count a tally over time, however concrete the group ("since January").
TALLY_CUES = re.compile(r"\b(?:since|so far|in total|a total of|altogether|overall|in all|"
                        r"across|estimates?|estimated|over the past|to date)\b", re.IGNORECASE)
AGGREGATE_CUES = re.compile(r"\b(?:since|estimates?|estimated|in total|a total of|so far|"
                            r"altogether|overall|in all|at least|across)\b", re.IGNORECASE)
