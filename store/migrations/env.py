"""Alembic environment: runs on the connection `store.engine.upgrade` hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from store.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:  # `alembic` run by hand: -x url=...
        url = context.get_x_argument(as_dictionary=True).get("url", "sqlite:///data/pledges.sqlite")
        with create_engine(url).connect() as own:
            _run(own)
            own.commit()
        return
    _run(connection)


def _run(connection) -> None:  # noqa: ANN001
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
