"""The status lifecycle refuses steps that skip ahead, go back, or lack a reason."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.data.schema.lifecycle import TransitionError, change_status, check_transition, open_request
from dashboard.data.schema.models import ApplicantType, Channel, Request, Status

S = Status
ALLOWED_PATHS = [
    [S.INTAKE, S.RUNNING, S.WORK_FINISHED, S.COMPLETED],
    [S.INTAKE, S.WAITLIST, S.RUNNING, S.WORK_FINISHED, S.COMPLETED],
    [S.INTAKE, S.WAITLIST, S.WITHDRAWN],
    [S.REJECTED],
]
REFUSED = [
    (S.RECEIVED, S.RUNNING), (S.RECEIVED, S.COMPLETED), (S.INTAKE, S.WORK_FINISHED), (S.RUNNING, S.INTAKE),
    (S.WORK_FINISHED, S.RUNNING), (S.COMPLETED, S.RUNNING), (S.WITHDRAWN, S.INTAKE), (S.REJECTED, S.RUNNING),
    (S.RUNNING, S.COMPLETED), (S.WAITLIST, S.INTAKE), (S.COMPLETED, S.WITHDRAWN),
]


def new_request() -> Request:
    request = Request(received_on=dt.date(2006, 10, 5), applicant_type=ApplicantType.GEMEENTE, channel=Channel.MAILING)
    open_request(request)
    return request


@pytest.mark.parametrize("path", ALLOWED_PATHS)
def test_allowed_paths(path):
    request = new_request()
    for day, status in enumerate(path, start=6):
        change_status(request, status, dt.date(2006, 10, day), reason="reden" if status in (S.WITHDRAWN, S.REJECTED)
                      else None)
    assert request.status is path[-1]
    assert [c.status for c in request.history] == [S.RECEIVED, *path]


@pytest.mark.parametrize("current,new", REFUSED)
def test_refused_transitions(current, new):
    with pytest.raises(TransitionError, match="niet toegestaan"):
        check_transition(current, new, reason="reden")


@pytest.mark.parametrize("status", [S.WITHDRAWN, S.REJECTED])
def test_withdrawal_needs_a_reason(status):
    request = new_request()
    with pytest.raises(TransitionError, match="reden"):
        change_status(request, status, dt.date(2006, 10, 9), reason=" ")
    assert request.status is S.RECEIVED
    assert len(request.history) == 1


def test_history_cannot_go_back_in_time():
    request = new_request()
    change_status(request, S.INTAKE, dt.date(2006, 10, 10))
    with pytest.raises(TransitionError, match="vóór de vorige statuswijziging"):
        change_status(request, S.RUNNING, dt.date(2006, 10, 9))
    assert request.status is S.INTAKE


def test_reconstruction_histories_follow_the_lifecycle(session):
    from sqlalchemy import select

    requests = session.execute(select(Request)).scalars().all()
    assert len(requests) == 131
    for request in requests:
        statuses = [c.status for c in request.history]
        assert statuses[0] is S.RECEIVED
        for current, new in zip(statuses, statuses[1:]):
            check_transition(current, new, reason="x")
        dates = [c.changed_on for c in request.history]
        assert dates == sorted(dates)
        assert request.status is statuses[-1]
