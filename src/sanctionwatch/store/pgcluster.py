"""A throwaway PostgreSQL cluster in a folder, from Debian's server binaries: for tests and benchmarks.

    with throwaway_cluster(Path(tempfile.mkdtemp())) as cluster:
        url = create_database(cluster, "scratch")    # postgresql://sanctionwatch@127.0.0.1:PORT/scratch

The cluster listens on 127.0.0.1 only, on a free port, trusts local connections and trades durability
for speed (fsync off): never keep data in it. ``initdb`` refuses to run as root, so as root the cluster
belongs to the ``postgres`` system user (Debian's package creates it) and its commands run through
``runuser``. The folder must be reachable by that user (``tempfile.mkdtemp()`` is; pytest's tmp_path
under /tmp/pytest-of-root is not).
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import pwd
import re
import shutil
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import psycopg

from sanctionwatch.errors import StoreError

BIN_PATTERN = "/usr/lib/postgresql/*/bin"
SUPERUSER = "sanctionwatch"
SYSTEM_USER = "postgres"
FAST_UNSAFE = ("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
DATABASE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


@dataclasses.dataclass(frozen=True)
class PgCluster:
    """A running throwaway cluster: where it lives and how to reach it."""

    folder: Path
    port: int
    bin_dir: Path

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"


def find_server_binaries() -> Path | None:
    """The newest installed server's bin folder (with initdb and pg_ctl), or None when there is none."""
    found = [path for path in Path("/").glob(BIN_PATTERN.lstrip("/")) if (path / "initdb").is_file()]
    found.sort(key=lambda path: _major(path.parent.name))
    return found[-1] if found else None


@contextlib.contextmanager
def throwaway_cluster(folder: Path) -> Iterator[PgCluster]:
    """A cluster started in ``folder``, stopped and removed (with the folder) on exit."""
    cluster = start_cluster(folder)
    try:
        yield cluster
    finally:
        stop_cluster(cluster)
        shutil.rmtree(folder, ignore_errors=True)


def start_cluster(folder: Path) -> PgCluster:
    """Create a cluster in ``folder`` and start it; StoreError (with the server log) when it does not start."""
    bin_dir = find_server_binaries()
    if bin_dir is None:
        raise StoreError(f"no PostgreSQL server binaries under {BIN_PATTERN} (install Debian's postgresql)")
    _hand_to_system_user(folder)
    data, log = folder / "data", folder / "server.log"
    _run(bin_dir / "initdb", "-D", str(data), "-A", "trust", "-U", SUPERUSER, "-E", "UTF8", "--no-locale",
         "--no-sync")
    cluster = PgCluster(folder=folder, port=_free_port(), bin_dir=bin_dir)
    options = " ".join(("-h", "127.0.0.1", "-p", str(cluster.port), "-k", str(folder), *FAST_UNSAFE))
    try:
        _run(bin_dir / "pg_ctl", "-D", str(data), "-l", str(log), "-w", "-t", "60", "-o", options, "start")
    except StoreError as error:
        tail = log.read_text(errors="replace")[-2000:] if log.is_file() else ""
        raise StoreError(f"{error}\n{tail}") from error
    return cluster


def stop_cluster(cluster: PgCluster) -> None:
    """Stop the server at once (its data is thrown away anyway)."""
    with contextlib.suppress(StoreError):
        _run(cluster.bin_dir / "pg_ctl", "-D", str(cluster.folder / "data"), "-m", "immediate", "-w", "stop")


def create_database(cluster: PgCluster, name: str) -> str:
    """Create an empty database and return its URL."""
    _admin(cluster, f"CREATE DATABASE {_checked(name)}")
    return cluster.url(name)


def drop_database(cluster: PgCluster, name: str) -> None:
    """Drop a database, closing whatever connections are still open to it."""
    _admin(cluster, f"DROP DATABASE IF EXISTS {_checked(name)} WITH (FORCE)")


def _admin(cluster: PgCluster, statement: str) -> None:
    with psycopg.connect(cluster.url(), autocommit=True) as conn:
        conn.execute(statement.encode("ascii"))


def _checked(name: str) -> str:
    if not DATABASE_NAME.match(name):
        raise StoreError(f"database name {name!r}: use lower-case letters, digits and underscores")
    return name


def _hand_to_system_user(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam(SYSTEM_USER)
        except KeyError:
            raise StoreError(f"running as root and there is no {SYSTEM_USER!r} user to own the cluster") from None
        os.chown(folder, owner.pw_uid, owner.pw_gid)


def _run(*command: str | Path) -> None:
    args = [str(part) for part in command]
    program = Path(args[0]).name
    if os.geteuid() == 0:
        args = ["runuser", "-u", SYSTEM_USER, "--", *args]
    done = subprocess.run(args, capture_output=True, text=True, check=False, timeout=120)
    if done.returncode != 0:
        raise StoreError(f"{program} failed: {(done.stderr or done.stdout).strip()[-500:]}")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _major(version: str) -> int:
    return int(version) if version.isdigit() else 0
