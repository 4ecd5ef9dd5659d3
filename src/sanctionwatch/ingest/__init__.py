"""Ingest: turning sources (files, folders, JSON Lines, feeds) into RawDocuments.

Nothing here parses HTML or analyses text; a bad item becomes a ``Problem`` and the rest go on.
"""
