"""Which language an article is written in, so that text no stage can read is rejected, not mangled.

The stages are English-only: Russian or Arabic text yields garbage "actors" and
Chinese yields nothing, silently. ``py3langid`` (a PyPI package shipping its own
n-gram model, no download) names the language; it reads a megabyte in a tenth of
a second, and is loaded only the first time an article is checked.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

# Below this many letters the guess is unreliable ("Iran fired missiles." is not evidence of anything).
MIN_LETTERS = 120
# Only a confident guess rejects: machine-translated English with many foreign names must still pass.
MIN_CONFIDENCE = 0.95
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")
SAMPLE_CHARS = 20_000  # the script of the first 20,000 characters is enough to tell


@dataclass(frozen=True)
class Guess:
    code: str  # ISO 639 code as the model gives it: "en", "ru", "zh" ...
    name: str  # "Russian"
    confidence: float


@functools.lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def language_name(code: str) -> str:
    import pycountry

    found = pycountry.languages.get(alpha_2=code) if len(code) == 2 else pycountry.languages.get(alpha_3=code)
    return found.name if found is not None else code


def guess_language(text: str) -> Guess | None:
    """The language of ``text``, or None when it has too few letters to tell."""
    if len(_LETTER.findall(text[:SAMPLE_CHARS])) < MIN_LETTERS:
        return None
    code, confidence = _identifier().classify(text)
    return Guess(code, language_name(code), float(confidence))


def latin_share(text: str) -> float:
    """The share of letters (in the first ``SAMPLE_CHARS`` characters) that are Latin."""
    letters = _LETTER.findall(text[:SAMPLE_CHARS])
    return sum(1 for c in letters if _LATIN.match(c)) / len(letters) if letters else 1.0


def foreign_language(text: str) -> Guess | None:
    """A guess that ``text`` is not English, else None.

    Text mostly in another script (Cyrillic, Arabic, Han ...) is not English
    whatever the model's confidence; Latin-script text needs a confident guess.
    """
    guess = guess_language(text)
    if guess is None:
        return None
    if latin_share(text) < 0.5:
        return guess if guess.code != "en" else Guess("und", "a non-Latin script", 1.0 - latin_share(text))
    if guess.code == "en" or guess.confidence < MIN_CONFIDENCE:
        return None
    return guess
