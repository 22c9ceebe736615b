"""Command line: ``python -m dashboard --help`` lists every command (data, users, import, export, backup)."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import os
import sys

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import sessionmaker

from dashboard.data.editing import users
from dashboard.data.schema import db
from dashboard.data.sources.loader import load_demo
from dashboard.data.queries.filters import Filters
from dashboard.data.queries.stats import key_figures
from dashboard.data.sources.simulator import SimulationError, simulate
from dashboard.data.editing.users import UserError
from dashboard.commands import scale as scale_commands
from dashboard.commands import transfer as transfer_commands


def _date(text: str) -> dt.date:
    """Parse a YYYY-MM-DD argument, with a Dutch error for anything else."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is geen geldige datum; gebruik JJJJ-MM-DD, bijvoorbeeld 2007-11-30")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one sub-command per task."""
    parser = argparse.ArgumentParser(prog="python -m dashboard", description="Beheer van de AVI 130 monitor.")
    parser.add_argument("--database", metavar="URL", help="database-URL (standaard: DATABASE_URL of data/avi130.sqlite)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMANDO")
    commands.add_parser("init-db", help="maak het schema aan of werk het bij (Alembic)")
    commands.add_parser("load-demo", help="leeg de database en laad de AVI 130-reconstructie opnieuw")
    simulate = commands.add_parser("simulate", help="speel de reconstructie versneld af in de database")
    simulate.add_argument("--from", dest="start", type=_date, default=dt.date(2006, 6, 1), metavar="JJJJ-MM-DD",
                          help="gesimuleerde startdatum (eerdere gebeurtenissen worden meteen geschreven)")
    simulate.add_argument("--speed", type=float, default=86_400.0,
                          help="gesimuleerde seconden per echte seconde (standaard 86400: een dag per seconde)")
    simulate.add_argument("--until", type=_date, metavar="JJJJ-MM-DD", help="stop na deze datum")
    simulate.add_argument("--fresh", action="store_true", help="wis een database die al gegevens bevat")
    user = commands.add_parser("user", help="gebruikers beheren (rollen: stuurgroep, projectleiding)")
    user_commands = user.add_subparsers(dest="user_command", required=True, metavar="ACTIE")
    add = user_commands.add_parser("add", help="een gebruiker toevoegen")
    add.add_argument("name", metavar="NAAM")
    add.add_argument("--role", required=True, choices=["stuurgroep", "projectleiding"])
    add.add_argument("--password", help="wachtwoord (zonder deze optie wordt erom gevraagd)")
    user_commands.add_parser("list", help="alle gebruikers tonen")
    remove = user_commands.add_parser("remove", help="een gebruiker verwijderen")
    remove.add_argument("name", metavar="NAAM")
    password = user_commands.add_parser("set-password", help="een nieuw wachtwoord instellen")
    password.add_argument("name", metavar="NAAM")
    password.add_argument("--password", help="wachtwoord (zonder deze optie wordt erom gevraagd)")
    set_role = user_commands.add_parser("set-role", help="een gebruiker een andere rol geven")
    set_role.add_argument("name", metavar="NAAM")
    set_role.add_argument("--role", required=True, choices=["stuurgroep", "projectleiding"])
    for action, text in (("disable", "een gebruiker uitschakelen (kan niet meer inloggen)"),
                         ("enable", "een uitgeschakelde gebruiker weer inschakelen")):
        user_commands.add_parser(action, help=text).add_argument("name", metavar="NAAM")
    stats = commands.add_parser("stats", help="de kerncijfers als JSON")
    stats.add_argument("--as-of", type=_date, default=dt.date.today(), metavar="JJJJ-MM-DD",
                       help="stand per deze datum (standaard: vandaag)")
    stats.add_argument("--province", help="alleen deze provincie")
    stats.add_argument("--organisation", help="alleen deze organisatie")
    stats.add_argument("--theme", choices=["infrastructuur", "beleid", "doelgroepen", "zorg"], help="alleen dit thema")
    stats.add_argument("--applicant-type", choices=["gemeente", "steunpunt", "beide"], help="alleen dit soort aanvrager")
    transfer_commands.add_commands(commands)  # import, export, template, backup, restore, load-reference
    scale_commands.add_commands(commands)  # synth, bench
    return parser


def _ask_password() -> str:
    """Prompt twice for a password without echoing it."""
    first = getpass.getpass("Wachtwoord: ")
    if first != getpass.getpass("Nogmaals: "):
        raise UserError("De wachtwoorden verschillen.")
    return first


def _user_command(args: argparse.Namespace, engine) -> int:
    """Run ``user add|list|remove|set-password|set-role|disable|enable``."""
    db.upgrade(engine)
    try:
        with db.session_scope(sessionmaker(engine)) as session:
            if args.user_command == "add":
                users.add_user(session, args.name, args.role, args.password or _ask_password())
                print(f"Gebruiker '{args.name}' ({args.role}) toegevoegd.", file=sys.stderr)
            elif args.user_command == "list":
                for person in users.list_users(session):
                    print(f"{person.name}\t{person.role.value}" + ("\tdemo" if person.demo else "")
                          + ("\tuitgeschakeld" if person.disabled else ""))
            elif args.user_command == "remove":
                users.remove_user(session, args.name)
                print(f"Gebruiker '{args.name}' verwijderd.", file=sys.stderr)
            elif args.user_command == "set-role":
                users.set_role(session, args.name, args.role)
                print(f"'{args.name}' heeft nu de rol {args.role}.", file=sys.stderr)
            elif args.user_command in ("disable", "enable"):
                users.set_disabled(session, args.name, args.user_command == "disable")
                print(f"'{args.name}' is {'uitgeschakeld' if args.user_command == 'disable' else 'weer ingeschakeld'}.",
                      file=sys.stderr)
            else:
                users.set_password(session, args.name, args.password or _ask_password())
                print(f"Wachtwoord van '{args.name}' gewijzigd.", file=sys.stderr)
    except UserError as error:
        print(f"Fout: {error}", file=sys.stderr)
        return 2
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    url = args.database or os.environ.get("DATABASE_URL") or db.default_url()
    path = db.sqlite_path(url)
    if args.command == "stats" and path is not None and not path.exists():
        print(f"Fout: databasebestand {path} bestaat niet; voer eerst 'load-demo' uit.", file=sys.stderr)
        return 2
    if args.command in transfer_commands.COMMANDS:
        return transfer_commands.run(args, url)
    if args.command in scale_commands.COMMANDS:
        return scale_commands.run(args, url)
    engine = db.make_engine(url)
    try:
        if args.command == "init-db":
            db.upgrade(engine)
            print("Databaseschema is bijgewerkt.", file=sys.stderr)
        elif args.command == "load-demo":
            load_demo(engine)
            print("De AVI 130-reconstructie is geladen.", file=sys.stderr)
        elif args.command == "simulate":
            engine = engine.execution_options(sqlite_immediate=True)  # a writer beside imports: BEGIN IMMEDIATE
            written = simulate(engine, args.start, args.speed, fresh=args.fresh, until=args.until,
                               report=lambda line: print(line, flush=True))
            print(f"Simulatie klaar: {written} gebeurtenissen geschreven.", file=sys.stderr)
        elif args.command == "user":
            return _user_command(args, engine)
        elif args.command == "stats":
            if not db.has_schema(engine):
                print("Fout: de database heeft nog geen tabellen; voer eerst 'init-db' of 'load-demo' uit.",
                      file=sys.stderr)
                return 2
            filters = Filters(args.province, args.organisation, args.theme, args.applicant_type)
            with db.session_scope(sessionmaker(engine)) as session:
                print(json.dumps(key_figures(session, args.as_of, filters), ensure_ascii=False, indent=2))
    except SimulationError as error:
        print(f"Fout: {error}", file=sys.stderr)
        return 2
    except SQLAlchemyError as error:
        print(f"Fout: de database is niet bereikbaar of onbruikbaar ({type(error).__name__}).", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    return 0
