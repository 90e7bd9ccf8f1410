"""Storage of the clinical record: SQLAlchemy 2 models, Alembic migrations, the
hash-chained audit log and the encryption of psychotherapy notes.

Only `notewell.services` uses this package; interfaces never touch it directly, so
every access rule stays in the service layer.
"""
