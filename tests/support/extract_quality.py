"""Score `attrit extract` on the labelled passages: precision and recall per kind.

A proposal matches an expected item when the kind and every figure agree (fractions within
0.005); each expected item matches at most one proposal. Of the matched pairs, the share with
the right date or period, the right ``approximate`` flag and a subject naming the same force
is reported too.

    python tests/support/extract_quality.py [--write docs/extract-quality.md]
"""

from __future__ import annotations

import datetime as dt
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from attrit.evidence.extract import proposals as props
from attrit.evidence.extract.propose import extract
from attrit.evidence.kinds import ORDER as KINDS

ROOT = Path(__file__).resolve().parents[2]
REPORTS = ROOT / "tests" / "data" / "reports"
HELD_OUT = REPORTS / "held-out"
FIGURES = (set(props.FIGURE_FIELDS) - {"destination"}) | {"high"}


@dataclass
class Score:
    """Counts over a set of passages."""

    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    time_right: int = 0
    approx_right: int = 0
    stated_right: int = 0
    subject_right: int = 0
    misses: list[str] = field(default_factory=list)

    def precision(self, kind: str | None = None) -> float:
        tp, fp = self._sum(self.tp, kind), self._sum(self.fp, kind)
        return tp / (tp + fp) if tp + fp else float("nan")

    def recall(self, kind: str | None = None) -> float:
        tp, fn = self._sum(self.tp, kind), self._sum(self.fn, kind)
        return tp / (tp + fn) if tp + fn else float("nan")

    @staticmethod
    def _sum(counter: Counter[str], kind: str | None) -> int:
        return counter[kind] if kind else sum(counter.values())


def _figures(item: dict) -> dict[str, float | str]:
    return {
        k: v if isinstance(v, str | dict) else float(v)
        for k, v in item.items()
        if k in FIGURES and v is not None
    }


def _same(a: dict[str, float | str], b: dict[str, float | str]) -> bool:
    if a.keys() != b.keys():
        return False
    tol = {"fraction": 0.005}
    return all(
        a[k] == b[k] if isinstance(a[k], str | dict) else abs(a[k] - b[k]) <= tol.get(k, 1e-9)  # type: ignore[operator]
        for k in a
    )


def _when(item: dict) -> tuple[dt.date, dt.date]:
    if item.get("date") is not None:
        d = item["date"]
        d = d if isinstance(d, dt.date) else dt.date.fromisoformat(str(d))
        return d, d
    p = item["period"]
    return tuple(
        x if isinstance(x, dt.date) else dt.date.fromisoformat(str(x))
        for x in (p["start"], p["end"])
    )  # type: ignore[return-value]


def _subject_agrees(expected: str, got: str) -> bool:
    e, g = expected.lower(), got.lower()
    if not g:
        return False
    if e in g or g in e:
        return True
    nouns = {w for w in e.split() if len(w) > 3}
    return bool(nouns & set(g.split()))


def score(passages: list[Path]) -> Score:
    """Score the extractor on the passages (each a .txt beside its .yaml)."""
    out = Score()
    for text_path in passages:
        labels = yaml.safe_load(text_path.with_suffix(".yaml").read_text())
        expected = labels["items"]
        proposals = [
            p.as_item(i, "x")
            for i, p in enumerate(extract(text_path.read_text(), labels["date"]), 1)
        ]
        unmatched = list(range(len(expected)))
        for p in proposals:
            hit = next(
                (
                    i
                    for i in unmatched
                    if expected[i]["kind"] == p["kind"]
                    and _same(_figures(expected[i]), _figures(p))
                ),
                None,
            )
            if hit is None:
                out.fp[p["kind"]] += 1
                out.misses.append(f"{text_path.name}: extra {p['kind']} {_figures(p)}")
                continue
            unmatched.remove(hit)
            e = expected[hit]
            out.tp[p["kind"]] += 1
            out.time_right += _when(e) == _when(p)
            out.approx_right += bool(e.get("approximate")) == bool(p.get("approximate"))
            out.stated_right += e.get("stated", "exact") == p.get("stated", "exact")
            out.subject_right += _subject_agrees(e.get("subject", ""), p.get("subject_text", ""))
        for i in unmatched:
            out.fn[expected[i]["kind"]] += 1
            out.misses.append(
                f"{text_path.name}: missed {expected[i]['kind']} {_figures(expected[i])}"
            )
    return out


def table(name: str, s: Score) -> list[str]:
    """Markdown rows for one set."""

    def pct(x: float) -> str:
        return "-" if x != x else f"{x:.0%}"

    lines = [
        f"### {name}",
        "",
        "| kind | expected | proposed | matched | precision | recall |",
        "|---|---|---|---|---|---|",
    ]
    for kind in KINDS:
        tp, fp, fn = s.tp[kind], s.fp[kind], s.fn[kind]
        lines.append(
            f"| `{kind}` | {tp + fn} | {tp + fp} | {tp} | {pct(s.precision(kind))} | "
            f"{pct(s.recall(kind))} |"
        )
    tp = sum(s.tp.values())
    lines.append(
        f"| **all** | {tp + sum(s.fn.values())} | {tp + sum(s.fp.values())} | {tp} | "
        f"{pct(s.precision())} | {pct(s.recall())} |"
    )
    if tp:
        lines += [
            "",
            f"Of the {tp} matched: date or period right {s.time_right / tp:.0%}, "
            f"`approximate` right {s.approx_right / tp:.0%}, `stated` (a bound or range) "
            f"right {s.stated_right / tp:.0%}, subject naming the same force "
            f"{s.subject_right / tp:.0%}.",
        ]
    if s.misses:
        lines += ["", "Differences:", "", *(f"- {m}" for m in s.misses)]
    return [*lines, ""]


def labelled() -> list[Path]:
    """The passages the rules were written against, the field report first."""
    return sorted(REPORTS.glob("*.txt"))


def held_out() -> list[Path]:
    """Passages written after the rules were frozen, scored once as they came."""
    return sorted(HELD_OUT.glob("*.txt"))


def render() -> str:
    """The quality page."""
    lines = [
        "# Extraction quality",
        "",
        "Generated by `make extract-quality` (`python tests/support/extract_quality.py --write "
        "docs/extract-quality.md`); a test checks it is current. Passages and labels are in "
        "`tests/data/reports/` (see its README: they are invented, except the field report).",
        "",
    ]
    lines += table("Labelled set (the rules were written against it)", score(labelled()))
    if held_out():
        lines += table("Held-out set (written after the rules were frozen)", score(held_out()))
    return "\n".join(lines)


if __name__ == "__main__":
    page = render()
    if len(sys.argv) == 3 and sys.argv[1] == "--write":
        Path(sys.argv[2]).write_text(page)
        print(f"wrote {sys.argv[2]}")
    else:
        print(page)
