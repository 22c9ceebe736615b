"""Entry point: ``python app.py`` runs the development server; ``gunicorn app:server`` serves ``server``."""

from dashboard.factory import create_app

app = create_app()
server = app.server

if __name__ == "__main__":
    app.run(debug=True, host="127.0.0.1", port=8050)
