"""The exceptions sanctionwatch raises on purpose.

    SanctionwatchError
    ├── InputError          bad input: a file, feed, list or argument we cannot use
    │   └── ListFormatError a sanctions list file we cannot parse
    ├── StoreError          the database cannot be opened, read or written
    │   └── SchemaVersionError  the database was written by a newer sanctionwatch
    ├── FetchError          a network fetch failed or was refused
    └── ConfigError         a setting has a value we cannot use

Anything else that escapes is a bug.
"""

from __future__ import annotations


class SanctionwatchError(Exception):
    """Root of every error sanctionwatch raises on purpose."""

    http_status = 500


class InputError(SanctionwatchError):
    """Input we cannot use: an empty, binary, oversized or malformed item."""

    http_status = 400


class ListFormatError(InputError):
    """A sanctions list file that is malformed, truncated or of an unknown format."""


class StoreError(SanctionwatchError):
    """The store cannot be opened, read or written."""

    http_status = 503


class SchemaVersionError(StoreError):
    """The database schema is newer than this version of sanctionwatch understands."""


class FetchError(SanctionwatchError):
    """A network fetch failed, timed out or was refused by policy."""

    http_status = 502


class ConfigError(SanctionwatchError):
    """A setting has a value sanctionwatch cannot use."""
