"""Runs unoserver under LibreOffice's own Python (the one with ``uno``); never imported here.

Usage: ``/usr/bin/python3 -I unoserver_main.py SITE_DIR [unoserver options]``. SITE_DIR is the
service's site-packages, where pip installed unoserver: it is appended to ``sys.path``, so
Debian's ``uno`` still comes first and only unoserver (with its metadata) comes from there.
The process group this runs in (its own, started with a new session) is killed as soon as stdin
reaches end of file: the converter pool holds the only write end, so even a pool killed with
SIGKILL leaves no soffice behind.
"""

import os
import signal
import sys
import threading


def _end_with_parent() -> None:
    """Wait for end of file on stdin, then kill this whole process group."""
    # os.read on the descriptor, not sys.stdin: a daemon thread blocked inside the buffered
    # reader holds its lock, and the interpreter aborts on it at exit.
    while os.read(0, 1):
        pass
    os.killpg(0, signal.SIGKILL)


def main() -> int:
    """Start the watch, then unoserver's own command line with the remaining arguments."""
    sys.path.append(sys.argv[1])
    threading.Thread(target=_end_with_parent, name="end-with-parent", daemon=True).start()
    from unoserver import server

    sys.argv = ["unoserver", *sys.argv[2:]]
    code = server.main()
    return code if isinstance(code, int) else 0


if __name__ == "__main__":
    sys.exit(main())
