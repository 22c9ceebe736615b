"""The request lifecycle: which status may follow which, enforced on every change.

received → intake → (waitlist) → running → work_finished → completed, or
withdrawn / rejected with a reason before the work is done. A transition that
skips a step or goes backwards raises ``TransitionError`` with a Dutch message.
"""

from __future__ import annotations

import datetime as dt

from dashboard.data.schema.models import STATUS_DATE_ATTRIBUTE, Request, Status, StatusChange

STATUS_LABELS: dict[Status, str] = {
    Status.RECEIVED: "ontvangen",
    Status.INTAKE: "intake",
    Status.WAITLIST: "wachtlijst",
    Status.RUNNING: "lopend",
    Status.WORK_FINISHED: "werk klaar",
    Status.COMPLETED: "afgerond",
    Status.WITHDRAWN: "teruggetrokken",
    Status.REJECTED: "afgewezen",
}

ALLOWED: dict[Status, frozenset[Status]] = {
    Status.RECEIVED: frozenset({Status.INTAKE, Status.WITHDRAWN, Status.REJECTED}),
    Status.INTAKE: frozenset({Status.WAITLIST, Status.RUNNING, Status.WITHDRAWN, Status.REJECTED}),
    Status.WAITLIST: frozenset({Status.RUNNING, Status.WITHDRAWN, Status.REJECTED}),
    Status.RUNNING: frozenset({Status.WORK_FINISHED, Status.WITHDRAWN}),
    Status.WORK_FINISHED: frozenset({Status.COMPLETED}),
    Status.COMPLETED: frozenset(),
    Status.WITHDRAWN: frozenset(),
    Status.REJECTED: frozenset(),
}

NEEDS_REASON = frozenset({Status.WITHDRAWN, Status.REJECTED})


class TransitionError(ValueError):
    """A status change that the lifecycle does not allow."""


def check_transition(current: Status, new: Status, reason: str | None = None) -> None:
    """Raise ``TransitionError`` unless ``current`` may be followed by ``new``."""
    if new not in ALLOWED[current]:
        allowed = ", ".join(sorted(STATUS_LABELS[s] for s in ALLOWED[current])) or "geen (eindstatus)"
        raise TransitionError(
            f"Statusovergang van '{STATUS_LABELS[current]}' naar '{STATUS_LABELS[new]}' is niet toegestaan; "
            f"toegestaan vanuit '{STATUS_LABELS[current]}': {allowed}."
        )
    if new in NEEDS_REASON and not (reason and reason.strip()):
        raise TransitionError(f"Status '{STATUS_LABELS[new]}' vraagt om een reden.")


def change_status(request: Request, new: Status, on: dt.date, reason: str | None = None) -> StatusChange:
    """Move ``request`` to ``new`` on date ``on``, recording the change in its history.

    Also keeps the request's status dates and the trajectory's milestone dates in step with the history.
    """
    check_transition(request.status, new, reason)
    last = request.history[-1].changed_on if request.history else request.received_on
    if on < last:
        raise TransitionError(
            f"Datum {on.isoformat()} ligt vóór de vorige statuswijziging ({last.isoformat()}); "
            "de statusgeschiedenis kan niet terug in de tijd."
        )
    change = StatusChange(status=new, changed_on=on, reason=reason)
    request.history.append(change)
    request.status = new
    setattr(request, STATUS_DATE_ATTRIBUTE[new], on)
    if new in NEEDS_REASON:
        request.status_reason = reason
    trajectory = request.trajectory
    if trajectory is not None:
        if new is Status.RUNNING:
            trajectory.started_on = on
        elif new is Status.WORK_FINISHED:
            trajectory.work_finished_on = on
        elif new is Status.COMPLETED:
            trajectory.completed_on = on
    return change


def open_request(request: Request) -> StatusChange:
    """Record the first status, 'received', of a new request on its received date."""
    if request.history:
        raise TransitionError("Deze aanvraag heeft al een statusgeschiedenis.")
    change = StatusChange(status=Status.RECEIVED, changed_on=request.received_on)
    request.history.append(change)
    request.status = Status.RECEIVED
    return change
