"""Evidence from report text: proposed items, each traced to its quote and span, for review.

Rules, not a statistical model: every figure and field of a proposal comes from a pattern
over the report's words, so each can be shown and checked. See ``docs/extract.md``.
"""

from attrit.evidence.extract.propose import ExtractError, Proposal, extract

__all__ = ["ExtractError", "Proposal", "extract"]
