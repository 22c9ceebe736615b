"""Checking every row against the database and the rows before it, and the writes that follow from them.

``Planner`` loads what the database holds (by natural keys: gemeente,
organisation and advisor names, trajectory numbers, one request per
gemeente and programme), then walks the sheets in the order of
``templates.KINDS``. A row of a programme's kind belongs to the programme in
its ``programma`` column, else to the import's; it is checked against that
programme's requests, trajectories and milestones only. Each
row is either refused with its problems, or found unchanged, or planned as a
new or changed record; the state it leaves behind is what later rows are
checked against. Status changes are checked by running the real lifecycle on
a shadow of the request. Nothing is written until ``apply``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from types import SimpleNamespace

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from dashboard.data.queries.programmes import ProgrammeRef, listing
from dashboard.data.schema import lifecycle
from dashboard.data.transfer.importing import values as read
from dashboard.data.transfer.importing.problems import Problem, message, shown, suggestion
from dashboard.data.transfer.importing.reading import Row, Sheet
from dashboard.data.schema.models import (
    Absence,
    AbsenceKind,
    Advisor,
    ApplicantType,
    Channel,
    Evaluation,
    Gemeente,
    Handover,
    Organisation,
    OrganisationKind,
    ProgrammeEvent,
    Province,
    Request,
    RequestTheme,
    Status,
    StatusChange,
    Theme,
    Trajectory,
    trajectory_gemeenten,
)
from dashboard.data.transfer.templates import (
    DAGDELEN_MAX,
    DAGDELEN_MIN,
    KINDS,
    MARK_COLUMNS,
    MARK_MAX,
    MARK_MIN,
    STATUS_WORDS,
)

NEW, CHANGED, UNCHANGED = "nieuw", "gewijzigd", "ongewijzigd"
SUGGESTIONS = 1000  # after this many unknown names in one import, stop looking for close ones (it is slow)
OUTCOMES = (NEW, CHANGED, UNCHANGED)
THEME_ORDER = {theme: index for index, theme in enumerate(Theme)}
STATUS_SHOWN = [lifecycle.STATUS_LABELS[s] for s in Status]
MILESTONES = {Status.RUNNING: "started_on", Status.WORK_FINISHED: "work_finished_on",
              Status.COMPLETED: "completed_on"}


class Names:
    """Known names, found regardless of case and extra spaces."""

    def __init__(self, names: Iterable[str] = ()):
        self._by_key: dict[str, str] = {}
        for name in names:
            self.add(name)

    @staticmethod
    def key(name: str) -> str:
        """The form two names are compared in."""
        return " ".join(name.split()).casefold()

    def add(self, name: str) -> None:
        """Know one more name."""
        self._by_key[self.key(name)] = name

    def find(self, name: str) -> str | None:
        """The known spelling of ``name``, or None."""
        return self._by_key.get(self.key(name))

    def __iter__(self):
        return iter(self._by_key.values())


@dataclass
class AdvisorState:
    """An advisor as the database (plus the rows before) knows it."""

    organisation: str
    in_pool: bool
    active_from: dt.date
    active_to: dt.date | None


@dataclass
class RequestState:
    """A request, with a shadow on which the lifecycle checks status changes."""

    received_on: dt.date
    applicant: ApplicantType
    channel: Channel
    themes: tuple[Theme, ...]
    shadow: SimpleNamespace
    trajectory: int | None = None


@dataclass
class TrajectoryState:
    """A trajectory: its programme (id), who began it, who has it now, its hand-overs and evaluation."""

    programme: int
    gemeenten: tuple[str, ...]
    province: str
    intake_organisation: str
    start_organisation: str
    start_advisor: str | None
    organisation: str
    advisor: str | None
    dagdelen: int
    planned_end_on: dt.date | None
    result: str
    handovers: dict[dt.date, tuple] = field(default_factory=dict)
    last_handover: dt.date | None = None
    evaluation: tuple | None = None


def _shadow(received_on: dt.date, history: list[tuple[Status, dt.date, str | None]]) -> SimpleNamespace:
    """A stand-in for a request that ``lifecycle.change_status`` can act on without touching the database."""
    steps = [SimpleNamespace(status=s, changed_on=d, reason=r) for s, d, r in history]
    status = steps[-1].status if steps else Status.RECEIVED
    return SimpleNamespace(received_on=received_on, history=steps, status=status, status_reason=None, trajectory=None)


class Writer:
    """Finds rows by natural key while the plan is written, remembering the ones it made."""

    def __init__(self, session: Session):
        self.session = session
        self._cache: dict[tuple[str, object], object] = {}

    def _one(self, kind: str, key: object, query):
        if (kind, key) not in self._cache:
            self._cache[(kind, key)] = self.session.execute(query).scalar_one()
        return self._cache[(kind, key)]

    def remember(self, kind: str, key: object, row: object) -> None:
        """Remember a row made in this transaction."""
        self._cache[(kind, key)] = row

    def gemeente(self, name: str) -> Gemeente:
        """The gemeente called ``name``."""
        return self._one("gemeente", name, select(Gemeente).where(Gemeente.name == name))

    def province(self, name: str) -> Province:
        """The province called ``name``."""
        return self._one("province", name, select(Province).where(Province.name == name))

    def organisation(self, name: str) -> Organisation:
        """The organisation called ``name``."""
        return self._one("organisation", name, select(Organisation).where(Organisation.name == name))

    def advisor(self, name: str | None) -> Advisor | None:
        """The advisor called ``name`` (None for None)."""
        if name is None:
            return None
        return self._one("advisor", name, select(Advisor).where(Advisor.name == name))

    def request(self, programme: int, gemeente: str) -> Request:
        """The request of ``gemeente`` in the programme with id ``programme``."""
        return self._one("request", (programme, gemeente), select(Request)
                         .join(Gemeente, Gemeente.id == Request.gemeente_id)
                         .where(Gemeente.name == gemeente, Request.programme_id == programme))

    def trajectory(self, nr: int) -> Trajectory:
        """The trajectory numbered ``nr``."""
        return self._one("trajectory", nr, select(Trajectory).where(Trajectory.nr == nr))


Action = Callable[[Writer], None]


class Check:
    """Reading the cells of one row, collecting its problems; ``ok`` stays True while none were found."""

    def __init__(self, planner: Planner, row: Row):
        self.planner = planner
        self.row = row
        self.ok = True

    def fail(self, column: str | None, reason: str, value: object = None) -> None:
        """Record a problem in ``column`` of this row."""
        self.ok = False
        self.planner.problem(self.row, column, reason, value)

    def cell(self, column: str, parse: Callable[[object], object] | None = None, required: bool = False):
        """The value of ``column`` read by ``parse`` (text by default); None when empty or unreadable."""
        if column in self.row.sheet.missing:
            self.ok = False  # reported once, for the header row
            return None
        raw = self.row.values.get(column)
        if raw is None or read.text(raw) == "":
            if required:
                self.fail(column, message("required"))
            return None
        if parse is None:
            return read.text(raw)
        try:
            return parse(raw)
        except read.ValueProblem as problem:
            self.fail(column, str(problem), raw)
            return None

    def raw(self, column: str) -> object:
        """The cell as it was in the file."""
        return self.row.values.get(column)

    def name(self, column: str, names: Names, code: str, required: bool = True) -> str | None:
        """A known name (gemeente, organisation, province, advisor), with a suggestion when unknown."""
        raw = self.cell(column, required=required)
        if not raw:
            return None
        found = names.find(raw)
        if found is None:
            self.fail(column, message(code, hint=self.planner.suggest(raw, names)), raw)
        return found

    def event_date(self, column: str, required: bool = True) -> dt.date | None:
        """A date on which something happened: readable and not in the future."""
        value = self.cell(column, read.date, required)
        if value is not None and value > self.planner.today:
            self.fail(column, message("future_date", today=self.planner.today.isoformat()), self.raw(column))
            return None
        return value

    def number(self, column: str) -> int | None:
        """A trajectory number: a whole number above 0."""
        value = self.cell(column, _positive, required=True)
        return value


def _positive(value: object) -> int:
    """A whole number above 0."""
    try:
        number = read.integer(value)
    except read.ValueProblem:
        number = 0
    if number <= 0:
        raise read.ValueProblem(message("bad_number"))
    return number


def _mark(value: object) -> int:
    """An evaluation mark, 1 to 10."""
    try:
        mark = read.integer(value)
    except read.ValueProblem:
        mark = None
    if mark is None or not MARK_MIN <= mark <= MARK_MAX:
        raise read.ValueProblem(message("bad_mark", low=MARK_MIN, high=MARK_MAX))
    return mark


def _dagdelen(value: object) -> int:
    """The dagdelen of a trajectory, within the programme's range."""
    number = read.integer(value)
    if not DAGDELEN_MIN <= number <= DAGDELEN_MAX:
        raise read.ValueProblem(message("bad_dagdelen", low=DAGDELEN_MIN, high=DAGDELEN_MAX))
    return number


