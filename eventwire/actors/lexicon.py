"""The actor layer's word lists: role nouns and their sectors, titles, honorifics, pronouns, speech verbs.

One place for the words the actor resolvers consult; the rules that use them live in the other modules of
:mod:`eventwire.actors`.
"""

from __future__ import annotations

import re

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
GENERIC_ROLES = {"group", "spokesman", "spokeswoman", "spokesperson", "official", "head", "chief", "director",
                 "chairman", "chairwoman", "member", "leader", "secretary", "officer", "adviser", "advisor", "aide",
                 "deputy", "representative", "executive", "source", "staff", "employee", "president", "commander"}
# Roles naming one person (titles in front of names, and anaphora like "the minister").
PERSON_ROLES = {
    "minister", "president", "premier", "chancellor", "spokesman", "spokeswoman", "spokesperson", "ambassador",
    "diplomat", "envoy", "governor", "mayor", "king", "queen", "prince", "princess", "emir", "sultan", "monarch",
    "secretary", "consul", "general", "commander", "colonel", "judge", "prosecutor", "senator", "lawmaker",
    "legislator", "congressman", "congresswoman", "journalist", "reporter", "editor", "correspondent",
    "researcher", "scholar", "professor", "dean", "lecturer", "scientist", "expert", "analyst", "ceo",
    "executive", "chairman", "chairwoman", "director", "chief", "head", "official", "officer", "businessman",
    "businesswoman", "activist", "dissident", "lawyer", "attorney", "adviser", "advisor", "aide", "deputy",
    "leader", "columnist", "magistrate", "mp", "parliamentarian", "vice-president", "founder", "co-founder",
    "admiral", "captain", "sergeant", "brigadier", "marshal", "commandant", "corporal", "lieutenant",
}
# Words that may stand inside a title ("Foreign Minister", "part-time senior researcher", "Secretary of State").
TITLE_WORDS = PERSON_ROLES | {
    "foreign", "defence", "defense", "interior", "home", "finance", "economy", "economic", "justice", "trade",
    "health", "education", "prime", "vice", "senior", "former", "acting", "state", "supreme", "top", "press",
    "ministry", "department", "army", "police", "military", "party", "federal", "national", "regional",
    "provincial", "special", "presidential", "assistant", "associate", "lieutenant", "major", "deputy",
    "part-time", "part", "time", "-", "of", "for", "affairs", "external", "security", "intelligence", "chief",
    "executive", "managing", "general", "opposition", "rebel", "militant", "parliamentary", "research", "news",
    "foreign-policy", "white", "house", "kremlin", "defence-ministry", "u.s.", "un", "eu", "nato",
    "interim", "outgoing", "incoming", "newly", "elected", "appointed", "visiting", "cabinet", "rear",
    "lieutenant-general", "major-general", "brigadier-general", "vice-admiral", "staff",
}
FEMALE_WORDS = {"mrs", "ms", "miss", "madam", "queen", "princess", "spokeswoman", "chairwoman", "businesswoman",
                "congresswoman", "policewoman", "she", "her", "herself", "lady"}
MALE_WORDS = {"mr", "sir", "king", "prince", "spokesman", "chairman", "businessman", "congressman", "policeman",
              "he", "him", "his", "himself", "lord"}
HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "sir", "madam", "mr.", "mrs.", "ms.", "dr.", "lord", "lady"}
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
INSTITUTION_WORDS = {"foreign", "defence", "defense", "interior", "home", "finance", "justice", "trade", "health",
                     "education", "ministry", "government", "army", "navy", "police", "parliament", "court",
                     "supreme", "military", "cabinet", "office", "department", "affairs", "external", "of", "the",
                     "state", "council", "air", "force", "forces", "national", "federal", "security", "central",
                     "bank", "armed", "high", "constitutional", "embassy"}
INSTITUTION_CANON = {"defense": "defence", "affairs": "", "external": "foreign", "of": "", "the": "",
                     "forces": "force"}

MONTHS_DAYS = {m.lower() for m in """January February March April May June July August September October November
    December Monday Tuesday Wednesday Thursday Friday Saturday Sunday""".split()}

# Sectors of bodies and groups that, named bare, belong to the country the article is about.
HOME_SECTORS = {"GOV", "MIL", "COP", "JUD", "LEG", "CVL", "OPP", "PTY", "REB", "EDU"}

CONF = {"kb": 0.95, "alias": 0.9, "role": 0.85, "learned": 0.8, "demonym": 0.85, "coref": 0.75,
        "pronoun": 0.6, "pattern": 0.6, "translit": 0.55, "name": 0.3, "unresolved": 0.1}
