"""The JSON API: the same numbers as the pages and the CLI, and Dutch errors."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from dashboard.commands.main import main
from tests.signing_in import signed_in


@pytest.fixture
def client(app):
    return signed_in(app)


def test_summary_equals_the_stats_command(client, capsys, database_url):
    response = client.get("/api/v1/summary?as_of=2007-11-30")
    assert response.status_code == 200
    assert main(["--database", database_url, "stats", "--as-of", "2007-11-30"]) == 0
    body = response.get_json()
    assert body["evaluations"].pop("suppressed") is False
    assert body == json.loads(capsys.readouterr().out)


def test_summary_with_filters(client):
    body = client.get("/api/v1/summary?as_of=2008-03-04&province=Limburg").get_json()
    assert body["trajectories"]["started"] == 11


# June 2006 to March 2008; the Monday weeks from 29 May 2006 to 3 March 2008.
@pytest.mark.parametrize("freq,periods", [("month", 22), ("week", (dt.date(2008, 3, 3) - dt.date(2006, 5, 29)).days // 7 + 1)])
def test_timeline(client, freq, periods):
    body = client.get(f"/api/v1/timeline?as_of=2008-03-04&freq={freq}").get_json()
    assert body["freq"] == freq and body["target"] == 130
    assert len(body["periods"]) == periods
    last = body["periods"][-1]
    assert (last["received_cum"], last["started_cum"], last["completed_cum"]) == (131, 114, 114)
    assert body["periods"][0]["period_start"].startswith("2006-0")


def test_timeline_at_end_of_november_2007(client):
    last = client.get("/api/v1/timeline?as_of=2007-11-30").get_json()["periods"][-1]
    assert last["label"] == "nov 2007"
    assert last["completed_cum"] == 46
    assert last["in_progress"] + last["work_done_admin_open"] == 68


@pytest.mark.parametrize("query,message", [
    ("/api/v1/summary?as_of=2007-13-01", "geen geldige datum"),
    ("/api/v1/timeline?freq=jaar", "onbekend"),
])
def test_bad_parameters(client, query, message):
    response = client.get(query)
    assert response.status_code == 400
    assert message in response.get_json()["error"]
