"""Commands over sanctions lists: ``lists load|show|diff|update``, ``screen``, and ``eval names``."""

from __future__ import annotations

import dataclasses
import json
import logging
from pathlib import Path
from typing import Any

import click

from sanctionwatch.cli.context import AppContext
from sanctionwatch.errors import InputError, SanctionwatchError
from sanctionwatch.evaluation.names import evaluate_names, format_report
from sanctionwatch.ingest.fetch import Fetcher
from sanctionwatch.link import build_index, diff_lists, read_list_bytes, read_list_file, screen_name
from sanctionwatch.link.diff import ListDiff
from sanctionwatch.link.readers.common import decode_text
from sanctionwatch.link.sources import ListSource, load_sources
from sanctionwatch.model import ListEntry, ListVersionInfo, SanctionsList, to_dict
from sanctionwatch.settings import Settings
from sanctionwatch.store.lists import (
    current_version_ids,
    find_version,
    list_versions_of,
    load_current_entries,
    save_list,
    version_entries,
)

log = logging.getLogger(__name__)
LIST_FETCH_BYTES = 500_000_000  # the EU and OFAC XML files are larger than a news page
SCHEMAS = ("Person", "Organization", "Company", "LegalEntity", "Vessel", "Airplane")
JSON_OPTION = click.option("--json", "as_json", is_flag=True, help="Print JSON.")


class ListUpdateError(SanctionwatchError):
    """One or more lists could not be updated (the others were)."""


@click.group(name="lists")
def lists_group() -> None:
    """Sanctions lists: load a file or URL, show what is loaded, compare versions, update from publishers."""


@lists_group.command(name="load")
@click.argument("source")
@click.option("--name", help="List name (default: from the format, e.g. un_sc, ofac_sdn, eu_fsf).")
@JSON_OPTION
@click.pass_obj
def load_cmd(app: AppContext, source: str, name: str | None, as_json: bool) -> None:
    """Load a list from a PATH or URL (format detected) as the current version of that list."""
    parsed = read_source(app.settings, source, name)
    info = save_list(app.store, parsed)
    _echo_loaded(info, parsed, as_json)


@lists_group.command(name="show")
@click.argument("name", required=False)
@click.option("--entry", "entry_id", help="Show one entry of the list NAME (by its id, e.g. KPi.033).")
@click.option("--all", "every", is_flag=True, help="Every stored version, not only the current ones.")
@JSON_OPTION
@click.pass_obj
def show_cmd(app: AppContext, name: str | None, entry_id: str | None, every: bool, as_json: bool) -> None:
    """Show the loaded lists (or the versions of NAME, or one entry)."""
    if entry_id is not None:
        entry = _find_entry(app, name, entry_id)
        click.echo(json.dumps(to_dict(entry), ensure_ascii=False, indent=2))
        return
    versions = [v for v in list_versions_of(app.store, name) if every or name or v.is_current]
    if as_json:
        click.echo(json.dumps(to_dict(versions), indent=2))
        return
    if not versions:
        click.echo("no sanctions lists loaded (sanctionwatch lists load PATH|URL)")
    for version in versions:
        click.echo(_describe_version(version))


@lists_group.command(name="diff")
@click.argument("old")
@click.argument("new")
@click.option("--limit", default=20, show_default=True, help="Entries listed per kind of change.")
@JSON_OPTION
@click.pass_obj
def diff_cmd(app: AppContext, old: str, new: str, limit: int, as_json: bool) -> None:
    """Compare two versions of a list: each of OLD and NEW is a file, a version id, or a list name."""
    diff = diff_lists(_entries_of(app, old), _entries_of(app, new))
    if as_json:
        click.echo(json.dumps(_diff_json(diff), ensure_ascii=False, indent=2))
        return
    substantive = sum(1 for change in diff.changed if change.substantive)
    click.echo(f"{len(diff.added)} added, {len(diff.removed)} removed, {len(diff.changed)} changed "
               f"({substantive} in names, aliases, countries, identifiers or listing), {diff.unchanged} unchanged")
    for sign, entries in (("+", diff.added), ("-", diff.removed)):
        for entry in entries[:limit]:
            click.echo(f"{sign} {entry.entry_id:<14} {entry.schema:<12} {entry.caption}")
    for change in diff.changed[:limit]:
        click.echo(f"~ {change.entry_id:<14} {change.caption}: {', '.join(change.fields)}")
        for detail in change.details:
            click.echo(f"      {detail}")


@lists_group.command(name="update")
@click.option("--sources", type=click.Path(dir_okay=False, path_type=Path),
              help="A YAML file of list sources (default: the publishers' addresses in kb/lists.yaml).")
@click.option("--only", multiple=True, help="Update only this list (repeatable).")
@JSON_OPTION
@click.pass_obj
def update_cmd(app: AppContext, sources: Path | None, only: tuple[str, ...], as_json: bool) -> None:
    """Fetch every list from its publisher and store the versions that changed."""
    chosen = [s for s in load_sources(sources) if not only or s.name in only]
    if not chosen:
        raise InputError(f"no list source named {', '.join(only)}")
    outcomes = [_update_one(app, source) for source in chosen]
    click.echo(json.dumps(outcomes, indent=2) if as_json else "\n".join(o["line"] for o in outcomes))
    failed = [o["name"] for o in outcomes if not o["ok"]]
    if failed:
        raise ListUpdateError(f"{len(failed)} of {len(outcomes)} lists not updated: {', '.join(failed)}")


