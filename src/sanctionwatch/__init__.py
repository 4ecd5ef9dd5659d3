"""sanctionwatch: reads the news for people who follow sanctions.

The stages, in order (``pipeline.py`` composes them): ingest -> extract -> analyze -> link ->
cluster -> brief. Every stage reads and writes through ``store``.
"""

from __future__ import annotations

__version__ = "0.1.0"
