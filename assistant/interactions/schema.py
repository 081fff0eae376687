"""Tables of the interaction store (SQLAlchemy Core); migrations in ``migrations/versions`` create them."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Float, Integer, MetaData, String, Table, Text

metadata = MetaData()

# One row per /v1/ask or /v1/agent/suggest turn. Only redacted text; the session as a salted hash.
turns = Table(
    "turns", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False, index=True),
    Column("channel", String(16), nullable=False),
    Column("question", Text, nullable=False),  # redacted (assistant.redact)
    Column("status", String(24), nullable=False),
    Column("code", String(40)),  # procedure answered (or first suggestion); NULL when none
    Column("family", Text),  # kb.procedures.facets.family_key of its name
    Column("aspect", String(24), nullable=False),
    Column("choices", Text, nullable=False, default="[]"),  # JSON [[code, label], ...] offered
    Column("latency_ms", Float, nullable=False),
    Column("pipeline", String(80), nullable=False),
    Column("session", String(64), nullable=False, index=True),  # HMAC-SHA256(salt, session id)
)

# Thumbs from the citizen page, corrections from the agent console.
feedback = Table(
    "feedback", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False, index=True),
    Column("session", String(64), nullable=False, index=True),
    Column("rating", String(8), nullable=False),  # up | down
    Column("reason", String(40)),
    Column("correct_code", String(40)),
    Column("note", Text),  # redacted
    Column("by", String(80)),  # token name of the agent who corrected; NULL for citizens
)

# Human control (every change is a new row, never updated): pin an approved answer to a procedure
# family and aspect, or switch automatic answers off for a family or one procedure.
controls = Table(
    "controls", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("by", String(80), nullable=False),  # token name (or "cli:<user>")
    Column("action", String(8), nullable=False),  # pin | unpin | disable | enable
    Column("family", Text, nullable=False, default=""),  # family_key; "" when the scope is one code
    Column("code", String(40), nullable=False, default=""),  # procedure code; "" when the scope is a family
    Column("aspect", String(24), nullable=False, default=""),  # pins: the aspect answered; "" otherwise
    Column("answer", Text),  # the approved answer of a pin
    Column("note", Text),  # why (shown to the citizen when automatic answers are off)
)

# Store-wide values: the session-hash salt.
meta = Table(
    "meta", metadata,
    Column("key", String(40), primary_key=True),
    Column("value", Text, nullable=False),
)
