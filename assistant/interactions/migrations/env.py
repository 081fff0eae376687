"""Alembic environment: runs on the connection the store passes (``config.attributes["connection"]``)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from assistant.interactions.schema import metadata

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # `alembic -x url=...` from a shell
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("give the database: alembic -x url=sqlite:///var/interactions.sqlite upgrade head")
    with create_engine(url).begin() as conn:
        context.configure(connection=conn, target_metadata=metadata)
        with context.begin_transaction():
            context.run_migrations()
else:
    context.configure(connection=connection, target_metadata=metadata)
    with context.begin_transaction():
        context.run_migrations()
