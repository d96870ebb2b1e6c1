"""Data in and out of the ledger: Excel workbooks and exchange packages between PCs."""
