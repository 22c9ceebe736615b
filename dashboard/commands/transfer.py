"""Command-line sub-commands for getting data in and out: import, export, template, backup, restore, load-reference.

``dashboard/commands/main.py`` adds them to its parser (``add_commands``) and hands
them over (``run``). Exit status: 0 done; 1 the import files have problems
(nothing was changed); 2 anything else that stopped the command.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import sessionmaker

from dashboard.config import DEFAULT_PROGRAMME_VARIABLE
from dashboard.data.queries import programmes
from dashboard.data.schema import db
from dashboard.data.transfer.backup import BackupError, backup, restore
from dashboard.data.transfer.exporter import export_to_directory
from dashboard.data.transfer.importing import import_paths
from dashboard.data.sources.reference import ReferenceError, load_reference
from dashboard.data.transfer.templates import FORMATS, KINDS, write_template

COMMANDS = ("import", "export", "template", "backup", "restore", "load-reference")
NEEDS_EXISTING_DATABASE = ("import", "export", "backup", "template")  # template: with --programme


PROGRAMME_HELP = "dit programma (standaard: DASHBOARD_DEFAULT_PROGRAMME, anders het eerste)"


def add_commands(commands) -> None:
    """Add the sub-commands to the ``commands`` sub-parsers of ``python -m dashboard``."""
    kinds = ", ".join(KINDS)
    imports = commands.add_parser("import", help="neem CSV- of Excel-bestanden over (alles of niets)",
                                  description="Controleer en importeer bestanden; een map staat voor alle .csv- en "
                                              ".xlsx-bestanden erin. Zie docs/import.md.")
    imports.add_argument("files", nargs="+", type=Path, metavar="BESTAND", help="bestand of map")
    imports.add_argument("--dry-run", action="store_true", help="alleen controleren en tellen; niets schrijven")
    imports.add_argument("--kind", choices=list(KINDS), metavar="SOORT",
                         help=f"de soort van elk bestand, als de kopregel die niet verraadt ({kinds})")
    imports.add_argument("--json", action="store_true", help="het verslag als JSON")
    imports.add_argument("--programme", metavar="SLUG",
                         help="het programma van de rijen zonder programma; een rij van een ander programma wordt "
                              "geweigerd (standaard: rijen zonder programma horen bij DASHBOARD_DEFAULT_PROGRAMME, "
                              "anders bij het eerste)")
    export = commands.add_parser("export", help="schrijf alle gegevens naar de importsjablonen")
    export.add_argument("directory", type=Path, metavar="MAP")
    export.add_argument("--format", choices=FORMATS, default="csv", help="csv (standaard) of xlsx")
    export.add_argument("--programme", metavar="SLUG", help=PROGRAMME_HELP)
    template = commands.add_parser("template", help="schrijf een leeg sjabloon met een voorbeeldrij")
    template.add_argument("kind", choices=[*KINDS, "alle"], metavar="SOORT", help=f"{kinds} of alle")
    template.add_argument("directory", type=Path, metavar="MAP")
    template.add_argument("--format", choices=FORMATS, default="csv", help="csv (standaard) of xlsx")
    template.add_argument("--programme", metavar="SLUG",
                          help="vul dit programma in de kolom programma van de voorbeeldrij in (standaard: leeg, "
                               "het programma van de import)")
    save = commands.add_parser("backup", help="maak een reservekopie terwijl de app draait")
    save.add_argument("destination", type=Path, metavar="DOEL", help="nieuw bestand, of een map")
    put_back = commands.add_parser("restore", help="zet een reservekopie terug (vervangt alle gegevens)")
    put_back.add_argument("source", type=Path, metavar="BRON")
    put_back.add_argument("--yes", action="store_true", help="ja, vervang alle gegevens door de reservekopie")
    commands.add_parser("load-reference", help="schrijf alleen de referentiegegevens (provincies, gemeenten, "
                                               "organisaties, programma) in een lege database")


def _fail(text: str) -> int:
    """Print a Dutch error and return exit status 2."""
    print(f"Fout: {text}", file=sys.stderr)
    return 2


def _templates(args: argparse.Namespace, programme: str | None) -> int:
    """Write the templates ``args`` ask for, their example rows in ``programme``; returns exit status 0."""
    kinds = list(KINDS) if args.kind == "alle" else [args.kind]
    for kind in kinds:
        print(write_template(kind, args.directory, args.format, programme))
    return 0


def run(args: argparse.Namespace, url: str) -> int:
    """Run one of ``COMMANDS``; returns the exit status."""
    if args.command == "template" and args.programme is None:  # a template needs the database for its programme only
        return _templates(args, None)
    path = db.sqlite_file(url)
    if args.command in NEEDS_EXISTING_DATABASE and path is not None and not path.exists():
        return _fail(f"databasebestand {path} bestaat niet; voer eerst 'init-db' en 'load-reference' "
                     "(of 'load-demo') uit.")
    if args.command == "restore":
        if not args.yes:
            return _fail(f"'restore' vervangt alle gegevens in de database door {args.source}. Herhaal met --yes "
                         "als dat de bedoeling is.")
        try:
            info = restore(url, args.source)
        except BackupError as error:
            return _fail(str(error))
        print(f"Reservekopie {info.path} is teruggezet.", file=sys.stderr)
        return 0
    if args.command == "backup":
        try:
            written = backup(url, args.destination)
        except BackupError as error:
            return _fail(str(error))
        print(written)
        print(f"Reservekopie gemaakt: {written}", file=sys.stderr)
        return 0
    engine = db.make_engine(url)
    try:
        if args.command == "load-reference":
            load_reference(engine)
            print("De referentiegegevens zijn geladen; importeer nu de gegevens van het programma.", file=sys.stderr)
            return 0
        if not db.has_schema(engine):
            return _fail("de database heeft nog geen tabellen; voer eerst 'init-db' en 'load-reference' uit.")
        if args.command == "template":
            with db.session_scope(sessionmaker(engine)) as session:
                programme = programmes.chosen(session, args.programme).slug  # an unknown one: nothing written
            return _templates(args, programme)
        if args.command == "export":
            with db.session_scope(sessionmaker(engine)) as session:
                written = export_to_directory(session, args.directory, args.format,
                                              args.programme or os.environ.get(DEFAULT_PROGRAMME_VARIABLE))
            for file in written:
                print(file)
            print(f"{len(written)} bestanden geschreven in {args.directory}.", file=sys.stderr)
            return 0
        report = import_paths(engine, args.files, dry_run=args.dry_run, kind=args.kind, programme=args.programme,
                              default_programme=os.environ.get(DEFAULT_PROGRAMME_VARIABLE))
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2) if args.json else report.summary())
        return 0 if report.ok else 1
    except (ReferenceError, programmes.UnknownProgramme) as error:
        return _fail(str(error))
    except SQLAlchemyError as error:
        return _fail(f"de database is niet bereikbaar of onbruikbaar ({type(error).__name__}).")
    finally:
        engine.dispose()
