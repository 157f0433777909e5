"""When a figure applies: dates and periods in report language, resolved against its date.

"last week" is the calendar week (Monday to Sunday) before the report's; "late September" is
the 21st to the month's end, "early" the 1st to the 10th, "mid" the 11th to the 20th; a month
or date without a year is the latest one not after the report; "in the past two months" ends
on the report's date. Whatever a rule cannot resolve is left to the report's date, and the
proposal says so.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from attrit.evidence.extract.numbers import MONTHS, ONES, TENS

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTH = "(" + "|".join(MONTHS) + ")"
_NUM = r"(\d+|" + "|".join([*ONES, *TENS, "a", "an"]) + ")"
SEASONS = {
    "spring": (3, 5),
    "summer": (6, 8),
    "autumn": (9, 11),
    "fall": (9, 11),
    "winter": (12, 2),
}


@dataclass(frozen=True)
class When:
    """A resolved time: ``start == end`` for a single date."""

    start: dt.date
    end: dt.date
    text: str
    offset: int  # where the expression starts in the text searched

    @property
    def is_date(self) -> bool:
        """A single day."""
        return self.start == self.end


def _n(word: str) -> int:
    word = word.lower()
    if word.isdigit():
        return int(word)
    if word in ("a", "an"):
        return 1
    return ONES.get(word, TENS.get(word, 0))


def _month_index(name: str) -> int:
    return MONTHS.index(name.lower()) + 1


def _latest_month(month: int, today: dt.date, year: int | None = None) -> int:
    """The year of the latest ``month`` not after ``today`` (unless a year is given)."""
    if year is not None:
        return year
    return today.year if month <= today.month else today.year - 1


def _month_span(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _minus_months(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.year * 12 + day.month - 1 - months, 12)
    return dt.date(y, m + 1, min(day.day, calendar.monthrange(y, m + 1)[1]))


def _back(today: dt.date, n: int, unit: str) -> dt.date:
    unit = unit.lower().rstrip("s")
    if unit == "day":
        return today - dt.timedelta(days=n)
    if unit == "week":
        return today - dt.timedelta(weeks=n)
    if unit == "month":
        return _minus_months(today, n)
    return _minus_months(today, 12 * n)


def _clip(start: dt.date, end: dt.date, today: dt.date) -> tuple[dt.date, dt.date]:
    return start, min(end, today)


def _rules(today: dt.date) -> list[tuple[re.Pattern[str], object]]:
    def r(pattern: str) -> re.Pattern[str]:
        return re.compile(pattern, re.I)

    def on_day(day: int, month: int, year: int | None) -> tuple[dt.date, dt.date]:
        d = dt.date(_latest_month(month, today, year), month, day)
        if year is None and d > today:
            d = d.replace(year=d.year - 1)
        return d, d

    def date_dm(m: re.Match[str]) -> tuple[dt.date, dt.date]:
        year = int(m.group(3)) if m.group(3) else None
        return on_day(int(m.group(1)), _month_index(m.group(2)), year)

    def date_md(m: re.Match[str]) -> tuple[dt.date, dt.date]:
        year = int(m.group(3)) if m.group(3) else None
        return on_day(int(m.group(2)), _month_index(m.group(1)), year)

    def since_date(m: re.Match[str]) -> tuple[dt.date, dt.date]:
        return date_dm(m)[0], today

    def part_of_month(m: re.Match[str]) -> tuple[dt.date, dt.date]:
        part, month = m.group(1).lower(), _month_index(m.group(2))
        year = _latest_month(month, today, int(m.group(3)) if m.group(3) else None)
        first, last = _month_span(year, month)
        lo, hi = {"early": (1, 10), "mid": (11, 20), "late": (21, last.day)}[part.rstrip("-")]
        return _clip(first.replace(day=lo), first.replace(day=hi), today)

    def first_week(m: re.Match[str]) -> tuple[dt.date, dt.date]:
        month = _month_index(m.group(2))
        first, _ = _month_span(_latest_month(month, today), month)
        k = {"first": 0, "second": 1, "third": 2, "last": None}[m.group(1).lower()]
        if k is None:
            last = _month_span(first.year, month)[1]
            return last - dt.timedelta(days=6), last
        start = first + dt.timedelta(days=7 * k)
        return _clip(start, start + dt.timedelta(days=6), today)

    def between_months(m: re.Match[str]) -> tuple[dt.date, dt.date]:
        a, b = _month_index(m.group(1)), _month_index(m.group(2))
        yb = _latest_month(b, today)
        ya = yb if a <= b else yb - 1
        return _clip(_month_span(ya, a)[0], _month_span(yb, b)[1], today)

    def between_dated_months(m: re.Match[str]) -> tuple[dt.date, dt.date]:
        a, ya, b, yb = _month_index(m.group(1)), int(m.group(2)), _month_index(m.group(3)), int(
            m.group(4)
        )  # fmt: skip
        return _clip(_month_span(ya, a)[0], _month_span(yb, b)[1], today)

    def since_month(m: re.Match[str]) -> tuple[dt.date, dt.date]:
        month = _month_index(m.group(1))
        return _month_span(_latest_month(month, today), month)[0], today

    def in_month(m: re.Match[str]) -> tuple[dt.date, dt.date]:
        month = _month_index(m.group(1))
        year = int(m.group(2)) if m.group(2) else None
        return _clip(*_month_span(_latest_month(month, today, year), month), today)

    def weekday(m: re.Match[str]) -> tuple[dt.date, dt.date]:
        back = (today.weekday() - WEEKDAYS.index(m.group(1).lower())) % 7 or 7
        d = today - dt.timedelta(days=back)
        return d, d

    def last_week(m: re.Match[str]) -> tuple[dt.date, dt.date]:
        monday = today - dt.timedelta(days=today.weekday() + 7)
        return monday, monday + dt.timedelta(days=6)

    def last_month(m: re.Match[str]) -> tuple[dt.date, dt.date]:
        prev = _minus_months(today.replace(day=1), 1)
        return _month_span(prev.year, prev.month)

    def past_n(m: re.Match[str]) -> tuple[dt.date, dt.date]:
        return _back(today, _n(m.group(1)), m.group(2)), today

    def season(m: re.Match[str]) -> tuple[dt.date, dt.date]:
        a, b = SEASONS[m.group(1).lower()]
        year = today.year if a <= today.month else today.year - 1
        end_year = year + 1 if b < a else year
        return _clip(dt.date(year, a, 1), _month_span(end_year, b)[1], today)

    def year(m: re.Match[str]) -> tuple[dt.date, dt.date]:
        y = int(m.group(1))
        return _clip(dt.date(y, 1, 1), dt.date(y, 12, 31), today)

    def this_year(m: re.Match[str]) -> tuple[dt.date, dt.date]:
        return dt.date(today.year, 1, 1), today

    def this_month(m: re.Match[str]) -> tuple[dt.date, dt.date]:
        return today.replace(day=1), today

    def today_(m: re.Match[str]) -> tuple[dt.date, dt.date]:
        return today, today

    def yesterday(m: re.Match[str]) -> tuple[dt.date, dt.date]:
        d = today - dt.timedelta(days=1)
        return d, d

    return [
        (r(rf"\bsince\s+(\d{{1,2}})\s+{_MONTH}(?:,?\s+(\d{{4}}))?\b"), since_date),
        (r(rf"\b(\d{{1,2}})\s+{_MONTH}(?:,?\s+(\d{{4}}))?\b"), date_dm),
        (r(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,\s*(\d{{4}}))?\b"), date_md),
        (r(rf"\b(early|mid-?|late)\s*{_MONTH}(?:\s+(\d{{4}}))?\b"), part_of_month),
        (r(rf"\b(?:the\s+)?(first|second|third|last)\s+week\s+of\s+{_MONTH}\b"), first_week),
        (
            r(
                rf"\b(?:between|from)\s+{_MONTH}\s+(\d{{4}})\s+(?:and|to|until)\s+{_MONTH}\s+(\d{{4}})\b"
            ),
            between_dated_months,
        ),
        (r(rf"\bbetween\s+{_MONTH}\s+and\s+{_MONTH}\b"), between_months),
        (r(rf"\bsince\s+{_MONTH}\b"), since_month),
        (r(rf"\b(?:in|during|of)\s+{_MONTH}(?:\s+(\d{{4}}))?\b"), in_month),
        (r(r"\b(?:on\s+)?(" + "|".join(WEEKDAYS) + r")\b"), weekday),
        (r(r"\blast\s+week\b"), last_week),
        (r(r"\blast\s+month\b"), last_month),
        (
            r(
                rf"\b(?:in|over|during)\s+the\s+(?:past|last)\s+{_NUM}\s+(days?|weeks?|months?|years?)\b"
            ),
            past_n,
        ),
        (r(rf"\b{_NUM}\s+(days?|weeks?|months?|years?)\s+ago\b"), past_n),
        (r(r"\bthis\s+(spring|summer|autumn|fall|winter)\b"), season),
        (r(r"\bin\s+((?:19|20)\d\d)\b"), year),
        (r(r"\bthis\s+year\b"), this_year),
        (r(r"\bthis\s+month\b"), this_month),
        (r(r"\btoday\b"), today_),
        (r(r"\byesterday\b"), yesterday),
    ]


def find_times(text: str, today: dt.date) -> list[When]:
    """Every time expression in ``text`` resolved against ``today``, in order, not overlapping."""
    found: list[When] = []
    for pattern, resolve in _rules(today):
        for m in pattern.finditer(text):
            if any(w.offset < m.end() and m.start() < w.offset + len(w.text) for w in found):
                continue
            try:
                start, end = resolve(m)  # type: ignore[operator]
            except ValueError:  # "31 February": not a date
                continue
            found.append(When(start, end, m.group(0), m.start()))
    return sorted(found, key=lambda w: w.offset)


def report_date(text: str) -> dt.date | None:
    """The date a report gives in its first lines ("Sunday, 18 October 2015"), if any."""
    head = text[:300]
    for pattern in (
        rf"\b(\d{{1,2}})\s+{_MONTH}\s+(\d{{4}})\b",
        rf"\b{_MONTH}\s+(\d{{1,2}}),\s*(\d{{4}})\b",
        r"\b(\d{4})-(\d\d)-(\d\d)\b",
    ):
        if m := re.search(pattern, head, re.I):
            g = m.groups()
            try:
                if g[0].isdigit() and len(g[0]) == 4:
                    return dt.date(int(g[0]), int(g[1]), int(g[2]))
                if g[0].isdigit():
                    return dt.date(int(g[2]), _month_index(g[1]), int(g[0]))
                return dt.date(int(g[2]), _month_index(g[0]), int(g[1]))
            except ValueError:
                continue
    return None
