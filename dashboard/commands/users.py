"""Command-line sub-commands for users: ``user add|list|remove|set-password|set-role|set-programmes|disable|enable``.

``commands.main`` adds them to its parser (``add_commands``), hands them over (``run``) and answers a
database error.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from sqlalchemy.orm import sessionmaker

from dashboard.data.editing import users
from dashboard.data.editing.users import UserError
from dashboard.data.schema import db

COMMANDS = ("user",)
REFUSALS = (UserError,)  # answered by ``commands.main`` in Dutch, exit status 2
ROLES = ["stuurgroep", "projectleiding"]
PROGRAMME_HELP = "alleen dit programma tonen (herhaalbaar; zonder deze optie: alle programma's)"


def add_commands(commands) -> None:
    """Add ``user`` and its actions to the sub-command parsers ``commands``."""
    user = commands.add_parser("user", help="gebruikers beheren (rollen: stuurgroep, projectleiding)")
    user_commands = user.add_subparsers(dest="user_command", required=True, metavar="ACTIE")
    add = user_commands.add_parser("add", help="een gebruiker toevoegen")
    add.add_argument("name", metavar="NAAM")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--password", help="wachtwoord (zonder deze optie wordt erom gevraagd)")
    add.add_argument("--programme", action="append", default=[], metavar="SLUG", help=PROGRAMME_HELP)
    user_commands.add_parser("list", help="alle gebruikers tonen")
    remove = user_commands.add_parser("remove", help="een gebruiker verwijderen")
    remove.add_argument("name", metavar="NAAM")
    password = user_commands.add_parser("set-password", help="een nieuw wachtwoord instellen")
    password.add_argument("name", metavar="NAAM")
    password.add_argument("--password", help="wachtwoord (zonder deze optie wordt erom gevraagd)")
    set_role = user_commands.add_parser("set-role", help="een gebruiker een andere rol geven")
    set_role.add_argument("name", metavar="NAAM")
    set_role.add_argument("--role", required=True, choices=ROLES)
    programmes = user_commands.add_parser("set-programmes", help="bepalen welke programma's een gebruiker ziet")
    programmes.add_argument("name", metavar="NAAM")
    programmes.add_argument("--programme", action="append", default=[], metavar="SLUG", help=PROGRAMME_HELP)
    for action, text in (("disable", "een gebruiker uitschakelen (kan niet meer inloggen)"),
                         ("enable", "een uitgeschakelde gebruiker weer inschakelen")):
        user_commands.add_parser(action, help=text).add_argument("name", metavar="NAAM")


def _ask_password() -> str:
    """Prompt twice for a password without echoing it."""
    first = getpass.getpass("Wachtwoord: ")
    if first != getpass.getpass("Nogmaals: "):
        raise UserError("De wachtwoorden verschillen.")
    return first


def _programmes(slugs: list[str]) -> str:
    """The programmes a user sees, in words: 'alle programma's' or 'programma's avi-130, sport'."""
    return f"programma's {', '.join(slugs)}" if slugs else "alle programma's"


def run(args: argparse.Namespace, url: str) -> int:
    """Run ``user add|list|remove|set-password|set-role|set-programmes|disable|enable``; returns the exit
    status."""
    engine = db.make_engine(url)
    try:
        db.upgrade(engine)
        with db.session_scope(sessionmaker(engine)) as session:
            _act(session, args)
    finally:
        engine.dispose()
    return 0


def _act(session, args: argparse.Namespace) -> None:
    """Carry out the user action of ``args`` in ``session``, saying what was done."""
    if args.user_command == "add":
        users.add_user(session, args.name, args.role, args.password or _ask_password(), programmes=args.programme)
        print(f"Gebruiker '{args.name}' ({args.role}; {_programmes(args.programme)}) toegevoegd.", file=sys.stderr)
    elif args.user_command == "list":
        limited = users.programmes_by_user(session)
        for person in users.list_users(session):
            seen = limited.get(person.id)
            print(f"{person.name}\t{person.role.value}" + ("\tdemo" if person.demo else "")
                  + ("\tuitgeschakeld" if person.disabled else "") + (f"\t{_programmes(seen)}" if seen else ""))
    elif args.user_command == "set-programmes":
        users.set_programmes(session, args.name, args.programme)
        print(f"'{args.name}' ziet nu {_programmes(args.programme)}.", file=sys.stderr)
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
