"""The commands: serve (a real server process), export, watchlists and alerts."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx

from sanctionwatch.alerts import verify_signature
from sanctionwatch.settings import Settings


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_binds_loopback_and_answers(settings: Settings, tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "SANCTIONWATCH_DB": settings.db, "SANCTIONWATCH_WEB_PORT": str(port)}
    env.pop("SANCTIONWATCH_WEB_HOST", None)
    server = subprocess.Popen([sys.executable, "-m", "sanctionwatch", "serve"], env=env, cwd=tmp_path,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline, answer = time.monotonic() + 30, None
        while answer is None and time.monotonic() < deadline and server.poll() is None:
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=1)
            except httpx.TransportError:
                time.sleep(0.2)
        assert answer is not None and answer.json()["data"]["status"] == "ok"
        listening = _listening(port)
        assert listening and all(address.startswith("127.0.0.1") for address in listening)
    finally:
        server.terminate()
        _, err = server.communicate(timeout=20)
    assert f"http://127.0.0.1:{port}/" in err and "read-only" in err


def _listening(port: int) -> list[str]:
    """Local addresses listening on ``port`` (from /proc/net/tcp: state 0A)."""
    found = []
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, hex_port = local.split(":")
        if state == "0A" and int(hex_port, 16) == port:
            found.append(".".join(str(int(address[i:i + 2], 16)) for i in (6, 4, 2, 0)))
    return found


def test_watchlists_and_alerts_commands(run_cli: Callable[..., Any], monkeypatch: Any) -> None:
    received: list[tuple[str, bytes]] = []

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            received.append((self.headers["X-Sanctionwatch-Signature"],
                             self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *_args: Any) -> None:
            return

    hook = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=hook.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{hook.server_address[1]}/hook"
    added = run_cli("watchlists", "add", "dprk", "--country", "kp", "--keyword", "workers", "--webhook", url, "--json")
    assert added.code == 0 and json.loads(added.out)["criteria"]["countries"] == ["KP"]
    assert run_cli("watchlists", "add", "empty").code == 1
    no_secret = run_cli("alerts", "test", "dprk")
    assert no_secret.code == 1 and no_secret.err.count("\n") == 1 and "webhook_secret" in no_secret.err
    monkeypatch.setenv("SANCTIONWATCH_WEBHOOK_SECRET", "s3cret")
    monkeypatch.setenv("SANCTIONWATCH_WEBHOOK_ALLOW_PRIVATE", "127.0.0.1")
    tested = run_cli("alerts", "test", "dprk")
    assert tested.code == 0 and "HTTP 204" in tested.out
    assert verify_signature("s3cret", *received[0]) and json.loads(received[0][1])["event"] == "test"
    assert json.loads(run_cli("alerts", "run", "--json").out)["queued"] == 0
    assert "dprk" in run_cli("watchlists", "list").out
    assert run_cli("watchlists", "remove", "dprk").code == 0 and run_cli("watchlists", "remove", "dprk").code == 1
    hook.shutdown()


def test_export_writes_a_file_and_counts(run_cli: Callable[..., Any], tmp_path: Path, shared_dir: Path) -> None:
    assert run_cli("ingest", "--no-analyze", str(shared_dir / "seed" / "000_db3d2fddf79d3866.txt")).code == 0
    out = tmp_path / "articles.csv"
    done = run_cli("export", "csv", "--out", str(out))
    assert done.code == 0 and "1 articles exported" in done.err and out.read_text().count("\n") == 2
    feed = run_cli("export", "atom", "--base-url", "https://dash.example")
    assert feed.code == 0 and "https://dash.example/feed.atom" in feed.out
