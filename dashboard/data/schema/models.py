"""Typed SQLAlchemy 2.x models of the trajectory database.

Every count on the dashboard can be computed as of any date: requests carry a
status history (``StatusChange``), advisors an active period and absences,
trajectories their hand-overs. Columns that the final report does not give and
the reconstruction had to simulate are listed in ``data/seed/README.md``.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    ColumnElement,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    event,
    false,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from dashboard.data.queries.sql_functions import least


class Base(DeclarativeBase):
    """Declarative base of all models."""


class Status(str, enum.Enum):
    """Lifecycle states of a request and the trajectory it becomes."""

    RECEIVED = "received"
    INTAKE = "intake"
    WAITLIST = "waitlist"
    RUNNING = "running"
    WORK_FINISHED = "work_finished"
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"
    REJECTED = "rejected"


class ApplicantType(str, enum.Enum):
    """Who applied: the gemeente, the local steunpunt, or both together."""

    GEMEENTE = "gemeente"
    STEUNPUNT = "steunpunt"
    BEIDE = "beide"


class Channel(str, enum.Enum):
    """How the request came in: after the mailing or through an advisor's network."""

    MAILING = "mailing"
    ADVISEUR = "adviseur"


class Theme(str, enum.Enum):
    """Themes of a request (§2.4 of the report); a request can have several."""

    INFRASTRUCTUUR = "infrastructuur"
    BELEID = "beleid"
    DOELGROEPEN = "doelgroepen"
    ZORG = "zorg"


THEME_BITS: dict[str, int] = {theme.value: 1 << position for position, theme in enumerate(Theme)}
"""A request's themes are one number, a bit per theme (a request can have several)."""


class OrganisationKind(str, enum.Enum):
    """A provincial support organisation (CMO) or a national one (DSP-groep, MOVISIE)."""

    CMO = "cmo"
    LANDELIJK = "landelijk"


class AbsenceKind(str, enum.Enum):
    """Why an advisor was unavailable."""

    ZIEKTE = "ziekte"
    VERTREK = "vertrek"


def _enum(enum_cls: type[enum.Enum], name: str) -> Enum:
    """Store an enum by its value as a portable VARCHAR with a CHECK constraint."""
    return Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=20,
        values_callable=lambda cls: [member.value for member in cls],
    )


trajectory_gemeenten = Table(
    "trajectory_gemeenten",
    Base.metadata,
    Column("trajectory_id", ForeignKey("trajectories.id", ondelete="CASCADE"), primary_key=True),
    Column("gemeente_id", ForeignKey("gemeenten.id"), primary_key=True, index=True),
)


ALL_THEMES = ",".join(theme.value for theme in Theme)
"""A programme's theme list when it has every theme (the themes as kept: values joined by commas)."""


class Programme(Base):
    """A national programme and its settings: its short slug (``avi-130``, in URLs and on the command line),
    target, dagdelen budget, period and the themes its requests may have (migration 0017)."""

    __tablename__ = "programmes"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    themes: Mapped[str] = mapped_column(String(200), default=ALL_THEMES, server_default=ALL_THEMES)
    target_requests: Mapped[int]
    dagdelen_budget: Mapped[int]
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)


class ProgrammeEvent(Base):
    """A dated milestone such as the website launch, the closing of registration or a stuurgroep meeting
    (kind ``stuurgroep_1``, ``stuurgroep_2``, ...: see ``queries.meetings``)."""

    __tablename__ = "programme_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id"))
    kind: Mapped[str] = mapped_column(String(40))
    occurred_on: Mapped[dt.date] = mapped_column(Date)
    label: Mapped[str] = mapped_column(String(200))
    __table_args__ = (UniqueConstraint("programme_id", "kind"),)


class NoteScope(str, enum.Enum):
    """What a note on the timeline is about: the whole programme, one organisation or one province."""

    PROGRAMME = "programme"
    ORGANISATION = "organisation"
    PROVINCE = "province"


# A note names an organisation exactly when it is about one, and a province exactly when it is about one.
NOTE_TARGET_RULE = ("(scope = 'programme' AND organisation_id IS NULL AND province_id IS NULL) OR "
                    "(scope = 'organisation' AND organisation_id IS NOT NULL AND province_id IS NULL) OR "
                    "(scope = 'province' AND province_id IS NOT NULL AND organisation_id IS NULL)")


