"""A figure of any measure, stated as the report states it: a value, a change or a series.

`measure` says what is counted: men (`strength`, `absent`, `deserted`, `went_absent`, ...) or
the paperwork about them (`proceedings`, `sentences`, `struck_off`, `payroll`), see
[measures](#measures). Give `value` (with `stated:` a bound, a range to `high`, or `present`),
`change` (`start` and `end`: a stock on the period's first and last day, "fell from X to Y"),
or `series` (several dated values of the measure, e.g. yearly counts). With `share: true` the
figure is a share of the units' strength (at the period's start for a flow, on the day for a
stock), e.g. "a desertion rate of up to 90 percent".

In the simulation (men, cases, sentences or names): the measure's observation model over the
item's units and period (a stock on the date or its mean over the period; a flow over the
period or to the date); a change is the difference of the stock on the two dates, and the end
level a figure of its own.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import Field, model_validator

from attrit.evidence.extract.markers import GAP, MONTHS_RE, N, P, Q, W, _counts, phrasing
from attrit.evidence.extract.numbers import MONTHS
from attrit.evidence.kind import Figure, Kind, Window
from attrit.evidence.measures import BY_NAME, NAMES
from attrit.scenario.base import Strict
from attrit.scenario.evidence import EvidenceBase, Period, Timed

MeasureName = Literal[NAMES]  # type: ignore[valid-type]


class Change(Strict):
    """A stock on the period's first day and on its last ("fell from 184,839 to 169,203")."""

    start: float = Field(ge=0, le=1e9)
    end: float = Field(ge=0, le=1e9)


class Entry(Timed, Strict):
    """One dated value of a series."""

    date: dt.date | None = None
    period: Period | None = None
    value: float = Field(ge=0, le=1e9)

    @model_validator(mode="after")
    def _one_time(self) -> Entry:
        if (self.date is None) == (self.period is None):
            raise ValueError("give each entry exactly one of date or period")
        return self


class FigureEvidence(EvidenceBase):
    """A figure of any measure: a value, a change between two dates, or a series."""

    kind: Literal["figure"]
    measure: MeasureName
    value: float | None = Field(None, ge=0, le=1e9)
    change: Change | None = None
    series: list[Entry] | None = Field(None, min_length=2, max_length=1000)
    share: bool = Field(False, description="The figure is a share of the units' strength.")

    @model_validator(mode="before")
    @classmethod
    def _present_is_some(cls, data):
        # "desertions were reported" holds that there was at least one
        given = isinstance(data, dict) and any(k in data for k in ("value", "change", "series"))
        if isinstance(data, dict) and data.get("stated") == "present" and not given:
            data = {**data, "value": 0.01 if data.get("share") else 1}
        return data

    @model_validator(mode="after")
    def _one_form(self) -> FigureEvidence:
        given = [f for f in ("value", "change", "series") if getattr(self, f) is not None]
        if len(given) != 1:
            raise ValueError(
                f"give exactly one of value, change or series (found {', '.join(given) or 'none'})"
            )
        if self.stated == "present" and self.value is None:
            raise ValueError(
                "present says only that there were some: leave out change and series "
                "(or state the figures they give)"
            )
        if self.high is not None and self.value is None:
            raise ValueError("a range (high) is stated for a value, not a change or a series")
        stock = BY_NAME[self.measure].stock
        if self.change is not None:
            if not stock:
                raise ValueError(
                    f"a change is between two levels; '{self.measure}' is counted over a "
                    "period: give its value over the period instead"
                )
            if self.period is None or self.stated not in ("exact",):
                raise ValueError("a change needs a period (its two dates) and stated: exact")
        if self.series is not None:
            if self.period is None:
                raise ValueError("a series needs a period that holds its entries")
            firsts = [e.first_day for e in self.series]
            if len(set(firsts)) != len(firsts):
                again = next(d for d in firsts if firsts.count(d) > 1)
                raise ValueError(
                    f"two entries of the series start on {again}: give each its own start "
                    "(or one item per overlapping count)"
                )
            for e in self.series:
                if e.first_day < self.period.start or e.last_day > self.period.end:
                    raise ValueError(
                        f"the series' entry {e.first_day}..{e.last_day} lies outside the "
                        f"period {self.period.start}..{self.period.end}"
                    )
        if self.share:
            if self.change is not None:
                raise ValueError(
                    "a change is given in men: leave out share, or give the two shares as two items"
                )
            shares = [self.value] if self.value is not None else []
            shares += [e.value for e in self.series or []]
            shares += [self.high] if self.high is not None else []
            if any(v > 1 for v in shares):
                raise ValueError(f"a share is at most 1 (got {max(shares):g}; 90 percent is 0.9)")
        return self


def figures(ev: FigureEvidence) -> list[Figure]:
    """A value; a change's ``.change`` and its end level; or each entry of a series."""
    if ev.change is not None:
        end = ev.last_day
        return [(".change", ev.change.end - ev.change.start), ("", ev.change.end, (end, end, True))]
    if ev.series is not None:
        return [
            (f"@{e.first_day}", e.value, (e.first_day, e.last_day, e.date is not None))
            for e in ev.series
        ]
    return [("", ev.value)]  # type: ignore[list-item]


