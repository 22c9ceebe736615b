"""Command-line sub-commands for the programmes: ``programme list|add|set``.

``commands.main`` adds them to its parser (``add_commands``), hands them over (``run``) and answers a
database error. ``list`` prints every programme with its figures on a date (``--json``: the shape of
``GET /api/v1/programmes``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from sqlalchemy.orm import sessionmaker

from dashboard import formatting
from dashboard.commands.data import date_argument
from dashboard.data.editing import programmes
from dashboard.data.editing.programmes import ProgrammeError, Settings
from dashboard.data.queries.portfolio import programme_figures
from dashboard.data.schema import db

COMMANDS = ("programme",)
REFUSALS = (ProgrammeError,)  # answered by ``commands.main`` in Dutch, exit status 2


def _themes(text: str) -> tuple[str, ...]:
    """A comma-separated theme list."""
    return tuple(part.strip() for part in text.split(",") if part.strip())


def _settings_options(parser: argparse.ArgumentParser) -> None:
    """The options that set a programme's settings."""
    parser.add_argument("--name", metavar="NAAM", help="de volledige naam")
    parser.add_argument("--target", type=int, metavar="N", help="het doel: het aantal aanvragen")
    parser.add_argument("--budget", type=int, metavar="N", help="het budget in dagdelen")
    parser.add_argument("--from", dest="starts_on", type=date_argument, metavar="JJJJ-MM-DD", help="begindatum")
    parser.add_argument("--until", dest="ends_on", type=date_argument, metavar="JJJJ-MM-DD", help="einddatum")
    parser.add_argument("--themes", type=_themes, metavar="THEMA,THEMA",
                        help=f"de thema's van het programma ({', '.join(programmes.THEMES)}; standaard alle)")


def add_commands(commands) -> None:
    """Add ``programme`` and its actions to the sub-command parsers ``commands``."""
    programme = commands.add_parser("programme", help="programma's tonen, toevoegen en wijzigen")
    actions = programme.add_subparsers(dest="programme_command", required=True, metavar="ACTIE")
    listing = actions.add_parser("list", help="alle programma's met hun cijfers")
    listing.add_argument("--as-of", type=date_argument, default=dt.date.today(), metavar="JJJJ-MM-DD",
                         help="stand per deze datum (standaard: vandaag)")
    listing.add_argument("--json", action="store_true", help="als JSON")
    add = actions.add_parser("add", help="een programma toevoegen")
    add.add_argument("slug", metavar="SLUG", help="korte naam voor links en commando's, bijvoorbeeld sport")
    _settings_options(add)
    change = actions.add_parser("set", help="de instellingen van een programma wijzigen")
    change.add_argument("slug", metavar="SLUG")
    _settings_options(change)


def _list(session, as_of: dt.date, as_json: bool) -> None:
    """Print every programme with its figures on ``as_of``."""
    figures = programme_figures(session, as_of)
    if as_json:
        print(json.dumps({"as_of": as_of.isoformat(), "programmes": [f.as_dict() for f in figures]},
                         ensure_ascii=False, indent=2))
        return
    for f in figures:
        pace = "\tachter op schema" if f.lags else ""
        print(f"{f.slug}\t{f.name}\t{formatting.date(f.starts_on)} – {formatting.date(f.ends_on)}\t"
              f"{f.requests} van {f.target} aanvragen\t{f.dagdelen} van {f.budget} dagdelen{pace}")


def run(args: argparse.Namespace, url: str) -> int:
    """Run ``programme list|add|set``; returns the exit status."""
    engine = db.make_engine(url)
    try:
        db.upgrade(engine)
        with db.session_scope(sessionmaker(engine)) as session:
            if args.programme_command == "list":
                _list(session, args.as_of, args.json)
                return 0
            settings = Settings(args.name, args.target, args.budget, args.starts_on, args.ends_on, args.themes)
            if args.programme_command == "add":
                programmes.add_programme(session, args.slug, settings)
                print(f"Programma '{args.slug}' toegevoegd.", file=sys.stderr)
            else:
                programmes.set_programme(session, args.slug, settings)
                print(f"Programma '{args.slug}' gewijzigd.", file=sys.stderr)
    finally:
        engine.dispose()
    return 0