@click.command(name="screen")
@click.argument("name")
@click.option("--schema", type=click.Choice(SCHEMAS), help="What NAME is (default: anything).")
@click.option("--country", "countries", multiple=True, metavar="CC", help="Country of the context (repeatable).")
@click.option("--limit", default=10, show_default=True)
@click.option("--threshold", type=float, help="Lowest score shown [default: the match_threshold setting].")
@JSON_OPTION
@click.pass_obj
def screen_cmd(app: AppContext, name: str, schema: str | None, countries: tuple[str, ...], limit: int,
               threshold: float | None, as_json: bool) -> None:
    """Screen one NAME (or "IMO 1234567") against the loaded lists, with the reasons for each match."""
    entries = load_current_entries(app.store)
    if not entries:
        raise InputError("no sanctions lists loaded: run `sanctionwatch lists load PATH|URL` first")
    index = build_index(entries, current_version_ids(app.store))
    cutoff = app.settings.match_threshold if threshold is None else threshold
    found = screen_name(index, name, schema, frozenset(countries), cutoff, limit)
    if as_json:
        click.echo(json.dumps(to_dict(found), ensure_ascii=False, indent=2))
        return
    if not found:
        click.echo(f"no match at or above {cutoff:.2f} for {name!r}")
    for match in found:
        click.echo(f"{match.score:.2f}  {match.list_name}:{match.entry_id}  {match.schema}  {match.caption}")
        for feature in match.features:
            click.echo(f"      {feature.weight:+.2f} {feature.name}: {feature.explanation}")


@click.command(name="names")
@click.option("--pairs", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=True,
              help="Labelled pairs: case_group,schema,name1,name2,is_match (the nomenklatura name bench).")
@click.option("--cross-script", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Cross-script pairs: query,expected match,... (all matches).")
@click.option("--threshold", type=float, help="Threshold [default: the match_threshold setting].")
@JSON_OPTION
@click.pass_obj
def eval_names_cmd(app: AppContext, pairs: Path, cross_script: Path | None, threshold: float | None,
                   as_json: bool) -> None:
    """Precision, recall and F1 of the name matcher next to rapidfuzz WRatio, on the same pairs."""
    report = evaluate_names(pairs, app.settings.match_threshold if threshold is None else threshold, cross_script)
    click.echo(json.dumps(report, indent=2) if as_json else format_report(report))


def read_source(settings: Settings, source: str, name: str | None,
                companions: tuple[tuple[str, str], ...] = ()) -> SanctionsList:
    """A list read from a local path or fetched from an http(s) URL (with its companion files)."""
    if not source.startswith(("http://", "https://")):
        return read_list_file(Path(source), name)
    roomy = dataclasses.replace(settings, fetch_max_bytes=max(settings.fetch_max_bytes, LIST_FETCH_BYTES))
    with Fetcher(roomy) as fetcher:
        data = fetcher.fetch(source, kind="list").data
        extra = {role: decode_text(fetcher.fetch(url, kind="list").data, url) for role, url in companions}
    return read_list_bytes(data, source, name=name, companions=extra)


def _update_one(app: AppContext, source: ListSource) -> dict[str, Any]:
    try:
        parsed = read_source(app.settings, source.url, source.name, source.companions)
        info = save_list(app.store, parsed)
    except SanctionwatchError as error:
        log.warning("list %s not updated: %s", source.name, error)
        return {"name": source.name, "ok": False, "error": str(error), "line": f"{source.name}: FAILED: {error}"}
    state = "new version" if info.is_new else "unchanged"
    return {"name": source.name, "ok": True, "version": to_dict(info),
            "line": f"{source.name}: {state} {info.id}, {info.entry_count} entries"}


def _echo_loaded(info: ListVersionInfo, parsed: SanctionsList, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps({**to_dict(info), "skipped": [p.reason for p in parsed.skipped]}, indent=2))
        return
    state = "loaded as version" if info.is_new else "unchanged, still version"
    click.echo(f"{info.name}: {state} {info.id} ({info.format}, {info.entry_count} entries, "
               f"published {info.published or 'unknown'}, {len(parsed.skipped)} skipped)")


def _describe_version(version: ListVersionInfo) -> str:
    mark = "*" if version.is_current else " "
    return (f"{mark} {version.name:<12} version {version.id:<4} {version.format:<11} {version.entry_count:>6} entries  "
            f"published {version.published or '-':<10}  loaded {version.loaded_at}  {version.origin}")


def _entries_of(app: AppContext, reference: str) -> list[ListEntry]:
    if Path(reference).exists():
        return read_list_file(Path(reference)).entries
    return version_entries(app.store, find_version(app.store, reference).id)


def _find_entry(app: AppContext, name: str | None, entry_id: str) -> ListEntry:
    if name is None:
        raise InputError("--entry needs the list NAME too, e.g. `lists show un_sc --entry KPi.033`")
    for entry in version_entries(app.store, find_version(app.store, name).id):
        if entry.entry_id == entry_id:
            return entry
    raise InputError(f"no entry {entry_id!r} in the current version of {name}")


def _diff_json(diff: ListDiff) -> dict[str, Any]:
    def brief(entry: ListEntry) -> dict[str, str]:
        return {"entry_id": entry.entry_id, "schema": entry.schema, "caption": entry.caption}

    return {"added": [brief(e) for e in diff.added], "removed": [brief(e) for e in diff.removed],
            "changed": to_dict(diff.changed), "unchanged": diff.unchanged}


COMMANDS = (lists_group, screen_cmd)
EVAL_COMMANDS = (eval_names_cmd,)
