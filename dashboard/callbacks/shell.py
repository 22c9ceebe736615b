"""Callbacks of the frame: URL ⇄ shared controls, navbar links, filter choices, live data version, modes."""

from __future__ import annotations

import datetime as dt

from dash import ALL, Input, Output, State, ctx, get_relative_path, no_update
from sqlalchemy.exc import SQLAlchemyError

from dashboard.auth.callbacks import guarded_callback
from dashboard.auth.programme_access import allowed_programmes
from dashboard import formatting, ids
from dashboard.callbacks.compare import comparison_of
from dashboard.comparison import described
from dashboard.components.alerts import database_unavailable
from dashboard.components.filter_bar import ALL_VALUES, NO_COMPARISON_VALUE
from dashboard.data.schema.db import read_session
from dashboard.data.queries import programmes
from dashboard.data.queries.options import filter_choices
from dashboard.data.queries.progress import APPLICANT_LABELS, THEME_LABELS
from dashboard.data.schema.versioning import data_version
from dashboard.programme_choice import scoped
from dashboard.view_state import ViewState, parse, to_search, with_changes

CONTROLS = (ids.FILTER_PROGRAMME, ids.FILTER_AS_OF, ids.FILTER_PROVINCE, ids.FILTER_ORGANISATION, ids.FILTER_THEME,
            ids.FILTER_APPLICANT, ids.FILTER_COMPARE)


EARLIEST, LATEST = dt.date(2000, 1, 1), dt.date(2100, 12, 31)  # the dates the 'Stand per' field accepts
UNREADABLE = ("'{text}' is geen datum die we kunnen lezen; typ bijvoorbeeld 30 nov 2007 of 30-11-2007. "
              "De stand is niet gewijzigd.")
OUT_OF_RANGE = "Kies een datum tussen 2000 en 2100. De stand is niet gewijzigd."


def _controls_of(state: ViewState) -> tuple:
    """The control values showing ``state`` (scoped: ``programme_choice.scoped``): its programme, the date shown in
    Dutch, each select's choice or 'all', and no complaint about the date field."""
    return (state.programme, formatting.date(state.date()), state.province or ALL_VALUES,
            state.organisation or ALL_VALUES, state.theme or ALL_VALUES, state.applicant_type or ALL_VALUES,
            state.compare or NO_COMPARISON_VALUE, False, "")


def _typed_date(state: ViewState, text: str | None) -> tuple[dt.date | None, str | None]:
    """The as-of date typed in the field (None: the default, when the field is emptied or still shows the
    default), or a Dutch complaint when it is no date the page can show."""
    if not (text or "").strip():
        return None, None
    day = formatting.read_date(text)
    if day is None:
        return None, UNREADABLE.format(text=text.strip()[:30])
    if not EARLIEST <= day <= LATEST:
        return None, OUT_OF_RANGE
    return (None, None) if state.as_of is None and not state.today and day == state.date() else (day, None)


def _chosen(value: str | None) -> str | None:
    """A select's value as a filter: None for 'all'."""
    return None if value in (None, "", ALL_VALUES) else value


def _shown(state: ViewState) -> ViewState:
    """``state`` with the programme it shows (unchanged when the database cannot be read)."""
    try:
        with read_session() as session:
            return scoped(session, state)
    except SQLAlchemyError:
        return state


def sync_controls(search, programme, as_of, province, organisation, theme, applicant, compare, _reset, _today):
    """Keep the URL and the controls in step: the URL is the single source of truth.

    A change in the URL (a link, the back button) sets the controls; a change
    in a control writes a new URL (pushed to the browser history).
    """
    state = parse(search)
    trigger = ctx.triggered_id
    unchanged = (no_update,) * (len(CONTROLS) + 2)
    if trigger in (None, ids.URL):
        return (no_update, *_controls_of(_shown(state)))
    if trigger == ids.FILTER_RESET:
        new = ViewState(programme=state.programme, view=state.view, freq=state.freq, compare=state.compare)
    elif trigger == ids.FILTER_TODAY:
        new = with_changes(state, as_of=None, today=True)
    else:
        day, complaint = _typed_date(state, as_of) if trigger == ids.FILTER_AS_OF else (state.as_of, None)
        if complaint:
            return (no_update, *unchanged[:-2], True, complaint)
        today = state.today and day is None and trigger != ids.FILTER_AS_OF
        chosen_programme = programme or None
        if trigger != ids.FILTER_PROGRAMME and state.programme is None:
            chosen_programme = None  # the default stays implicit while another control changes
        new = with_changes(state, programme=chosen_programme, as_of=day, today=today, province=_chosen(province),
                           organisation=_chosen(organisation), theme=_chosen(theme), applicant_type=_chosen(applicant),
                           compare=None if compare in (None, "", NO_COMPARISON_VALUE) else compare)
    new_search = to_search(new)
    if new_search == (search or ""):
        return (no_update, *_controls_of(_shown(new))) if trigger == ids.FILTER_AS_OF else (no_update, *unchanged)
    return (new_search, *_controls_of(_shown(new)))


def navbar_links(search, link_ids):
    """Carry the query string along every navbar link and the link to the portfolio, so the state survives moving
    between pages."""
    return [link["path"] + (search or "") for link in link_ids], get_relative_path("/programmas") + (search or "")


