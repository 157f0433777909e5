"""The headcount kept live as people change status equals a count of the people, every day."""

from __future__ import annotations

import numpy as np

from attrit.model import engine, registry, rng
from attrit.model.codes import (
    DESERTED,
    DUTY,
    INVALIDED,
    KILLED,
    LEAVE,
    N_STATUS,
    PENDING,
    TRAINING,
    WOUNDED,
)
from attrit.model.plan import compile_plan, split


def headcount(st, units: int) -> np.ndarray:
    counted = np.isin(st.status, [DUTY, LEAVE, WOUNDED, TRAINING])
    out = np.zeros((units, N_STATUS), np.int64)
    np.add.at(out, (st.unit[counted], st.status[counted].astype(np.int64)), 1)
    return out


def test_live_counts_match_the_people_every_day(example):
    days = 120
    plan, _ = split(compile_plan(example, days))  # no schedules: one epoch
    keys = registry.stream_keys(7)
    units = len(example.units)
    rec = engine.new_record(1, days, units)[0]
    st = engine.start(plan, keys, np.int64(0))
    changed = set()
    for t in range(days):
        before = st.status.copy()
        engine.day(t, plan, st, rng.bases(keys, np.int64(0), t), rec[t])
        changed |= {(int(a), int(b)) for a, b in zip(before, st.status, strict=True) if a != b}
        np.testing.assert_array_equal(st.live, headcount(st, units), err_msg=f"day {t}")
    # the run exercised every move the counts must follow (over the day; seen at its end)
    moves = {
        (PENDING, TRAINING), (TRAINING, DUTY), (TRAINING, DESERTED),  # training, posting
        (DUTY, LEAVE), (LEAVE, DUTY), (DUTY, DESERTED), (LEAVE, DESERTED),  # rotation, flight
        (DUTY, WOUNDED), (WOUNDED, DUTY), (WOUNDED, INVALIDED), (DUTY, KILLED),  # casualties
    }  # fmt: skip
    assert moves <= changed, moves - changed
