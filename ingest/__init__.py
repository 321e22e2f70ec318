"""Readers: turn an export file into a polars DataFrame plus metadata. Never opens the warehouse."""
