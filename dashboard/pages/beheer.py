"""Beheer: the users (add, change role, reset password, disable, remove) and the audit log, for projectleiding only."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import formatting, ids
from dashboard.components.restricted import restricted
from dashboard.data.schema.models import Role
from dashboard.data.editing.users import MIN_PASSWORD_LENGTH

dash.register_page(__name__, path="/beheer", name="Beheer", title="Beheer – AVI 130 monitor", order=9)

ROLE_OPTIONS = [{"label": role.value, "value": role.value} for role in Role]
PASSWORD_HINT = f"Minstens {MIN_PASSWORD_LENGTH} tekens."


def _field(label: str, control, hint: str | None = None) -> dbc.Col:
    """A labelled form control in a column, with an optional hint below it."""
    return dbc.Col([dbc.Label(label, html_for=control.id), control,
                    dbc.FormText(hint, className="text-muted") if hint else None], md=4)


def _add_form() -> html.Section:
    """Add a user: name, role and first password."""
    return html.Section([
        html.H3("Gebruiker toevoegen", className="h5"),
        dbc.Row([
            _field("Naam", dbc.Input(id=ids.BEHEER_ADD_NAME, autoComplete="off", maxLength=80)),
            _field("Rol", dbc.Select(id=ids.BEHEER_ADD_ROLE, options=ROLE_OPTIONS, value=Role.STUURGROEP.value)),
            _field("Wachtwoord", dbc.Input(id=ids.BEHEER_ADD_PASSWORD, type="password", autoComplete="new-password"),
                   PASSWORD_HINT),
        ], className="g-2 mb-2"),
        dbc.Button("Toevoegen", id=ids.BEHEER_ADD, color="primary"),
    ], className="mb-4", **{"aria-label": "Gebruiker toevoegen"})


def _change_form() -> html.Section:
    """Change a user: role, password, disable or enable, remove (after a confirmation)."""
    return html.Section([
        html.H3("Gebruiker wijzigen", className="h5"),
        dbc.Row([
            _field("Gebruiker", dbc.Select(id=ids.BEHEER_USER, options=[], placeholder="Kies een gebruiker")),
        ], className="g-2 mb-2"),
        dbc.Row([
            dbc.Col([dbc.Label("Nieuwe rol", html_for=ids.BEHEER_NEW_ROLE),
                     dbc.InputGroup([dbc.Select(id=ids.BEHEER_NEW_ROLE, options=ROLE_OPTIONS,
                                                value=Role.STUURGROEP.value),
                                     dbc.Button("Rol opslaan", id=ids.BEHEER_SET_ROLE, color="secondary")])], md=4),
            dbc.Col([dbc.Label("Nieuw wachtwoord", html_for=ids.BEHEER_NEW_PASSWORD),
                     dbc.InputGroup([dbc.Input(id=ids.BEHEER_NEW_PASSWORD, type="password",
                                               autoComplete="new-password"),
                                     dbc.Button("Wachtwoord instellen", id=ids.BEHEER_SET_PASSWORD,
                                                color="secondary")]),
                     dbc.FormText(PASSWORD_HINT, className="text-muted")], md=5),
        ], className="g-2 mb-2"),
        html.Div([
            dbc.Button("Uitschakelen", id=ids.BEHEER_DISABLE, color="secondary", outline=True),
            dbc.Button("Weer inschakelen", id=ids.BEHEER_ENABLE, color="secondary", outline=True),
            dcc.ConfirmDialogProvider(
                dbc.Button("Verwijderen", color="danger", outline=True), id=ids.BEHEER_REMOVE,
                message="Weet u zeker dat u deze gebruiker wilt verwijderen? Dat kan niet ongedaan worden gemaakt; "
                        "uitschakelen kan wel worden teruggedraaid."),
        ], className="d-flex flex-wrap gap-2"),
    ], className="mb-4", **{"aria-label": "Gebruiker wijzigen"})


@restricted("/beheer")
def layout(**_query: str) -> html.Div:
    """The Beheer page; users and audit lines are filled in and changed by ``callbacks.beheer``."""
    return html.Div([
        html.H1("Beheer", className="page-title"),
        html.H2("Gebruikers", className="h4"),
        html.P("Uitgeschakelde gebruikers kunnen niet inloggen; hun sessies eindigen meteen. Uw eigen account en het "
               "laatste actieve account van de projectleiding kunt u niet uitschakelen of verwijderen. Op de server "
               "kan het ook: 'python -m dashboard user add/list/set-role/disable/enable/remove/set-password'.",
               className="text-muted"),
        html.Div(id=ids.BEHEER_USERS),
        dcc.Store(id=ids.BEHEER_ACTION_DONE, data=0),
        html.Div(id=ids.BEHEER_ACTION_MESSAGE, role="status", **{"aria-live": "polite"}),
        _add_form(),
        _change_form(),
        html.H2("Auditlog", className="h4 mt-4"),
        html.P("Inloggen, mislukte pogingen, imports en wijzigingen aan gebruikers; de nieuwste eerst. Tijden in "
               f"{formatting.LOCAL_TIME_NAME} (Europe/Amsterdam).", className="text-muted"),
        html.Div(id=ids.BEHEER_AUDIT),
    ])
