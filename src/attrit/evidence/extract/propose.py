"""From a report's text to proposed evidence items, each traceable to a quote and its span."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from attrit.evidence.extract.dates import When, find_times, report_date
from attrit.evidence.extract.markers import MONTHS_RE, Rule, template
from attrit.evidence.extract.numbers import MONTHS, Figure, find_figures
from attrit.evidence.extract.rules import QUOTA_DEMAND, QUOTA_SUPPLY, RULES
from attrit.evidence.extract.subjects import Linker, mention
from attrit.evidence.extract.text import Sentence, sentences
from attrit.scenario.schema import Scenario

FLOWS = {"desertion_count", "casualties", "group_departure", "recruitment", "leave_return"}
AS_OF_REPORT = {"pay_arrears", "skim_fraction"}  # states of affairs on the report's date
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
_UNPAID_SINCE = re.compile(
    rf"(?:(?:not|never|n't)\s+(?:been\s+)?(?:paid|received (?:any |their )?(?:pay|salar\w*|"
    rf"wages))|(?:nobody|no one|none of (?:us|them)) (?:has|have) (?:been paid|received (?:any )?"
    rf"(?:pay|salar\w*|wages))|(?:gone|been) unpaid)\s+since\s+(?P<month>{MONTHS_RE})\b",
    re.I,
)
_PER = {"day": dt.timedelta(days=1), "week": dt.timedelta(weeks=1)}


class ExtractError(ValueError):
    """The report cannot be read (no date given or found)."""


@dataclass
class Proposal:
    """One proposed evidence item, before the analyst's review."""

    kind: str
    figures: dict[str, Any]
    quote: str
    span: tuple[int, int]
    confidence: float
    rule: str
    when: tuple[dt.date, dt.date]
    time_text: str
    subject: dict[str, Any] = field(default_factory=dict)
    subject_text: str = ""
    approximate: bool = False
    notes: list[str] = field(default_factory=list)
    at: int = 0  # where the phrasing starts in the sentence
    at_end: int = 0

    def key(self) -> tuple[Any, ...]:
        """What makes two proposals the same fact."""
        return (self.kind, tuple(sorted(self.figures.items())), self.when)

    def as_item(self, number: int, source: str) -> dict[str, Any]:
        """The proposal in the scenario's evidence format, marked for review."""
        item: dict[str, Any] = {
            "id": f"{self.kind.replace('_', '-')}-{number}",
            "status": "proposed",
            "confidence": round(self.confidence, 2),
            "kind": self.kind,
            **self.subject,
        }
        if self.when[0] == self.when[1]:
            item["date"] = self.when[0].isoformat()
        else:
            item["period"] = {"start": self.when[0].isoformat(), "end": self.when[1].isoformat()}
        for k, v in self.figures.items():
            whole = isinstance(v, float) and v.is_integer() and k not in ("fraction",)
            item[k] = int(v) if whole else v
        if self.approximate:
            item["approximate"] = True
        item.update(
            {
                "source": source,
                "quote": self.quote,
                "span": list(self.span),
                "subject_text": self.subject_text,
                "time_text": self.time_text,
                "rule": self.rule,
                "reliability": None,
                "credibility": None,
            }
        )
        if self.notes:
            item["note"] = "; ".join(self.notes)
        return item