def _choices(enum_cls) -> dict[str, object]:
    """An enum's values as import words."""
    return {member.value: member for member in enum_cls}


def _themes(value: object) -> tuple[Theme, ...]:
    """The themes of a request, in the programme's order."""
    words = read.items(value, "|;,/ ")
    themes: list[Theme] = []
    for word in words:
        theme = read.choice(word, _choices(Theme))
        if theme in themes:
            raise read.ValueProblem(message("duplicate_item", item=word))
        themes.append(theme)
    return tuple(sorted(themes, key=THEME_ORDER.get))


def _gemeente_list(value: object) -> list[str]:
    """The gemeenten of a trajectory as written, lead first."""
    return read.items(value, "|;")


class Planner:
    """Checks rows against the database state and plans the writes; see the module docstring."""

    def __init__(self, session: Session, today: dt.date, home: ProgrammeRef, *, named: bool = False,
                 allowed: frozenset[str] | None = None):
        """Plan rows for ``home``, the programme of rows without a ``programma`` (``named``: the import chose it, so
        a row naming another is refused); ``allowed``: the slugs rows may belong to (None: every programme)."""
        self.today = today
        self.home = home
        self.named = named
        self.allowed = allowed
        self.programme_ids = {programme.slug: programme.id for programme in listing(session)}
        self.slugs = {programme_id: slug for slug, programme_id in self.programme_ids.items()}
        self.programme_names = Names(self.programme_ids)
        self.problems: list[Problem] = []
        self.actions: list[Action] = []
        self.counts: dict[str, Counter] = {kind: Counter() for kind in KINDS}
        self._seen: dict[str, dict[object, Row]] = {kind: {} for kind in KINDS}
        self._suggestions: dict[tuple[int, str], str] = {}
        self._load(session)

    # --- the database state ---------------------------------------------------------------------------

    def _load(self, session: Session) -> None:
        """Read everything the checks need, by natural key."""
        self.provinces = Names(session.execute(select(Province.name)).scalars())
        self.gemeente_province = dict(session.execute(
            select(Gemeente.name, Province.name).join(Province, Province.id == Gemeente.province_id)).all())
        self.gemeenten = Names(self.gemeente_province)
        self.organisation_info = {name: (kind, province) for name, kind, province in session.execute(
            select(Organisation.name, Organisation.kind, Province.name)
            .outerjoin(Province, Province.id == Organisation.province_id)).all()}
        self.organisations = Names(self.organisation_info)
        self.advisor_state = {name: AdvisorState(org, in_pool, start, end) for name, org, in_pool, start, end in
                              session.execute(select(Advisor.name, Organisation.name, Advisor.in_pool,
                                                     Advisor.active_from, Advisor.active_to)
                                              .join(Organisation, Organisation.id == Advisor.organisation_id)).all()}
        self.advisors = Names(self.advisor_state)
        themes: dict[int, list[Theme]] = {}
        for request_id, theme in session.execute(select(RequestTheme.request_id, RequestTheme.theme)).all():
            themes.setdefault(request_id, []).append(theme)
        history: dict[int, list] = {}
        for request_id, status, on, reason in session.execute(
                select(StatusChange.request_id, StatusChange.status, StatusChange.changed_on, StatusChange.reason)
                .order_by(StatusChange.id)).all():
            history.setdefault(request_id, []).append((status, on, reason))
        self.requests: dict[tuple[int, str], RequestState] = {}  # by programme id and gemeente
        gemeente_of_request: dict[int, str] = {}
        for request_id, programme, gemeente, received_on, applicant, channel in session.execute(
                select(Request.id, Request.programme_id, Gemeente.name, Request.received_on, Request.applicant_type,
                       Request.channel).join(Gemeente, Gemeente.id == Request.gemeente_id)).all():
            gemeente_of_request[request_id] = gemeente
            self.requests[(programme, gemeente)] = RequestState(
                received_on, applicant, channel, tuple(sorted(themes.get(request_id, []), key=THEME_ORDER.get)),
                _shadow(received_on, history.get(request_id, [])))
        self._load_trajectories(session, gemeente_of_request)
        self.milestones = {(programme, kind): (on, label) for programme, kind, on, label in session.execute(
            select(ProgrammeEvent.programme_id, ProgrammeEvent.kind, ProgrammeEvent.occurred_on,
                   ProgrammeEvent.label)).all()}
        self.absences = {(advisor, start): (kind, end, note) for advisor, kind, start, end, note in session.execute(
            select(Advisor.name, Absence.kind, Absence.starts_on, Absence.ends_on, Absence.note)
            .join(Advisor, Advisor.id == Absence.advisor_id)).all()}

    def _load_trajectories(self, session: Session, gemeente_of_request: dict[int, str]) -> None:
        """Trajectories with their gemeenten (lead first), hand-overs and evaluation."""
        intake, current = aliased(Organisation), aliased(Organisation)
        members: dict[int, list[str]] = {}
        for trajectory_id, name in session.execute(
                select(trajectory_gemeenten.c.trajectory_id, Gemeente.name)
                .join(Gemeente, Gemeente.id == trajectory_gemeenten.c.gemeente_id)).all():
            members.setdefault(trajectory_id, []).append(name)
        from_advisor, to_advisor = aliased(Advisor), aliased(Advisor)
        from_org, to_org = aliased(Organisation), aliased(Organisation)
        handovers: dict[int, list[tuple]] = {}
        for row in session.execute(
                select(Handover.trajectory_id, Handover.handed_over_on, from_advisor.name, to_advisor.name,
                       from_org.name, to_org.name, Handover.reason)
                .outerjoin(from_advisor, from_advisor.id == Handover.from_advisor_id)
                .outerjoin(to_advisor, to_advisor.id == Handover.to_advisor_id)
                .join(from_org, from_org.id == Handover.from_organisation_id)
                .join(to_org, to_org.id == Handover.to_organisation_id)
                .order_by(Handover.handed_over_on, Handover.id)).all():
            handovers.setdefault(row[0], []).append(tuple(row[1:]))
        evaluations = {row[0]: (row[1], tuple(row[2:7]), row[7]) for row in session.execute(
            select(Evaluation.trajectory_id, Evaluation.received_on, Evaluation.mark_results, Evaluation.mark_process,
                   Evaluation.mark_quality, Evaluation.mark_presentation, Evaluation.mark_service,
                   Evaluation.remarks)).all()}
        self.trajectories: dict[int, TrajectoryState] = {}  # by number, which is unique over the programmes
        for (trajectory_id, nr, programme, request_id, province, intake_name, org_name, advisor_name, dagdelen,
             planned, result) in session.execute(
                select(Trajectory.id, Trajectory.nr, Trajectory.programme_id, Trajectory.request_id, Province.name,
                       intake.name, current.name, Advisor.name, Trajectory.dagdelen, Trajectory.planned_end_on,
                       Trajectory.result)
                .join(Province, Province.id == Trajectory.province_id)
                .join(intake, intake.id == Trajectory.intake_organisation_id)
                .join(current, current.id == Trajectory.organisation_id)
                .outerjoin(Advisor, Advisor.id == Trajectory.advisor_id)).all():
            lead = gemeente_of_request[request_id]
            others = sorted(name for name in members.get(trajectory_id, []) if name != lead)
            steps = handovers.get(trajectory_id, [])
            state = TrajectoryState(
                programme=programme, gemeenten=(lead, *others), province=province, intake_organisation=intake_name,
                start_organisation=steps[0][3] if steps else org_name,
                start_advisor=steps[0][1] if steps else advisor_name,
                organisation=org_name, advisor=advisor_name, dagdelen=dagdelen, planned_end_on=planned,
                result=result or "", handovers={step[0]: step[1:] for step in steps},
                last_handover=steps[-1][0] if steps else None, evaluation=evaluations.get(trajectory_id))
            self.trajectories[nr] = state
            self.requests[(programme, lead)].trajectory = nr

    # --- bookkeeping ----------------------------------------------------------------------------------

    def suggest(self, value: str, names: Names) -> str:
        """The closest known name as a hint, remembered per value; none after ``SUGGESTIONS`` unknown names."""
        key = (id(names), value)
        if key not in self._suggestions:
            self._suggestions[key] = suggestion(value, names) if len(self._suggestions) < SUGGESTIONS else ""
        return self._suggestions[key]

    def problem(self, row: Row, column: str | None, reason: str, value: object = None) -> None:
        """Record a problem at ``row`` and ``column``."""
        self.problems.append(Problem(row.sheet.file, reason, sheet=row.sheet.sheet, row=row.number, column=column,
                                     value=None if value is None else shown(value)))

    def _first(self, check: Check, kind: str, key: object, label: str) -> bool:
        """Whether this is the first row with ``key`` in this import; a repeat is a problem."""
        earlier = self._seen[kind].get(key)
        if earlier is None:
            self._seen[kind][key] = check.row
            return True
        where = f"rij {earlier.number}"
        if (earlier.sheet.file, earlier.sheet.sheet) != (check.row.sheet.file, check.row.sheet.sheet):
            sheet = f", blad '{earlier.sheet.sheet}'" if earlier.sheet.sheet else ""
            where = f"{earlier.sheet.file}{sheet}, {where}"
        check.fail(None, message("duplicate_row", where=where, key=label))
        return False

    def _programme(self, check: Check) -> int | None:
        """The id of the programme a row belongs to: the one in its ``programma``, else the import's; None (with a
        problem) for an unknown one, one other than the import chose, or one outside ``allowed``."""
        raw = check.cell("programma")
        slug = self.home.slug if raw is None else self.programme_names.find(raw)
        if slug is None:
            check.fail("programma", message("unknown_programme", slug=raw, known=", ".join(self.programme_ids)), raw)
        elif self.named and slug != self.home.slug:
            check.fail("programma", message("other_programme", row=slug, chosen=self.home.slug), raw)
        elif self.allowed is not None and slug not in self.allowed:
            check.fail("programma", message("no_access", slug=slug), raw)
        else:
            return self.programme_ids[slug]
        return None

    def _trajectory(self, check: Check, column: str, nr: int, programme: int,
                    new: bool = False) -> TrajectoryState | None:
        """The known trajectory numbered ``nr`` of the row's ``programme``; None (with a problem) otherwise, or
        without a problem for an unknown number when the row may add it (``new``)."""
        trajectory = self.trajectories.get(nr)
        if trajectory is None:
            if not new:
                check.fail(column, message("unknown_trajectory", nr=nr), check.raw(column))
        elif trajectory.programme != programme:
            check.fail(column, message("trajectory_elsewhere", nr=nr, other=self.slugs[trajectory.programme],
                                       programme=self.slugs[programme]), check.raw(column))
            return None
        return trajectory

    def _plan(self, kind: str, outcome: str, action: Action | None = None) -> None:
        """Count a row's outcome and keep its write."""
        self.counts[kind][outcome] += 1
        if action is not None:
            self.actions.append(action)

    @property
    def has_changes(self) -> bool:
        """Whether anything would be written."""
        return bool(self.actions)

    def plan(self, sheets: list[Sheet]) -> None:
        """Check every row of ``sheets``, kind by kind in the order of ``KINDS``."""
        for kind in KINDS:
            for sheet in sheets:
                if sheet.kind.name == kind:
                    for row in sheet.rows:
                        getattr(self, f"_row_{kind}")(Check(self, row))

    def apply(self, session: Session) -> None:
        """Write the planned records in ``session`` (the caller commits and bumps the data version)."""
        writer = Writer(session)
        for action in self.actions:
            action(writer)
        session.flush()

    # --- one method per kind --------------------------------------------------------------------------

    def _row_adviseurs(self, check: Check) -> None:
        """An advisor: new, or the same one with other pool or active dates."""
        name = check.cell("naam", required=True)
        organisation = check.name("organisatie", self.organisations, "unknown_organisation")
        in_pool = check.cell("in_pool", read.boolean)
        active_from = check.cell("actief_vanaf", read.date, required=True)
        active_to = check.cell("actief_tot", read.date)
        if active_from and active_to and active_to < active_from:
            check.fail("actief_tot", message("date_order", column="actief_vanaf", other=active_from.isoformat()),
                       check.raw("actief_tot"))
        if not check.ok or not self._first(check, "adviseurs", Names.key(name), "adviseur"):
            return
        in_pool = True if in_pool is None else in_pool
        known = self.advisors.find(name)
        if known is None:
            self.advisors.add(name)
            self.advisor_state[name] = AdvisorState(organisation, in_pool, active_from, active_to)

            def add(w: Writer) -> None:
                advisor = Advisor(name=name, organisation=w.organisation(organisation), in_pool=in_pool,
                                  active_from=active_from, active_to=active_to)
                w.session.add(advisor)
                w.remember("advisor", name, advisor)
            self._plan("adviseurs", NEW, add)
            return
        state = self.advisor_state[known]
        if state.organisation != organisation:
            check.fail("organisatie", message("fixed_field", what="de organisatie", item=f"adviseur '{known}'",
                                              current=state.organisation), check.raw("organisatie"))
            return
        active_to = state.active_to if active_to is None else active_to
        if (state.in_pool, state.active_from, state.active_to) == (in_pool, active_from, active_to):
            self._plan("adviseurs", UNCHANGED)
            return
        state.in_pool, state.active_from, state.active_to = in_pool, active_from, active_to

        def update(w: Writer) -> None:
            advisor = w.advisor(known)
            advisor.in_pool, advisor.active_from, advisor.active_to = in_pool, active_from, active_to
        self._plan("adviseurs", CHANGED, update)

    def _row_aanvragen(self, check: Check) -> None:
        """A request: one per gemeente and programme; applicant, channel and themes of a known one may change."""
        programme = self._programme(check)
        gemeente = check.name("gemeente", self.gemeenten, "unknown_gemeente")
        received_on = check.event_date("ontvangen_op")
        applicant = check.cell("aanvrager", lambda v: read.choice(v, _choices(ApplicantType)), required=True)
        channel = check.cell("kanaal", lambda v: read.choice(v, _choices(Channel)), required=True)
        themes = check.cell("themas", _themes) or ()
        if not check.ok:
            return
        key = (programme, gemeente)
        earlier = self._seen["aanvragen"].get(key)
        known = self.requests.get(key)
        if earlier is not None or (known is not None and known.received_on != received_on):
            date = known.received_on if known is not None else read.date(earlier.values["ontvangen_op"])
            check.fail("gemeente", message("second_request", gemeente=gemeente, date=date.isoformat()), gemeente)
            return
        self._seen["aanvragen"][key] = check.row
        if known is None:
            self.requests[key] = RequestState(received_on, applicant, channel, themes,
                                                   _shadow(received_on, [(Status.RECEIVED, received_on, None)]))

            def add(w: Writer) -> None:
                request = Request(programme_id=programme, gemeente=w.gemeente(gemeente), received_on=received_on,
                                  applicant_type=applicant, channel=channel,
                                  themes=[RequestTheme(theme=theme) for theme in themes])
                w.session.add(request)
                lifecycle.open_request(request)
                w.remember("request", key, request)
            self._plan("aanvragen", NEW, add)
            return
        if (known.applicant, known.channel, known.themes) == (applicant, channel, themes):
            self._plan("aanvragen", UNCHANGED)
            return
        known.applicant, known.channel, known.themes = applicant, channel, themes

        def update(w: Writer) -> None:
            request = w.request(programme, gemeente)
            request.applicant_type, request.channel = applicant, channel
            request.themes[:] = [t for t in request.themes if t.theme in themes]
            request.themes.extend(RequestTheme(theme=theme) for theme in themes
                                  if theme not in {t.theme for t in request.themes})
        self._plan("aanvragen", CHANGED, update)

    def _row_trajecten(self, check: Check) -> None:
        """A trajectory and who began it; dagdelen, planned end and result of a known one may change."""
        programme = self._programme(check)
        nr = check.number("nr")
        gemeenten = self._trajectory_gemeenten(check)
        province = check.name("provincie", self.provinces, "unknown_province", required=False)
        organisation = check.name("organisatie", self.organisations, "unknown_organisation")
        intake = check.name("intake_organisatie", self.organisations, "unknown_organisation", required=False)
        advisor = check.name("adviseur", self.advisors, "unknown_advisor", required=False)
        dagdelen = check.cell("dagdelen", _dagdelen, required=True)
        planned = check.cell("gepland_einde", read.date)
        result = check.cell("resultaat") or ""
        if not check.ok:
            return
        lead = gemeenten[0]
        lead_province = self.gemeente_province[lead]
        if province is None:
            province = lead_province
        elif province != lead_province:
            check.fail("provincie", message("province_mismatch", gemeente=lead, actual=lead_province,
                                            expected=province), check.raw("provincie"))
        if intake is None:
            intake = next((name for name, (kind, home) in self.organisation_info.items()
                           if kind is OrganisationKind.CMO and home == province), None)
            if intake is None:
                check.fail("intake_organisatie", message("no_intake_organisation", province=province))
        if advisor is not None and self.advisor_state[advisor].organisation != organisation:
            check.fail("adviseur", message("advisor_elsewhere", advisor=advisor,
                                           actual=self.advisor_state[advisor].organisation, expected=organisation),
                       check.raw("adviseur"))
        request = self.requests.get((programme, lead))
        if request is None:
            check.fail("gemeenten", message("no_request", gemeente=lead), check.raw("gemeenten"))
        elif request.trajectory not in (None, nr):
            check.fail("gemeenten", message("request_has_trajectory", gemeente=lead, nr=request.trajectory),
                       check.raw("gemeenten"))
        elif request.trajectory is None and request.shadow.status in lifecycle.NEEDS_REASON:
            check.fail("gemeenten", message("request_closed", gemeente=lead,
                                            status=lifecycle.STATUS_LABELS[request.shadow.status]),
                       check.raw("gemeenten"))
        known = self._trajectory(check, "nr", nr, programme, new=True)
        if not check.ok or not self._first(check, "trajecten", nr, "trajectnummer"):
            return
        if known is None:
            self._new_trajectory(programme, nr, tuple(gemeenten), province, organisation, intake, advisor, dagdelen,
                                 planned, result)
            return
        fixed = (("de gemeenten", "gemeenten", known.gemeenten, tuple(gemeenten)),
                 ("de provincie", "provincie", known.province, province),
                 ("de intake-organisatie", "intake_organisatie", known.intake_organisation, intake),
                 ("de organisatie bij de start", "organisatie", known.start_organisation, organisation),
                 ("de adviseur bij de start", "adviseur", known.start_advisor, advisor))
        for what, column, current, given in fixed:
            if current != given:
                shown_current = " | ".join(current) if isinstance(current, tuple) else (current or "")
                check.fail(column, message("fixed_field", what=what, item=f"traject {nr}", current=shown_current),
                           check.raw(column))
        if not check.ok:
            return
        if (known.dagdelen, known.planned_end_on, known.result) == (dagdelen, planned, result):
            self._plan("trajecten", UNCHANGED)
            return
        known.dagdelen, known.planned_end_on, known.result = dagdelen, planned, result

        def update(w: Writer) -> None:
            trajectory = w.trajectory(nr)
            trajectory.dagdelen, trajectory.planned_end_on, trajectory.result = dagdelen, planned, result
        self._plan("trajecten", CHANGED, update)

    def _trajectory_gemeenten(self, check: Check) -> list[str] | None:
        """The known gemeenten of a trajectory row, lead first; None (with problems) otherwise."""
        names = check.cell("gemeenten", _gemeente_list, required=True)
        if not names:
            return None
        found: list[str] = []
        for name in names:
            known = self.gemeenten.find(name)
            if known is None:
                check.fail("gemeenten", message("unknown_gemeente", hint=self.suggest(name, self.gemeenten)), name)
            elif known in found:
                check.fail("gemeenten", message("duplicate_item", item=known), check.raw("gemeenten"))
            else:
                found.append(known)
        return found if check.ok else None

    def _new_trajectory(self, programme: int, nr: int, gemeenten: tuple[str, ...], province: str, organisation: str,
                        intake: str, advisor: str | None, dagdelen: int, planned: dt.date | None, result: str) -> None:
        """Plan a new trajectory of ``programme``; its milestone dates come from its request's history."""
        lead = gemeenten[0]
        self.trajectories[nr] = TrajectoryState(programme, gemeenten, province, intake, organisation, advisor,
                                                organisation, advisor, dagdelen, planned, result)
        self.requests[(programme, lead)].trajectory = nr

        def add(w: Writer) -> None:
            request = w.request(programme, lead)
            trajectory = Trajectory(
                nr=nr, request=request, province=w.province(province), intake_organisation=w.organisation(intake),
                organisation=w.organisation(organisation), advisor=w.advisor(advisor), dagdelen=dagdelen,
                planned_end_on=planned, result=result, gemeenten=[w.gemeente(name) for name in gemeenten])
            for step in request.history:
                if step.status in MILESTONES:
                    setattr(trajectory, MILESTONES[step.status], step.changed_on)
            w.session.add(trajectory)
            w.remember("trajectory", nr, trajectory)
        self._plan("trajecten", NEW, add)

    def _row_statuswijzigingen(self, check: Check) -> None:
        """A status change, checked by the lifecycle against the request's status after the rows before."""
        programme = self._programme(check)
        gemeente = check.name("gemeente", self.gemeenten, "unknown_gemeente")
        status = check.cell("status", lambda v: read.choice(v, STATUS_WORDS, STATUS_SHOWN), required=True)
        on = check.event_date("datum")
        reason = check.cell("reden") or None
        if not check.ok:
            return
        request = self.requests.get((programme, gemeente))
        if request is None:
            check.fail("gemeente", message("no_request", gemeente=gemeente), check.raw("gemeente"))
            return
        label = lifecycle.STATUS_LABELS[status]
        if status is Status.RECEIVED:
            if on == request.received_on:
                self._plan("statuswijzigingen", UNCHANGED)
            else:
                check.fail("datum", message("received_is_request", date=request.received_on.isoformat()),
                           check.raw("datum"))
            return
        recorded = next((step for step in request.shadow.history if step.status is status), None)
        if recorded is not None:
            if recorded.changed_on == on and (recorded.reason or None) == reason:
                self._plan("statuswijzigingen", UNCHANGED)
            else:
                because = f" (reden: {recorded.reason})" if recorded.reason else ""
                check.fail("status", message("status_recorded", status=label, gemeente=gemeente,
                                             date=recorded.changed_on.isoformat(), reason=because), check.raw("status"))
            return
        if status is Status.RUNNING and request.trajectory is None:
            check.fail("status", message("running_needs_trajectory", gemeente=gemeente), check.raw("status"))
            return
        try:
            lifecycle.change_status(request.shadow, status, on, reason)
        except lifecycle.TransitionError as error:
            text = str(error)
            column = "datum" if text.startswith("Datum") else "reden" if "reden" in text else "status"
            check.fail(column, message("transition", reason=str(error)), check.raw(column))
            return

        def add(w: Writer) -> None:
            lifecycle.change_status(w.request(programme, gemeente), status, on, reason)
        self._plan("statuswijzigingen", NEW, add)

    def _row_overdrachten(self, check: Check) -> None:
        """A hand-over: from whoever has the trajectory at that moment to another advisor."""
        programme = self._programme(check)
        nr = check.number("traject")
        on = check.event_date("datum")
        old = check.name("van_adviseur", self.advisors, "unknown_advisor", required=False)
        new = check.name("naar_adviseur", self.advisors, "unknown_advisor")
        old_org = check.name("van_organisatie", self.organisations, "unknown_organisation", required=False)
        new_org = check.name("naar_organisatie", self.organisations, "unknown_organisation", required=False)
        reason = check.cell("reden") or ""
        if not check.ok:
            return
        trajectory = self._trajectory(check, "traject", nr, programme)
        if trajectory is None:
            return
        recorded = trajectory.handovers.get(on)
        if recorded is not None:  # empty cells mean: as recorded
            old, old_org, new_org = old or recorded[0], old_org or recorded[2], new_org or recorded[3]
        old = old or trajectory.advisor
        old_org = old_org or (self.advisor_state[old].organisation if old else trajectory.organisation)
        new_org = new_org or self.advisor_state[new].organisation
        if self.advisor_state[new].organisation != new_org:
            check.fail("naar_adviseur", message("advisor_elsewhere", advisor=new,
                                                actual=self.advisor_state[new].organisation, expected=new_org),
                       check.raw("naar_adviseur"))
            return
        if recorded is not None:
            if recorded == (old, new, old_org, new_org, reason):
                self._plan("overdrachten", UNCHANGED)
            else:
                check.fail("datum", message("handover_recorded", nr=nr, date=on.isoformat(), old=recorded[0],
                                            new=recorded[1]), check.raw("datum"))
            return
        if trajectory.last_handover is not None and on < trajectory.last_handover:
            check.fail("datum", message("handover_order", nr=nr, date=trajectory.last_handover.isoformat()),
                       check.raw("datum"))
        elif (old, old_org) != (trajectory.advisor, trajectory.organisation):
            column = "van_adviseur" if old != trajectory.advisor else "van_organisatie"
            actual = f"{trajectory.advisor or 'geen adviseur'} ({trajectory.organisation})"
            check.fail(column, message("handover_from", nr=nr, actual=actual, given=f"{old} ({old_org})"),
                       check.raw(column))
        elif old == new:
            check.fail("naar_adviseur", message("handover_same"), check.raw("naar_adviseur"))
        if not check.ok:
            return
        trajectory.handovers[on] = (old, new, old_org, new_org, reason)
        trajectory.last_handover, trajectory.advisor, trajectory.organisation = on, new, new_org

        def add(w: Writer) -> None:
            target = w.trajectory(nr)
            target.handovers.append(Handover(
                handed_over_on=on, from_advisor=w.advisor(old), to_advisor=w.advisor(new),
                from_organisation=w.organisation(old_org), to_organisation=w.organisation(new_org), reason=reason))
            target.advisor, target.organisation = w.advisor(new), w.organisation(new_org)
        self._plan("overdrachten", NEW, add)

    def _row_afwezigheden(self, check: Check) -> None:
        """An absence; the end date and note of a known one may change. Leaving ends the advisor's active period."""
        advisor = check.name("adviseur", self.advisors, "unknown_advisor")
        kind = check.cell("soort", lambda v: read.choice(v, _choices(AbsenceKind)), required=True)
        starts = check.event_date("begint_op")
        ends = check.cell("eindigt_op", read.date)
        note = check.cell("toelichting") or ""
        if starts and ends and ends < starts:
            check.fail("eindigt_op", message("date_order", column="begint_op", other=starts.isoformat()),
                       check.raw("eindigt_op"))
        if not check.ok or not self._first(check, "afwezigheden", (advisor, starts), "adviseur met begindatum"):
            return
        known = self.absences.get((advisor, starts))
        if known is None:
            self.absences[(advisor, starts)] = (kind, ends, note)
            if kind is AbsenceKind.VERTREK:
                self.advisor_state[advisor].active_to = starts - dt.timedelta(days=1)

            def add(w: Writer) -> None:
                person = w.advisor(advisor)
                if kind is AbsenceKind.VERTREK:
                    person.active_to = starts - dt.timedelta(days=1)
                w.session.add(Absence(advisor=person, kind=kind, starts_on=starts, ends_on=ends, note=note))
            self._plan("afwezigheden", NEW, add)
            return
        if known[0] is not kind:
            check.fail("soort", message("absence_kind", advisor=advisor, date=starts.isoformat(), kind=known[0].value),
                       check.raw("soort"))
            return
        if known == (kind, ends, note):
            self._plan("afwezigheden", UNCHANGED)
            return
        self.absences[(advisor, starts)] = (kind, ends, note)

        def update(w: Writer) -> None:
            absence = w.session.execute(select(Absence).where(Absence.advisor_id == w.advisor(advisor).id,
                                                              Absence.starts_on == starts)).scalar_one()
            absence.ends_on, absence.note = ends, note
        self._plan("afwezigheden", CHANGED, update)

    def _row_mijlpalen(self, check: Check) -> None:
        """A programme milestone or stuurgroep meeting by its code; a known one may get another date or title."""
        programme = self._programme(check)
        kind = check.cell("soort", required=True)
        on = check.cell("datum", read.date, required=True)
        label = check.cell("omschrijving", required=True)
        if not check.ok or not self._first(check, "mijlpalen", (programme, kind), "soort"):
            return
        known = self.milestones.get((programme, kind))
        if known == (on, label):
            self._plan("mijlpalen", UNCHANGED)
            return
        self.milestones[(programme, kind)] = (on, label)

        def write(w: Writer) -> None:
            event = w.session.execute(select(ProgrammeEvent).where(
                ProgrammeEvent.programme_id == programme, ProgrammeEvent.kind == kind)).scalar_one_or_none()
            if event is None:
                w.session.add(ProgrammeEvent(programme_id=programme, kind=kind, occurred_on=on, label=label))
            else:
                event.occurred_on, event.label = on, label
        self._plan("mijlpalen", NEW if known is None else CHANGED, write)

    def _row_evaluaties(self, check: Check) -> None:
        """An evaluation form, one per trajectory; a known one may be corrected."""
        programme = self._programme(check)
        nr = check.number("traject")
        received_on = check.event_date("ontvangen_op")
        marks = tuple(check.cell(column, _mark, required=True) for column in MARK_COLUMNS)
        remarks = check.cell("opmerkingen") or ""
        if not check.ok:
            return
        trajectory = self._trajectory(check, "traject", nr, programme)
        if trajectory is None:
            return
        if not self._first(check, "evaluaties", nr, "traject"):
            return
        form = (received_on, marks, remarks)
        if trajectory.evaluation == form:
            self._plan("evaluaties", UNCHANGED)
            return
        outcome = NEW if trajectory.evaluation is None else CHANGED
        trajectory.evaluation = form

        def write(w: Writer) -> None:
            target = w.trajectory(nr)
            fields = dict(zip(MARK_COLUMNS.values(), marks), received_on=received_on, remarks=remarks)
            if target.evaluation is None:
                w.session.add(Evaluation(trajectory=target, **fields))
                return
            for attribute, value in fields.items():
                setattr(target.evaluation, attribute, value)
        self._plan("evaluaties", outcome, write)