class Note(Base):
    """A short dated note of the project leaders ("mailing verstuurd") on one programme's timeline (migrations
    0016 and 0018)."""

    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    noted_on: Mapped[dt.date] = mapped_column(Date, index=True)
    text: Mapped[str] = mapped_column(String(200))
    scope: Mapped[NoteScope] = mapped_column(_enum(NoteScope, "note_scope"))
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    province_id: Mapped[int | None] = mapped_column(ForeignKey("provinces.id"))
    author: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    __table_args__ = (
        CheckConstraint(NOTE_TARGET_RULE, name="note_scope_target"),
    )


class Province(Base):
    """One of the twelve provinces with its number of gemeenten on 1 January 2008."""

    __tablename__ = "provinces"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(5), unique=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    gemeenten_2008: Mapped[int]

    gemeenten: Mapped[list[Gemeente]] = relationship(back_populates="province")


class Gemeente(Base):
    """A municipality (as it existed during the programme), with the coordinates of its main town."""

    __tablename__ = "gemeenten"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    province_id: Mapped[int] = mapped_column(ForeignKey("provinces.id"), index=True)
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]

    province: Mapped[Province] = relationship(back_populates="gemeenten")


class Organisation(Base):
    """An organisation whose advisors carry out trajectories."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    kind: Mapped[OrganisationKind] = mapped_column(_enum(OrganisationKind, "organisation_kind"))
    province_id: Mapped[int | None] = mapped_column(ForeignKey("provinces.id"), unique=True)
    # Capacity: dagdelen each advisor can give AVI 130 per week (data/seed/capacity.csv; migration 0004).
    dagdelen_per_advisor_week: Mapped[float] = mapped_column(default=1.0, server_default="1.0")

    province: Mapped[Province | None] = relationship()
    advisors: Mapped[list[Advisor]] = relationship(back_populates="organisation")


class Advisor(Base):
    """An advisor, employed by an organisation and active for a period."""

    __tablename__ = "advisors"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    in_pool: Mapped[bool] = mapped_column(default=True)
    active_from: Mapped[dt.date] = mapped_column(Date)
    active_to: Mapped[dt.date | None] = mapped_column(Date)

    organisation: Mapped[Organisation] = relationship(back_populates="advisors")
    absences: Mapped[list[Absence]] = relationship(back_populates="advisor")


class Absence(Base):
    """A period in which an advisor could not work (long illness, leaving)."""

    __tablename__ = "absences"

    id: Mapped[int] = mapped_column(primary_key=True)
    advisor_id: Mapped[int] = mapped_column(ForeignKey("advisors.id"), index=True)
    kind: Mapped[AbsenceKind] = mapped_column(_enum(AbsenceKind, "absence_kind"))
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(200), default="")

    advisor: Mapped[Advisor] = relationship(back_populates="absences")
    __table_args__ = (CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="absence_period"),)


class Request(Base):
    """A request for advice; its status follows the lifecycle in ``lifecycle.py``."""

    __tablename__ = "requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id"))
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeenten.id"), index=True)
    received_on: Mapped[dt.date] = mapped_column(Date, index=True)
    applicant_type: Mapped[ApplicantType] = mapped_column(_enum(ApplicantType, "applicant_type"))
    channel: Mapped[Channel] = mapped_column(_enum(Channel, "channel"))
    status: Mapped[Status] = mapped_column(_enum(Status, "status"), default=Status.RECEIVED)
    status_reason: Mapped[str | None] = mapped_column(String(300))
    # The date each later status was reached (the lifecycle reaches each at most once), kept in step
    # with ``history`` by ``lifecycle.change_status``: the status on any date is then a CASE over one
    # row instead of a window over the whole status history (``queries.summary.status_on``). Indexed,
    # so the requests that changed in a few days are found without reading all (``data.derived.snapshots``).
    intake_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    waitlist_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    running_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    work_finished_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    completed_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    withdrawn_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    rejected_on: Mapped[dt.date | None] = mapped_column(Date, index=True)

    programme: Mapped[Programme] = relationship()
    gemeente: Mapped[Gemeente] = relationship()
    themes: Mapped[list[RequestTheme]] = relationship(cascade="all, delete-orphan")
    history: Mapped[list[StatusChange]] = relationship(
        back_populates="request", order_by="StatusChange.id", cascade="all, delete-orphan"
    )
    trajectory: Mapped[Trajectory | None] = relationship(back_populates="request")


STATUS_DATE_ATTRIBUTE: dict[Status, str] = {status: f"{status.value}_on" for status in Status}
"""The ``Request`` attribute holding the date a status was reached (``received_on`` for RECEIVED)."""

WAITING = (Status.RECEIVED, Status.INTAKE, Status.WAITLIST)
"""The statuses of a request that waits to start (or to be turned down)."""
STILL_WAITING = func.coalesce(*(getattr(Request, STATUS_DATE_ATTRIBUTE[status])
                                for status in Status if status not in WAITING)).is_(None)
"""A condition on ``Request``: it has not left ``WAITING`` on any date (a small partial index finds these; one
expression, so that no index of a single date looks like a match)."""
Index("ix_requests_still_waiting", Request.received_on, sqlite_where=STILL_WAITING, postgresql_where=STILL_WAITING)

LATEST_FIRST = (Status.WITHDRAWN, Status.REJECTED, Status.COMPLETED, Status.WORK_FINISHED, Status.RUNNING,
                Status.WAITLIST, Status.INTAKE)
"""The lifecycle backwards: a request's status on a date is the first of these reached by then, else RECEIVED."""


