"""The project leaders' notes in a window of dates, for the shared filters: a small DataFrame for the figures."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import ColumnElement, and_, func, or_, select, true
from sqlalchemy.orm import Session, aliased

from dashboard.data.schema.models import Note, NoteScope, Organisation, Province
from dashboard.data.queries.filters import Filters, in_programme

MAX_NOTES = 200  # a window shows at most this many notes, the latest ones
COLUMNS = ["id", "noted_on", "text", "scope", "organisation", "province", "row", "author", "updated_at"]


def _about_province(name: str, organisation: type[Organisation], province: type[Province]) -> ColumnElement[bool]:
    """Notes about the province ``name`` or about an organisation in it (programme notes are added by the caller)."""
    organisation_in = aliased(Province)
    return or_(province.name == name, organisation.province_id.in_(
        select(organisation_in.id).where(organisation_in.name == name).scalar_subquery()))


def _about_organisation(name: str, organisation: type[Organisation], province: type[Province]) -> ColumnElement[bool]:
    """Notes about the organisation ``name`` or about its province."""
    own = aliased(Organisation)
    return or_(organisation.name == name, province.id.in_(
        select(own.province_id).where(own.name == name).scalar_subquery()))


def notes(session: Session, since: dt.date | None, until: dt.date, filters: Filters = Filters()) -> pd.DataFrame:
    """The notes dated from ``since`` (None: the beginning) up to ``until`` that concern the filtered view: of
    its programme (``filters.programme``; None: every programme, as when the database holds one).

    Programme notes concern every view of their programme. A province filter adds the notes on that province and on its
    organisations; an organisation filter those on the organisation and on its province. Theme and applicant
    type do not narrow notes. ``row`` is the heatmap row the note belongs on: its organisation, or the CMO of
    its province. Oldest first; at most ``MAX_NOTES``, the latest.
    """
    organisation, province, cmo = aliased(Organisation), aliased(Province), aliased(Organisation)
    conditions = [Note.noted_on <= until, true() if since is None else Note.noted_on >= since,
                  in_programme(Note.programme_id, filters)]
    for name, about in ((filters.province, _about_province), (filters.organisation, _about_organisation)):
        if name:
            conditions.append(or_(Note.scope == NoteScope.PROGRAMME, about(name, organisation, province)))
    latest = (
        select(Note.id, Note.noted_on, Note.text, Note.scope, organisation.name.label("organisation"),
               province.name.label("province"), func.coalesce(organisation.name, cmo.name).label("row"),
               Note.author, Note.updated_at)
        .outerjoin(organisation, organisation.id == Note.organisation_id)
        .outerjoin(province, province.id == Note.province_id)
        .outerjoin(cmo, cmo.province_id == Note.province_id)
        .where(and_(*conditions))
        .order_by(Note.noted_on.desc(), Note.id.desc())
        .limit(MAX_NOTES)
    )
    rows = session.execute(latest).all()
    frame = pd.DataFrame([tuple(row) for row in reversed(rows)], columns=COLUMNS)
    frame["scope"] = [NoteScope(scope).value for scope in frame["scope"]]
    return frame


def note_values(session: Session, note_id: int, filters: Filters = Filters()) -> dict | None:
    """One note's date, text, subject and the name it is about, as the form shows them; None when it is gone or
    belongs to another programme than ``filters.programme``'s."""
    row = session.execute(
        select(Note.noted_on, Note.text, Note.scope, func.coalesce(Organisation.name, Province.name).label("target"))
        .outerjoin(Organisation, Organisation.id == Note.organisation_id)
        .outerjoin(Province, Province.id == Note.province_id)
        .where(Note.id == note_id, in_programme(Note.programme_id, filters))
    ).first()
    return None if row is None else {"noted_on": row.noted_on, "text": row.text, "scope": NoteScope(row.scope).value,
                                     "target": row.target}
