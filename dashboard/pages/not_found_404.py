"""The page Dash shows for an address that no page has: in Dutch, with a way back."""

import dash
from dash import dcc, html

dash.register_page(__name__, path="/404", name="Niet gevonden", title="Pagina niet gevonden – AVI 130 monitor")


def layout(**_query: str) -> html.Div:
    """A short Dutch message and a link to the Overzicht."""
    return html.Div([
        html.H1("Pagina niet gevonden", className="page-title"),
        html.P("Dit adres hoort niet bij de AVI 130 monitor, of de pagina bestaat niet meer."),
        html.P(dcc.Link("Naar het overzicht", href=dash.get_relative_path("/"))),
    ])
