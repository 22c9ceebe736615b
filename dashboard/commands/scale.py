"""Command-line sub-commands for scale: ``synth`` (a synthetic national programme) and ``bench`` (timings).

``dashboard/commands/main.py`` adds them to its parser (``add_commands``) and hands them over (``run``).
"""

from __future__ import annotations

import argparse
import sys

from sqlalchemy.exc import SQLAlchemyError

from dashboard.data.schema import db

COMMANDS = ("synth", "bench")


def _positive(text: str) -> int:
    """Parse a positive whole number, also written with underscores or thousands separators (1_000_000)."""
    try:
        value = int(text.replace("_", "").replace(",", "").replace(".", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is geen geheel getal")
    if value < 1:
        raise argparse.ArgumentTypeError("het getal moet minstens 1 zijn")
    return value


def _sizes(text: str) -> list[int]:
    """Parse a comma-separated list of sizes: '114,10000,100000'."""
    return [_positive(part.strip()) for part in text.split(",") if part.strip()]


def add_commands(commands) -> None:
    """Add the sub-commands to the ``commands`` sub-parsers of ``python -m dashboard``."""
    from dashboard.benchmark.pages import filters_argument
    from dashboard.data.queries.filters import NO_FILTERS
    from dashboard.data.sources.synth import TRAJECTORIES_PER_YEAR

    synth = commands.add_parser("synth", help="vul de database met een synthetisch landelijk programma",
                                description="Leegt de programmagegevens en schrijft N synthetische trajecten met "
                                            "de verdeling van de AVI 130-reconstructie (zie docs/benchmarks.md).")
    synth.add_argument("--trajectories", type=_positive, required=True, metavar="N", help="aantal trajecten")
    synth.add_argument("--seed", type=int, default=1, metavar="S", help="startwaarde van het toeval (standaard 1)")
    synth.add_argument("--programmes", type=_positive, default=1, metavar="P",
                       help="verdeel de aanvragen over P overlappende programma's van één tot drie jaar "
                            "(standaard 1)")
    synth.add_argument("--per-year", type=_positive, default=TRAJECTORIES_PER_YEAR, metavar="N",
                       help=f"trajecten die per jaar starten (standaard {TRAJECTORIES_PER_YEAR})")
    synth.add_argument("--database", metavar="URL", default=argparse.SUPPRESS,
                       help="database-URL (mag ook vóór 'synth' staan)")
    bench = commands.add_parser("bench", help="meet callbacks, SQL, weergave en geheugen bij oplopende omvang",
                                description="Meet voor elke pagina de callbacks via het echte Dash-eindpunt, de "
                                            "kale SQL, de eerste volledige weergave in Chromium en het geheugen "
                                            "van een worker, en schrijft docs/benchmarks.md bij.")
    bench.add_argument("--sizes", type=_sizes, default=[114, 10_000, 100_000, 1_000_000], metavar="N,N,...",
                       help="aantallen trajecten (114 = de reconstructie; standaard 114,10000,100000,1000000)")
    bench.add_argument("--database-url", metavar="URL",
                       help="meet op deze (PostgreSQL-)database in plaats van op SQLite-bestanden")
    bench.add_argument("--workdir", default=str(db.PROJECT_ROOT / "data"), metavar="MAP",
                       help="map voor de SQLite-bestanden bench-N-sS.sqlite (standaard data/)")
    bench.add_argument("--seed", type=int, default=1, metavar="S")
    bench.add_argument("--programmes", type=_positive, default=1, metavar="P",
                       help="synthetiseer P overlappende programma's en meet de pagina's voor het grootste dat op "
                            "de peildatum loopt, en het portfolio (standaard 1)")
    bench.add_argument("--repeats", type=int, default=5, help="warme herhalingen per callback (standaard 5)")
    bench.add_argument("--timeout", type=float, default=240.0, metavar="SECONDEN",
                       help="hoogstens zoveel seconden per pagina voor callbacks en SQL (standaard 240)")
    bench.add_argument("--render-timeout", type=float, default=60.0, metavar="SECONDEN",
                       help="hoogstens zoveel seconden voor de weergave van een pagina (standaard 60)")
    bench.add_argument("--pages", metavar="PAD,PAD", help="alleen deze pagina's, bijvoorbeeld /,/kaart")
    bench.add_argument("--filter", type=filters_argument, default=NO_FILTERS, metavar="FILTERS",
                       help="meet de pagina's met deze filters, zoals in hun adres: thema=zorg, "
                            "organisatie=Axion&provincie=Utrecht (een eigen sectie in docs/benchmarks.md)")
    bench.add_argument("--no-browser", action="store_true", help="sla de metingen in Chromium over")
    bench.add_argument("--reuse", action="store_true",
                       help="gebruik een bestaand bench-bestand met dezelfde omvang en seed opnieuw")
    bench.add_argument("--no-docs", action="store_true", help="schrijf docs/benchmarks.md niet bij")
    bench.add_argument("--json", metavar="BESTAND", help="schrijf ook alle metingen als JSON")


def run(args: argparse.Namespace, url: str) -> int:
    """Run ``synth`` or ``bench``; returns the exit status."""
    if args.command == "bench":
        from dashboard.benchmark.run import run_benchmark

        return run_benchmark(args)
    from dashboard.data.sources.synth import synthesize

    engine = db.make_engine(url)
    try:
        counts = synthesize(engine, args.trajectories, args.seed, per_year=args.per_year,
                            report=lambda line: print(line, file=sys.stderr, flush=True), programmes=args.programmes)
    except SQLAlchemyError as error:
        print(f"Fout: de database is niet bereikbaar of onbruikbaar ({type(error).__name__}).", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    rows = ", ".join(f"{name} {count}" for name, count in counts.rows.items())
    print(f"{counts.trajectories} trajecten van {counts.starts_on} tot {counts.ends_on} in {counts.seconds:.1f} s "
          f"(seed {counts.seed}): {rows}")
    return 0
