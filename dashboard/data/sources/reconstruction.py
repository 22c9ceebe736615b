"""The AVI 130 reconstruction: report facts plus deterministic simulation of what it lacks.

``build_plan`` turns the seed files into a complete, dated plan of requests,
trajectories, advisors, absences, hand-overs and evaluations. Everything the
report does not give is drawn from ``random.Random(SEED)`` within the report's
published constraints (see ``data/seed/README.md``), so the plan, and the
database loaded from it, is the same on every run.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field

from dashboard.data.schema.models import AbsenceKind, ApplicantType, Channel, Status, Theme
from dashboard.data.sources.seed_sources import SeedData, SeedTrajectory

SEED = 130
D = dt.date

MAILING = D(2006, 10, 2)
REGISTRATION_CLOSED = D(2006, 12, 4)
COMPLETED_CHECKPOINT = D(2007, 11, 30)
COMPLETED_AT_CHECKPOINT = 46
WORK_DEADLINE = D(2007, 12, 21)
REPORT_DATE = D(2008, 3, 4)

REQUESTS_BY_APPLICANT = {ApplicantType.GEMEENTE: 73, ApplicantType.STEUNPUNT: 58}
REQUESTS_BY_ADVISOR_NETWORK = 33  # about 25% of 131 (line 982); the rest after the mailing
ADVISOR_NETWORK_BEFORE_MAILING = 21
WAITLISTED_AFTER_CLOSING = 12
THEME_COUNTS = {Theme.INFRASTRUCTUUR: 68, Theme.BELEID: 38, Theme.DOELGROEPEN: 16, Theme.ZORG: 13}
THEME_KEYWORDS = {
    Theme.INFRASTRUCTUUR: ("steunpunt", "servicepunt", "vrijwilligerscentrale", "samenwerking", "infrastructuur",
                           "ondersteuning", "vacaturebank", "loket", "fusie", "organisatie"),
    Theme.BELEID: ("beleid", "nota", "notitie", "visie", "wmo", "startnotitie", "actieplan"),
    Theme.DOELGROEPEN: ("jongeren", "ouderen", "allochto", "bedrijfsleven", "burger", "maatschappelijke stage",
                        "interculturele", "doelgroep", "migranten", "scholen"),
    Theme.ZORG: ("mantelzorg", "zorg", "thuishulp", "informele"),
}
DAGDELEN_MIN, DAGDELEN_MAX, DAGDELEN_TOTAL = 8, 34, 19 * 114
DELAYED_SHARE = 1 / 3  # about a third delayed by causes at the gemeente (lines 1511-1515)
# The ten gemeenten that went through a trajectory first (line 1290, footnote 7 at lines 3230-3231).
FIRST_FINISHED = ("Arnhem", "Berkelland", "Bergschenhoek", "Beuningen", "Dronten", "Haarlemmermeer", "Rotterdam",
                  "Sint Oedenrode", "Utrecht", "Zeewolde")
EVALUATION_FORMS = 67
# Sums of each aspect's marks over the 67 forms: means 7.49, 7.30, 8.00, 7.81, 7.91; overall 7.70.
ASPECT_SUMS = (502, 489, 536, 523, 530)
# The CMO table (lines 1099-1121) counts one more trajectory for Zuid-Holland and one fewer for
# Noord-Holland than Bijlage 1 does; we let PJ Partners' region have handled the intake of
# Haarlemmermeer (nr 58), on the border, so that both tables hold (see data/seed/README.md).
INTAKE_REGION_OVERRIDES = {58: "PJ Partners"}
EXTRA_ADVISOR_FROM = {"Zet": D(2007, 1, 15)}  # "tijdens het project een derde adviseur" (lines 1037-1041)
NATIONAL_ADVISORS = 3
REPLACEMENT_COLLEAGUE = ("CMO Groningen", D(2007, 7, 1))  # "met andere medewerkers" (lines 935-938)
ABSENCES = (
    # (organisation, advisor index, kind, start, end, note)
    ("CMO Groningen", 1, AbsenceKind.ZIEKTE, D(2007, 7, 1), D(2007, 12, 31), "langdurig ziek"),
    ("Zet", 1, AbsenceKind.ZIEKTE, D(2007, 4, 2), D(2007, 9, 28), "langdurig ziek"),
    ("Spectrum", 2, AbsenceKind.ZIEKTE, D(2007, 2, 5), D(2007, 6, 29), "langdurig ziek"),
    ("PJ Partners", 2, AbsenceKind.VERTREK, D(2007, 3, 31), None, "andere baan"),
    ("Huis voor de Sport", 1, AbsenceKind.VERTREK, D(2007, 6, 1), None, "andere baan"),
)
CLIENT_HALTS = 2
HALT_REASON = "Klant legde het traject stil uit onvrede met de adviseur; na bemiddeling overgenomen"


@dataclass
class PlannedAdvisor:
    """An advisor of the reconstruction (pseudonymous)."""

    name: str
    organisation: str
    in_pool: bool
    active_from: dt.date
    active_to: dt.date | None = None


@dataclass
class PlannedAbsence:
    """A long illness or departure of an advisor."""

    advisor: str
    kind: AbsenceKind
    starts_on: dt.date
    ends_on: dt.date | None
    note: str


@dataclass
class PlannedHandover:
    """A trajectory moving to another advisor or organisation."""

    on: dt.date
    from_advisor: str
    to_advisor: str
    from_organisation: str
    to_organisation: str
    reason: str


@dataclass
class PlannedEvaluation:
    """An evaluation form: received date, the five marks and remarks."""

    received_on: dt.date
    marks: tuple[int, int, int, int, int]
    remarks: str = ""


@dataclass
class PlannedTrajectory:
    """A trajectory with its simulated figures."""

    nr: int
    province: str
    gemeenten: tuple[str, ...]
    result: str
    intake_organisation: str
    organisation: str = ""
    advisor: str = ""
    dagdelen: int = 0
    started_on: dt.date = D(2006, 1, 1)
    planned_end_on: dt.date = D(2006, 1, 1)
    work_finished_on: dt.date = D(2006, 1, 1)
    completed_on: dt.date = D(2006, 1, 1)
    handovers: list[PlannedHandover] = field(default_factory=list)
    evaluation: PlannedEvaluation | None = None


@dataclass
class PlannedRequest:
    """A request with its dated status history and, if it started, its trajectory."""

    gemeente: str
    province: str
    applicant_type: ApplicantType = ApplicantType.GEMEENTE
    channel: Channel = Channel.MAILING
    received_on: dt.date = D(2006, 1, 1)
    themes: tuple[Theme, ...] = ()
    history: list[tuple[Status, dt.date, str | None]] = field(default_factory=list)
    trajectory: PlannedTrajectory | None = None


@dataclass
class Plan:
    """The whole reconstruction, ready to be written to the database."""

    advisors: list[PlannedAdvisor]
    absences: list[PlannedAbsence]
    requests: list[PlannedRequest]


def _days(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    """Draw a date uniformly from ``start`` to ``end`` inclusive."""
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def _exact_sum(rng: random.Random, values: list[int], total: int, low: int, high: int) -> list[int]:
    """Nudge ``values`` one unit at a time, within [low, high], until they add up to ``total``."""
    values = list(values)
    while sum(values) != total:
        step = 1 if sum(values) < total else -1
        candidates = [i for i, v in enumerate(values) if low <= v + step <= high]
        values[rng.choice(candidates)] += step
    return values


def _advisor_name(organisation: str, index: int) -> str:
    """Pseudonym of the ``index``-th advisor of ``organisation``."""
    return f"{organisation} adviseur {index}"


def _plan_advisors(seed: SeedData) -> list[PlannedAdvisor]:
    """The pool of 21 CMO advisors, Zet's third, a Groningen colleague and national advisors."""
    start = next(e.occurred_on for e in seed.events if e.kind == "pool_gevormd")
    advisors: list[PlannedAdvisor] = []
    for org in seed.organisations:
        count = org.advisors_at_start if org.kind == "cmo" else NATIONAL_ADVISORS
        advisors += [PlannedAdvisor(_advisor_name(org.name, i), org.name, org.kind == "cmo", start)
                     for i in range(1, count + 1)]
        if org.name in EXTRA_ADVISOR_FROM:
            advisors.append(PlannedAdvisor(_advisor_name(org.name, count + 1), org.name, True,
                                           EXTRA_ADVISOR_FROM[org.name]))
    org_name, since = REPLACEMENT_COLLEAGUE
    advisors.append(PlannedAdvisor(f"{org_name} collega (vervanging)", org_name, False, since))
    return advisors


