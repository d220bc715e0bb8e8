"""repair: undo what machine translation and scraping did to the text.

Every repair is an edit of the text that keeps a map from each repaired
character back to its original offset, so records can cite the user's text.
Repairs are conservative: each targets a pattern that is almost never right
in edited English news.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from eventwire.document import Doc
from eventwire.pipeline import stage
from eventwire.vocab import words

# "expected.Essence", 'frank."In', "issues?The": sentence-final punctuation
# glued to the next sentence. The left side must end in a lowercase letter,
# digit or closing quote/bracket so that "U.S.A." and "p.m." are left alone.
_GLUED_SENTENCE = re.compile(r"(?<=[a-z0-9\)\]\"'”’%])([.!?;]+[\"”’]?)(?=[A-Z“\"][a-z])")
# "issuesIt is": no punctuation at all, but a function word that only starts
# a sentence is glued to a lowercase word.
_GLUED_STARTER = re.compile(
    r"(?<=[a-z]{3})(?=(?:It|The|This|That|These|Those|They|There|He|She|We|In|On|At|As|But|However|Meanwhile|According)\b)"
)
# "state -owned", "multi -world": a space before the hyphen of a compound.
_SPACED_HYPHEN = re.compile(r"(?<=[A-Za-z]) (?=-[a-z])")
# "China ’s", "China’ s": a space inside the possessive.
_SPACED_POSSESSIVE = re.compile(r"(?<=\w) (?=[’']s\b)|(?<=\w[’']) (?=s\b)")

# Words whose doubling is ordinary English ("had had", "that that").
_LEGIT_DOUBLES = words("legit_doubles")


class _Editor:
    """Text plus a map of each character to its original offset."""

    def __init__(self, text: str, offsets: list[int]) -> None:
        self.text = text
        self.offsets = offsets  # len(text) + 1 entries; the last is the end position
        self.log: list[dict] = []

    def substitute(self, pattern: re.Pattern[str], replace: Callable[[re.Match[str]], str], kind: str) -> None:
        pieces: list[str] = []
        offsets: list[int] = []
        last = 0
        for match in pattern.finditer(self.text):
            new = replace(match)
            if new == match.group(0):
                continue
            pieces.append(self.text[last : match.start()])
            offsets.extend(self.offsets[last : match.start()])
            # Inserted or rewritten characters map to where the match started
            # in the original; kept characters keep their own offsets.
            old = match.group(0)
            if new.startswith(old):  # pure insertion after the match
                pieces.append(new)
                offsets.extend(self.offsets[match.start() : match.end()])
                offsets.extend([self.offsets[match.end()]] * (len(new) - len(old)))
            else:
                pieces.append(new)
                anchor = self.offsets[match.start()]
                offsets.extend([anchor] * len(new))
            self.log.append(
                {
                    "kind": kind,
                    "original_start": self.offsets[match.start()],
                    "original_end": self.offsets[match.end()],
                    "old": old,
                    "new": new,
                }
            )
            last = match.end()
        if last == 0:  # nothing changed
            return
        pieces.append(self.text[last:])
        offsets.extend(self.offsets[last:])
        self.text = "".join(pieces)
        self.offsets = offsets

    def delete_spans(self, spans: list[tuple[int, int]], kind: str) -> None:
        if not spans:
            return
        keep_text: list[str] = []
        keep_offsets: list[int] = []
        last = 0
        for start, end in spans:
            keep_text.append(self.text[last:start])
            keep_offsets.extend(self.offsets[last:start])
            self.log.append(
                {
                    "kind": kind,
                    "original_start": self.offsets[start],
                    "original_end": self.offsets[end],
                    "old": self.text[start:end],
                    "new": "",
                }
            )
            last = end
        keep_text.append(self.text[last:])
        keep_offsets.extend(self.offsets[last:])
        self.text = "".join(keep_text)
        self.offsets = keep_offsets


_WORD = re.compile(r"\S+")


def _duplicate_spans(text: str, max_words: int = 12) -> list[tuple[int, int]]:
    """Spans (to delete) of phrases repeated right after themselves.

    "from March 20th to 22nd from March 20th to 22nd" -> the second copy;
    "new new sides" -> one "new". Longer repeats win over the shorter ones
    they contain.
    """
    words = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text)]
    raw = [w[2].lower() for w in words]
    tokens = [w.rstrip('.,;:!?"”’') for w in raw]
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        found = 0
        longest = min(max_words, (len(words) - i) // 2)
        # A repeat of length n needs the word n places on to equal this one: test only those n.
        for n in [n for n in range(longest, 0, -1) if tokens[i + n] == tokens[i]]:
            if tokens[i : i + n] != tokens[i + n : i + 2 * n]:
                continue
            phrase = " ".join(tokens[i : i + n])
            if raw[i + n - 1] != tokens[i + n - 1]:
                continue  # "on China, China will": punctuation marks a real boundary
            if n == 1 and (not phrase.isalpha() or len(phrase) < 3 or phrase in _LEGIT_DOUBLES):
                continue
            if n > 1 and len(phrase) < 8:
                continue
            found = n
            break
        if found:
            # Delete the first copy and the space after it: the second copy
            # keeps whatever punctuation closes the sentence.
            spans.append((words[i][0], words[i + found][0]))
            i += 2 * found
        else:
            i += 1
    return spans


@stage("repair", assigns=["doc.text", "doc.offset_map", "doc.repairs"])
class Repair:
    """Repairs machine-translation damage while keeping the offset map."""

    def __init__(self, duplicates: bool = True) -> None:
        self.duplicates = duplicates

    def __call__(self, doc: Doc) -> Doc:
        editor = _Editor(doc.original, list(range(len(doc.original) + 1)))
        editor.substitute(_SPACED_HYPHEN, lambda m: "", "spaced-hyphen")
        editor.substitute(_SPACED_POSSESSIVE, lambda m: "", "spaced-possessive")
        editor.substitute(_GLUED_SENTENCE, lambda m: m.group(0) + " ", "glued-sentence")
        editor.substitute(_GLUED_STARTER, lambda m: " ", "glued-sentence")
        if self.duplicates:  # after the sentence split, so "22nd.Foreign" reads as "22nd."
            editor.delete_spans(_duplicate_spans(editor.text), "duplicate-phrase")
        doc.text = editor.text
        doc.offset_map = editor.offsets
        doc.repairs = editor.log
        return doc
