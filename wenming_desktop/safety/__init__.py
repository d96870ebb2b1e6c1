"""Keeping the clerk's records safe: verified backups, restore, integrity checks."""