def _plan_absences(advisors: list[PlannedAdvisor]) -> list[PlannedAbsence]:
    """Three long illnesses and two advisors leaving for another job (lines 1076-1078)."""
    by_name = {a.name: a for a in advisors}
    absences = []
    for org, index, kind, starts, ends, note in ABSENCES:
        advisor = by_name[_advisor_name(org, index)]
        if kind is AbsenceKind.VERTREK:
            advisor.active_to = starts - dt.timedelta(days=1)
        absences.append(PlannedAbsence(advisor.name, kind, starts, ends, note))
    return absences


def _final_organisations(rng: random.Random, seed: SeedData, trajectories: list[PlannedTrajectory]) -> None:
    """Give each trajectory the organisation that completed it, so the per-CMO table holds.

    Each CMO completes its table figure from its own region first; a CMO that
    completed more than its region had (Primo nh) takes over neighbours' work;
    the rest goes to DSP-groep (7) and MOVISIE (9).
    """
    by_region: dict[str, list[PlannedTrajectory]] = {}
    for t in trajectories:
        by_region.setdefault(t.intake_organisation, []).append(t)
    leftovers: list[PlannedTrajectory] = []
    surplus: dict[str, int] = {}
    for org in (o for o in seed.organisations if o.kind == "cmo"):
        region = by_region.get(org.name, [])
        rng.shuffle(region)
        own = min(org.completed, len(region))
        for t in region[:own]:
            t.organisation = org.name
        leftovers += region[own:]
        surplus[org.name] = org.completed - own
    province_of = {o.name: o.province for o in seed.organisations}
    for org_name, extra in surplus.items():
        for _ in range(extra):
            # Work in its own province first (a border case handled by a neighbour), then next door.
            nearest = min(leftovers, key=lambda t: (t.province != province_of[org_name],
                                                    t.province != "Zuid-Holland", t.nr))
            nearest.organisation = org_name
            leftovers.remove(nearest)
    nationals = [o for o in seed.organisations if o.kind == "landelijk"]
    assert len(leftovers) == sum(o.completed for o in nationals)
    rng.shuffle(leftovers)
    position = 0
    for org in nationals:
        for t in leftovers[position:position + org.completed]:
            t.organisation = org.name
        position += org.completed


