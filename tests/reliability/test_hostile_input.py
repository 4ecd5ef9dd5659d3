"""A hostile input corpus, made by the tests at run time, through the real commands.

Files: NUL bytes, invalid and other encodings, a gzip bomb, a zip bomb, corrupt gzip, an empty file, a
file over the size limit, a 10 MB single line, huge and deeply nested HTML, control characters, right-
to-left and mixed scripts, and JSON Lines with bad lines, lone surrogates and NUL escapes. XML entity
expansion ("billion laughs"), external entities and bombs in feeds, OPML and list files. Each is either
refused with a one-line reason naming it, or stored cleanly, and the command goes on with the rest.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import os
import sqlite3
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from sanctionwatch import pipeline
from sanctionwatch.errors import InputError, ListFormatError
from sanctionwatch.ingest.feeds import parse_feed, read_opml
from sanctionwatch.ingest.files import read_jsonl, read_paths
from sanctionwatch.link import read_list_bytes
from sanctionwatch.model import Problem
from sanctionwatch.settings import Settings
from sanctionwatch.store import Store
from sanctionwatch.store.articles import list_articles

REPORT = ("North Korea sent about 4,000 workers to Russia in 2024, the South Korean National Intelligence Service "
          "said, in breach of UNSCR 2375. ")
RTL = ("\u202eكيم جونغ أون\u202c met Kim Jong Un (김정은, 金正恩) and Сергей Шойгу in Pyongyang; \u05e7\u05d9\u05dd "
       "\u2067ריאן\u2069 of Ryonbong General Corporation said the ship-to-ship transfers continued. ")
ONE_LINE = "Tankers moved oil from ship to ship off Nakhodka at night, reports said. "
MB = 1_000_000
LAUGHS = ('<!DOCTYPE {root} [<!ENTITY a "aaaaaaaaaa">' + "".join(
    f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)) + "]>")


def deflate_bomb(size: int) -> bytes:
    """gzip of ``size`` bytes of spaces, made a megabyte at a time (a few tens of kilobytes on disk)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    block = b" " * MB
    return b"".join(packer.compress(block) for _ in range(size // MB)) + packer.flush()


def zip_bomb(size: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("news.html", b"\0" * size)
    return buffer.getvalue()


NUL_REASON = "binary file or UTF-16/32 text without a byte-order mark (contains NUL bytes)"


def write_corpus(folder: Path, huge_html_paragraphs: int) -> dict[str, str]:
    """The hostile files; returns the reason each refused one must be given."""
    paragraph = f"<p>{REPORT}</p>"
    files: dict[str, bytes] = {
        "nul.txt": REPORT.encode() + b"\x00\x01\x02binary",
        "latin1.txt": "Headline\nPyongyang's envoy met officials in M\u00fcnchen on Tuesday.".encode("latin-1"),
        "utf16.txt": "Headline\n".encode("utf-16") + REPORT.encode("utf-16"),
        "bomb.html.gz": deflate_bomb(64 * MB),
        "truncated.html.gz": gzip.compress("".join(f"<p>{i}. {REPORT}</p>" for i in range(99)).encode())[:400],
        "zipped.html.gz": zip_bomb(8 * MB),
        "empty.txt": b" \n\t\n",
        "oneline.txt": (ONE_LINE * (10 * MB // len(ONE_LINE))).encode(),
        "nested.html": ("<html><body>" + "<div>" * 100_000 + paragraph * 3 + "</div>" * 100_000).encode(),
        "huge.html": ("<html><body><article>" + paragraph * huge_html_paragraphs + "</article></body></html>").encode(),
        "controls.txt": f"Headline \x1b[31mred\x1b[0m\x07\n\n{REPORT}\x02\x03\x08\x0b\x0c\x7f{REPORT}".encode(),
        "rtl.txt": f"Mixed scripts\n\n{RTL * 3}".encode(),
        "records.jsonl": "\n".join(['{"title": "cut', "[1, 2]", '{"title": "no text"}',
                                    json.dumps({"title": "Lone \ud800 surrogate", "text": REPORT + "\ud83d"}),
                                    json.dumps({"title": "NUL\u0000", "text": REPORT + "\u0000" + REPORT}),
                                    ]).encode("utf-8", "surrogatepass"),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    with (folder / "toolarge.txt").open("wb") as sparse:
        sparse.truncate(21 * MB)  # over the 20 MB limit, without writing 21 MB
    (folder.parent / "zipbomb.zip").write_bytes(zip_bomb(64 * MB))
    return {"nul.txt": NUL_REASON, "latin1.txt": "not valid UTF-8 (byte 0xfc at offset",
            "bomb.html.gz": "decompresses to more than the limit",
            "truncated.html.gz": "not a valid gzip file", "zipped.html.gz": "not a valid gzip file",
            "empty.txt": "empty file", "toolarge.txt": "file too large (21.0 MB; the limit is 20.0 MB)",
            "nested.html": "no article found in the HTML: its elements nest deeper than 255 levels",
            "records.jsonl:1": "not valid JSON",
            "records.jsonl:2": "must be an object", "records.jsonl:3": "neither text nor html",
            "zipbomb.zip": NUL_REASON}


def run_ingest(paths: list[Path], database: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SANCTIONWATCH_DB": f"sqlite:///{database}", "SANCTIONWATCH_MAX_TEXT_CHARS": "100000"}
    return subprocess.run([sys.executable, "-m", "sanctionwatch", "ingest", *map(str, paths), "--json"],
                          cwd=database.parent, env=env, capture_output=True, text=True, timeout=900, check=False)


def stored_texts(database: Path) -> list[tuple[str, str, int]]:
    """(title, text, whether analysed) of every stored article."""
    with contextlib.closing(sqlite3.connect(database)) as conn:
        return conn.execute("SELECT title, text, (SELECT count(*) FROM analyses WHERE article_id = id) "
                            "FROM articles").fetchall()


def test_hostile_files(tmp_path: Path, scale: int, tally: Callable[..., object]) -> None:
    folder = tmp_path / "incoming"
    folder.mkdir()
    refused = write_corpus(folder, huge_html_paragraphs=15_000 * min(scale, 4))
    done = run_ingest([folder, tmp_path / "zipbomb.zip"], tmp_path / "store.db")
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stderr.splitlines()
    for name, reason in refused.items():
        origin = tmp_path / name if name.endswith(".zip") else folder / name
        assert any(line.startswith(f"skipped {origin}: ") and reason in line for line in lines), (name, reason)
    for name in ("oneline.txt", "huge.html"):
        assert any(f"{folder / name}: text cut to the first 100000 characters" in line for line in lines), name
    summary = json.loads(done.stdout)
    assert (summary["new"], summary["skipped"], summary["analysed"]) == (7, len(refused), 7)
    stored = stored_texts(tmp_path / "store.db")
    assert all(count == 1 for _title, _text, count in stored) and len(stored) == 7
    utf16 = [text for title, text, _count in stored if title == "Headline"]  # re-encoded, its BOMs removed
    assert len(utf16) == 1 and utf16[0].startswith(REPORT.strip())
    for title, text, _count in stored:
        assert not any((ord(c) < 32 and c not in "\t\n\r") or c == "\x7f" for c in title + text)
        assert (title + text).encode("utf-8")
    assert any("كيم جونغ أون" in text and "김정은" in text for _title, text, _count in stored)
    tally["hostile: files through 'ingest'"] += len(refused) + 7


BOMBS = {  # the DOCTYPE of each attack, and the body that uses it
    "billion laughs": (LAUGHS, "&i;"),
    "quadratic blowup": (f'<!DOCTYPE {{root}} [<!ENTITY a "{"x" * 2000}">]>', "&a;" * 20_000),
    "external entity": ('<!DOCTYPE {root} [<!ENTITY x SYSTEM "file:///etc/passwd">]>', "&x;"),
    "parameter entity": ('<!DOCTYPE {root} [<!ENTITY % p SYSTEM "http://127.0.0.1:9/evil.dtd"> %p;]>', "x"),
    "malformed, declaring entities": ('<!DOCTYPE {root} [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>', "&b;<open>"),
}
CARRIERS: dict[str, tuple[str, Callable[[bytes], object], str]] = {
    "feed": ("<rss version='2.0'><channel><title>{body}</title></channel></rss>",
             lambda data: parse_feed(data, "https://feeds.example/rss"), "refused"),
    "opml": ("<opml version='2.0'><body><outline text='{body}' xmlUrl='https://x.example/f'/></body></opml>",
             read_opml, "OPML"),
    "list": ("<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>{body}</FIRST_NAME>"
             "</INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>", lambda data: read_list_bytes(data, "list.xml"), "XML"),
}


@pytest.mark.parametrize("carrier", sorted(CARRIERS))
@pytest.mark.parametrize("bomb", sorted(BOMBS))
def test_xml_bombs_are_refused_unexpanded(bomb: str, carrier: str, tally: Callable[..., object]) -> None:
    doctype, body = BOMBS[bomb]
    template, read, word = CARRIERS[carrier]
    root = template[1:].split(">", 1)[0].split(" ", 1)[0]
    data = ('<?xml version="1.0"?>' + doctype.format(root=root) + template.format(body=body)).encode()
    with pytest.raises((InputError, ListFormatError)) as refused:
        read(data)
    message = str(refused.value)
    assert word in message and "\n" not in message
    assert any(why in message for why in ("Forbidden", "declares entities", "not valid", "malformed")), message
    tally["hostile: XML bombs (feed, OPML, list)"] += 1


def test_deeply_nested_json(tally: Callable[..., object]) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    with pytest.raises(InputError, match="not valid JSON"):
        parse_feed(f'{{"version": "https://jsonfeed.org/version/1", "items": {deep}}}'.encode(), "https://f.example")
    with pytest.raises(ListFormatError, match="no listed entries"):
        read_list_bytes(f'{{"id": "a", "schema": "Person", "properties": {deep}}}\n{{"id": "b"}}\n'.encode(), "l")
    (problem,) = read_jsonl(f'{{"text": {deep}}}'.encode(), "deep.jsonl")
    assert isinstance(problem, Problem) and problem.reason == "not valid JSON (nested too deeply)"
    tally["hostile: deeply nested JSON (feed, list, record)"] += 3


def test_commands_refuse_bombs_with_one_line(tmp_path: Path, run_cli: Callable[..., object]) -> None:
    doctype, body = BOMBS["billion laughs"]
    opml, _read, _word = CARRIERS["opml"]
    listed, _read, _word = CARRIERS["list"]
    (tmp_path / "feeds.opml").write_text(doctype.format(root="opml") + opml.format(body=body))
    (tmp_path / "un.xml").write_text(doctype.format(root="CONSOLIDATED_LIST") + listed.format(body=body))
    for command, reason in ((["feeds", "import", str(tmp_path / "feeds.opml")], "refused hostile OPML"),
                            (["lists", "load", str(tmp_path / "un.xml")], "refused XML")):
        result = run_cli(*command)
        assert result.code == 1 and reason in result.err and len(result.err.strip().splitlines()) == 1


@pytest.mark.backends("sqlite", "postgresql")
def test_hostile_text_is_stored_on_every_back_end(store: Store, settings: Settings, tmp_path: Path) -> None:
    """NUL (which PostgreSQL refuses), lone surrogates (which UTF-8 cannot hold) and control characters,
    from JSON Lines records, a text file past its first 8 KB and an HTML file, end up stored clean."""
    lines = [json.dumps({"title": "NUL\u0000 title\ud800", "text": REPORT + "\u0000\x1b[0m" + REPORT, "url": "\u0000"}),
             json.dumps({"title": "Bidi \u202e", "text": RTL + "\udfff" + REPORT, "source": "x\u0000.example"})]
    (tmp_path / "records.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "late-nul.txt").write_bytes(("Late NUL\n\n" + ONE_LINE * 150).encode() + b"\x00\x07" + REPORT.encode())
    (tmp_path / "page.html").write_bytes(f"<html><body><p>\x07{REPORT}\x1b{ONE_LINE * 3}</p></body></html>".encode())
    report = pipeline.ingest_documents(store, read_paths([tmp_path], settings), settings)
    assert (len(report.new), report.problems) == (4, [])
    for article in list_articles(store):
        assert not any(ord(c) < 32 and c not in "\t\n\r" for c in article.title + article.text + (article.url or ""))
