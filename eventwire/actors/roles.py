"""Titles, roles and sectors: what the words around a name say about the person ("Ukrainian Foreign Minister
Culba", "James Dorsey, a senior researcher at the X Institute"), and the sector a role or title names."""

from __future__ import annotations

from eventwire.actors.article import Article, dateline_default
from eventwire.actors.candidate import Candidate, Without, strip_det
from eventwire.actors.countries import CountryReader
from eventwire.actors.lexicon import (
    FEMALE_WORDS,
    GENERIC_ROLES,
    HONORIFICS,
    MALE_WORDS,
    MULTI_ROLE_RE,
    NAME_SECTORS,
    PERSON_ROLES,
    ROLE_MODIFIERS,
    ROLE_SECTORS,
    TITLE_WORDS,
)
from eventwire.kb import KnowledgeBase


def role_sector(lemmas: list[str], words: list[str], org: Candidate | None = None) -> str | None:
    """The sector a title or role phrase names (words in text order, lower case, and their lemmas).

    A multi-word role wins ("security forces" COP); else the last role noun, the head, gives it. A generic role
    ("spokesman", "leader", "group") takes the sector of the body it serves: ``org``, or a sector word before
    it ("army spokesman" MIL, "opposition leader" OPP); alone, its own default ("spokesman" GOV, "group" none).
    """
    for piece in (" ".join(words), " ".join(lemmas)):
        m = MULTI_ROLE_RE.search(piece)
        if m:
            return ROLE_SECTORS[m.group(0)]
    head = None
    for w, lm in zip(reversed(words), reversed(lemmas), strict=True):
        if lm in ROLE_SECTORS or lm in GENERIC_ROLES or w in ROLE_SECTORS or w in GENERIC_ROLES:
            head = lm if (lm in ROLE_SECTORS or lm in GENERIC_ROLES) else w
            break
    body = None
    if org is not None and org.mention.actor is not None:
        body = org.mention.actor.sector
    for w, lm in zip(words, lemmas, strict=True):
        if body is not None:
            break
        if w in NAME_SECTORS and w not in GENERIC_ROLES and w != "news":
            body = NAME_SECTORS[w]
        elif lm != head and lm not in GENERIC_ROLES and ROLE_SECTORS.get(lm):
            body = ROLE_SECTORS[lm]  # "police spokesman", "student groups"
        elif w != head and w not in GENERIC_ROLES and ROLE_SECTORS.get(w):
            body = ROLE_SECTORS[w]  # "security chief"
    if head is None:
        return body
    if head in GENERIC_ROLES:
        return body or ROLE_SECTORS.get(head)
    return ROLE_SECTORS[head]


def phrase_sector(token) -> str | None:
    """The sector the role noun ``token`` names with the compounds and adjectives before it ("rights group"
    NGO, "army spokesman" MIL, "opposition leader" OPP); None when ``token`` is no role noun."""
    lemma = token.lemma_.lower()
    if lemma not in ROLE_SECTORS and token.lower_ not in ROLE_SECTORS and lemma not in GENERIC_ROLES:
        return None
    if lemma in ROLE_MODIFIERS or token.lower_ in ROLE_MODIFIERS:
        return None
    mods = [t for t in token.lefts if t.dep_ in ("compound", "amod") and t.is_alpha]
    return role_sector([t.lemma_.lower() for t in mods] + [lemma], [t.lower_ for t in mods] + [token.lower_])


class TitleReader:
    """Country, title, sector and gender of a person from the words around the name."""

    def __init__(self, kb: KnowledgeBase, countries: CountryReader) -> None:
        self.kb = kb
        self.countries = countries

    def read(self, c: Candidate, sdoc, article: Article) -> None:
        """Fill ``c``'s hints from a title before the name, a role in apposition, or the dateline."""
        span = c.tokens
        by_token = Without(article.by_token, c)
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
                dateline_default(c, article)
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
        dateline_default(c, article)

    def _apply_title(self, c: Candidate, tokens: list, by_token: Without) -> None:
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
                c.country_hint = c.country_hint or self.countries.of_text(strip_det(o.mention.text))
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
        c.sector_hint = role_sector(lemmas, words, org=c.org_hint)
        if "former" in words:
            c.extra["former"] = True

    def _appositive(self, c: Candidate, sdoc, by_token: Without) -> None:
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
        sector = role_sector(lemmas, words, org=c.org_hint)
        c.sector_hint = sector
        if org is not None and org.mention.actor is not None:
            c.country_hint = org.mention.actor.country
        c.extra["appositive"] = True
