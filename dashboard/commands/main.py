"""Command line: ``python -m dashboard --help`` lists every command (data, programmes, users, import, export,
backup)."""

from __future__ import annotations

import argparse
import os
import sys

from sqlalchemy.exc import SQLAlchemyError

from dashboard.commands import data, programmes, scale, transfer, users
from dashboard.data.schema import db

# Each group has its ``COMMANDS``, adds them to the parser (``add_commands``) and runs them (``run``).
GROUPS = (data, programmes, users, transfer, scale)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one sub-command per task."""
    parser = argparse.ArgumentParser(prog="python -m dashboard", description="Beheer van de AVI 130 monitor.")
    parser.add_argument("--database", metavar="URL",
                        help="database-URL (standaard: DATABASE_URL of data/avi130.sqlite)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMANDO")
    for group in GROUPS:
        group.add_commands(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    url = args.database or os.environ.get("DATABASE_URL") or db.default_url()
    group = next(group for group in GROUPS if args.command in group.COMMANDS)
    try:
        return group.run(args, url)
    except getattr(group, "REFUSALS", ()) as refused:  # a group's own refusals, each with a Dutch message
        print(f"Fout: {refused}", file=sys.stderr)
        return 2
    except SQLAlchemyError as error:
        print(f"Fout: de database is niet bereikbaar of onbruikbaar ({type(error).__name__}).", file=sys.stderr)
        return 2