def _assign_themes(rng: random.Random, trajectories: list[PlannedTrajectory]) -> dict[int, tuple[Theme, ...]]:
    """Give each trajectory one or more themes, matching the report's shares exactly.

    Themes are scored by keywords in the result text; each theme goes to its
    best-matching trajectories; a trajectory left without a theme takes one
    from a trajectory that has two.
    """
    scores = {
        t.nr: {theme: sum(t.result.lower().count(k) for k in keys) + rng.random() / 10
               for theme, keys in THEME_KEYWORDS.items()}
        for t in trajectories
    }
    chosen: dict[int, list[Theme]] = {t.nr: [] for t in trajectories}
    for theme, count in THEME_COUNTS.items():
        ranked = sorted(trajectories, key=lambda t: -scores[t.nr][theme])
        for t in ranked[:count]:
            chosen[t.nr].append(theme)
    for nr in [nr for nr, themes in chosen.items() if not themes]:
        best = max(THEME_COUNTS, key=lambda theme: scores[nr][theme])
        donors = [d for d, themes in chosen.items() if best in themes and len(themes) > 1]
        donor = min(donors, key=lambda d: scores[d][best])
        chosen[donor].remove(best)
        chosen[nr].append(best)
    return {nr: tuple(sorted(themes, key=list(Theme).index)) for nr, themes in chosen.items()}


def _assign_dagdelen(rng: random.Random, trajectories: list[PlannedTrajectory]) -> None:
    """Dagdelen from 8 to 34, mean exactly 19, larger for joint trajectories."""
    raw = [round(rng.triangular(10, 30, 17) + 2.5 * math.log(len(t.gemeenten))) for t in trajectories]
    raw = [min(max(v, DAGDELEN_MIN + 1), DAGDELEN_MAX - 1) for v in raw]
    largest = max(range(len(trajectories)), key=lambda i: (len(trajectories[i].gemeenten), -i))
    smallest = rng.choice([i for i, t in enumerate(trajectories) if len(t.gemeenten) == 1])
    rest = [i for i in range(len(trajectories)) if i not in (largest, smallest)]
    adjusted = _exact_sum(rng, [raw[i] for i in rest], DAGDELEN_TOTAL - DAGDELEN_MIN - DAGDELEN_MAX,
                          DAGDELEN_MIN + 1, DAGDELEN_MAX - 1)
    for i, value in zip(rest, adjusted):
        trajectories[i].dagdelen = value
    trajectories[largest].dagdelen = DAGDELEN_MAX
    trajectories[smallest].dagdelen = DAGDELEN_MIN


