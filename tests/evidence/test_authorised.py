"""Authorised strength as evidence: the posts a unit may fill, read from the record."""

import numpy as np

import attrit
from attrit.evidence.observables import measure, observables
from support.helpers import scenario, with_evidence


def test_the_authorised_strength_is_the_ceiling_postings_fill_up_to():
    sc = with_evidence(
        scenario(troops=400, unit={"strength": {"troops": 400, "authorised": 550}}, days=20),
        {"id": "posts", "kind": "figure", "measure": "authorised", "unit": "alpha",
         "date": "2015-08-10", "value": 600},
    )  # fmt: skip
    (obs,) = observables(sc)
    res = attrit.simulate(sc, replicates=2, seed=1)
    assert np.array_equal(measure(sc, obs, res.record), [550.0, 550.0])