class RequestTheme(Base):
    """One theme of a request."""

    __tablename__ = "request_themes"

    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id", ondelete="CASCADE"), primary_key=True)
    theme: Mapped[Theme] = mapped_column(_enum(Theme, "theme"), primary_key=True)


class StatusChange(Base):
    """One step in a request's status history, the basis of every as-of count."""

    __tablename__ = "status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id", ondelete="CASCADE"))
    status: Mapped[Status] = mapped_column(_enum(Status, "status"))
    changed_on: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(String(300))

    request: Mapped[Request] = relationship(back_populates="history")
    __table_args__ = (
        Index("ix_status_changes_request_date", "request_id", "changed_on"),
        Index("ix_status_changes_status_date", "status", "changed_on"),
    )


class Trajectory(Base):
    """The advisory trajectory a request became once intake was done.

    ``province`` is where its gemeenten lie; ``intake_organisation`` the CMO that
    handled the intake for its region; ``organisation`` and ``advisor`` carry it
    out now (see ``handovers`` for who did before).
    """

    __tablename__ = "trajectories"

    id: Mapped[int] = mapped_column(primary_key=True)
    nr: Mapped[int] = mapped_column(unique=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"), unique=True)
    # the programme of its request, kept beside it so that a trajectory's programme needs no join
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id"))
    province_id: Mapped[int] = mapped_column(ForeignKey("provinces.id"), index=True)
    intake_organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    advisor_id: Mapped[int | None] = mapped_column(ForeignKey("advisors.id"), index=True)
    dagdelen: Mapped[int]
    started_on: Mapped[dt.date | None] = mapped_column(Date)
    planned_end_on: Mapped[dt.date | None] = mapped_column(Date)
    work_finished_on: Mapped[dt.date | None] = mapped_column(Date)
    completed_on: Mapped[dt.date | None] = mapped_column(Date)  # its index also finds the unfinished ones
    result: Mapped[str] = mapped_column(Text, default="")

    request: Mapped[Request] = relationship(back_populates="trajectory")
    province: Mapped[Province] = relationship()
    intake_organisation: Mapped[Organisation] = relationship(foreign_keys=[intake_organisation_id])
    organisation: Mapped[Organisation] = relationship(foreign_keys=[organisation_id])
    advisor: Mapped[Advisor | None] = relationship()
    gemeenten: Mapped[list[Gemeente]] = relationship(secondary=trajectory_gemeenten, order_by="Gemeente.name")
    handovers: Mapped[list[Handover]] = relationship(back_populates="trajectory", order_by="Handover.handed_over_on")
    evaluation: Mapped[Evaluation | None] = relationship(back_populates="trajectory")
    __table_args__ = (
        CheckConstraint("dagdelen > 0", name="dagdelen_positive"),
        # Each event date indexed with what its lead time is counted from (``queries.timeline.lead_times``),
        # so a run of months is read from the index alone (migration 0009).
        Index("ix_trajectories_started_on_request_id", "started_on", "request_id"),
        Index("ix_trajectories_work_finished_on_started_on", "work_finished_on", "started_on"),
        Index("ix_trajectories_completed_on_started_on", "completed_on", "started_on"),
        Index("ix_trajectories_organisation_id_nr", "organisation_id", "nr"),  # an organisation's list, in order
        # One programme's list in order, and its forms owed in order of completion (migration 0019).
        Index("ix_trajectories_programme_id_nr", "programme_id", "nr"),
        Index("ix_trajectories_programme_id_completed_on", "programme_id", "completed_on"),
    )


@event.listens_for(Trajectory, "before_insert")
def _programme_of_request(_mapper, _connection, trajectory: Trajectory) -> None:
    """A new trajectory belongs to the programme of its request (its request is written first)."""
    if trajectory.programme_id is None:
        trajectory.programme_id = trajectory.request.programme_id


class Handover(Base):
    """A trajectory moving from one advisor or organisation to another."""

    __tablename__ = "handovers"

    id: Mapped[int] = mapped_column(primary_key=True)
    trajectory_id: Mapped[int] = mapped_column(ForeignKey("trajectories.id", ondelete="CASCADE"), index=True)
    handed_over_on: Mapped[dt.date] = mapped_column(Date)
    from_advisor_id: Mapped[int | None] = mapped_column(ForeignKey("advisors.id"))
    to_advisor_id: Mapped[int | None] = mapped_column(ForeignKey("advisors.id"))
    from_organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    to_organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    reason: Mapped[str] = mapped_column(String(300))

    trajectory: Mapped[Trajectory] = relationship(back_populates="handovers")
    from_advisor: Mapped[Advisor | None] = relationship(foreign_keys=[from_advisor_id])
    to_advisor: Mapped[Advisor | None] = relationship(foreign_keys=[to_advisor_id])
    from_organisation: Mapped[Organisation] = relationship(foreign_keys=[from_organisation_id])
    to_organisation: Mapped[Organisation] = relationship(foreign_keys=[to_organisation_id])
    # finds the hand-overs after a date, and counts those before it per pair of organisations from the index alone
    __table_args__ = (Index("ix_handovers_date_organisations", "handed_over_on", "from_organisation_id",
                            "to_organisation_id"),)


MARK_CHECK = "BETWEEN 1 AND 10"


class Evaluation(Base):
    """The client's evaluation form: five marks from 1 to 10 and remarks."""

    __tablename__ = "evaluations"

    id: Mapped[int] = mapped_column(primary_key=True)
    trajectory_id: Mapped[int] = mapped_column(ForeignKey("trajectories.id", ondelete="CASCADE"), unique=True)
    received_on: Mapped[dt.date] = mapped_column(Date, index=True)
    mark_results: Mapped[int]
    mark_process: Mapped[int]
    mark_quality: Mapped[int]
    mark_presentation: Mapped[int]
    mark_service: Mapped[int]
    remarks: Mapped[str] = mapped_column(Text, default="")

    trajectory: Mapped[Trajectory] = relationship(back_populates="evaluation")
    __table_args__ = tuple(
        CheckConstraint(f"{column} {MARK_CHECK}", name=f"{column}_range")
        for column in ("mark_results", "mark_process", "mark_quality", "mark_presentation", "mark_service")
    )


EVALUATION_ASPECTS: dict[str, str] = {
    "mark_results": "Resultaten van de opdrachtuitvoering",
    "mark_process": "Procesgang",
    "mark_quality": "Kwaliteit van de adviseur",
    "mark_presentation": "Presentatie van de adviseur",
    "mark_service": "Service van de adviseur",
}


def form_total() -> ColumnElement[int]:
    """The sum of a form's five marks."""
    columns = [getattr(Evaluation, column) for column in EVALUATION_ASPECTS]
    return sum(columns[1:], columns[0])


def lowest_mark() -> ColumnElement[int]:
    """A form's lowest mark."""
    return least(*(getattr(Evaluation, column) for column in EVALUATION_ASPECTS))


Index("ix_evaluations_lowest_mark", lowest_mark(), form_total(), Evaluation.received_on)
"""The forms in the order of the low-mark list (lowest mark, mean, date), so listing the lowest reads only those
(``queries.evaluations.low_mark_forms``; migration 0009)."""


class DataVersion(Base):
    """A single row counting writes, so readers can tell cheaply whether anything changed."""

    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(default=0)
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


MARKS = range(1, 11)
"""The marks a form can give (``MARK_CHECK``)."""
LOW_MARK = 6
"""A mark below this is "onvoldoende" in Dutch school marks."""

LEVEL_DIMENSIONS = ("programme_id", "province_id", "organisation_id", "theme_mask", "applicant_type",
                    "trajectory_province_id")
"""What the monthly levels are counted by: the programme, the shared filters (organisation 0: no trajectory; a
bit per theme) and the trajectory's own province, which the evaluation breakdowns use (0: no trajectory)."""

MARK_COUNTS: dict[tuple[str, int], str] = {(aspect, mark): f"{aspect}_{mark}"
                                           for aspect in EVALUATION_ASPECTS for mark in MARKS}
"""The measure counting the forms that gave ``mark`` for ``aspect``."""

LEVEL_MEASURES: tuple[str, ...] = (
    "received", "received_mailing", "received_adviseur",
    *(f"status_{status.value}" for status in Status),
    *(f"reached_{status.value}" for status in Status if status not in (Status.RECEIVED, Status.WAITLIST)),
    "started", "dagdelen_sum", "work_finished", "completed", "answered",
    "forms", *EVALUATION_ASPECTS, "form_total", "form_squares", "low_forms", *MARK_COUNTS.values(),
)
"""The additive measures of the monthly levels; ``dagdelen_min`` and ``dagdelen_max`` come beside them.
``answered`` counts completed trajectories with a form; ``form_total`` and ``form_squares`` sum a form's five
marks and their square; ``low_forms`` counts forms with an aspect below ``LOW_MARK``."""

monthly_levels = Table(
    "monthly_levels",
    Base.metadata,
    Column("month", Integer, primary_key=True),  # year * 12 + month - 1: the level at the end of that month
    Column("programme_id", Integer, primary_key=True),
    Column("province_id", Integer, primary_key=True),
    Column("organisation_id", Integer, primary_key=True),
    Column("theme_mask", Integer, primary_key=True),
    Column("applicant_type", String(20), primary_key=True),
    Column("trajectory_province_id", Integer, primary_key=True),
    *(Column(name, BigInteger, nullable=False) for name in LEVEL_MEASURES),
    Column("dagdelen_min", Integer),
    Column("dagdelen_max", Integer),
    sqlite_with_rowid=False,  # stored in key order: a run of months is read in one sweep
)
"""Derived data, rebuilt from the base tables in every write transaction (``data.derived.snapshots``): per month
and combination of filter values, every count of the Overzicht as it stood at the end of the month."""

monthly_totals = Table(
    "monthly_totals",
    Base.metadata,
    Column("month", Integer, primary_key=True),
    Column("programme_id", Integer, primary_key=True),
    *(Column(name, BigInteger, nullable=False) for name in LEVEL_MEASURES),
    Column("dagdelen_min", Integer),
    Column("dagdelen_max", Integer),
)
"""Derived data beside ``monthly_levels``: per month and programme the levels of every combination together (the
levels without filters), so a run of months without filters reads one row a month (migration 0010; per programme
since 0017)."""

gemeente_involvement = Table(
    "gemeente_involvement",
    Base.metadata,
    Column("gemeente_id", Integer, primary_key=True),
    Column("programme_id", Integer, primary_key=True),
    Column("province_id", Integer, primary_key=True),
    Column("organisation_id", Integer, primary_key=True),
    Column("theme_mask", Integer, primary_key=True),
    Column("applicant_type", String(20), primary_key=True),
    Column("trajectory_province_id", Integer, primary_key=True),
    Column("first_started_on", Date, nullable=False),
    sqlite_with_rowid=False,
)
"""Derived data beside ``monthly_levels``: when a gemeente was first involved, per combination of filter values."""

POINT_STATUSES = (Status.RUNNING, Status.WORK_FINISHED, Status.COMPLETED, Status.WITHDRAWN)
"""The statuses a started trajectory can have, counted per gemeente on the map."""

GEMEENTE_MEASURES: tuple[str, ...] = ("trajectories", "dagdelen", *(status.value for status in POINT_STATUSES))
"""The additive measures of ``gemeente_levels``: trajectories started, their dagdelen, and how many have each
of ``POINT_STATUSES``."""

gemeente_levels = Table(
    "gemeente_levels",
    Base.metadata,
    Column("month", Integer, primary_key=True),
    Column("programme_id", Integer, primary_key=True),
    Column("organisation_id", Integer, primary_key=True),  # the facet: at most one of these three set
    Column("theme", String(20), primary_key=True),
    Column("applicant_type", String(20), primary_key=True),
    Column("gemeente_id", Integer, primary_key=True),
    Column("province_id", Integer, primary_key=True),  # of the applying gemeente: the province filter
    *(Column(name, BigInteger, nullable=False) for name in GEMEENTE_MEASURES),
    Column("first_started_on", Date),
    Column("latest_key", BigInteger),  # the latest trajectory as (start day, nr) in one number
    sqlite_with_rowid=False,
)
"""Derived data beside ``monthly_levels``: per month, gemeente involved (through any trajectory it takes part
in) and province filter value, the trajectories started by the end of the month and their statuses then; all
of them (organisation 0, theme and applicant type ''), and those of each value of one other filter, a *facet*:
an organisation's, a theme's (a request with several themes counts in each), an applicant type's (migration
0014)."""

organisation_months = Table(
    "organisation_months",
    Base.metadata,
    Column("organisation_id", Integer, primary_key=True),
    Column("month", Date, primary_key=True),  # the first of the month
    Column("programme_id", Integer, primary_key=True),
    Column("allocated", BigInteger, nullable=False),
    Column("intake_started", BigInteger, nullable=False),
    sqlite_with_rowid=False,
)
"""Derived data beside ``monthly_levels`` (``data.derived.allocations``): per organisation and month, the change in the
dagdelen allocated to it from the end of the month before to the end of this one (with the organisation that
held each trajectory on that day, hand-overs included), and the trajectories started in the month whose intake
it did."""

capacity_months = Table(
    "capacity_months",
    Base.metadata,
    Column("organisation_id", Integer, primary_key=True),
    Column("month", Date, primary_key=True),  # the first of the month
    Column("available_days", BigInteger, nullable=False),
    sqlite_with_rowid=False,
)
"""Derived data beside ``monthly_levels`` (``data.derived.capacity_months``): per organisation and month, the
advisor days of the default capacity horizon available on the month's last day (the advisors employed that day,
less the days their absences begun by then cover)."""


class SnapshotState(Base):
    """A single row: the data version the derived tables were built for, and the months they cover."""

    __tablename__ = "snapshot_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    data_version: Mapped[int]
    first_month: Mapped[int | None]
    last_month: Mapped[int | None]


class Role(str, enum.Enum):
    """What a signed-in user may see: aggregates (stuurgroep) or everything (projectleiding)."""

    STUURGROEP = "stuurgroep"
    PROJECTLEIDING = "projectleiding"


class User(Base):
    """A person who may sign in, with a hashed password and a role."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    role: Mapped[Role] = mapped_column(_enum(Role, "role"))
    password_hash: Mapped[str] = mapped_column(String(300))
    demo: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    disabled: Mapped[bool] = mapped_column(default=False, server_default=false())


class UserProgramme(Base):
    """A programme a user may see (migration 0018). A user without any sees every programme."""

    __tablename__ = "user_programmes"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True)


class AuditEvent(Base):
    """One line of the audit log: sign-ins, failed sign-ins, imports and user changes."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    actor: Mapped[str] = mapped_column(String(80))
    event: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(String(500), default="")
    address: Mapped[str] = mapped_column(String(64), default="")