def _received_dates(rng: random.Random, requests: list[PlannedRequest]) -> None:
    """Channels and received dates: a network trickle in summer, a surge after the October mailing.

    Requests that arrive after registration closed go on the waiting list and are all taken on
    (lines 821-825), so they are drawn from requests that became trajectories; the ten trajectories
    that finished first (lines 3230-3231) came in early.
    """
    early_zeeland = [r for r in requests if r.province == "Zeeland"][:3]  # early in Zeeland (lines 973-975)
    others = [r for r in requests if r not in early_zeeland and r.province != "Noord-Brabant"]
    network = early_zeeland + rng.sample(others, REQUESTS_BY_ADVISOR_NETWORK - len(early_zeeland))
    for index, request in enumerate(network):
        request.channel = Channel.ADVISEUR
        if index < ADVISOR_NETWORK_BEFORE_MAILING:
            request.received_on = _days(rng, D(2006, 6, 19), MAILING - dt.timedelta(days=2))
        else:
            request.received_on = _days(rng, MAILING, REGISTRATION_CLOSED - dt.timedelta(days=1))
    mailing = [r for r in requests if r.channel is Channel.MAILING]
    rng.shuffle(mailing)
    late = [r for r in mailing if r.trajectory is not None and r.gemeente not in FIRST_FINISHED]
    late = late[:WAITLISTED_AFTER_CLOSING]
    for request in mailing:
        if request in late:
            request.received_on = _days(rng, REGISTRATION_CLOSED + dt.timedelta(days=1), D(2007, 1, 31))
        elif request.gemeente in FIRST_FINISHED:
            request.received_on = MAILING + dt.timedelta(days=rng.randint(1, 10))
        else:
            # A sharp rise straight after the mailing that tails off towards the closing date.
            offset = int(rng.betavariate(1.3, 2.6) * (REGISTRATION_CLOSED - MAILING).days)
            request.received_on = MAILING + dt.timedelta(days=1 + offset)


def _applicants(rng: random.Random, requests: list[PlannedRequest]) -> None:
    """73 requests by a gemeente and 58 by a steunpunt."""
    kinds = [kind for kind, count in REQUESTS_BY_APPLICANT.items() for _ in range(count)]
    rng.shuffle(kinds)
    for request, kind in zip(requests, kinds):
        request.applicant_type = kind


def _trajectory_dates(rng: random.Random, request: PlannedRequest, intake_on: dt.date) -> None:
    """Start, planned end and work-finished dates of a started request's trajectory."""
    t = request.trajectory
    assert t is not None
    if request.received_on > REGISTRATION_CLOSED:
        t.started_on = _days(rng, max(D(2007, 2, 1), intake_on + dt.timedelta(days=14)), D(2007, 4, 30))
    elif t.organisation == "Zet":
        # Zet's hours were fully planned within weeks of the mailing (lines 1037-1039).
        t.started_on = max(intake_on + dt.timedelta(days=7), _days(rng, D(2006, 10, 23), D(2006, 12, 15)))
    else:
        t.started_on = intake_on + dt.timedelta(days=rng.randint(14, 56))
    planned = dt.timedelta(days=round(t.dagdelen * 9.5))
    t.planned_end_on = t.started_on + planned


def _plan_work(rng: random.Random, trajectories: list[PlannedTrajectory]) -> None:
    """Work-finished dates: about a third delayed by the gemeente, all done by the end of 2007.

    The ten trajectories named as the first to finish (lines 3230-3231) are quick and finish
    before all others.
    """
    first = [t for t in trajectories if t.gemeenten[0] in FIRST_FINISHED]
    others = [t for t in trajectories if t not in first]
    delayed = set(t.nr for t in rng.sample(others, round(len(trajectories) * DELAYED_SHARE)))
    for t in trajectories:
        if t in first:
            factor = rng.uniform(0.55, 0.75)
        elif t.nr in delayed:
            factor = rng.uniform(1.25, 1.8)
        else:
            factor = rng.uniform(0.8, 1.0)
        finish = t.started_on + dt.timedelta(days=round((t.planned_end_on - t.started_on).days * factor))
        t.work_finished_on = min(finish, WORK_DEADLINE - dt.timedelta(days=rng.randint(0, 20)))
    last_of_first = max(t.work_finished_on for t in first)
    for t in others:
        if t.work_finished_on <= last_of_first:
            t.work_finished_on = last_of_first + dt.timedelta(days=rng.randint(1, 21))
            t.planned_end_on = max(t.planned_end_on, t.work_finished_on)


