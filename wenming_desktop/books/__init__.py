"""The ledger's books: work areas, entries, settings, statistics — read and written in short
transactions, returning plain records. No Qt, and light to import: ``books.records`` is read
by the window's frame before SQLAlchemy is loaded."""
