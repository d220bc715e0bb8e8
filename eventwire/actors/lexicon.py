"""The actor layer's word lists: role nouns and their sectors, titles, honorifics, pronouns, speech verbs.

One place for the words the actor resolvers consult; the rules that use them live in the other modules of
:mod:`eventwire.actors`.
"""

from __future__ import annotations

import re

from eventwire.vocab import mapping, words

# Role nouns (lemma, lower case) -> CAMEO sector. Multi-word roles are checked first.
ROLE_SECTOR_MULTI: dict[str, str] = {
    "security force": "COP", "security forces": "COP", "riot police": "COP", "border guard": "COP",
    "border patrol": "COP", "police officer": "COP", "police force": "COP",
    "armed force": "MIL", "armed forces": "MIL", "air force": "MIL", "defence force": "MIL", "defense force": "MIL",
    "news agency": "MED", "state media": "MED", "state television": "MED", "state tv": "MED",
    "supreme court": "JUD", "high court": "JUD", "attorney general": "JUD",
    "member of parliament": "LEG", "ruling party": "PTY", "opposition party": "OPP",
    "aid group": "NGO", "rights group": "NGO", "aid agency": "NGO", "human rights group": "NGO",
    "trade union": "LAB", "asylum seeker": "REF", "think tank": "EDU", "central bank": "GOV",
    "prime minister": "GOV", "foreign minister": "GOV", "foreign ministry": "GOV",
}
ROLE_SECTOR: dict[str, str | None] = {
    **dict.fromkeys("""official minister ministry government president premier chancellor spokesman spokeswoman
        spokesperson ambassador diplomat envoy authority administration cabinet governor mayor king queen prince
        princess emir sultan monarch secretary consul embassy regime delegation vice-president""".split(), "GOV"),
    **dict.fromkeys("""army military troop soldier navy general commander colonel marine militaryman
        paratrooper sailor airman admiral captain sergeant brigadier marshal commandant corporal
        lieutenant""".split(), "MIL"),
    **dict.fromkeys("police policeman policewoman gendarmerie gendarme".split(), "COP"),
    **dict.fromkeys("court judge prosecutor judiciary tribunal magistrate".split(), "JUD"),
    **dict.fromkeys("""parliament lawmaker legislator senator congressman congresswoman legislature senate
        congress parliamentarian mp""".split(), "LEG"),
    **dict.fromkeys("""rebel militant insurgent guerrilla fighter militia jihadist separatist terrorist gunman
        extremist""".split(), "REB"),
    **dict.fromkeys("opposition dissident".split(), "OPP"),
    **dict.fromkeys("party".split(), "PTY"),
    **dict.fromkeys("""protester protestor demonstrator civilian resident citizen villager rioter crowd mob
        activist""".split(), "CVL"),
    **dict.fromkeys("""newspaper journalist reporter media broadcaster television radio editor correspondent
        daily columnist""".split(), "MED"),
    **dict.fromkeys("""university researcher scholar professor dean academic institute student school college
        lecturer scientist""".split(), "EDU"),
    **dict.fromkeys("""company firm business businessman businesswoman corporation executive ceo entrepreneur
        investor manufacturer automaker carmaker retailer bank airline""".split(), "BUS"),
    **dict.fromkeys("charity ngo".split(), "NGO"),
    "group": None,  # a generic head: "student groups" EDU, "rebel groups" REB
    **dict.fromkeys("union worker".split(), "LAB"),
    **dict.fromkeys("refugee migrant".split(), "REF"),
}
MULTI_ROLE_RE = re.compile(r"\b(?:" + "|".join(re.escape(k) for k in sorted(ROLE_SECTOR_MULTI, key=len, reverse=True))
                       + r")\b")
