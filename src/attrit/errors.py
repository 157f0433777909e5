"""The one base of the errors attrit raises for input it cannot use.

Every such error (a bad scenario, an impossible run, a busy store, a fit that cannot start)
derives from :class:`AttritError`, so a caller can catch them all, and the command line turns
each into one line on stderr and exit code 2. Anything else is a bug, and shows as one.
"""

from __future__ import annotations


class AttritError(Exception):
    """Input attrit cannot use: the message says what is wrong and how to mend it."""
