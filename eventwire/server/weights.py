"""Cooperation–conflict weights per PLOVER event type, for the dyad score.

Each PLOVER type gets the Goldstein (1992) score of the CAMEO root code that maps onto it
(:mod:`eventwire.goldstein`: ``data/scales/plover_roots.tsv`` on ``data/scales/goldstein.tsv``;
-10 most conflictual, +10 most cooperative). ASSAULT gathers three roots and takes 18 (assault, -9)
averaged with 19–20 (fight, mass violence, -10): -9.5. The dyad score is the mean weight of a pair's
events, so it stays on the same -10..+10 scale.
"""

from __future__ import annotations

from eventwire import goldstein


def _weights() -> dict[str, float]:
    scale = goldstein.scale()
    weights = {event_type: scale[code] for event_type, code in goldstein.plover_roots().items()}
    weights["ASSAULT"] = (scale["18"] + (scale["19"] + scale["20"]) / 2) / 2
    return weights


GOLDSTEIN_WEIGHTS: dict[str, float] = _weights()


def weight(event_type: str) -> float:
    """The weight of a type; 0 for a type outside PLOVER."""
    return GOLDSTEIN_WEIGHTS.get(event_type, 0.0)
