"""The actor layer's vocabularies: one definition of role -> sector, and the lists that refer to it agree."""

from __future__ import annotations

import re
from pathlib import Path

from eventwire.actors import lexicon

CODING = Path(__file__).resolve().parents[1] / "corpus" / "CODING.md"


def test_actors_lexicon_sectors_are_the_ones_we_code():
    manual = CODING.read_text(encoding="utf-8")
    coded = set(re.findall(r"\b(GOV|MIL|COP|JUD|LEG|OPP|PTY|REB|MED|EDU|BUS|CVL|NGO|LAB|REL)\b", manual))
    assert set(lexicon.ROLE_SECTORS.values()) | set(lexicon.NAME_SECTORS.values()) <= coded


def test_actors_lexicon_one_definition_per_word():
    # A word's sector is defined once: name words are the ones role_sectors does not hold.
    assert not set(lexicon.NAME_SECTORS) & set(lexicon.ROLE_SECTORS)


def test_actors_lexicon_lists_refer_to_defined_sectors():
    assert lexicon.ROLE_HEADS - {"group"} <= set(lexicon.ROLE_SECTORS)
    assert lexicon.ROLE_MODIFIERS <= set(lexicon.ROLE_SECTORS)
    assert "group" in lexicon.GENERIC_ROLES and "group" not in lexicon.ROLE_SECTORS


def test_actors_lexicon_conflicts_resolved_as_decided():
    sectors = lexicon.ROLE_SECTORS
    assert (sectors["refugee"], sectors["migrant"], sectors["asylum seeker"]) == ("CVL", "CVL", "CVL")
    assert (sectors["worker"], sectors["executive"], sectors["candidate"]) == ("LAB", "BUS", "PTY")
    assert "agency" not in sectors and "justice" not in sectors
