"""One module per mechanism.

Each has a ``step`` run once a day in the order of :data:`attrit.model.codes.PHASES`.
"""
