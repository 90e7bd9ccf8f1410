"""Storage of the clinical record: SQLAlchemy 2 models, Alembic migrations, the
hash-chained audit log, the encryption of psychotherapy notes, SQLCipher encryption of
the SQLite file, and the copies that back up and restore the whole database.

Only `notewell.services` uses this package; interfaces never touch it directly, so
every access rule stays in the service layer.
"""