def observable(w: Window, ev: FigureEvidence, part: str):
    """The figure's simulated counterpart in each replicate."""
    declared = BY_NAME[ev.measure]
    values = declared.value(w)
    if part == ".change":
        return values[:, -1] - values[:, 0]
    if declared.stock:
        level = w.mean_over_days(values)
        return w.ratio(level, w.daily("strength").mean(axis=1)) if ev.share else level
    return w.ratio(values, w.strength_at_start()) if ev.share else values


def _measured(name: str):
    """A rule's fields: its count as the value of the measure ``name``."""
    count = _counts("value")

    def fields(m, figures):
        values = count(m, figures)
        return None if values is None else {"measure": name, **values}

    return fields


def _changed(m, figures):
    """A strength that fell or rose "from N to M": a change between two dates.

    "from 184,839 to 169,203" reads as one figure spanning both numbers (first, then second);
    "from 1,200 soldiers to 1,450" as two.
    """
    if m.group("end") is None:
        f = figures[int(m.group("start"))]
        start, end = f.low, f.high
    else:
        start, end = figures[int(m.group("start"))].value, figures[int(m.group("end"))].value
    if not (float(start).is_integer() and float(end).is_integer()) or start == end:
        return None
    return {"measure": "strength", "change": {"start": start, "end": end}}


_OFFENCE = r"(?:desertion|absence without leave|awol|going awol|unauthori[sz]ed (?:absence|leave)|"
_OFFENCE += r"unauthori[sz]ed leaving|(?:leaving|abandon(?:ing|ment) of|abandoning) "
_OFFENCE += r"(?:their|his|the|a) (?:military )?units?|evasion)"


def _yearly(m, figures):
    """Cases counted year by year ("6,988 in 2022, 17,658 in 2023 and 67,840 in 2024")."""
    entries = []
    for k in (1, 2, 3):
        if m.group(f"v{k}") is None:
            continue
        value = figures[int(m.group(f"v{k}"))].value
        year = figures[int(m.group(f"y{k}"))].text.strip()
        if not (value.is_integer() and year.isdigit() and len(year) == 4):
            return None
        entries.append((int(year), value))
    years = [y for y, _ in entries]
    if len(set(years)) != len(years) or years != sorted(years):
        return None
    return {
        "measure": "proceedings",
        "series": [
            {"period": {"start": f"{y}-01-01", "end": f"{y}-12-31"}, "value": v} for y, v in entries
        ],
    }


_IN_YEAR = r"(?:{W}{{0,3}})?in\s+⟦x(?P<y{k}>\d+)⟧"


def _monthly(m, figures):
    """Counts month by month in one sentence that names the year.

    "310 in July, 217 in August and 187 in September 2024"; what is counted is read from the
    sentence (:func:`_refine`).
    """
    years = {f.text.strip() for f in figures if re.fullmatch(r"(?:19|20)\d\d", f.text.strip())}
    if len(years) != 1:
        return None
    year = int(years.pop())
    entries = []
    for k in (1, 2, 3, 4):
        if m.group(f"v{k}") is None:
            continue
        value = figures[int(m.group(f"v{k}"))].value
        if not value.is_integer():
            return None
        entries.append((MONTHS.index(m.group(f"m{k}").lower()) + 1, value))
    months = [mo for mo, _ in entries]
    if len(set(months)) != len(months) or months != sorted(months):
        return None
    series = []
    for month, value in entries:
        last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
        period = {"start": f"{year}-{month:02d}-01", "end": f"{year}-{month:02d}-{last:02d}"}
        series.append({"period": period, "value": value})
    return {"measure": None, "series": series}


_IN_MONTH = r"(?:{W}{{0,3}})?in\s+(?P<m{k}>{M})\b(?:\s+⟦x\d+⟧)?"


def _and_month(k: int) -> str:
    return rf",?\s+(?:and\s+)?{N(f'v{k}')}\s+{_IN_MONTH.format(W=W, k=k, M=MONTHS_RE)}"


# what a month-by-month count counts, read from its sentence (the first that matches)
_MONTHLY_MEASURES = (
    ("proceedings", r"criminal (?:cases|proceedings)|proceedings|investigations"),
    (
        "went_absent",
        r"absent without (?:leave|permission)|awol|went absent|left (?:their|his|the) "
        r"units?",
    ),
    ("deserted", r"desert"),
)


def _and_year(k: int) -> str:
    return rf",?\s+(?:and\s+)?{N(f'v{k}')}\s+{_IN_YEAR.format(W=W, k=k)}"


