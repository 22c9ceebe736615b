"""Exporting a programme's data to the import templates, one file per kind, so an export is a valid import.

The reference data (programme, milestones, provinces, gemeenten and
organisations) is not exported: it comes from the seed files
(``python -m dashboard load-reference``) and the import checks names against
it. Rows are sorted by natural keys, never by database ids, so two databases
with the same content give byte-identical CSV files.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from dashboard.data.queries import programmes
from dashboard.data.schema.lifecycle import STATUS_LABELS
from dashboard.data.schema.models import (
    Absence,
    Advisor,
    Evaluation,
    Gemeente,
    Handover,
    Organisation,
    ProgrammeEvent,
    Province,
    Request,
    RequestTheme,
    Status,
    StatusChange,
    Trajectory,
    trajectory_gemeenten,
)
from dashboard.data.transfer.templates import FORMATS, KINDS, LIST_SEPARATOR, table_bytes

THEME_ORDER = ("infrastructuur", "beleid", "doelgroepen", "zorg")


def _yes_no(value: bool) -> str:
    """'ja' or 'nee'."""
    return "ja" if value else "nee"


def _adviseurs(session: Session, programme: int) -> list[tuple]:
    """Advisors by organisation and name."""
    rows = session.execute(select(Advisor.name, Organisation.name, Advisor.in_pool, Advisor.active_from,
                                  Advisor.active_to).join(Organisation, Organisation.id == Advisor.organisation_id))
    return sorted(((name, org, _yes_no(pool), start, end) for name, org, pool, start, end in rows),
                  key=lambda r: (r[1], r[0]))


def _aanvragen(session: Session, programme: int) -> list[tuple]:
    """Requests by date received and gemeente, themes in the programme's order."""
    themes: dict[int, list[str]] = {}
    for request_id, theme in session.execute(select(RequestTheme.request_id, RequestTheme.theme)):
        themes.setdefault(request_id, []).append(theme.value)
    rows = session.execute(select(Request.id, Gemeente.name, Request.received_on, Request.applicant_type,
                                  Request.channel).join(Gemeente, Gemeente.id == Request.gemeente_id)
                           .where(Request.programme_id == programme))
    return sorted(((gemeente, received, applicant.value, channel.value,
                    LIST_SEPARATOR.join(sorted(themes.get(request_id, []), key=THEME_ORDER.index)))
                   for request_id, gemeente, received, applicant, channel in rows), key=lambda r: (r[1], r[0]))


def _start_of(session: Session, programme: int) -> dict[int, tuple[str, str | None]]:
    """Per trajectory id, the organisation and advisor of its first hand-over's 'from' side."""
    from_org, from_advisor = aliased(Organisation), aliased(Advisor)
    start: dict[int, tuple[str, str | None]] = {}
    for trajectory_id, org, advisor in session.execute(
            select(Handover.trajectory_id, from_org.name, from_advisor.name)
            .join(from_org, from_org.id == Handover.from_organisation_id)
            .outerjoin(from_advisor, from_advisor.id == Handover.from_advisor_id)
            .join(Trajectory, Trajectory.id == Handover.trajectory_id)
            .where(Trajectory.programme_id == programme)
            .order_by(Handover.handed_over_on, Handover.id)):
        start.setdefault(trajectory_id, (org, advisor))
    return start


def _trajecten(session: Session, programme: int) -> list[tuple]:
    """Trajectories by number, with the organisation and advisor that began them (hand-overs say the rest)."""
    members: dict[int, list[str]] = {}
    for trajectory_id, name in session.execute(
            select(trajectory_gemeenten.c.trajectory_id, Gemeente.name)
            .join(Gemeente, Gemeente.id == trajectory_gemeenten.c.gemeente_id)):
        members.setdefault(trajectory_id, []).append(name)
    start = _start_of(session, programme)
    intake, current = aliased(Organisation), aliased(Organisation)
    rows = session.execute(
        select(Trajectory.id, Trajectory.nr, Gemeente.name, Province.name, current.name, intake.name, Advisor.name,
               Trajectory.dagdelen, Trajectory.planned_end_on, Trajectory.result)
        .join(Request, Request.id == Trajectory.request_id)
        .join(Gemeente, Gemeente.id == Request.gemeente_id)
        .join(Province, Province.id == Trajectory.province_id)
        .join(current, current.id == Trajectory.organisation_id)
        .join(intake, intake.id == Trajectory.intake_organisation_id)
        .outerjoin(Advisor, Advisor.id == Trajectory.advisor_id)
        .where(Trajectory.programme_id == programme))
    result = []
    for tid, nr, lead, province, org, intake_org, advisor, dagdelen, planned, text in rows:
        others = sorted(name for name in members.get(tid, []) if name != lead)
        org, advisor = start.get(tid, (org, advisor))
        result.append((nr, LIST_SEPARATOR.join([lead, *others]), province, org, intake_org, advisor or "", dagdelen,
                       planned, text or ""))
    return sorted(result)


