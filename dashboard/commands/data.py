"""Command-line sub-commands for the database itself: ``init-db``, ``load-demo``, ``simulate`` and ``stats``.

``commands.main`` adds them to its parser (``add_commands``), hands them over (``run``) and answers a
database error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys

from sqlalchemy.orm import sessionmaker

from dashboard.config import DEFAULT_PROGRAMME_VARIABLE
from dashboard.data.queries import programmes
from dashboard.data.queries.filters import Filters
from dashboard.data.queries.stats import key_figures
from dashboard.data.schema import db
from dashboard.data.sources.loader import load_demo
from dashboard.data.sources.simulator import SimulationError, simulate

COMMANDS = ("init-db", "load-demo", "simulate", "stats")


def date_argument(text: str) -> dt.date:
    """Parse a YYYY-MM-DD argument, with a Dutch error for anything else."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is geen geldige datum; gebruik JJJJ-MM-DD, bijvoorbeeld 2007-11-30")


def add_commands(commands) -> None:
    """Add ``COMMANDS`` to the sub-command parsers ``commands``."""
    commands.add_parser("init-db", help="maak het schema aan of werk het bij (Alembic)")
    demo = commands.add_parser("load-demo", help="leeg de database en laad de AVI 130-reconstructie opnieuw")
    demo.add_argument("--met-voorbeelden", dest="examples", action="store_true",
                      help="voeg twee gesimuleerde vervolgprogramma's toe (sport, brede scholen; 2008-2009)")
    simulate_command = commands.add_parser("simulate", help="speel de reconstructie versneld af in de database")
    simulate_command.add_argument("--from", dest="start", type=date_argument, default=dt.date(2006, 6, 1),
                                  metavar="JJJJ-MM-DD",
                                  help="gesimuleerde startdatum (eerdere gebeurtenissen worden meteen geschreven)")
    simulate_command.add_argument("--speed", type=float, default=86_400.0,
                                  help="gesimuleerde seconden per echte seconde (standaard 86400: een dag per seconde)")
    simulate_command.add_argument("--until", type=date_argument, metavar="JJJJ-MM-DD", help="stop na deze datum")
    simulate_command.add_argument("--fresh", action="store_true", help="wis een database die al gegevens bevat")
    stats = commands.add_parser("stats", help="de kerncijfers als JSON")
    stats.add_argument("--as-of", type=date_argument, default=dt.date.today(), metavar="JJJJ-MM-DD",
                       help="stand per deze datum (standaard: vandaag)")
    stats.add_argument("--programme", metavar="SLUG", help="dit programma (standaard: DASHBOARD_DEFAULT_PROGRAMME, "
                                                          "anders het eerste)")
    stats.add_argument("--province", help="alleen deze provincie")
    stats.add_argument("--organisation", help="alleen deze organisatie")
    stats.add_argument("--theme", choices=["infrastructuur", "beleid", "doelgroepen", "zorg"], help="alleen dit thema")
    stats.add_argument("--applicant-type", choices=["gemeente", "steunpunt", "beide"],
                       help="alleen dit soort aanvrager")


def run(args: argparse.Namespace, url: str) -> int:
    """Run one of ``COMMANDS``; returns the exit status."""
    path = db.sqlite_path(url)
    if args.command == "stats" and path is not None and not path.exists():
        print(f"Fout: databasebestand {path} bestaat niet; voer eerst 'load-demo' uit.", file=sys.stderr)
        return 2
    engine = db.make_engine(url)
    try:
        if args.command == "init-db":
            db.upgrade(engine)
            print("Databaseschema is bijgewerkt.", file=sys.stderr)
        elif args.command == "load-demo":
            load_demo(engine, examples=args.examples)
            print("De AVI 130-reconstructie is geladen" + (", met twee gesimuleerde vervolgprogramma's."
                                                            if args.examples else "."), file=sys.stderr)
        elif args.command == "simulate":
            engine = engine.execution_options(sqlite_immediate=True)  # a writer beside imports: BEGIN IMMEDIATE
            written = simulate(engine, args.start, args.speed, fresh=args.fresh, until=args.until,
                               report=lambda line: print(line, flush=True))
            print(f"Simulatie klaar: {written} gebeurtenissen geschreven.", file=sys.stderr)
        else:
            if not db.has_schema(engine):
                print("Fout: de database heeft nog geen tabellen; voer eerst 'init-db' of 'load-demo' uit.",
                      file=sys.stderr)
                return 2
            filters = Filters(args.province, args.organisation, args.theme, args.applicant_type, args.programme)
            with db.session_scope(sessionmaker(engine)) as session:
                slug = None  # an empty database: every figure zero
                if args.programme or programmes.count(session):
                    slug = programmes.chosen(session, args.programme, os.environ.get(DEFAULT_PROGRAMME_VARIABLE)).slug
                    filters = programmes.scope(session, filters, slug)
                figures = key_figures(session, args.as_of, filters)
                print(json.dumps({"programme": slug, **figures}, ensure_ascii=False, indent=2))
    except (SimulationError, programmes.UnknownProgramme) as error:
        print(f"Fout: {error}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    return 0
