"""Evidence from report text: proposed items, each traced to its quote and span, for review.

Rules, not a statistical model: every figure and field of a proposal comes from a pattern
over the report's words, so each can be shown and checked. See ``docs/extract.md``. The
entry point is :func:`attrit.evidence.extract.propose.extract`; each kind's phrasings live
in its module under :mod:`attrit.evidence.kinds`.
"""
