"""The Evaluaties page in a browser: the report's figures, hidden small groups, remark search, remarks as text, axe."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from dashboard.data.schema import db
from dashboard.data.sources.loader import load_demo
from dashboard.data.schema.models import Evaluation, Trajectory
from tests.browser.conftest import serious_violations

pytestmark = pytest.mark.browser

HOSTILE_REMARK = "<script>window.__xss=1</script><b>vet</b>"


def open_evaluaties(page, query: str = "?stand=2008-03-04"):
    """Open the Evaluaties page and wait until the cards and the first chart are drawn."""
    page.goto(page.base_url + "/evaluaties" + query)
    page.locator("#kpi-evaluatie-formulieren .kpi-value").wait_for()
    page.locator("#evaluaties-aspects .main-svg").first.wait_for()


def test_the_report_figures_charts_and_lists(page):
    open_evaluaties(page)
    assert page.locator("#kpi-evaluatie-formulieren .kpi-value").inner_text() == "67 van 114"
    assert page.locator("#kpi-evaluatie-cijfer .kpi-value").inner_text() == "7,7"
    assert page.locator("#kpi-evaluatie-open .kpi-value").inner_text() == "47"
    for graph in ("aspects", "distribution", "by-organisation", "by-province", "by-applicant", "by-theme",
                  "by-month"):
        page.locator(f"#evaluaties-{graph} .scatterlayer .trace").first.wait_for()
    assert page.locator("#evaluaties-aspects .scatterlayer .point").count() == 5
    section = page.locator("#evaluaties-projectleiding")
    assert section.get_by_role("heading", name="Voor projectleiding", level=2).is_visible()
    assert page.locator("#evaluaties-low-marks tbody tr").count() == 3
    assert page.locator("#evaluaties-owed tbody tr").count() == 47
    page.get_by_text("5 opmerkingen per 4 mrt 2008").wait_for()
    page.wait_for_load_state("networkidle")
    assert page.watch.problems() == []
    assert serious_violations(page) == []


def test_remark_search(page):
    open_evaluaties(page)
    page.get_by_label("Zoeken in opmerkingen en gemeenten").fill("sparren")
    page.get_by_text("1 opmerking met ‘sparren’ per 4 mrt 2008").wait_for()
    remarks = page.locator("#evaluaties-remarks .remark-item")
    assert remarks.count() == 1 and "éénpitter" in remarks.inner_text() and "Huizen" in remarks.inner_text()
    page.get_by_label("Zoeken in opmerkingen en gemeenten").fill("geen-zo-woord")
    page.get_by_text("Geen opmerkingen met ‘geen-zo-woord’ per 4 mrt 2008.").wait_for()
    assert page.watch.problems() == []


def test_download_the_marks_per_aspect(page):
    open_evaluaties(page)
    card = page.locator(".chart-card", has=page.locator("#evaluaties-aspects"))
    with page.expect_download() as info:
        card.get_by_role("button", name="Download CSV").click()
    download = info.value
    assert download.suggested_filename == "avi130-evaluatie-aspecten-2008-03-04.csv"
    content = open(download.path(), encoding="utf-8").read()
    assert content.splitlines()[0] == ("aspect;formulieren;gemiddeld cijfer;95%-interval ondergrens;"
                                       "95%-interval bovengrens;opmerking")
    assert "Procesgang;67;7,29" in content
    assert page.watch.problems() == []


def test_small_groups_are_suppressed_for_the_stuurgroep(stuurgroep_page):
    page = stuurgroep_page
    open_evaluaties(page, "?stand=2008-03-04")
    assert "minder dan 5 formulieren: niet getoond" in page.locator("#evaluaties-by-province").inner_text()


def test_a_small_selection_shows_no_marks(stuurgroep_page):
    page = stuurgroep_page
    open_evaluaties(page, "?stand=2008-03-04&provincie=Drenthe")
    card = page.locator("#kpi-evaluatie-cijfer")
    card.get_by_text("1 formulier in deze selectie; minder dan 5: niet getoond").wait_for()
    assert page.locator("#kpi-evaluatie-cijfer .kpi-value").inner_text() == "–"
    assert page.locator("#evaluaties-aspects .scatterlayer .point").count() == 0
    assert not page.locator("#evaluaties-projectleiding").is_visible()  # not offered to the stuurgroep
    assert page.watch.problems() == []


def test_a_remark_is_shown_as_text_and_never_runs(browser, serve, signed_in_state, tmp_path):
    from dashboard.factory import create_app

    url = f"sqlite:///{tmp_path / 'xss.sqlite'}"
    engine = db.make_engine(url)
    load_demo(engine)
    with Session(engine) as session, session.begin():
        # A form with a low mark, so the remark shows in the low-marks list as well as among the remarks.
        form = session.execute(
            select(Evaluation.id).join(Trajectory, Trajectory.id == Evaluation.trajectory_id)
            .where(Evaluation.mark_presentation < 6).order_by(Trajectory.nr).limit(1)
        ).scalar_one()
        session.execute(update(Evaluation).where(Evaluation.id == form).values(remarks=HOSTILE_REMARK))
    engine.dispose()
    base = serve(create_app({"database_url": url, "load_demo_if_new": False}))

    context = browser.new_context(viewport={"width": 1366, "height": 768},
                                  storage_state=signed_in_state("projectleiding"))
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(base + "/evaluaties?stand=2008-03-04")
        page.locator("#evaluaties-remarks .remark").first.wait_for()
        remarks = page.locator("#evaluaties-remarks")
        remarks.get_by_text(HOSTILE_REMARK, exact=True).wait_for()
        page.locator("#evaluaties-low-marks").get_by_text(HOSTILE_REMARK, exact=True).wait_for()
        assert page.evaluate("window.__xss") is None
        assert page.locator("#evaluaties-projectleiding script").count() == 0
        assert page.locator("#evaluaties-projectleiding b").count() == 0
        page.get_by_label("Zoeken in opmerkingen en gemeenten").fill("<script>")
        page.get_by_text("1 opmerking met ‘<script>’ per 4 mrt 2008").wait_for()
        assert page.evaluate("window.__xss") is None
        assert errors == []
    finally:
        context.close()


BOXES = """graph => {
  const box = e => { const r = e.getBoundingClientRect(); return {text: e.textContent, left: r.left, top: r.top,
                                                                  right: r.right, bottom: r.bottom}; };
  const all = selector => [...document.querySelectorAll(`#${graph} ${selector}`)].map(box);
  return {subtitle: all('text.gtitle-subtitle'), labels: all('.annotation-text'), numbers: all('.textpoint text'),
          bars: all('.errorbar path'), lines: all('.shapelayer path')};
}"""


def overlap(a: dict, b: dict) -> bool:
    """Whether two boxes on the screen overlap."""
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


@pytest.mark.parametrize("graph", ["evaluaties-aspects", "evaluaties-by-applicant"])
def test_labels_sit_clear_of_the_subtitle_and_the_error_bars(page, graph):
    open_evaluaties(page)
    page.locator(f"#{graph} .errorbar path").first.wait_for()
    boxes = page.evaluate(BOXES, graph)
    (subtitle,), overall = boxes["subtitle"], [label for label in boxes["labels"] if label["text"].startswith("alle ")]
    assert len(overall) == 1 and not overlap(subtitle, overall[0])
    assert len(boxes["numbers"]) >= 2 and boxes["bars"]
    assert not [(number["text"], drawn) for number in boxes["numbers"] for drawn in boxes["bars"] + boxes["lines"]
                if overlap(number, drawn)]