r = phrasing("figure")
RULES = (
    r(
        "N-in-MONTH-M-in-MONTH",
        rf"{Q}{N('v1')}{GAP}\b{_IN_MONTH.format(W=W, k=1, M=MONTHS_RE)}{_and_month(2)}"
        rf"(?:{_and_month(3)})?(?:{_and_month(4)})?",
        0.75,
        _monthly,
    ),
    r(
        "cases-N-in-YEAR-M-in-YEAR",
        rf"{Q}{N('v1')} (?:{W}{{0,2}})?(?:criminal )?(?:cases|proceedings|investigations)\b"
        rf"{GAP}\bin\s+⟦x(?P<y1>\d+)⟧{_and_year(2)}(?:{_and_year(3)})?",
        0.8,
        _yearly,
    ),
    r(
        "strength-fell-from-N-to-M",
        rf"(?:strength|ranks|rolls|force|army|manpower|personnel|size)\b{GAP}"
        rf"(?:fell|dropped|declined|shrank|decreased|went down|grew|rose|increased|went)\s+"
        rf"(?:{W}{{0,2}})?from\s+{Q}{N('start')}(?:(?: {P})?\s+to\s+{Q}{N('end')})?",
        0.85,
        _changed,
    ),
    r(
        "N-criminal-cases-for-desertion",
        rf"{Q}{N('value')} (?:{W}{{0,2}})?(?:criminal )?(?:cases|proceedings|investigations|"
        rf"prosecutions|criminal cases)\b{GAP}(?:for|over|into|of|on|under)\b{GAP}{_OFFENCE}",
        0.85,
        _measured("proceedings"),
    ),
    r(
        "N-sentenced-for-desertion",
        rf"{Q}{N('value')} {P}?(?:{W}{{0,2}})?(?:were |have been |had been )?(?:sentenced|"
        rf"convicted)\b{GAP}(?:for|of)\b{GAP}{_OFFENCE}",
        0.8,
        _measured("sentences"),
    ),
    r(
        "N-struck-off-the-rolls",
        rf"{Q}{N('value')} {P}?(?:{W}{{0,3}})?(?:were |have been |had been |was )?(?:struck off|"
        rf"dropped from|removed from|taken off|purged from)\s+(?:the |its |their )?(?:rolls|"
        rf"books|lists|registers?)",
        0.85,
        _measured("struck_off"),
    ),
    r(
        "N-ghost-soldiers",
        rf"{Q}{N('value')} (?:{W}{{0,2}})?[\"“”]?ghosts?[\"“”]?(?: {P}| names\b|\b)",
        0.8,
        _measured("ghosts"),
    ),
    r(
        "N-on-the-payroll",
        rf"{Q}{N('value')} (?:{W}{{0,2}})?(?:names|{P})(?:{W}{{0,2}})?(?:on|in) "
        rf"(?:the |its |their )?(?:payroll|pay ?rolls?|books)",
        0.7,
        _measured("payroll"),
    ),
    r(
        "N-absent-without-leave",
        rf"{Q}{N('value')} {P}?(?:{W}{{0,2}})?(?:went|have gone|had gone|are|were|remain|"
        rf"remained)\s+(?:absent without (?:leave|permission)|awol)\b",
        0.85,
        _measured("went_absent"),
    ),
    r(
        "authorised-strength-of-N",
        rf"(?:authori[sz]ed|establishment|planned|approved)\s+(?:end[- ])?(?:strength|size|"
        rf"manning|ceiling)\s+(?:{W}{{0,3}})?(?:of|is|was|at|stood at|set at)\s+{Q}{N('value')}",
        0.8,
        _measured("authorised"),
    ),
    r(
        "N-still-missing",
        rf"{Q}{N('value')} {P}?(?:{W}{{0,2}})?(?:are|were|remain|remained) (?:still )?"
        rf"(?:missing|unaccounted for)",
        0.7,
        _measured("absent"),
    ),
)
"""How reports state it, tried in order (see :mod:`attrit.evidence.extract.markers`)."""


def _stated_for(values: dict) -> str:
    measure = values.get("measure")
    return "stock" if measure in BY_NAME and BY_NAME[measure].stock else "flow"


def _refine(values, sentence, match, where):
    """A yearly series of cases is kept where the sentence says they are for absence.

    A monthly series takes the measure its sentence names, and is dropped where it names none.
    """
    text = sentence.text.lower()
    if "series" in values and values["measure"] is None:
        found = [name for name, words in _MONTHLY_MEASURES if re.search(words, text)]
        return {**values, "measure": found[0]} if found else None
    if "series" in values and not re.search(_OFFENCE, text):
        return None
    return values


def _by_date(ev: FigureEvidence) -> str:
    return "on_date" if BY_NAME[ev.measure].stock else "to_date"


KIND = Kind(
    name="figure",
    schema=FigureEvidence,
    doc=__doc__,
    figures=figures,
    observable=observable,
    by_date=_by_date,
    stated="flow",
    stated_for=_stated_for,
    no_value="its units have no members to count, or the measure is undefined in its period",
    rules=RULES,
    refine=_refine,
    extensive=lambda ev: not ev.share,
)
