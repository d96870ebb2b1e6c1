"""Printed and exported documents (PDF through ReportLab, Word through python-docx)."""
