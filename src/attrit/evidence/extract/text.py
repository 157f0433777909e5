"""A report cut into paragraphs, sentences and clauses, every piece with its offsets."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

# a sentence ends at . ! ? (or a closing quote after one) before a capital, a digit or a quote;
# initials and abbreviations ("U.S.", "No. 5", "Gen.") do not end one
_END = re.compile(r"(?<=[.!?])[\"'”’)]?\s+(?=[\"“'(]?[A-Z0-9])")
_ABBREV = re.compile(r"(?:\b[A-Z]\.|\b(?:No|Gen|Col|Lt|Maj|Capt|Sgt|Mr|Mrs|Dr|St|vs|etc)\.)$")
_PARAGRAPH = re.compile(r"\n\s*\n|\n(?=\s*[-•*]\s)")
_CLAUSE = re.compile(
    r",\s+|;\s+|:\s+|\s+[-–—]\s+|\s+(?=(?:after|before|while|when|whereas|although|because)\b)",
    re.I,
)


@dataclass(frozen=True)
class Sentence:
    """A sentence: its text, where it starts in the report and its paragraph's number."""

    text: str
    start: int
    paragraph: int

    @property
    def end(self) -> int:
        """Offset just past the sentence."""
        return self.start + len(self.text)

    def clause_bounds(self) -> list[tuple[int, int]]:
        """Offsets (within the sentence) of its clauses."""
        bounds, last = [], 0
        for m in _CLAUSE.finditer(self.text):
            bounds.append((last, m.start()))
            last = m.end()
        bounds.append((last, len(self.text)))
        return bounds

    def clause_of(self, start: int, end: int) -> tuple[int, int]:
        """The smallest run of clauses covering ``start:end`` (offsets within the sentence)."""
        bounds = self.clause_bounds()
        first = next(i for i, (_, e) in enumerate(bounds) if e >= start)
        last = next((i for i, (s, _) in enumerate(bounds) if s >= end), len(bounds)) - 1
        return bounds[first][0], bounds[max(first, last)][1]


def sentences(text: str) -> list[Sentence]:
    """Every sentence of ``text`` with its offset; a bullet or blank line starts a paragraph."""
    out: list[Sentence] = []
    cuts = [0, *(m.end() for m in _PARAGRAPH.finditer(text)), len(text)]
    for number, (p0, p1) in enumerate(itertools.pairwise(cuts)):
        block = text[p0:p1]
        start = 0
        for m in _END.finditer(block):
            if _ABBREV.search(block[start : m.start()]):
                continue
            _add(
                out,
                block,
                start,
                m.start() + (len(m.group(0)) - len(m.group(0).lstrip())),
                p0,
                number,
            )
            start = m.end()
        _add(out, block, start, len(block), p0, number)
    return out


MAX_SENTENCE = 1_500
"""Characters in a sentence at most: text without full stops (a table, a list run together)
is cut at a clause's or a word's end, so the work per figure stays bounded."""
_CUT = re.compile(r"[;,]\s+|\s+")


def _add(out: list[Sentence], block: str, start: int, end: int, offset: int, number: int) -> None:
    while end - start > MAX_SENTENCE:
        cuts = [m.end() for m in _CUT.finditer(block, start + MAX_SENTENCE // 2,
                                               start + MAX_SENTENCE)]  # fmt: skip
        cut = cuts[-1] if cuts else start + MAX_SENTENCE
        _add(out, block, start, cut, offset, number)
        start = cut
    piece = block[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    lead = len(piece) - len(piece.lstrip())
    lead += len(stripped) - len(stripped.lstrip("-•* "))
    stripped = stripped.lstrip("-•* ")
    if stripped:
        out.append(Sentence(stripped, offset + start + lead, number))
