"""The detail card of one trajectory as of its date: facts, status history, hand-overs and evaluation."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard import formatting
from dashboard.data.queries.trajectories import TrajectoryDetail

APPLICANTS = {"gemeente": "gemeente", "steunpunt": "steunpunt", "beide": "gemeente en steunpunt samen"}
CHANNELS = {"mailing": "na de mailing", "adviseur": "via het netwerk van een adviseur"}
THEMES = {"infrastructuur": "ondersteuningsinfrastructuur", "beleid": "gemeentelijk vrijwilligerswerkbeleid",
          "doelgroepen": "specifieke doelgroepen", "zorg": "vrijwillige inzet in de zorg"}


def _facts(rows: list[tuple[str, str]]) -> html.Dl:
    """A definition list of label/value pairs."""
    items = []
    for label, value in rows:
        items += [html.Dt(label, className="col-sm-4"), html.Dd(value, className="col-sm-8")]
    return html.Dl(items, className="row mb-0")


def _result(d: TrajectoryDetail) -> str:
    """The result, or why it is not known yet on the card's date."""
    if d.result:
        return d.result
    if d.as_of and not d.work_finished_on:
        return f"Nog niet bekend: per {formatting.date(d.as_of)} was het werk nog bezig."
    return "–"


def _reached(on, d: TrajectoryDetail) -> str:
    """The date a stage was reached, or 'nog niet' when it was not reached by the card's date."""
    return formatting.date(on) if on or not d.as_of else f"nog niet (per {formatting.date(d.as_of)})"


def _later(d: TrajectoryDetail) -> list:
    """A line saying that more happened after the card's date, without saying what (nothing when nothing did)."""
    if not d.later:
        return []
    changes = "één wijziging" if d.later == 1 else f"{formatting.number(d.later)} wijzigingen"
    return [html.P(f"Na {formatting.date(d.as_of)} volgde{'n' if d.later > 1 else ''} nog {changes} "
                   "(status, overdracht of evaluatie); kies een latere stand om ze te zien.",
                   className="text-muted small mb-0 mt-2 trajectory-later")]


def trajectory_detail_card(d: TrajectoryDetail) -> dbc.Card:
    """Build the card for trajectory ``d`` as of its date; all text is rendered as text, never as HTML."""
    facts = _facts([
        ("Gemeente(n)", ", ".join(d.gemeenten)),
        ("Provincie", d.province),
        ("Intake door", d.intake_organisation),
        ("Uitgevoerd door", f"{d.organisation}" + (f" – {d.advisor}" if d.advisor else "")),
        ("Aanvrager", f"{APPLICANTS.get(d.applicant_type, d.applicant_type)}, "
                      f"{CHANNELS.get(d.channel, d.channel)}"),
        ("Thema's", ", ".join(THEMES.get(t, t) for t in d.themes) or "–"),
        ("Dagdelen", formatting.number(d.dagdelen)),
        ("Aanvraag", formatting.date(d.received_on)),
        ("Start", formatting.date(d.started_on)),
        ("Gepland einde", formatting.date(d.planned_end_on) + (
            " (een plan, bij de start afgesproken)" if d.as_of and d.planned_end_on and d.planned_end_on > d.as_of
            else "")),
        ("Werk klaar", _reached(d.work_finished_on, d)),
        ("Administratief afgerond", _reached(d.completed_on, d)),
    ])
    history = html.Ol([
        html.Li(f"{formatting.date(on)}: {label}" + (f" ({reason})" if reason else ""))
        for on, label, reason in d.history
    ])
    parts = [
        html.H2(f"Traject {d.nr}: {', '.join(d.gemeenten)}", className="h4"),
        *([html.P(f"Stand per {formatting.date(d.as_of)}", className="text-muted mb-2")] if d.as_of else []),
        facts,
        html.H3("Resultaat", className="h5 mt-3"),
        html.P(_result(d)),
        html.H3("Statusgeschiedenis", className="h5 mt-3"),
        history,
    ]
    if d.handovers:
        parts += [html.H3("Overdrachten", className="h5 mt-3"), html.Ul([
            html.Li(f"{formatting.date(on)}: van {source} naar {target} – {reason}")
            for on, source, target, reason in d.handovers
        ])]
    if d.evaluation:
        marks = ", ".join(f"{aspect} {mark}" for aspect, mark in d.evaluation.items())
        parts += [html.H3("Evaluatie", className="h5 mt-3"), html.P(f"Rapportcijfers: {marks}.")]
        if d.remarks:
            parts.append(html.Blockquote(d.remarks, className="blockquote fs-6"))
    parts += _later(d)
    return dbc.Card(dbc.CardBody(parts), className="mt-3 trajectory-detail")
