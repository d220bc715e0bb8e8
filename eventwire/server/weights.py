"""Cooperation–conflict weights per PLOVER event type, for the dyad score.

Each PLOVER type gets the Goldstein (1992) scale value of the CAMEO root code that
maps onto it (-10 most conflictual, +10 most cooperative). Where a type gathers
several roots, the note says which value was taken. The dyad score is the mean
weight of a pair's events, so it stays on the same -10..+10 scale.
"""

from __future__ import annotations

GOLDSTEIN_WEIGHTS: dict[str, float] = {
    "AGREE": 4.0,  # CAMEO 03 express intent to cooperate
    "CONSULT": 1.0,  # 04 consult (root value; visits and summits score higher in CAMEO)
    "SUPPORT": 3.5,  # 05 engage in diplomatic cooperation
    "COOPERATE": 6.0,  # 06 engage in material cooperation
    "AID": 7.0,  # 07 provide aid
    "CONCEDE": 5.0,  # 08 yield
    "RETREAT": 9.0,  # 087 de-escalate military engagement
    "REQUEST": 3.0,  # 02 appeal
    "ACCUSE": -2.0,  # 11 disapprove
    "REJECT": -4.0,  # 12 reject
    "THREATEN": -6.0,  # 13 threaten
    "PROTEST": -6.5,  # 14 protest
    "SANCTION": -4.0,  # 16 reduce relations
    "MOBILIZE": -7.2,  # 15 exhibit force posture
    "COERCE": -7.0,  # 17 coerce
    "ASSAULT": -9.5,  # 18 assault (-9) with 19 fight and 20 mass violence (-10)
}


def weight(event_type: str) -> float:
    """The weight of a type; 0 for a type outside PLOVER."""
    return GOLDSTEIN_WEIGHTS.get(event_type, 0.0)
