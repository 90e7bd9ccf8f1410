"""The command line's signed-in sessions: one file per user you signed in as, per
store, in a folder only you can read (0700; files 0600, created exclusively).

A file holds the session's token and secret; the store holds the token's hash and the
author's keys wrapped under that secret. `--as NAME` or $NOTEWELL_USER chooses among
the sessions this OS account holds; it never selects a user you did not sign in as.
"""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from notewell.core.errors import NotewellError

if TYPE_CHECKING:
    from notewell.services.auth import SignedIn
    from notewell.services.context import Context
    from notewell.store.database import Database

SESSION_DIR_ENV = "NOTEWELL_SESSION_DIR"
CURRENT = "current"
USER_ENV = "NOTEWELL_USER"

AsUser = Annotated[
    str | None,
    typer.Option(
        "--as",
        help=f"Which of your signed-in users acts (default: ${USER_ENV}, `user:` in "
        "config.yaml, or your last `notewell login`). It selects; it proves nothing.",
    ),
]


def acting_user(as_user: str | None) -> str | None:
    """Which signed-in user to act as; None: the last one signed in on this account."""
    if as_user:
        return as_user
    if os.environ.get(USER_ENV):
        return os.environ[USER_ENV]
    return _configured_user()


def _configured_user() -> str | None:
    from platformdirs import user_config_dir

    path = Path(user_config_dir("notewell")) / "config.yaml"
    if not path.is_file():
        return None
    import yaml

    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except (OSError, yaml.YAMLError):
        raise NotewellError(f"{path}: cannot read the configuration") from None
    user = data.get("user") if isinstance(data, dict) else None
    return str(user) if user else None


def open_context(as_user: str | None) -> Context:
    """The acting user as proven by one of this OS account's signed-in sessions."""
    from notewell.services.context import default_origin
    from notewell.store.database import open_database

    db = open_database()
    db.require_current_schema()
    return resume_context(db, acting_user(as_user), default_origin())


def session_root() -> Path:
    configured = os.environ.get(SESSION_DIR_ENV)
    if configured:
        return Path(configured)
    from platformdirs import user_state_dir

    return Path(user_state_dir("notewell", appauthor=False)) / "sessions"


def _store_folder(db: Database) -> Path:
    from notewell.services.auth import store_id

    return session_root() / store_id(db)


def save_session(db: Database, signed: SignedIn) -> Path:
    from notewell.store.files import private_dir, write_private_file

    folder = _store_folder(db)
    private_dir(folder)
    username = signed.context.username
    body = json.dumps(
        {
            "user": username,
            "token": signed.token,
            "secret": base64.b64encode(signed.secret).decode(),
        }
    )
    path = folder / f"{username}.json"
    write_private_file(path, body)  # 0600, created exclusively; a planted symlink refused
    write_private_file(folder / CURRENT, username)
    return path


def _read(path: Path) -> dict[str, str] | None:
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise NotewellError(f"{path}: unreadable session file ({exc})") from None
    return data if isinstance(data, dict) else None


def chosen_user(db: Database, wanted: str | None) -> str | None:
    if wanted:
        return wanted
    try:
        return (_store_folder(db) / CURRENT).read_text("utf-8").strip() or None
    except FileNotFoundError:
        return None


def resume_context(db: Database, wanted: str | None, origin: str) -> Context:
    """The context of a session this OS account holds, for `wanted` or the current user."""
    from notewell.services.auth import resume

    username = chosen_user(db, wanted)
    if username is None:
        raise NotewellError("not signed in: run `notewell login NAME` first")
    data = _read(_store_folder(db) / f"{os.path.basename(username)}.json")
    if data is None or data.get("user") != username:
        raise NotewellError(
            f"not signed in as {username}: run `notewell login {username}` "
            "(--as and NOTEWELL_USER choose among your own sign-ins; they prove nothing)"
        )
    try:
        secret = base64.b64decode(data["secret"])
        token = str(data["token"])
    except (KeyError, ValueError):
        raise NotewellError(f"the session file of {username} is damaged: sign in again") from None
    try:
        return resume(db, token, secret, origin)
    except NotewellError:
        forget_session(db, username)
        raise


def forget_session(db: Database, username: str) -> str | None:
    """Delete the file; returns its token (to end the session in the store too)."""
    folder = _store_folder(db)
    path = folder / f"{os.path.basename(username)}.json"
    data = _read(path)
    path.unlink(missing_ok=True)
    current = folder / CURRENT
    try:
        if current.read_text("utf-8").strip() == username:
            current.unlink()
    except FileNotFoundError:
        pass
    return str(data["token"]) if data and "token" in data else None
