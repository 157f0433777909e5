"""From a report's text to proposed evidence items, each traceable to a quote and its span."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

from attrit.evidence.extract.dates import When, find_times, report_date
from attrit.evidence.extract.markers import Rule, template
from attrit.evidence.extract.numbers import Figure, find_figures
from attrit.evidence.extract.proposal import ExtractError, Proposal
from attrit.evidence.extract.subjects import Linker, mention
from attrit.evidence.extract.text import Sentence, sentences
from attrit.evidence.kinds import KINDS, kind
from attrit.scenario.schema import ScenarioData

_REPORTING = re.compile(
    r"(?:said|says|dated|reported|told\s+\w+|announced|published|released|issued|stated|"
    r"according to \w+)\s+(?:\w+\s+){0,2}$",
    re.I,
)
_BACK_REFERENCE = re.compile(
    r"\b(?:the same period|the same time|during the attack|the attack|when the|that day|"
    r"the toll|at the time|in the same)\b",
    re.I,
)
_PER = {"day": dt.timedelta(days=1), "week": dt.timedelta(weeks=1)}


def extract(
    text: str,
    date: dt.date | None = None,
    scenario: ScenarioData | None = None,
) -> list[Proposal]:
    """Proposed evidence items stated in ``text``, in the order the report states them.

    ``date`` is the report's date (else the first date in its opening lines); relative times
    are resolved against it. With ``scenario``, subjects are linked to its unit and faction
    ids by name and alias.
    """
    today = date or report_date(text)
    if today is None:
        raise ExtractError("the report's date is not in its first lines; give --date YYYY-MM-DD")
    figures = find_figures(text)
    linker = Linker.of(scenario) if scenario is not None else None
    found: list[Proposal] = []
    by_paragraph: dict[int, list[Sentence]] = {}
    last_time: dict[int, When] = {}
    previous: tuple[Sentence, list[Figure], list[Proposal]] | None = None
    every = sentences(text)
    whole: dict[int, list[str]] = {}
    for s in every:
        whole.setdefault(s.paragraph, []).append(s.text)
    for s in every:
        by_paragraph.setdefault(s.paragraph, []).append(s)
        mine = [f for f in figures if s.start <= f.start < s.end]
        times = find_times(s.text, today)
        proposals = _sentence_proposals(s, mine, times, today, last_time.get(s.paragraph))
        if previous is not None and previous[0].paragraph == s.paragraph:
            for k in KINDS:
                if k.across_sentences is not None:
                    proposals += k.across_sentences(text, previous, (s, mine, proposals), today)
        for p in proposals:
            _attach_subject(p, s, by_paragraph[s.paragraph], linker, whole[s.paragraph])
            found.append(p)
        if times:
            last_time[s.paragraph] = times[-1]
        previous = (s, mine, proposals)
    return _merge_repeats(found)


def _sentence_proposals(
    s: Sentence, figures: list[Figure], times: list[When], today: dt.date, earlier: When | None
) -> list[Proposal]:
    tpl, where = template(s.text, figures, s.start)
    candidates: list[tuple[Rule, re.Match[str], dict[str, Any], set[int]]] = []
    for k in KINDS:
        for rule in k.rules:
            for m in rule.pattern.finditer(tpl):
                values = rule.fields(m, figures)
                if values and k.refine is not None:
                    values = k.refine(values, s, m, where)
                if not values:
                    continue
                used = {
                    int(v) for n, v in m.groupdict().items() if v and v.isdigit() and n != "per"
                }
                candidates.append((rule, m, values, used))
    candidates.sort(key=lambda c: (-len(c[3]), -c[0].confidence))
    taken: set[int] = set()
    out = []
    for rule, m, values, used in candidates:
        if used & taken:
            continue  # one figure, one reading: the fuller or surer rule has it
        taken |= used
        ms, me = where[m.start()], where[max(m.end() - 1, m.start())] + 1
        how = kind(rule.kind).stated_of(values)
        when, time_text, notes = _when(how, s, ms, me, m, times, today, earlier)
        if values.get("series"):  # a series spans its entries, whatever time is nearest
            entries = values["series"]
            when = (
                dt.date.fromisoformat(entries[0]["period"]["start"]),
                dt.date.fromisoformat(entries[-1]["period"]["end"]),
            )
            time_text, notes = s.text[ms:me], []
        figs = [figures[i] for i in sorted(used)]
        confidence = rule.confidence
        if any(f.ambiguous for f in figs):
            confidence -= 0.15
            notes.append("a separator that could be a decimal point was read as thousands")
        vague = [f for f in figs if f.qualifier in ("a few", "several")]
        if vague:
            confidence -= 0.3
            notes.append(f"'{vague[0].text}' read as at least {vague[0].low:g}")
        if not time_text and how == "flow":
            confidence -= 0.1
        stated, high = _stated(values, figs)
        # a bound or a range already says how far the figure may be off
        approximate = stated == "exact" and any(f.approximate for f in figs)
        out.append(
            Proposal(
                rule.kind,
                values,
                s.text,
                (s.start, s.end),
                round(max(confidence, 0.05), 2),
                rule.name,
                when,
                time_text,
                approximate=approximate,
                stated=stated,
                high=high,
                notes=notes,
                at=ms,
                at_end=me,
            )
        )
    for k in KINDS:
        if k.in_sentence is not None:
            out.extend(k.in_sentence(s, today, {p.kind for p in out}))
    return sorted(out, key=lambda p: p.span)


def _stated(values: dict[str, Any], figs: list[Figure]) -> tuple[str, float | None]:
    """How a one-figure proposal's figure is stated; a range's value becomes its low end."""
    numbers = [k for k, v in values.items() if isinstance(v, int | float)]
    if len(figs) != 1 or len(numbers) != 1:
        return "exact", None
    f = figs[0]
    stated = f.stated
    if stated == "range":
        if f.kind != "count" or values[numbers[0]] != f.value:
            return "exact", None  # the rule turned the figure into another (a share, a rest)
        values[numbers[0]] = f.low
        return "range", f.high
    return stated, None


def _when(
    stated: str,
    s: Sentence,
    ms: int,
    me: int,
    m: re.Match[str],
    times: list[When],
    today: dt.date,
    earlier: When | None,
) -> tuple[tuple[dt.date, dt.date], str, list[str]]:
    """The date or period of a candidate, the words it came from, and notes."""
    if "rate" in m.groupdict() and m.group("rate"):
        per = m.group("per")
        length = _PER.get(per) or (dt.timedelta(days=30) if per == "month" else dt.timedelta(365))
        end = today - dt.timedelta(days=1)
        start = today - length if per != "month" else _month_before(today)
        words = s.text[ms:me]
        return (
            (start, end),
            words[words.lower().rfind(f"{m.group('rate')} {per}") :].strip(),
            [f"a rate per {per}: counted over the {per} before the report"],
        )
    if stated == "as_of_report":
        return (today, today), "", []

    def reporting(w: When) -> bool:
        return bool(_REPORTING.search(s.text[max(0, w.offset - 40) : w.offset]))

    def nearest(ws: list[When]) -> When:
        return min(ws, key=lambda w: min(abs(w.offset - ms), abs(w.offset - me)))

    c0, c1 = s.clause_of(ms, me)
    in_clause = [w for w in times if c0 <= w.offset < c1]
    chosen: When | None = None
    if (events := [w for w in in_clause if not reporting(w)]) or (
        stated == "flow" and (events := [w for w in times if not reporting(w)])
    ):
        chosen = nearest(events)
    elif times and (said := [w for w in times if reporting(w)]):
        chosen = nearest(said)
    elif earlier is not None and _BACK_REFERENCE.search(s.text):
        chosen = earlier
    if chosen is None:
        return (today, today), "", ["no time in the sentence: the report's date"]
    return (chosen.start, chosen.end), chosen.text, []


def _month_before(today: dt.date) -> dt.date:
    y, mth = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    return dt.date(y, mth, min(today.day, calendar.monthrange(y, mth)[1]))


def _attach_subject(
    p: Proposal,
    s: Sentence,
    paragraph: list[Sentence],
    linker: Linker | None,
    context: list[str],
) -> None:
    found = mention(s.text, p.at, p.at_end)
    if found is None:
        for earlier in reversed(paragraph[:-1]):
            found = mention(earlier.text, len(earlier.text))
            if found:
                break
    p.subject_text = found[0] if found else ""
    if linker is None:
        return
    texts = [s.text, *(e.text for e in reversed(paragraph[:-1]))]
    link = linker.link(texts, context)
    if link is None:
        p.confidence = round(max(p.confidence - 0.1, 0.05), 2)
        p.notes.append("who it is about is not named in the scenario: fill unit or faction")
    else:
        p.subject = link


def _merge_repeats(found: list[Proposal]) -> list[Proposal]:
    """The same fact stated twice is one proposal; the later quote goes in its note."""
    out: dict[tuple[Any, ...], Proposal] = {}
    for p in found:
        key = p.key()
        if key in out:
            first = out[key]
            first.notes.append(f'also stated at {p.span[0]}-{p.span[1]}: "{p.quote}"')
            first.confidence = round(min(first.confidence + 0.05, 0.99), 2)
        else:
            out[key] = p
    return list(out.values())