def _plan_completion(rng: random.Random, trajectories: list[PlannedTrajectory]) -> None:
    """Administrative completion lags the work: 46 by 30 Nov 2007, all by the report date."""
    ordered = sorted(trajectories, key=lambda t: (t.work_finished_on, t.nr))
    for index, t in enumerate(ordered):
        lag = dt.timedelta(days=rng.randint(20, 110))
        if index < COMPLETED_AT_CHECKPOINT:
            latest = COMPLETED_CHECKPOINT - dt.timedelta(days=rng.randint(0, 25))
            t.completed_on = max(t.work_finished_on + dt.timedelta(days=3), min(t.work_finished_on + lag, latest))
            assert t.completed_on <= COMPLETED_CHECKPOINT
        else:
            earliest = COMPLETED_CHECKPOINT + dt.timedelta(days=1 + rng.randint(0, 40))
            latest = REPORT_DATE - dt.timedelta(days=rng.randint(1, 20))
            t.completed_on = min(max(t.work_finished_on + lag, earliest), latest)


def _active(advisor: PlannedAdvisor, absences: list[PlannedAbsence], on: dt.date) -> bool:
    """Tell whether ``advisor`` is employed and not absent on ``on``."""
    if advisor.active_from > on or (advisor.active_to is not None and advisor.active_to < on):
        return False
    return not any(a.advisor == advisor.name and a.starts_on <= on and (a.ends_on is None or a.ends_on >= on)
                   for a in absences)


def _plan_advisors_and_handovers(rng: random.Random, trajectories: list[PlannedTrajectory],
                                 advisors: list[PlannedAdvisor], absences: list[PlannedAbsence]) -> None:
    """Who carried out each trajectory, and the hand-overs when advisors fell ill, left or were halted.

    A trajectory starts with the least-loaded available advisor of its region's
    CMO. If that CMO did not finish it, either a departure or illness of that
    advisor moved it on, or the client halted it and another advisor finished
    it (twice, lines 1080-1082), or it went to its final organisation from the start
    (a client's wish or a specific subject, lines 1047-1053). Within a CMO,
    a colleague takes over from an advisor who falls ill or leaves.
    """
    load = {a.name: 0 for a in advisors}
    organisation_of = {a.name: a.organisation for a in advisors}

    def pick(organisation: str, on: dt.date, exclude: str = "") -> str:
        pool = [a for a in advisors if a.organisation == organisation and a.name != exclude
                and _active(a, absences, on)]
        chosen = min(pool, key=lambda a: (load[a.name], a.name))
        load[chosen.name] += 1
        return chosen.name

    def absence_during(advisor: str, t: PlannedTrajectory) -> PlannedAbsence | None:
        return next((a for a in absences if a.advisor == advisor
                     and t.started_on < a.starts_on < t.work_finished_on), None)

    taken_over = [t for t in trajectories if t.organisation != t.intake_organisation]
    halted = {t.nr for t in rng.sample(taken_over, CLIENT_HALTS)}
    for t in sorted(trajectories, key=lambda t: (t.started_on, t.nr)):
        t.advisor = pick(t.intake_organisation, t.started_on)
        absence = absence_during(t.advisor, t)
        if t.nr in halted:
            on = t.started_on + (t.work_finished_on - t.started_on) * 2 // 5
            reason = HALT_REASON
        elif absence is not None:
            on = absence.starts_on
            reason = ("Adviseur langdurig ziek" if absence.kind is AbsenceKind.ZIEKTE
                      else "Adviseur vertrokken naar een andere baan")
        elif t.organisation != t.intake_organisation:
            load[t.advisor] -= 1
            t.advisor = pick(t.organisation, t.started_on)
            continue
        else:
            continue
        successor = pick(t.organisation, on, exclude=t.advisor)
        t.handovers.append(PlannedHandover(on, t.advisor, successor, organisation_of[t.advisor],
                                           t.organisation, reason))
        t.advisor = successor


