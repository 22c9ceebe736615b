"""A presentation shows only aggregates, whoever is signed in, through the real Dash endpoint: the page layout
a projectleider receives with ``weergave=presentatie`` holds no reserved section, and reserved outputs come as
the notice, as they do for the stuurgroep; the same projectleider without presentation gets everything."""

from __future__ import annotations

import pytest

from dashboard import ids
from dashboard.auth.callbacks import RESERVED_NOTICE
from tests.page_text import texts
from tests.signing_in import signed_in
from tests.test_drill_down import call


@pytest.fixture
def leader(app):
    """A client signed in as projectleiding."""
    return signed_in(app, "projectleiding")


def layout_texts(app, client, path: str, search: str) -> list[str]:
    """The texts of the layout Dash pages renders for ``path?search``."""
    response = call(app, client, "_pages_content.children",
                    {"_pages_location.pathname": path, "_pages_location.search": search})
    return texts(response["_pages_content"]["children"])


def advisors(app, client, search: str) -> list[str]:
    """The texts of the CMO's page's advisor list (reserved for projectleiding) for ``search``."""
    response = call(app, client, f"{ids.CMOS_ADVISORS}.children",
                    {f"{ids.URL}.search": search, f"{ids.DATA_VERSION}.data": {"version": 1}})
    return texts(response[ids.CMOS_ADVISORS]["children"])


@pytest.mark.parametrize("path", ["/cmos", "/evaluaties"])
@pytest.mark.parametrize("view", ["presentatie", "presentatie-donker"])
def test_a_presented_page_holds_no_reserved_section_for_projectleiding(app, leader, path, view):
    assert "Voor projectleiding" in layout_texts(app, leader, path, "?stand=2007-11-30")
    assert "Voor projectleiding" not in layout_texts(app, leader, path, f"?stand=2007-11-30&weergave={view}")


def test_a_presentation_receives_reserved_outputs_as_the_notice(app, leader):
    shown = advisors(app, leader, "?stand=2007-11-30")
    assert RESERVED_NOTICE not in shown and len(shown) > 10
    assert advisors(app, leader, "?stand=2007-11-30&weergave=presentatie") == [RESERVED_NOTICE]
    assert RESERVED_NOTICE not in advisors(app, leader, "?stand=2007-11-30&weergave=licht")
