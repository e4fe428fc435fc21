"""Accounts: the first owner, users and roles, argon2 passwords, failed logins locked per address, login sessions."""

from __future__ import annotations

import hmac

import re
import secrets
from datetime import datetime, timedelta
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from elicit.adapters import store
from elicit.core.access import Actor, Role
from elicit.core.errors import ElicitError
from elicit.adapters.store import Db

HASHER = PasswordHasher()
MIN_PASSWORD = 10
FREE_FAILURES = 3
"""Failed logins one client address may make at one email before each further one locks it for a growing while."""
FREE_ADDRESS_FAILURES = 20
"""Failed logins one client address may make in all (at any emails) before it is locked the same way."""
MAX_LOCK = timedelta(minutes=15)
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
REFUSED = ("the email or the password is wrong, or there were too many attempts; check both and try again "
           "in a few minutes")
"""One message for every refused sign-in: it never says whether an email has an account or is locked."""
# A hash to verify against when the email is unknown or the attempt is refused, so every refusal costs the
# same time as a wrong password.
_DUMMY_HASH = HASHER.hash("not a password of anyone")


OWNER_EXISTS = "an owner already exists; sign in, and ask the owner for an account"


class AccountError(ElicitError):
    """An account could not be created or signed in; the message says why and what to do."""


def lock_for(failures: int, free: int = FREE_FAILURES) -> timedelta:
    """How long a key is locked after this many failed logins in a row: doubling, up to a ceiling."""
    if failures <= free:
        return timedelta(0)
    return min(timedelta(seconds=2 ** min(failures - free, 20) * 5), MAX_LOCK)


def _throttle_keys(client: str, email: str) -> tuple[str, str]:
    """What failures are counted under: the client address alone, and the address with the email typed.

    Locking per address and email (not per email alone) means a stranger's guesses lock the stranger out,
    never the account's owner signing in from elsewhere.
    """
    return f"address:{client}", f"address:{client}|email:{store.clean(email).lower()}"


def _check_new(email: str, name: str, password: str) -> None:
    if not EMAIL.match(email.strip()):
        raise AccountError(f"{email!r} is not an email address; use the form name@example.com")
    if not name.strip():
        raise AccountError("the name is empty; write the person's name")
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password has {len(password)} characters; use at least {MIN_PASSWORD}")


def setup_code_in(path: Path) -> str:
    """The first-start code kept in `path` (written, readable by this user only, when there is none yet): the
    server checks the setup form against it, `elicit setup-code` replaces it, both on the same machine."""
    try:
        code = path.read_text(encoding="utf-8").strip()
    except OSError:
        code = ""
    return code or fresh_setup_code(path)


def fresh_setup_code(path: Path) -> str:
    """A new first-start code in `path`, replacing any before it (the old one stops working at once)."""
    code = secrets.token_urlsafe(18)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    temporary.touch(mode=0o600)
    temporary.write_text(code + "\n", encoding="utf-8")
    temporary.replace(path)
    return code


def needs_owner(*, db: Db) -> bool:
    """True on the first start: nobody can sign in until the owner account exists."""
    return store.count_accounts(db=db) == 0


def create_owner(*, db: Db, email: str, name: str, password: str) -> store.AccountRecord:
    """The first account, the owner: checked and created in one locked write, so only one setup ever wins."""
    _check_new(email, name, password)
    if not needs_owner(db=db):
        raise AccountError(OWNER_EXISTS)
    account = store.create_first_owner(db=db, email=email, name=name, password_hash=HASHER.hash(password))
    if account is None:
        raise AccountError(OWNER_EXISTS)
    return account


def create_user(*, db: Db, email: str, name: str, password: str, role: Role, team_id: str | None = None
                ) -> store.AccountRecord:
    _check_new(email, name, password)
    if store.find_account(db=db, email=email) is not None:
        raise AccountError(f"{email.strip().lower()} already has an account; use another address")
    return store.create_account(db=db, email=email, name=name, role=Role(role).value,
                                password_hash=HASHER.hash(password), team_id=team_id)


