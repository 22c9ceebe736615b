"""Entry point: ``python app.py`` runs the development server; ``gunicorn app:server`` serves ``server``.

``python app.py`` is the one place where development mode (demo users, cookies over plain http) is the
default; everywhere else, ``gunicorn app:server`` included, the app runs in production mode unless
``DASHBOARD_ENV`` says otherwise.
"""

import gc
import os

from dashboard.factory import create_app

DEVELOPMENT = __name__ == "__main__"

app = create_app({"environment": os.environ.get("DASHBOARD_ENV", "development")} if DEVELOPMENT else None)
server = app.server
# What start-up built (modules, the app, its layouts: some 200,000 objects) lives as long as the process; frozen,
# the garbage collector's full passes no longer walk it, which cost the first page's callbacks in a new worker
# about a tenth of a second.
gc.freeze()

if DEVELOPMENT:
    # The version check would call a Plotly server from the browser; the app must work offline.
    app.run(debug=True, host="127.0.0.1", port=8050, dev_tools_disable_version_check=True)
