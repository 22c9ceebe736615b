"""Entry point: ``python app.py`` runs the development server; ``gunicorn app:server`` serves ``server``.

``python app.py`` is the one place where development mode (demo users, cookies over plain http) is the
default; everywhere else, ``gunicorn app:server`` included, the app runs in production mode unless
``DASHBOARD_ENV`` says otherwise. ``DASHBOARD_PORT`` (default 8050) sets the development server's port.
"""

import gc
import os

from dashboard.dev_server import HOST, port_or_exit
from dashboard.factory import create_app

DEVELOPMENT = __name__ == "__main__"
PORT = port_or_exit() if DEVELOPMENT else None  # before building the app: a taken port stops the start at once

app = create_app({"environment": os.environ.get("DASHBOARD_ENV", "development")} if DEVELOPMENT else None)
server = app.server
# What start-up built (modules, the app, its layouts: some 200,000 objects) lives as long as the process; frozen,
# the garbage collector's full passes no longer walk it, which cost the first page's callbacks in a new worker
# about a tenth of a second.
gc.freeze()

if DEVELOPMENT:
    # The version check would call a Plotly server from the browser; the app must work offline.
    app.run(debug=True, host=HOST, port=PORT, dev_tools_disable_version_check=True)