def invite_user(*, db: Db, email: str, name: str, role: Role, team_id: str | None = None
                ) -> tuple[store.AccountRecord, str]:
    """An account whose person sets their own password on a link (returned), valid 14 days, used once.

    Until then no password opens it: it holds the hash of a random secret nobody knows.
    """
    account = create_user(db=db, email=email, name=name, password=secrets.token_urlsafe(32), role=role,
                          team_id=team_id)
    return account, store.start_welcome(db=db, account_id=account.id)


def set_own_password(*, db: Db, token: str, password: str) -> tuple[store.AccountRecord, str]:
    """Set the password of the account a welcome link opens; the link stops working. Returns a session token."""
    account = store.account_for_welcome(db=db, token=token)
    if account is None:
        raise AccountError("this link is not valid any more (it was used, or is older than 14 days); "
                           "ask the owner for a new one")
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password has {len(password)} characters; use at least {MIN_PASSWORD}")
    store.update_account(db=db, account_id=account.id, password_hash=HASHER.hash(password), welcome_hash=None,
                         welcome_expires_at=None)
    return account, store.start_login_session(db=db, account_id=account.id)


def sign_in(*, db: Db, email: str, password: str, client: str = "", now: datetime | None = None
            ) -> tuple[store.AccountRecord, str]:
    """Check the password and start a login session; returns the account and the session token for the cookie."""
    account = verify(db=db, email=email, password=password, client=client, now=now)
    return account, store.start_login_session(db=db, account_id=account.id)


def verify(*, db: Db, email: str, password: str, client: str = "", now: datetime | None = None) -> store.AccountRecord:
    """The active account these credentials open, from this client address; refusals count towards its locks.

    The attempt is counted before the password is checked, in the same write as the lock check, so
    parallel guesses are each counted and none gets past a lock. Every refusal, for an unknown email, a
    wrong password or a lock, says the same and takes the same time.
    """
    address, pair = _throttle_keys(client, email)
    admitted = store.claim_login_attempt(db=db, keys={address: FREE_ADDRESS_FAILURES, pair: FREE_FAILURES},
                                         lock_for=lock_for, now=now)
    account = store.find_account(db=db, email=email)
    if not _password_matches(account if admitted else None, password):
        raise AccountError(REFUSED)
    store.forgive_login_attempt(db=db, clear=[pair], undo=[address])
    if not account.active:
        raise AccountError("this account is switched off; ask the owner to switch it on")
    return account


def _password_matches(account: store.AccountRecord | None, password: str) -> bool:
    try:
        return HASHER.verify(account.password_hash if account else _DUMMY_HASH, password) and account is not None
    except (VerificationError, InvalidHashError):
        return False


def actor_for(account: store.AccountRecord | None) -> Actor:
    """The access-control actor of a signed-in account (nobody when None)."""
    if account is None:
        return Actor()
    return Actor(user_id=account.id, role=Role(account.role), team_id=account.team_id)


Account = store.AccountRecord
SESSION_DAYS = store.SESSION_DAYS


def signed_in(*, db: Db, token: str | None, idle: timedelta, email: str | None = None) -> Account | None:
    """Who a request is: the account of its session token, else of a single sign-on email the owner has added."""
    if token:
        return store.account_for_session(db=db, token=token, idle=idle)
    account = store.find_account(db=db, email=email) if email else None
    return account if account is not None and account.active else None


def set_up_owner(*, db: Db, code: str, expected: str, client: str, free: int, email: str, name: str,
                 password: str, wrong: str) -> str:
    """Check the setup code (wrong ones count towards a lock on the address), create the owner, sign them in."""
    key = {f"setup:{client}": free}
    admitted = store.claim_login_attempt(db=db, keys=key, lock_for=lock_for)
    typed = code.strip()
    if not admitted or not typed or not hmac.compare_digest(typed.encode(), expected.encode()):
        raise AccountError(wrong)
    store.forgive_login_attempt(db=db, clear=list(key), undo=[])
    account = create_owner(db=db, email=email, name=name, password=password)
    return store.start_login_session(db=db, account_id=account.id)


def sign_out(*, db: Db, token: str) -> None:
    store.end_login_session(db=db, token=token)


def welcome_account(*, db: Db, token: str) -> Account | None:
    """The account a welcome link is for, while the link is live."""
    return store.account_for_welcome(db=db, token=token)
