"""Users, their hashed passwords and the audit log: the only code that writes them."""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import ColumnElement, delete, func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from dashboard.data.schema.models import AuditEvent, Programme, Role, User, UserProgramme

MIN_PASSWORD_LENGTH = 10
MAX_NAME_LENGTH = 80
# A fixed hash to compare against when the name is unknown, so timing does not reveal which names exist.
_DUMMY_HASH = generate_password_hash("niet-een-echt-wachtwoord")


# What a change that takes away access is called in a refusal: the verb, and its past participle.
PAST = {"uitschakelen": "uitgeschakeld", "verwijderen": "verwijderd", "een andere rol geven": "gewijzigd",
        "tot enkele programma's beperken": "beperkt"}


class UserError(ValueError):
    """A user change that cannot be made; the message is Dutch."""


def _now() -> dt.datetime:
    """The current time in UTC."""
    return dt.datetime.now(dt.timezone.utc)


def _check_password(password: str) -> None:
    """Refuse passwords that are too short."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"Het wachtwoord moet minstens {MIN_PASSWORD_LENGTH} tekens lang zijn.")


def _role(role: Role | str) -> Role:
    """``role`` as a Role, or a Dutch refusal."""
    try:
        return Role(role)
    except ValueError:
        raise UserError(f"Onbekende rol '{role}'; kies uit {', '.join(r.value for r in Role)}.") from None


def _existing(session: Session, name: str) -> User:
    """The user called ``name``, or a Dutch refusal."""
    user = get_user(session, name)
    if user is None:
        raise UserError(f"Gebruiker '{name}' bestaat niet.")
    return user


def _may_lose_access(session: Session, user: User, actor: str, change: str) -> None:
    """Refuse ``change`` (Dutch, e.g. 'uitschakelen') of ``user``'s access when ``actor`` is that user, or when
    ``user`` is the last active projectleiding account (then nobody could manage users in the app)."""
    if user.name == actor:
        raise UserError(f"U kunt uw eigen account niet {change}; vraag dat aan een andere projectleider.")
    if _manages_users(session, user) and active_leaders(session) <= 1:
        raise UserError(f"'{user.name}' is het laatste actieve account van de projectleiding en kan niet worden "
                        f"{PAST[change]}; maak eerst een ander projectleidingsaccount aan.")


def _unlimited(user_id) -> ColumnElement[bool]:
    """A condition: the user ``user_id`` may see every programme (has no programme of their own)."""
    return ~select(UserProgramme.user_id).where(UserProgramme.user_id == user_id).exists()


def _manages_users(session: Session, user: User) -> bool:
    """Whether ``user`` can manage users in the app: an active projectleiding account that sees every programme."""
    return (user.role is Role.PROJECTLEIDING and not user.disabled
            and session.execute(select(_unlimited(user.id))).scalar_one())


def active_leaders(session: Session) -> int:
    """How many projectleiding accounts can sign in and manage users (they see every programme)."""
    return session.execute(select(func.count(User.id)).where(User.role == Role.PROJECTLEIDING,
                                                             User.disabled.is_(False),
                                                             _unlimited(User.id))).scalar_one()


def _programme_ids(session: Session, slugs: list[str] | tuple[str, ...]) -> list[int]:
    """The ids of the programmes ``slugs`` (each once), or a Dutch refusal naming the unknown ones."""
    known = {slug: id_ for slug, id_ in session.execute(select(Programme.slug, Programme.id))}
    unknown = [slug for slug in slugs if slug not in known]
    if unknown:
        raise UserError(f"Onbekend programma: {', '.join(unknown)}; bekende programma's: "
                        f"{', '.join(sorted(known)) or 'geen'}.")
    return sorted({known[slug] for slug in slugs})


def user_and_programmes(session: Session, name: str) -> tuple[User, frozenset[str] | None] | None:
    """The user called ``name`` with the slugs of the programmes they may see (None: every programme), in one
    query (it runs on every request); None when there is no such user."""
    rows = session.execute(select(User, Programme.slug).select_from(User)
                           .outerjoin(UserProgramme, UserProgramme.user_id == User.id)
                           .outerjoin(Programme, Programme.id == UserProgramme.programme_id)
                           .where(User.name == name)).all()
    if not rows:
        return None
    slugs = frozenset(slug for _, slug in rows if slug)
    return rows[0][0], slugs or None


def programmes_by_user(session: Session) -> dict[int, list[str]]:
    """Per limited user's id, the slugs of the programmes they may see, sorted (users who see every programme are
    not in it)."""
    found: dict[int, list[str]] = {}
    for user_id, slug in session.execute(select(UserProgramme.user_id, Programme.slug)
                                         .join(Programme, Programme.id == UserProgramme.programme_id)
                                         .order_by(Programme.slug)):
        found.setdefault(user_id, []).append(slug)
    return found


def user_programmes(session: Session, user_id: int) -> frozenset[str] | None:
    """The slugs of the programmes the user may see; None: every programme (the user is not limited)."""
    slugs = session.execute(select(Programme.slug).join(UserProgramme, UserProgramme.programme_id == Programme.id)
                            .where(UserProgramme.user_id == user_id)).scalars().all()
    return frozenset(slugs) if slugs else None


def _describe(programmes: list[str] | tuple[str, ...]) -> str:
    """The programmes of a user in an audit line or message: their slugs, or 'alle programma's'."""
    return ", ".join(sorted(set(programmes))) if programmes else "alle programma's"