def _statuswijzigingen(session: Session, programme: int) -> list[tuple]:
    """Status changes after 'ontvangen' (which the request itself records), by date, gemeente and history order."""
    rows = session.execute(
        select(Gemeente.name, StatusChange.status, StatusChange.changed_on, StatusChange.reason, StatusChange.id)
        .join(Request, Request.id == StatusChange.request_id)
        .join(Gemeente, Gemeente.id == Request.gemeente_id)
        .where(StatusChange.status != Status.RECEIVED, Request.programme_id == programme))
    ordered = sorted(rows, key=lambda r: (r.changed_on, r.name, r.id))
    return [(gemeente, STATUS_LABELS[status], on, reason or "") for gemeente, status, on, reason, _ in ordered]


def _overdrachten(session: Session, programme: int) -> list[tuple]:
    """Hand-overs by date and trajectory."""
    from_advisor, to_advisor = aliased(Advisor), aliased(Advisor)
    from_org, to_org = aliased(Organisation), aliased(Organisation)
    rows = session.execute(
        select(Trajectory.nr, Handover.handed_over_on, from_advisor.name, to_advisor.name, from_org.name,
               to_org.name, Handover.reason, Handover.id)
        .join(Trajectory, Trajectory.id == Handover.trajectory_id)
        .outerjoin(from_advisor, from_advisor.id == Handover.from_advisor_id)
        .outerjoin(to_advisor, to_advisor.id == Handover.to_advisor_id)
        .join(from_org, from_org.id == Handover.from_organisation_id)
        .join(to_org, to_org.id == Handover.to_organisation_id)
        .where(Trajectory.programme_id == programme))
    ordered = sorted(rows, key=lambda r: (r[1], r[0], r[7]))
    return [(nr, on, old or "", new or "", old_org, new_org, reason or "")
            for nr, on, old, new, old_org, new_org, reason, _ in ordered]


def _afwezigheden(session: Session, programme: int) -> list[tuple]:
    """Absences by start date and advisor."""
    rows = session.execute(select(Advisor.name, Absence.kind, Absence.starts_on, Absence.ends_on, Absence.note)
                           .join(Advisor, Advisor.id == Absence.advisor_id))
    return sorted(((name, kind.value, start, end, note or "") for name, kind, start, end, note in rows),
                  key=lambda r: (r[2], r[0]))


def _mijlpalen(session: Session, programme: int) -> list[tuple]:
    """The programme's milestones, stuurgroep meetings among them, by date."""
    rows = session.execute(select(ProgrammeEvent.kind, ProgrammeEvent.occurred_on, ProgrammeEvent.label)
                           .where(ProgrammeEvent.programme_id == programme))
    return sorted(((kind, on, label) for kind, on, label in rows), key=lambda r: (r[1], r[0]))


def _evaluaties(session: Session, programme: int) -> list[tuple]:
    """Evaluation forms by trajectory number."""
    rows = session.execute(
        select(Trajectory.nr, Evaluation.received_on, Evaluation.mark_results, Evaluation.mark_process,
               Evaluation.mark_quality, Evaluation.mark_presentation, Evaluation.mark_service, Evaluation.remarks)
        .join(Trajectory, Trajectory.id == Evaluation.trajectory_id)
        .where(Trajectory.programme_id == programme))
    return sorted(tuple(row[:-1]) + (row[-1] or "",) for row in rows)


EXPORTERS = {"adviseurs": _adviseurs, "aanvragen": _aanvragen, "trajecten": _trajecten,
             "statuswijzigingen": _statuswijzigingen, "overdrachten": _overdrachten,
             "afwezigheden": _afwezigheden, "mijlpalen": _mijlpalen, "evaluaties": _evaluaties}
assert tuple(EXPORTERS) == tuple(KINDS), "every template kind needs an exporter, in import order"


def export_tables(session: Session, programme: str | None = None) -> dict[str, list[tuple]]:
    """Every kind's rows of the programme ``programme`` (a slug; None: the first), read in one transaction (so they
    fit together), each row of a programme's kind ending in the programme's slug (``programma``). Advisors and
    absences are shared by the programmes: every export holds them all."""
    chosen = programmes.chosen(session, programme)
    tables = {kind: build(session, chosen.id) for kind, build in EXPORTERS.items()}
    return {kind: [(*row, chosen.slug) for row in rows] if KINDS[kind].per_programme else rows
            for kind, rows in tables.items()}


def export_files(session: Session, fmt: str = "csv", programme: str | None = None) -> dict[str, bytes]:
    """File name -> content for every kind, in ``csv`` or ``xlsx``."""
    if fmt not in FORMATS:
        raise ValueError(f"onbekend formaat '{fmt}'; kies csv of xlsx")
    return {f"{kind}.{fmt}": table_bytes(kind, rows, fmt) for kind, rows in export_tables(session, programme).items()}


def export_to_directory(session: Session, directory: Path, fmt: str = "csv",
                        programme: str | None = None) -> list[Path]:
    """Write the export into ``directory`` (made when absent); returns the files written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in export_files(session, fmt, programme).items():
        path = directory / name
        path.write_bytes(content)
        written.append(path)
    return written


def export_zip(session: Session, fmt: str = "csv", programme: str | None = None) -> bytes:
    """The export as one zip file (for a download)."""
    buffer = io.BytesIO()
    stamp = dt.datetime.now().timetuple()[:6]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in export_files(session, fmt, programme).items():
            archive.writestr(zipfile.ZipInfo(name, date_time=stamp), content)
    return buffer.getvalue()
