"""Alembic environment: runs on the connection `store.engine.upgrade` hands over.

The application's models are imported only for `alembic revision --autogenerate` run by
hand (they are what a new migration is compared against); an upgrade needs none of the
application's code, and the migration scripts themselves use only their own tables.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

config = context.config


def _models_metadata():
    from store.models import Base

    return Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:  # `alembic` run by hand: -x url=...
        url = context.get_x_argument(as_dictionary=True).get("url", "sqlite:///data/pledges.sqlite")
        with create_engine(url).connect() as own:
            _run(own)
            own.commit()
        return
    _run(connection)


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=_models_metadata() if config.cmd_opts is not None else None,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