# Roles whose sector comes from the body they serve ("army spokesman" is MIL, "ministry spokesman" GOV).
GENERIC_ROLES = words("generic_roles")
# Roles naming one person (titles in front of names, and anaphora like "the minister").
PERSON_ROLES = words("person_roles")
# Words that may stand inside a title ("Foreign Minister", "part-time senior researcher", "Secretary of State").
TITLE_WORDS = PERSON_ROLES | words("title_words")
_GENDER = mapping("gender_words")
FEMALE_WORDS = frozenset(w for w, g in _GENDER.items() if g == "f")
MALE_WORDS = frozenset(w for w, g in _GENDER.items() if g == "m")
HONORIFICS = words("honorifics")
PRONOUNS = {"he": "m", "him": "m", "his": "m", "himself": "m", "she": "f", "her": "f", "herself": "f"}
OBJECT_PRONOUNS = {"him", "her"}
# Verbs after which a bare capitalised subject is a person speaking ("Duoxi believes ...").
SPEECH_VERBS = {
    "say", "tell", "add", "state", "believe", "think", "argue", "note", "point", "stress", "emphasize",
    "emphasise", "warn", "claim", "insist", "explain", "respond", "reply", "announce", "declare", "suggest",
    "write", "ask", "urge", "accuse", "deny", "confirm", "report", "analyze", "analyse", "predict", "comment",
    "acknowledge", "admit", "assert", "describe", "recall", "conclude", "observe", "remark", "reiterate",
}
# Words inside an organisation's name that give its sector; the first one found wins ("School ... of X
# University" is EDU either way).
ORG_SECTOR: dict[str, str] = {
    **dict.fromkeys("""ministry government department office commission cabinet embassy council presidency
        kremlin administration secretariat""".split(), "GOV"),
    **dict.fromkeys("university institute school college academy faculty".split(), "EDU"),
    **dict.fromkeys("court tribunal judiciary prosecutor procuratorate".split(), "JUD"),
    **dict.fromkeys("army navy military forces corps brigade regiment command".split(), "MIL"),
    **dict.fromkeys("police gendarmerie".split(), "COP"),
    **dict.fromkeys("parliament assembly congress senate legislature duma knesset".split(), "LEG"),
    **dict.fromkeys("party".split(), "PTY"),
    **dict.fromkeys("""times post journal news daily herald tribune gazette telegraph television tv radio
        broadcasting broadcaster newspaper press magazine media observer chronicle""".split(), "MED"),
    **dict.fromkeys("""bank inc corp corporation company co ltd airlines airline motors group holdings
        industries technologies""".split(), "BUS"),
    **dict.fromkeys("foundation watch amnesty charity".split(), "NGO"),
    **dict.fromkeys("union".split(), "LAB"),
}
# Modifiers that give a generic role its sector without naming a body of their own.
BODY_WORDS = {"security": "COP", "intelligence": "GOV", "government": "GOV", "defence": "GOV", "defense": "GOV",
              "foreign": "GOV", "presidential": "GOV", "party": "PTY", "opposition": "OPP", "rebel": "REB"}
# Words that name a kind of government body; with a country they identify one ("Foreign Ministry").
_INSTITUTIONS = mapping("institution_words")
INSTITUTION_WORDS = frozenset(_INSTITUTIONS)
INSTITUTION_BODIES = frozenset(w for w, kind in _INSTITUTIONS.items() if kind == "body")
INSTITUTION_CANON = {"defense": "defence", "affairs": "", "external": "foreign", "of": "", "the": "",
                     "forces": "force"}

# Month and weekday names (never a person's name or a role's modifier).
MONTHS_DAYS = words("months") | words("weekdays")

# Role nouns that alone (no modifier, no article) do not name a group acting: "schools", "workers".
VAGUE_BARE_ROLES = words("vague_bare_roles")

# Sectors of bodies and groups that, named bare, belong to the country the article is about.
HOME_SECTORS = {"GOV", "MIL", "COP", "JUD", "LEG", "CVL", "OPP", "PTY", "REB", "EDU"}

CONF = {"kb": 0.95, "alias": 0.9, "role": 0.85, "learned": 0.8, "demonym": 0.85, "coref": 0.75,
        "pronoun": 0.6, "pattern": 0.6, "translit": 0.55, "name": 0.3, "unresolved": 0.1}
