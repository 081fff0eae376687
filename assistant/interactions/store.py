"""The interaction store over any SQLAlchemy URL: embedded SQLite (WAL) by default, PostgreSQL in production."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, delete, event, func, insert, select
from sqlalchemy.engine import make_url

from assistant.interactions.schema import feedback, meta, turns

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
Row = Mapping[str, Any]


def as_utc(dt: datetime) -> datetime:
    """An aware datetime in UTC: SQLite keeps naive UTC text, so every bound time must be UTC."""
    if dt.tzinfo is None:
        raise ValueError("naive datetime: give a timezone")
    return dt.astimezone(UTC)


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite files get their folder, WAL, a busy timeout and NORMAL sync, so
    several worker processes can write to one file while analytics read it."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 10})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_con: Any, _record: Any) -> None:
        cur = dbapi_con.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA busy_timeout=10000")
        cur.close()

    return engine


def alembic_config() -> Config:
    """Alembic configuration pointing at our migration scripts."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


class InteractionStore:
    """Reads and writes turns and feedback; ``migrate()`` brings the schema to the latest revision."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)

    @property
    def backend(self) -> str:
        """``sqlite`` or ``postgresql`` (the SQLAlchemy dialect name)."""
        return self.engine.dialect.name

    def migrate(self) -> None:
        """Run Alembic migrations up to head (idempotent)."""
        cfg = alembic_config()
        with self.engine.begin() as con:
            cfg.attributes["connection"] = con
            command.upgrade(cfg, "head")

    def revision(self) -> str | None:
        """The schema revision the database is at (None before the first migration)."""
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as con:
            return MigrationContext.configure(con).get_current_revision()

    def salt(self) -> str:
        """The store's session-hash salt, created once (random, 32 bytes hex)."""
        with self.engine.begin() as con:
            found = con.execute(select(meta.c.value).where(meta.c.key == "session_salt")).scalar()
            if found:
                return str(found)
            value = secrets.token_hex(32)
            con.execute(insert(meta).values(key="session_salt", value=value))
            return value

    def add_turns(self, rows: list[dict[str, Any]]) -> None:
        """Insert turns (one transaction)."""
        if rows:
            with self.engine.begin() as con:
                con.execute(insert(turns), rows)

    def add_feedback(self, row: dict[str, Any]) -> None:
        """Insert one feedback row."""
        with self.engine.begin() as con:
            con.execute(insert(feedback).values(**row))

    def turns(self, start: datetime, end: datetime, channel: str | None = None) -> list[Row]:
        """Turns with ``start <= at < end`` (of one channel when given), oldest first."""
        start, end = as_utc(start), as_utc(end)
        q = select(turns).where(turns.c.at >= start, turns.c.at < end).order_by(turns.c.at, turns.c.id)
        if channel:
            q = q.where(turns.c.channel == channel)
        with self.engine.connect() as con:
            return [dict(r) for r in con.execute(q).mappings()]

    def feedback(self, start: datetime, end: datetime) -> list[Row]:
        """Feedback with ``start <= at < end``, oldest first."""
        start, end = as_utc(start), as_utc(end)
        q = select(feedback).where(feedback.c.at >= start, feedback.c.at < end).order_by(feedback.c.at)
        with self.engine.connect() as con:
            return [dict(r) for r in con.execute(q).mappings()]

    def last_turn(self, session: str, before: datetime) -> Row | None:
        """The latest turn of a (hashed) session at or before ``before``."""
        q = (select(turns).where(turns.c.session == session, turns.c.at <= as_utc(before))
             .order_by(turns.c.at.desc(), turns.c.id.desc()).limit(1))
        with self.engine.connect() as con:
            row = con.execute(q).mappings().first()
        return dict(row) if row else None

    def corrections(self) -> list[Row]:
        """Feedback rows that name the right procedure (agent corrections), oldest first."""
        q = select(feedback).where(feedback.c.correct_code.is_not(None)).order_by(feedback.c.at)
        with self.engine.connect() as con:
            return [dict(r) for r in con.execute(q).mappings()]

    def count(self) -> int:
        """Turns stored."""
        with self.engine.connect() as con:
            return int(con.execute(select(func.count()).select_from(turns)).scalar_one())

    def purge(self, before: datetime) -> dict[str, int]:
        """Delete turns and feedback older than ``before``; how many of each went."""
        before = as_utc(before)
        with self.engine.begin() as con:
            t = con.execute(delete(turns).where(turns.c.at < before)).rowcount
            f = con.execute(delete(feedback).where(feedback.c.at < before)).rowcount
        return {"turns": int(t or 0), "feedback": int(f or 0)}

    def close(self) -> None:
        """Release pooled connections."""
        self.engine.dispose()


def as_rows(items: Iterable[Row]) -> list[dict[str, Any]]:
    """Plain dicts (for JSON/CSV output)."""
    return [dict(i) for i in items]
