"""The clerk's ledger: work areas, entries, attachments, settings — no Qt here."""

from wenming_desktop.ledger.ledger import Ledger

__all__ = ["Ledger"]
