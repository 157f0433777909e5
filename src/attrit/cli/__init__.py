"""The ``attrit`` command: a thin Typer face over the Python API.

Each command module registers its commands on :data:`attrit.cli.app.app` when imported;
they are imported here, in the order ``attrit --help`` lists them.
"""

from __future__ import annotations

import sys

from attrit.cli.app import app
from attrit.cli.common import BAD_INPUT

# the command modules register their commands when imported, in the order --help lists them
# isort: off
from attrit.cli import run, compare, calibrate, posterior, sensitivity  # noqa: F401
from attrit.cli import evidence, lanchester, serve, reference  # noqa: F401
# isort: on

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of ``attrit`` and ``python -m attrit``.

    Input attrit cannot use (any :class:`~attrit.errors.AttritError` a command did not turn
    into its own message) and a file the system cannot write (disk full, a file-size limit)
    end the command with one line and exit code 2, not a traceback; every write is atomic, so
    nothing half-written is left under the file's name.
    """
    import errno

    from attrit.errors import AttritError
    from attrit.interrupt import Interrupted, signals_stop_work

    try:
        with signals_stop_work():
            app()
    except Interrupted as exc:
        print(str(exc), file=sys.stderr)
        sys.exit(exc.exit_code)
    except AttritError as exc:
        print(str(exc).strip() or type(exc).__name__, file=sys.stderr)
        sys.exit(BAD_INPUT)
    except OSError as exc:
        if exc.errno not in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
            raise
        print(
            f"cannot write {exc.filename or 'a file'}: {exc.strerror} (is the disk full?)",
            file=sys.stderr,
        )
        sys.exit(BAD_INPUT)

