"""Random text through `attrit extract`: no traceback, no hang, every quote at its span."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attrit.evidence.extract.propose import extract
from support.reliability import EXTRACT_FUZZ_EXAMPLES, Counter, record

pytestmark = [pytest.mark.fuzz, pytest.mark.reliability]
TOKENS = [
    "soldiers", "men", "deserted", "fled", "returned", "of the", "on leave", "killed and",
    "wounded", "must provide", "but only", "recruited", "months", "without pay", "%", "per cent",
    "nearly", "around", "over", "last week", "late September", "since 10 June", "1.450",
    "35,307", "2 500", "seventy-five", "a third", "one in four", "$200", "Battalion 101",
    "205th", "the regiment", "Asaeb al-Haq", ". ", ", ", "\n\n", "- ", "between", "and", "-",
]  # fmt: skip
reports = st.lists(
    st.one_of(st.sampled_from(TOKENS), st.integers(0, 10**7).map(str), st.text(max_size=12)),
    max_size=60,
).map(" ".join)
calls = Counter()


@pytest.fixture(scope="module", autouse=True)
def _log_inputs():
    """After this file's tests (in each worker, each time they end there): what was tried."""
    before = calls.n
    yield
    if calls.n > before:
        record("extract fuzzing", "random report-like text through attrit extract (2 s per input)",
               inputs=calls.n - before, failures=0)  # fmt: skip


@settings(
    max_examples=EXTRACT_FUZZ_EXAMPLES, deadline=2000, suppress_health_check=[HealthCheck.too_slow]
)
@given(reports)
def test_extract_never_fails_and_quotes_are_exact(text):
    calls()
    for p in extract(text, dt.date(2015, 10, 18)):
        assert text[p.span[0] : p.span[1]] == p.quote
        assert 0 < p.confidence <= 1
