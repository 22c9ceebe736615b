"""The development server's address: ``DASHBOARD_PORT`` (default 8050) on loopback, checked before starting.

``python app.py`` calls ``port_or_exit`` first: a port that is not a number or is taken stops the start
with a clear Dutch message and exit status 1, instead of Dash announcing an address it cannot serve.
"""

from __future__ import annotations

import os
import socket
import sys

HOST = "127.0.0.1"
DEFAULT_PORT = 8050


def _stop(message: str) -> None:
    """Print ``message`` to standard error and exit with status 1."""
    print(f"Fout: {message}", file=sys.stderr)
    sys.exit(1)


def port_or_exit(environ: dict[str, str] | None = None) -> int:
    """The port from ``DASHBOARD_PORT``, once it is known to be free on ``HOST``; exits with a Dutch message if not.

    Under Werkzeug's reloader the child process skips the check: its parent already holds the port.
    """
    environ = os.environ if environ is None else environ
    text = environ.get("DASHBOARD_PORT", str(DEFAULT_PORT)).strip()
    if not text.isdigit() or not 0 < int(text) < 65536:
        _stop(f"DASHBOARD_PORT moet een poortnummer van 1 tot en met 65535 zijn, niet '{text}'.")
    port = int(text)
    if environ.get("WERKZEUG_RUN_MAIN") == "true":
        return port
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as Werkzeug's server does
        try:
            probe.bind((HOST, port))
        except OSError as error:
            _stop(f"poort {port} op {HOST} is al in gebruik of niet beschikbaar ({error.strerror}). Stop het "
                  "andere programma, of kies een andere poort met DASHBOARD_PORT, bijvoorbeeld "
                  f"'DASHBOARD_PORT={port + 1} python app.py'.")
    return port
