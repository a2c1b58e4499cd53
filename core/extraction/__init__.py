"""Extraction of any PDF: text, tables, typed fields, tags and schema-driven fields, run as jobs."""
