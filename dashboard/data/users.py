"""Users, their hashed passwords and the audit log: the only code that writes them."""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from dashboard.data.models import AuditEvent, Role, User

MIN_PASSWORD_LENGTH = 10
# A fixed hash to compare against when the name is unknown, so timing does not reveal which names exist.
_DUMMY_HASH = generate_password_hash("niet-een-echt-wachtwoord")


class UserError(ValueError):
    """A user change that cannot be made; the message is Dutch."""


def _now() -> dt.datetime:
    """The current time in UTC."""
    return dt.datetime.now(dt.timezone.utc)


def _check_password(password: str) -> None:
    """Refuse passwords that are too short."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"Het wachtwoord moet minstens {MIN_PASSWORD_LENGTH} tekens lang zijn.")


def add_user(session: Session, name: str, role: Role | str, password: str, demo: bool = False,
             actor: str = "cli") -> User:
    """Create a user with a hashed password."""
    name = name.strip()
    if not name:
        raise UserError("Een gebruiker heeft een naam nodig.")
    try:
        role = Role(role)
    except ValueError:
        raise UserError(f"Onbekende rol '{role}'; kies uit {', '.join(r.value for r in Role)}.") from None
    _check_password(password)
    if session.execute(select(User.id).where(User.name == name)).first():
        raise UserError(f"Gebruiker '{name}' bestaat al.")
    user = User(name=name, role=role, password_hash=generate_password_hash(password), demo=demo, created_at=_now())
    session.add(user)
    record(session, actor, "gebruiker_toegevoegd", f"{name} ({role.value})")
    return user


def set_password(session: Session, name: str, password: str, actor: str = "cli") -> None:
    """Give an existing user a new password."""
    _check_password(password)
    user = get_user(session, name)
    if user is None:
        raise UserError(f"Gebruiker '{name}' bestaat niet.")
    user.password_hash = generate_password_hash(password)
    record(session, actor, "wachtwoord_gewijzigd", name)


def remove_user(session: Session, name: str, actor: str = "cli") -> None:
    """Delete a user."""
    if session.execute(delete(User).where(User.name == name)).rowcount == 0:
        raise UserError(f"Gebruiker '{name}' bestaat niet.")
    record(session, actor, "gebruiker_verwijderd", name)


def get_user(session: Session, name: str) -> User | None:
    """The user called ``name``, if any."""
    return session.execute(select(User).where(User.name == name)).scalar_one_or_none()


def list_users(session: Session) -> list[User]:
    """All users by name."""
    return list(session.execute(select(User).order_by(User.name)).scalars())


def count_users(session: Session) -> int:
    """How many users exist."""
    return session.execute(select(func.count(User.id))).scalar_one()


def verify(session: Session, name: str, password: str) -> User | None:
    """The user if ``password`` is theirs, else None (taking the same time either way)."""
    user = get_user(session, name)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return user if check_password_hash(user.password_hash, password) else None


def one_time_password() -> str:
    """A random password for a first start in production."""
    return secrets.token_urlsafe(18)


def record(session: Session, actor: str, event: str, detail: str = "", address: str = "") -> None:
    """Add a line to the audit log, in the caller's transaction."""
    session.add(AuditEvent(at=_now(), actor=actor[:80], event=event[:40], detail=detail[:500], address=address[:64]))


def audit_log(session: Session, limit: int = 500) -> list[AuditEvent]:
    """The newest audit lines first, at most ``limit``."""
    return list(session.execute(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)).scalars())