def _plan_evaluations(rng: random.Random, seed: SeedData, trajectories: list[PlannedTrajectory]) -> None:
    """67 forms, overall mean 7.7, aspect means from 7.3 to 8.0; the report's quoted remarks included."""
    remarks = dict(seed.remarks)
    quoted = [t for t in trajectories if t.gemeenten[0] in remarks]
    others = [t for t in trajectories if t not in quoted]
    evaluated = quoted + rng.sample(others, EVALUATION_FORMS - len(quoted))
    levels = [rng.gauss(0, 0.7) + (0.8 if t in quoted else 0) for t in evaluated]
    columns = []
    for total in ASPECT_SUMS:
        mean = total / EVALUATION_FORMS
        column = [min(10, max(4, round(mean + level + rng.gauss(0, 0.5)))) for level in levels]
        columns.append(_exact_sum(rng, column, total, 4, 10))
    for index, t in enumerate(evaluated):
        received = t.completed_on + dt.timedelta(days=rng.randint(0, 45))
        t.evaluation = PlannedEvaluation(
            received_on=min(received, REPORT_DATE),
            marks=tuple(column[index] for column in columns),  # type: ignore[arg-type]
            remarks=remarks.get(t.gemeenten[0], ""),
        )


def _history(rng: random.Random, request: PlannedRequest) -> dt.date:
    """Received and intake steps (plus waitlist after closing); returns the intake date."""
    intake_on = request.received_on + dt.timedelta(days=rng.randint(2, 10))
    request.history = [(Status.RECEIVED, request.received_on, None), (Status.INTAKE, intake_on, None)]
    if request.received_on > REGISTRATION_CLOSED:
        request.history.append((Status.WAITLIST, intake_on + dt.timedelta(days=rng.randint(1, 5)), None))
    return intake_on


def build_plan(seed: SeedData) -> Plan:
    """Build the full, deterministic reconstruction from the seed files."""
    rng = random.Random(SEED)
    cmo_of_province = {o.province: o.name for o in seed.organisations if o.kind == "cmo"}
    trajectories = [_planned_trajectory(t, cmo_of_province) for t in seed.trajectories]
    _final_organisations(rng, seed, trajectories)
    themes = _assign_themes(rng, trajectories)
    _assign_dagdelen(rng, trajectories)

    started = [PlannedRequest(t.gemeenten[0], t.province, themes=themes[t.nr], trajectory=t) for t in trajectories]
    never = [PlannedRequest(n.gemeente, n.province, themes=(rng.choice(list(Theme)),)) for n in seed.not_started]
    requests = started + never
    _received_dates(rng, requests)
    _applicants(rng, requests)

    for request in started:
        intake_on = _history(rng, request)
        _trajectory_dates(rng, request, intake_on)
    _plan_work(rng, trajectories)
    _plan_completion(rng, trajectories)
    for request in started:
        t = request.trajectory
        assert t is not None
        request.history += [(Status.RUNNING, t.started_on, None), (Status.WORK_FINISHED, t.work_finished_on, None),
                            (Status.COMPLETED, t.completed_on, None)]
    for request, outcome in zip(never, seed.not_started):
        intake_on = _history(rng, request)
        if outcome.from_status == "received":
            request.history = request.history[:1]
        elif outcome.from_status == "waitlist" and request.history[-1][0] is not Status.WAITLIST:
            request.history.append((Status.WAITLIST, intake_on + dt.timedelta(days=3), None))
        last = request.history[-1][1]
        request.history.append((Status(outcome.outcome), last + dt.timedelta(days=rng.randint(5, 40)), outcome.reason))

    advisors = _plan_advisors(seed)
    absences = _plan_absences(advisors)
    _plan_advisors_and_handovers(rng, trajectories, advisors, absences)
    _plan_evaluations(rng, seed, trajectories)
    requests.sort(key=lambda r: (r.received_on, r.gemeente))
    return Plan(advisors=advisors, absences=absences, requests=requests)


def _planned_trajectory(seed_trajectory: SeedTrajectory, cmo_of_province: dict[str, str]) -> PlannedTrajectory:
    """Start a planned trajectory from its Bijlage 1 row."""
    region = INTAKE_REGION_OVERRIDES.get(seed_trajectory.nr, cmo_of_province[seed_trajectory.province])
    return PlannedTrajectory(
        nr=seed_trajectory.nr,
        province=seed_trajectory.province,
        gemeenten=seed_trajectory.gemeenten,
        result=seed_trajectory.result,
        intake_organisation=region,
    )
