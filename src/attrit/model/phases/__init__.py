"""One module per mechanism; each has a ``step`` run once a day in the order of
:data:`attrit.model.codes.PHASES`."""