def extract(
    text: str,
    date: dt.date | None = None,
    scenario: Scenario | None = None,
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
            proposals += _quota_across(text, previous, (s, mine, proposals), today)
        for p in proposals:
            _attach_subject(p, s, by_paragraph[s.paragraph], linker, whole[s.paragraph])
            found.append(p)
        if times:
            last_time[s.paragraph] = times[-1]
        previous = (s, mine, proposals)
    return _merge_repeats(found)


def _quota_across(
    text: str,
    first: tuple[Sentence, list[Figure], list[Proposal]],
    second: tuple[Sentence, list[Figure], list[Proposal]],
    today: dt.date,
) -> list[Proposal]:
    """A quota demanded in one sentence and met (or not) in the next."""
    (s1, f1, p1), (s2, f2, p2) = first, second
    if any(p.kind == "quota_fill" for p in (*p1, *p2)):
        return []
    demand = QUOTA_DEMAND.search(template(s1.text, f1, s1.start)[0])
    supply = QUOTA_SUPPLY.search(template(s2.text, f2, s2.start)[0])
    if demand is None or supply is None:
        return []
    quota = f1[int(demand.group("quota"))]
    sent = f2[int(supply.group("sent") or supply.group("sent2"))]
    if not (quota.value.is_integer() and sent.value.is_integer()):
        return []
    quote = text[s1.start : s2.end]
    return [
        Proposal(
            "quota_fill",
            {"quota": quota.value, "sent": sent.value},
            quote,
            (s1.start, s2.end),
            0.65,
            "quota-then-sent-in-the-next-sentence",
            (today, today),
            "",
            approximate=quota.approximate or sent.approximate or "more than" in s2.text,
            notes=["the quota and the men sent are in two sentences"],
        )
    ]


def _sentence_proposals(
    s: Sentence, figures: list[Figure], times: list[When], today: dt.date, earlier: When | None
) -> list[Proposal]:
    tpl, where = template(s.text, figures, s.start)
    candidates: list[tuple[Rule, re.Match[str], dict[str, Any], set[int]]] = []
    for rule in RULES:
        for m in rule.pattern.finditer(tpl):
            values = rule.fields(m, figures)
            if not values:
                continue
            used = {int(v) for k, v in m.groupdict().items() if v and v.isdigit() and k != "per"}
            if rule.kind == "group_departure":
                dest = s.text[where[m.start("dest")] : where[m.end("dest") - 1] + 1]
                if not re.match(r"(?:the\s+)?[A-Z]", dest):
                    continue  # "to clan militias": a desertion, not a departure abroad
                values = {**values, "destination": _place(dest)}
            candidates.append((rule, m, values, used))
    candidates.sort(key=lambda c: (-len(c[3]), -c[0].confidence))
    taken: set[int] = set()
    out = []
    for rule, m, values, used in candidates:
        if used & taken:
            continue  # one figure, one reading: the fuller or surer rule has it
        taken |= used
        ms, me = where[m.start()], where[max(m.end() - 1, m.start())] + 1
        when, time_text, notes = _when(rule.kind, s, ms, me, m, times, today, earlier)
        figs = [figures[i] for i in sorted(used)]
        confidence = rule.confidence
        if any(f.ambiguous for f in figs):
            confidence -= 0.15
            notes.append("a separator that could be a decimal point was read as thousands")
        vague = [f for f in figs if f.qualifier in ("a few", "several")]
        if vague:
            confidence -= 0.3
            notes.append(f"'{vague[0].text}' read as at least {vague[0].low:g}")
        if not time_text and rule.kind in FLOWS:
            confidence -= 0.1
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
                approximate=any(f.approximate for f in figs),
                notes=notes,
                at=ms,
                at_end=me,
            )
        )
    out.extend(_unpaid_since(s, today, {p.kind for p in out}))
    return sorted(out, key=lambda p: p.span)


def _place(dest: str) -> str:
    """A destination's name: its capitalised words ("Cameroon", "European countries")."""
    words = dest.removeprefix("the ").split()
    keep = [words[0]]
    for w in words[1:]:
        if not (w[:1].isupper() or w in ("countries", "region")):
            break
        keep.append(w)
    return " ".join(keep)


def _unpaid_since(s: Sentence, today: dt.date, kinds: set[str]) -> list[Proposal]:
    m = _UNPAID_SINCE.search(s.text)
    if m is None or "pay_arrears" in kinds:
        return []
    month = MONTHS.index(m.group("month").lower()) + 1
    year = today.year if month <= today.month else today.year - 1
    months = today.year * 12 + today.month - (year * 12 + month)
    note = f"months from {m.group('month')} {year} to the report's date"
    return [
        Proposal(
            "pay_arrears",
            {"months_unpaid": float(months)},
            s.text,
            (s.start, s.end),
            0.7,
            "not-paid-since-month",
            (today, today),
            m.group(0),
            notes=[note],
        )
    ]


def _when(
    kind: str,
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
    if kind in AS_OF_REPORT:
        return (today, today), "", []

    def reporting(w: When) -> bool:
        return bool(_REPORTING.search(s.text[max(0, w.offset - 40) : w.offset]))

    def nearest(ws: list[When]) -> When:
        return min(ws, key=lambda w: min(abs(w.offset - ms), abs(w.offset - me)))

    c0, c1 = s.clause_of(ms, me)
    in_clause = [w for w in times if c0 <= w.offset < c1]
    chosen: When | None = None
    if (events := [w for w in in_clause if not reporting(w)]) or (
        kind in FLOWS and (events := [w for w in times if not reporting(w)])
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
