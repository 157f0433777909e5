"""Evidence: its kinds, what each figure means in the simulated output, and extraction.

The kinds are in :mod:`attrit.evidence.kinds`, observables and their weights in
:mod:`attrit.evidence.observables`, extraction from report text in
:mod:`attrit.evidence.extract`.
"""
