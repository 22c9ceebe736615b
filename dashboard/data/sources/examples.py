"""Two simulated follow-up programmes beside AVI 130 (``load-demo --met-voorbeelden``).

The report ends by advising the same approach for other temporary national programmes (§4.2: "sport, brede
scholen, ..."). None of them is in the report: everything here is simulated, and the programmes' names say so.
They run in 2008 and 2009 with the same organisations and advisors as AVI 130, so the programme chooser and
shared CMO capacity have something to show; the tests of many programmes run on them. Each request follows the lifecycle (``schema.lifecycle``); the
numbers are drawn from ``numpy.random.default_rng(seed)``, so the same seed gives the same programmes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.data.schema import lifecycle
from dashboard.data.schema.models import (
    ApplicantType,
    Advisor,
    Channel,
    Evaluation,
    Gemeente,
    Organisation,
    Programme,
    ProgrammeEvent,
    Request,
    RequestTheme,
    Status,
    Theme,
    Trajectory,
)

SIMULATED = "(voorbeeld, gesimuleerd)"
"""Part of every example programme's name, so that each screen showing it says it is simulated."""


@dataclass(frozen=True)
class Example:
    """A simulated programme: its settings, its themes, how many requests come in and the first trajectory's nr."""

    name: str
    slug: str
    target: int
    budget: int
    starts_on: dt.date
    ends_on: dt.date
    themes: tuple[Theme, ...]
    requests: int
    first_nr: int


EXAMPLES = (
    Example(f"Sport in de buurt {SIMULATED}", "sport", 80, 1600, dt.date(2008, 1, 1), dt.date(2009, 6, 30),
            (Theme.INFRASTRUCTUUR, Theme.DOELGROEPEN), 72, 1001),
    Example(f"Brede scholen {SIMULATED}", "brede-scholen", 60, 1200, dt.date(2008, 4, 1), dt.date(2009, 12, 31),
            (Theme.BELEID, Theme.DOELGROEPEN, Theme.ZORG), 58, 2001),
)

WITHDRAWN_SHARE = 0.12
"""The share of requests that never start (the reconstruction's 17 of 131, rounded down)."""


def add_examples(session: Session, seed: int = 2008) -> list[Programme]:
    """Add the example programmes with their requests, trajectories and forms to the reconstruction in
    ``session`` (the caller bumps the data version and commits); the programmes added."""
    rng = np.random.default_rng(seed)
    gemeenten = session.execute(select(Gemeente).order_by(Gemeente.id)).scalars().all()
    cmo_of = {organisation.province_id: organisation for organisation in
              session.execute(select(Organisation).where(Organisation.province_id.is_not(None))).scalars()}
    added = []
    for example in EXAMPLES:
        programme = Programme(name=example.name, slug=example.slug, target_requests=example.target,
                              dagdelen_budget=example.budget, starts_on=example.starts_on, ends_on=example.ends_on,
                              themes=",".join(theme.value for theme in example.themes))
        session.add(programme)
        session.flush()
        session.add_all([
            ProgrammeEvent(programme_id=programme.id, kind="start", occurred_on=example.starts_on,
                           label=f"Start {example.name}"),
            ProgrammeEvent(programme_id=programme.id, kind="stuurgroep_1",
                           occurred_on=example.starts_on + dt.timedelta(days=30), label="Stuurgroep 1"),
        ])
        # one request per gemeente in a programme, as in AVI 130 (and as the import checks)
        chosen = rng.choice(len(gemeenten), size=example.requests, replace=False)
        for index, gemeente in enumerate(chosen):
            _request(session, rng, programme, example, example.first_nr + index, gemeenten[int(gemeente)], cmo_of)
        added.append(programme)
    session.flush()
    return added


def _day(start: dt.date, rng: np.random.Generator, low: int, high: int) -> dt.date:
    """A day ``low`` to ``high`` days after ``start``."""
    return start + dt.timedelta(days=int(rng.integers(low, high + 1)))


def _request(session: Session, rng: np.random.Generator, programme: Programme, example: Example, nr: int,
             gemeente: Gemeente, cmo_of: dict[int, Organisation]) -> None:
    """One request of ``example``, received in its first nine months, and what became of it."""
    received = _day(example.starts_on, rng, 0, 270)
    count = int(rng.integers(1, len(example.themes) + 1))
    themes = rng.choice(len(example.themes), size=count, replace=False)
    request = Request(programme=programme, gemeente=gemeente, received_on=received,
                      applicant_type=list(ApplicantType)[int(rng.integers(3))],
                      channel=Channel.MAILING if rng.random() < 0.7 else Channel.ADVISEUR,
                      themes=[RequestTheme(theme=example.themes[int(i)]) for i in sorted(themes)])
    session.add(request)
    lifecycle.open_request(request)
    intake = _day(received, rng, 5, 30)
    lifecycle.change_status(request, Status.INTAKE, intake)
    if rng.random() < WITHDRAWN_SHARE:
        lifecycle.change_status(request, Status.WITHDRAWN, _day(intake, rng, 5, 40),
                                "De aanvrager zag af van advies (gesimuleerd).")
        return
    organisation = cmo_of[gemeente.province_id]
    started = _day(intake, rng, 10, 60)
    advisors = session.execute(select(Advisor).where(
        Advisor.organisation_id == organisation.id, Advisor.active_from <= started,
        (Advisor.active_to.is_(None)) | (Advisor.active_to >= started)).order_by(Advisor.id)).scalars().all()
    dagdelen = int(rng.integers(8, 31))
    planned_end = started + dt.timedelta(days=round(dagdelen * 9.5))
    request.trajectory = Trajectory(
        nr=nr, programme_id=programme.id, province_id=gemeente.province_id, intake_organisation=organisation,
        organisation=organisation, advisor=advisors[int(rng.integers(len(advisors)))] if advisors else None,
        dagdelen=dagdelen, planned_end_on=planned_end, result="Advies uitgebracht (gesimuleerd).",
        gemeenten=[gemeente])
    lifecycle.change_status(request, Status.RUNNING, started)
    finished = planned_end + dt.timedelta(days=int(rng.integers(-20, 60)))
    if finished > example.ends_on:
        return
    lifecycle.change_status(request, Status.WORK_FINISHED, finished)
    completed = _day(finished, rng, 7, 45)
    if completed > example.ends_on:
        return
    lifecycle.change_status(request, Status.COMPLETED, completed)
    evaluated = _day(completed, rng, 3, 30)
    if rng.random() < 0.6 and evaluated <= example.ends_on:
        marks = np.clip(np.round(rng.normal(7.6, 0.9, size=5)), 1, 10).astype(int).tolist()
        session.add(Evaluation(trajectory=request.trajectory, received_on=evaluated,
                               mark_results=marks[0], mark_process=marks[1], mark_quality=marks[2],
                               mark_presentation=marks[3], mark_service=marks[4], remarks=""))
