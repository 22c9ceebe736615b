"""Command-line sub-command for scale: ``synth`` (a synthetic national programme; ``bench`` is still to come).

``dashboard/cli.py`` adds them to its parser (``add_commands``) and hands them over (``run``).
"""

from __future__ import annotations

import argparse
import sys

from sqlalchemy.exc import SQLAlchemyError

from dashboard.data import db

COMMANDS = ("synth",)


def _positive(text: str) -> int:
    """Parse a positive whole number, also written with underscores or thousands separators (1_000_000)."""
    try:
        value = int(text.replace("_", "").replace(",", "").replace(".", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is geen geheel getal")
    if value < 1:
        raise argparse.ArgumentTypeError("het getal moet minstens 1 zijn")
    return value


def add_commands(commands) -> None:
    """Add the sub-commands to the ``commands`` sub-parsers of ``python -m dashboard``."""
    from dashboard.data.synth import TRAJECTORIES_PER_YEAR

    synth = commands.add_parser("synth", help="vul de database met een synthetisch landelijk programma",
                                description="Leegt de programmagegevens en schrijft N synthetische trajecten met "
                                            "de verdeling van de AVI 130-reconstructie (zie docs/benchmarks.md).")
    synth.add_argument("--trajectories", type=_positive, required=True, metavar="N", help="aantal trajecten")
    synth.add_argument("--seed", type=int, default=1, metavar="S", help="startwaarde van het toeval (standaard 1)")
    synth.add_argument("--per-year", type=_positive, default=TRAJECTORIES_PER_YEAR, metavar="N",
                       help=f"trajecten die per jaar starten (standaard {TRAJECTORIES_PER_YEAR})")
    synth.add_argument("--database", metavar="URL", default=argparse.SUPPRESS,
                       help="database-URL (mag ook vóór 'synth' staan)")


def run(args: argparse.Namespace, url: str) -> int:
    """Run ``synth``; returns the exit status."""
    from dashboard.data.synth import synthesize

    engine = db.make_engine(url)
    try:
        counts = synthesize(engine, args.trajectories, args.seed, per_year=args.per_year,
                            report=lambda line: print(line, file=sys.stderr, flush=True))
    except SQLAlchemyError as error:
        print(f"Fout: de database is niet bereikbaar of onbruikbaar ({type(error).__name__}).", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    rows = ", ".join(f"{name} {count}" for name, count in counts.rows.items())
    print(f"{counts.trajectories} trajecten van {counts.starts_on} tot {counts.ends_on} in {counts.seconds:.1f} s "
          f"(seed {counts.seed}): {rows}")
    return 0
