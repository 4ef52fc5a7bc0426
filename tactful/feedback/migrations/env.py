"""Alembic environment: runs on the connection tactful hands over (`tactful.feedback.db.upgrade`)."""
from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    if connection.dialect.name == "postgresql":
        # Two processes upgrading at once: the second waits, then finds nothing left to do.
        connection.exec_driver_sql("SELECT pg_advisory_xact_lock(7310112)")
    context.run_migrations()