def fill_filter_choices(_pathname):
    """The province and organisation choices from the database, and the programmes the user may see: a chooser
    shown only when there are several."""
    try:
        with read_session() as session:
            choices = filter_choices(session)
            listed = programmes.visible(session, allowed_programmes())
    except SQLAlchemyError:
        return no_update, no_update, no_update, no_update
    places = tuple([{"label": label, "value": ALL_VALUES}] + [{"label": n, "value": n} for n in choices[key]]
                   for key, label in (("province", "Alle provincies"), ("organisation", "Alle organisaties")))
    shown = "mb-2 align-items-end" if len(listed) > 1 else "d-none"
    return (*places, [{"label": programme.name, "value": programme.slug} for programme in listed], shown)


def modes(search):
    """Live polling only while the as-of date is today; presentation mode on ``weergave=presentatie`` (dark on
    ``weergave=presentatie-donker``), which ``assets/presentation.js`` runs."""
    state = parse(search)
    root_class = ("presentatie" + (" donker" if state.dark else "")) if state.presenting else ""
    return not state.is_live, root_class


def _date_note(state: ViewState) -> str:
    """What the shown date is: today, the end of a programme that is over, or the date chosen; and when the URL's
    date could not be read, that the default is shown instead."""
    note = ""
    if state.as_of is None:
        note = (" (de eindstand van het programma; kies 'Vandaag' voor de stand van vandaag)"
                if state.default_shown() else " (vandaag)")
    if state.unreadable:
        note += f" · '{state.unreadable[:30]}' in de link is geen datum; daarom deze stand"
    return note


def state_summary(search) -> str:
    """One line saying which programme (when there are several), date and filters the page shows (on screen and on
    paper)."""
    state, name, comparison = parse(search), None, "vergelijking niet beschikbaar"
    try:  # one read for the programme shown, its name and the comparison
        with read_session() as session:
            state = scoped(session, state)
            if state.programme:
                name = next(p.name for p in programmes.listing(session) if p.slug == state.programme)
            if state.compare:
                comparison = described(*comparison_of(session, state))
    except SQLAlchemyError:
        pass
    parts = [f"Programma {name}"] if name else []
    parts.append(f"Stand per {formatting.date(state.date())}" + _date_note(state))
    chosen = [state.province, state.organisation, THEME_LABELS.get(state.theme or "", state.theme),
              APPLICANT_LABELS.get(state.applicant_type or "", state.applicant_type)]
    chosen = [value for value in chosen if value]
    parts.append("filters: " + ", ".join(chosen) if chosen else "alle provincies, organisaties, thema's en aanvragers")
    if state.compare:
        parts.append(comparison)
    return " · ".join(parts)


def check_data_version(_n, search, known):
    """Poll the cheap data version; store a new one only when the data changed."""
    try:
        with read_session() as session:
            version, changed_at = data_version(session)
    except SQLAlchemyError:
        return no_update, no_update, database_unavailable()
    when = ""
    if changed_at is not None:
        when = f"gegevens laatst gewijzigd op {formatting.moment(changed_at)} ({formatting.LOCAL_TIME_NAME})"
    live = parse(search).is_live
    status = (f"Live: deze pagina werkt zichzelf bij; {when}." if live
              else f"Stand in het verleden ({when}); kies 'Vandaag' voor de actuele stand.")
    if known and known.get("version") == version:
        return no_update, status, None
    return {"version": version}, status, None


def register() -> None:
    """Register the frame's callbacks with Dash (the factory calls this once per app)."""
    guarded_callback(
        Output(ids.URL, "search"),
        *(Output(control, "value") for control in CONTROLS),
        Output(ids.FILTER_AS_OF, "invalid"),
        Output(ids.FILTER_AS_OF_FEEDBACK, "children"),
        Input(ids.URL, "search"),
        *(Input(control, "value") for control in CONTROLS),
        Input(ids.FILTER_RESET, "n_clicks"),
        Input(ids.FILTER_TODAY, "n_clicks"),
    )(sync_controls)
    guarded_callback(
        Output({"type": ids.NAV_LINK, "path": ALL}, "href"),
        Output(ids.PORTFOLIO_LINK, "href"),
        Input(ids.URL, "search"),
        State({"type": ids.NAV_LINK, "path": ALL}, "id"),
    )(navbar_links)
    guarded_callback(
        Output(ids.FILTER_PROVINCE, "options"),
        Output(ids.FILTER_ORGANISATION, "options"),
        Output(ids.FILTER_PROGRAMME, "options"),
        Output(ids.FILTER_PROGRAMME_BLOCK, "className"),
        Input(ids.URL, "pathname"),
        cached=True,
    )(fill_filter_choices)
    guarded_callback(
        Output(ids.LIVE_INTERVAL, "disabled"),
        Output(ids.ROOT, "className"),
        Input(ids.URL, "search"),
    )(modes)
    guarded_callback(Output(ids.STATE_SUMMARY, "children"), Input(ids.URL, "search"))(state_summary)
    guarded_callback(
        Output(ids.DATA_VERSION, "data"),
        Output(ids.LAST_UPDATED, "children"),
        Output(ids.DB_BANNER, "children"),
        Input(ids.LIVE_INTERVAL, "n_intervals"),
        Input(ids.URL, "search"),
        State(ids.DATA_VERSION, "data"),
    )(check_data_version)
