"""Alembic environment: runs on a connection handed over by `apigen_cloud.migrate`."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from apigen_cloud.models import Base

connection = context.config.attributes.get("connection")
if not isinstance(connection, Connection):
    raise RuntimeError("run migrations with `apigen-cloud migrate`, not the alembic command")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