def set_programmes(session: Session, name: str, programmes: list[str] | tuple[str, ...], actor: str = "cli",
                   address: str = "") -> None:
    """Limit an existing user to the programmes ``programmes`` (slugs); none: every programme."""
    user = _existing(session, name)
    wanted = _programme_ids(session, programmes)
    if wanted:
        _may_lose_access(session, user, actor, "tot enkele programma's beperken")
    session.execute(delete(UserProgramme).where(UserProgramme.user_id == user.id))
    session.add_all(UserProgramme(user_id=user.id, programme_id=programme) for programme in wanted)
    record(session, actor, "programmas_gewijzigd", f"{name}: {_describe(programmes)}", address)


def add_user(session: Session, name: str, role: Role | str, password: str, demo: bool = False,
             actor: str = "cli", address: str = "", programmes: list[str] | tuple[str, ...] = ()) -> User:
    """Create a user with a hashed password, limited to the programmes ``programmes`` (slugs; none: all)."""
    name = name.strip()
    if not name:
        raise UserError("Een gebruiker heeft een naam nodig.")
    if len(name) > MAX_NAME_LENGTH:
        raise UserError(f"Een naam is hoogstens {MAX_NAME_LENGTH} tekens lang.")
    role = _role(role)
    _check_password(password)
    if session.execute(select(User.id).where(User.name == name)).first():
        raise UserError(f"Gebruiker '{name}' bestaat al.")
    wanted = _programme_ids(session, programmes)
    user = User(name=name, role=role, password_hash=generate_password_hash(password), demo=demo, created_at=_now())
    session.add(user)
    session.flush()
    session.add_all(UserProgramme(user_id=user.id, programme_id=programme) for programme in wanted)
    limited = f"; {_describe(programmes)}" if programmes else ""
    record(session, actor, "gebruiker_toegevoegd", f"{name} ({role.value}{limited})", address)
    return user


def set_password(session: Session, name: str, password: str, actor: str = "cli", address: str = "") -> None:
    """Give an existing user a new password."""
    _check_password(password)
    user = _existing(session, name)
    user.password_hash = generate_password_hash(password)
    record(session, actor, "wachtwoord_gewijzigd", name, address)


def set_role(session: Session, name: str, role: Role | str, actor: str = "cli", address: str = "") -> None:
    """Give an existing user another role (not one's own, and not away from the last projectleiding account)."""
    user, role = _existing(session, name), _role(role)
    if user.role is role:
        raise UserError(f"'{name}' heeft de rol {role.value} al.")
    _may_lose_access(session, user, actor, "een andere rol geven")
    record(session, actor, "rol_gewijzigd", f"{name}: {user.role.value} → {role.value}", address)
    user.role = role


def set_disabled(session: Session, name: str, disabled: bool, actor: str = "cli", address: str = "") -> None:
    """Disable a user (they can no longer sign in; their sessions end) or enable them again."""
    user = _existing(session, name)
    if user.disabled is disabled:
        raise UserError(f"'{name}' is al {'uitgeschakeld' if disabled else 'actief'}.")
    if disabled:
        _may_lose_access(session, user, actor, "uitschakelen")
    user.disabled = disabled
    record(session, actor, "gebruiker_uitgeschakeld" if disabled else "gebruiker_ingeschakeld", name, address)


def remove_user(session: Session, name: str, actor: str = "cli", address: str = "") -> None:
    """Delete a user (not oneself, and not the last active projectleiding account)."""
    user = _existing(session, name)
    _may_lose_access(session, user, actor, "verwijderen")
    session.execute(delete(UserProgramme).where(UserProgramme.user_id == user.id))
    session.execute(delete(User).where(User.name == name))
    record(session, actor, "gebruiker_verwijderd", name, address)


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
    """The user if ``password`` is theirs and they are not disabled, else None (taking the same time either way)."""
    user = get_user(session, name)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return user if check_password_hash(user.password_hash, password) and not user.disabled else None


def one_time_password() -> str:
    """A random password for a first start in production."""
    return secrets.token_urlsafe(18)


def record(session: Session, actor: str, event: str, detail: str = "", address: str = "") -> None:
    """Add a line to the audit log, in the caller's transaction."""
    session.add(AuditEvent(at=_now(), actor=actor[:80], event=event[:40], detail=detail[:500], address=address[:64]))


def audit_log(session: Session, limit: int = 500) -> list[AuditEvent]:
    """The newest audit lines first, at most ``limit``."""
    return list(session.execute(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)).scalars())
