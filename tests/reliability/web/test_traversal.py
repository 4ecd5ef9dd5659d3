"""Path traversal: through the static files, the path parameters of pages and API, and export names.

Held: no variant (encoded, double-encoded, backslashes, NUL, absolute) serves anything but the static
files themselves; ids with ``../`` find nothing; export formats and record kinds are names from a fixed
list, so a name cannot become a path.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from sanctionwatch.web.render import STATIC

ESCAPES = ["../app.py", "..%2fapp.py", "%2e%2e/app.py", "%2e%2e%2fapp.py", "..%5capp.py", "..\\app.py", "....//app.py",
           "..;/app.py", "%252e%252e%252fapp.py", "/etc/passwd", "%2fetc%2fpasswd", "../../../../etc/passwd",
           "style.css%00.py", "%00../app.py", "style.css/../../app.py", "%c0%ae%c0%ae/app.py", ".%2e/.%2e/settings.py",
           "../templates/base.html"]
SECRETS = ("def create_app", "root:x:0:0", "SQLite format 3", "{% block", "class Settings")
IDS = ["..%2f..%2fetc%2fpasswd", "../../etc/passwd", "%2e%2e", "..", "...", "%00", "a%2f..%2f..%2fapp.py"]


def test_static_files_stay_in_their_folder(site: TestClient, tally: Callable[..., Any]) -> None:
    style = (STATIC / "style.css").read_text(encoding="utf-8")
    for escape in ESCAPES:
        for prefix in ("/static/", "/static/css/", "/"):
            answer = site.get(prefix + escape)
            assert not any(secret in answer.text for secret in SECRETS), (prefix + escape, answer.status_code)
            assert answer.status_code != 200 or answer.text == style or "text/html" in answer.headers["content-type"]
            tally["web: path traversal attempts"] += 1


def test_ids_with_dots_find_nothing(site: TestClient, tally: Callable[..., Any]) -> None:
    for ident in IDS:
        for path in ("/articles/", "/stories/", "/api/v1/articles/", "/api/v1/stories/"):
            answer = site.get(path + ident)
            assert not any(secret in answer.text for secret in SECRETS)
            if answer.url.path.startswith(path):  # not normalised away by the client ("/articles/.." is "/")
                assert answer.status_code in (404, 422), (path + ident, answer.status_code)
            tally["web: path traversal attempts"] += 1


def test_export_names_are_not_paths(run_cli: Callable[..., Any], tmp_path: Path, tally: Callable[..., Any]) -> None:
    for args in (["export", "../../../etc/passwd"], ["export", "jsonl", "--what", "../articles"],
                 ["export", "/tmp/jsonl"], ["export", "csv", "--what", "articles/../../x"]):
        result = run_cli(*args)
        assert result.code == 2 and "Invalid value" in result.err and not list(tmp_path.glob("**/passwd"))
        tally["export: names that are paths"] += 1
    written = tmp_path / "exports" / "articles.jsonl"
    written.parent.mkdir()
    assert run_cli("export", "jsonl", "--out", str(written)).code == 0 and written.is_file()
