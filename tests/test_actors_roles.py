"""Titles, roles and sectors: the sector a role phrase names, for titles and for argument phrases alike."""

from __future__ import annotations

import pytest

from eventwire.actors.roles import phrase_sector, role_sector
from eventwire.stages.nlp import load_model


@pytest.mark.parametrize(
    ("phrase", "sector"),
    [
        ("foreign minister", "GOV"),
        ("security forces", "COP"),  # a multi-word role wins over its words ("forces" is MIL)
        ("army spokesman", "MIL"),  # a generic role takes its body's sector
        ("opposition leader", "OPP"),
        ("security chief", "COP"),
        ("spokesman", "GOV"),  # alone, its own default
        ("student groups", "EDU"),
        ("groups", None),
        ("refugees", "CVL"),
        ("workers", "LAB"),
        ("company executive", "BUS"),
    ],
)
def test_roles_role_sector(phrase, sector):
    words = phrase.split()
    lemmas = [w[:-1] if w.endswith("s") and not w.endswith("ss") else w for w in words]
    assert role_sector(lemmas, words) == sector


@pytest.mark.parametrize(
    ("sentence", "head", "sector"),
    [
        ("A human rights group condemned the arrests.", "group", "NGO"),
        ("A rebel group attacked the convoy.", "group", "REB"),
        ("Refugees crossed the border.", "Refugees", "CVL"),
        ("The opposition leader called for new elections.", "leader", "OPP"),
        ("They signed a pact of mutual defense.", "defense", None),  # a modifier word names no actor alone
        ("The report was published on Monday.", "report", None),
    ],
)
def test_roles_phrase_sector_reads_the_head_and_its_modifiers(sentence, head, sector):
    doc = load_model()(sentence)
    token = next(t for t in doc if t.text == head)
    assert phrase_sector(token) == sector
