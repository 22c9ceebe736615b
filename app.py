"""Entry point: ``python app.py`` runs the development server; ``gunicorn app:server`` serves ``server``."""

from dashboard.factory import create_app

app = create_app()
server = app.server

if __name__ == "__main__":
    # The version check would call a Plotly server from the browser; the app must work offline.
    app.run(debug=True, host="127.0.0.1", port=8050, dev_tools_disable_version_check=True)
