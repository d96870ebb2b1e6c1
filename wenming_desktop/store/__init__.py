"""Persistence: SQLAlchemy models, the SQLite connection discipline, migrations."""
