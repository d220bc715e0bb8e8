"""The actor layer's word lists: role nouns and their sectors, titles, honorifics, pronouns, speech verbs.

One place for the words the actor resolvers consult; the rules that use them live in the other modules of
:mod:`eventwire.actors`.
"""

from __future__ import annotations

import re

from eventwire.vocab import mapping, words

# Role and body nouns (lemmas) and multi-word roles -> CAMEO sector: one definition, shared with the argument
# phrases (eventwire.actors.phrases).
ROLE_SECTORS = mapping("role_sectors")
MULTI_ROLE_RE = re.compile(r"\b(?:" + "|".join(
    re.escape(k) for k in sorted((k for k in ROLE_SECTORS if " " in k), key=len, reverse=True)) + r")\b")
# Sector words that qualify a role ("Foreign Minister", "defence chief") but never name an actor on their own.
ROLE_MODIFIERS = words("role_modifiers")
# Nouns that head a role phrase the actors stage adds as a mention ("Chinese officials", "the Russian army").
ROLE_HEADS = words("role_heads")
# Words inside an organisation's name that give its sector without being role nouns ("Times", "Inc").
NAME_SECTORS = mapping("name_sectors")
# Every word that says what kind of body a name is.
SECTOR_WORDS = frozenset(ROLE_SECTORS) | frozenset(NAME_SECTORS)


def name_word_sector(word: str) -> str | None:
    """The sector a word inside an organisation's name gives ("Ministry" GOV, "Times" MED), or None."""
    return NAME_SECTORS.get(word) or ROLE_SECTORS.get(word)

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
SPEECH_VERBS = words("speech_verbs")
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
