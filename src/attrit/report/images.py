"""Figures as images a page can hold without any other file."""

from __future__ import annotations

import base64
import io
from typing import Any


def png(fig: Any) -> str:
    """A figure as a data URI (PNG), so the report needs no other file."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=96)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")
