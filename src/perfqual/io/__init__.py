"""Readers and writers: files in, canonical-unit models out (and the reverse)."""
