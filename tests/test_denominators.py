"""Denominators under filters, through the real Dash endpoint: a share is of the filtered whole, and the
national target and budget are named national, with no share of them implied for a province (issue 20)."""

from __future__ import annotations

import datetime as dt

from dashboard import ids
from dashboard.data.queries.filters import Filters
from dashboard.data.queries.summary import gemeenten_involved
from tests.page_text import card, texts
from tests.signing_in import signed_in
from tests.test_drill_down import call

DRENTHE = "?stand=2007-11-30&provincie=Drenthe"


def overzicht(app, search: str) -> tuple[list, str]:
    """The Overzicht's cards and summary sentence for ``search``."""
    response = call(app, signed_in(app, "stuurgroep"), f"{ids.OVERZICHT_KPIS}.children",
                    {f"{ids.URL}.search": search, f"{ids.DATA_VERSION}.data": {"version": 1}})
    return response[ids.OVERZICHT_KPIS]["children"], " ".join(texts(response[ids.OVERZICHT_SUMMARY]["children"]))


def test_gemeenten_share_is_of_the_province(app, session):
    """Drenthe: 'N van 12' and N/12 as a percentage, as on the Kaart, not of all 443 gemeenten."""
    involved = gemeenten_involved(session, dt.date(2007, 11, 30), Filters(province="Drenthe"))
    cards, sentence = overzicht(app, DRENTHE)
    text = " ".join(card(cards, "kpi-gemeenten"))
    assert f"{involved} van 12" in text
    assert f"{round(100 * involved / 12)}% van de gemeenten in Drenthe" in text
    assert "443" not in text and "alle gemeenten" not in text
    assert f"{involved} van de 12 gemeenten in Drenthe" in sentence


def test_national_target_is_named_national_under_a_filter(app):
    """The target of 130 is 'landelijk', with no 'van het doel' share, and says the report has none per province."""
    cards, sentence = overzicht(app, DRENTHE)
    requests = " ".join(card(cards, "kpi-aanvragen"))
    assert "landelijk doel 130" in requests and "geen doel per provincie" in requests
    assert "van 130" not in requests and "van het doel" not in requests
    assert "landelijk doel 130" in sentence and "van het doel" not in sentence
    dagdelen = " ".join(card(cards, "kpi-dagdelen"))
    assert "landelijk budget 2.600" in dagdelen and "geen budget per provincie" in dagdelen
    assert "van 2.600" not in dagdelen


def test_other_filters_name_their_dimension(app):
    """An organisation filter: the share of gemeenten is of the country, and no target per organisation."""
    cards, _sentence = overzicht(app, "?stand=2007-11-30&organisatie=Zet")
    assert "geen doel per organisatie" in " ".join(card(cards, "kpi-aanvragen"))
    assert "van de gemeenten in Nederland" in " ".join(card(cards, "kpi-gemeenten"))


def test_unfiltered_keeps_the_target_share(app):
    """Without a filter the programme's own target is the denominator: '131 van 130', 'van het doel'."""
    cards, _sentence = overzicht(app, "?stand=2007-11-30")
    requests = " ".join(card(cards, "kpi-aanvragen"))
    assert "131 van 130" in requests and "101% van het doel" in requests
    assert "van 443" in " ".join(card(cards, "kpi-gemeenten"))
    assert "van 2.600 dagdelen" in " ".join(card(cards, "kpi-dagdelen"))
