"""Who a figure is about: the words that name a force, linked to a scenario's ids.

Without a scenario the subject is the nearest phrase before the figure that names a force (a
capitalised name such as "the 205th Corps", or "the regiment", "soldiers"). With one, names
and aliases of units and factions are matched (longest first, case-insensitive), and a
faction named with a province narrows to that faction's units there; province names match
with small spelling differences ("Waset" for Wasit).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from attrit.scenario.schema import ScenarioData

FORCE_NOUN = (
    r"(?:regiment|battalions?|brigades?|division|corps|units?|army|garrison|forces?|"
    r"militias?|groups?|companies|company|platoons?)"
)
_CAPS = r"(?:[A-Z][\w'’\-]*|\d+(?:st|nd|rd|th)|of|the|al-[\w'’\-]+|de|du)"
_NAMED = re.compile(
    rf"\b(?:[Tt]he\s+)?(?:[A-Z][\w'’\-]*|\d+(?:st|nd|rd|th))(?:\s+{_CAPS})*"
    rf"(?:\s+{FORCE_NOUN})?(?:\s+(?:in|at|of)\s+[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*)*)?"
)
_GENERIC = re.compile(
    rf"\b(?:the|these|this|that|its|their|one|another|a)\s+(?:\w+\s+){{0,2}}?{FORCE_NOUN}\b"
    rf"(?-i:\s+of\s+the\s+(?:\d+(?:st|nd|rd|th)\s+)?[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*)*)?",
    re.I,
)
_PEOPLE = re.compile(r"\b(?:soldiers|troops|fighters|men|members|reservists|recruits)\b", re.I)
_STOP_WORDS = {
    "The",
    "In",
    "On",
    "Of",
    "A",
    "An",
    "For",
    "But",
    "Yet",
    "However",
    "Some",
    "About",
    "Around",
    "Most",
    "Currently",
    "Recently",
    "Officials",
    "Local",
}


_OF_FORCE = re.compile(
    rf"\b(?:members|soldiers|troops|fighters|men|reservists|recruits)\s+of\s+(?:the\s+)?"
    rf"(?:[A-Z][\w'’\-]*(?:\s+{_CAPS})*|(?:\w+\s+)?{FORCE_NOUN})",
)


def _tidy(text: str) -> str:
    return re.sub(r"(?:\s+(?:of|the|in|at|and))+$", "", text.strip())


def mention(sentence: str, start: int, end: int | None = None) -> tuple[str, int] | None:
    """The phrase naming a force for a figure matched at ``start:end`` of ``sentence``.

    First "soldiers of the X" inside the match, then the nearest force phrase before it, then
    the first after it.
    """
    if end is not None:
        inside = _OF_FORCE.search(sentence, start, end + 40)
        if inside and inside.start() < end:
            return _tidy(inside.group(0)), inside.start()
    tiers = [_named(sentence), _phrases(_GENERIC, sentence), _phrases(_PEOPLE, sentence)]
    for tier in tiers:
        before = [c for c in tier if c[0] < start]
        if before:
            first, _, text = max(before, key=lambda c: (c[1], -c[0]))
            return text, first
    for tier in tiers:
        after = [c for c in tier if c[0] >= start]
        if after:
            first, _, text = min(after)
            return text, first
    return None


def _phrases(pattern: re.Pattern[str], sentence: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), _tidy(m.group(0))) for m in pattern.finditer(sentence)]


def _named(sentence: str) -> list[tuple[int, int, str]]:
    """Capitalised names of forces: "the 205th Corps", "Asaeb al-Haq", "SPLA"."""
    out = []
    for m in _NAMED.finditer(sentence):
        words = _tidy(m.group(0)).split()
        if words and words[0] in _STOP_WORDS and words[0] != "The":
            words = words[1:]
        text = " ".join(words)
        named_force = re.search(FORCE_NOUN, text, re.I) or re.search(r"\b[A-Z]{2,}", text)
        if (len(words) >= 2 and named_force) or (
            len(words) == 1 and re.fullmatch(r"[A-Z]{2,}\w*", text)
        ):
            out.append((m.start(), m.end(), text))
    return out


@dataclass
class Linker:
    """Names and aliases of a scenario's units, factions and provinces."""

    names: list[tuple[re.Pattern[str], str, str]] = field(default_factory=list)
    provinces: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    @classmethod
    def of(cls, scenario: ScenarioData) -> Linker:
        """The linker of ``scenario``."""
        entries: list[tuple[str, str, str]] = []
        for f in scenario.factions:
            entries += [(name, "faction", f.id) for name in (f.name, *f.aliases)]
        for u in scenario.units:
            entries += [(name, "unit", u.id) for name in (u.name, *u.aliases)]
        entries.sort(key=lambda e: -len(e[0]))
        names = [
            (re.compile(rf"(?<!\w){re.escape(n)}(?!\w)", re.I), kind, id_)
            for n, kind, id_ in entries
        ]
        provinces: dict[str, list[tuple[str, str]]] = {}
        for u in scenario.units:
            provinces.setdefault(u.province.lower(), []).append((u.faction, u.id))
        return cls(names, provinces)

    def link(self, texts: list[str], context: list[str] | None = None) -> dict[str, object] | None:
        """``{"unit": id}``, ``{"units": [...]}`` or ``{"faction": id}`` named in ``texts``.

        ``texts`` are searched in order (the sentence first, then earlier sentences of the
        paragraph); the first that names a unit or faction decides. Provinces that narrow a
        faction to its units there are looked for in ``context`` (the whole paragraph).
        """
        for text in texts:
            hits: list[tuple[str, str]] = []
            taken: list[tuple[int, int]] = []
            for pattern, kind, id_ in self.names:
                for m in pattern.finditer(text):
                    if any(s < m.end() and m.start() < e for s, e in taken):
                        continue
                    taken.append((m.start(), m.end()))
                    hits.append((kind, id_))
            units = list(dict.fromkeys(i for k, i in hits if k == "unit"))
            if len(units) == 1:
                return {"unit": units[0]}
            if units:
                return {"units": units}
            factions = list(dict.fromkeys(i for k, i in hits if k == "faction"))
            if len(factions) == 1:
                local = self._in_provinces(factions[0], context or texts)
                if len(local) == 1:
                    return {"unit": local[0]}
                if local:
                    return {"units": local}
                return {"faction": factions[0]}
        return None

    def _in_provinces(self, faction: str, texts: list[str]) -> list[str]:
        words = {w.lower() for t in texts for w in re.findall(r"[A-Z][\w'’\-]+", t)}
        out = []
        for province, members in self.provinces.items():
            named = province in words or difflib.get_close_matches(province, words, n=1, cutoff=0.8)
            if named:
                out += [u for f, u in members if f == faction]
        return out
