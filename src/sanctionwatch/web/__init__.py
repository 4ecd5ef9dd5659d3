"""The web dashboard and JSON API (``sanctionwatch serve``): see docs/WEB.md."""

from sanctionwatch.web.app import create_app

__all__ = ["create_app"]
