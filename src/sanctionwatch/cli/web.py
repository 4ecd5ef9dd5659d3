"""Commands for the analyst's side: serve (dashboard and API), export, alerts, watchlists."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

import click

from sanctionwatch import alerts as alerting
from sanctionwatch import export as exporting
from sanctionwatch.cli.context import AppContext
from sanctionwatch.errors import InputError
from sanctionwatch.model import Watchlist, WatchlistCriteria, to_dict
from sanctionwatch.store import Store
from sanctionwatch.store import alerts as outbox

LOOPBACK = ("127.0.0.1", "localhost", "::1")
FORMATS = ("jsonl", "csv", "markdown", "ftm", "atom")


@click.command()
@click.option("--host", help="Address to bind [default: settings web_host, 127.0.0.1].")
@click.option("--port", type=int, help="Port to listen on [default: settings web_port, 8765].")
@click.pass_obj
def serve(app: AppContext, host: str | None, port: int | None) -> None:
    """Run the dashboard and JSON API (http://127.0.0.1:8765/ by default; Ctrl-C stops it).

    Writes (watchlists, judging matches) need SANCTIONWATCH_WEB_TOKEN; without it the dashboard is read-only.
    """
    import uvicorn

    from sanctionwatch.web import create_app

    settings = dataclasses.replace(app.settings, web_host=host or app.settings.web_host,
                                   web_port=port or app.settings.web_port)
    if settings.web_host not in LOOPBACK:
        click.echo(f"warning: listening on {settings.web_host}: anyone who can reach it can read the dashboard",
                   err=True)
    click.echo(f"sanctionwatch dashboard on http://{settings.web_host}:{settings.web_port}/ "
               f"({'writes need the web token' if settings.web_token else 'read-only: no web token set'})", err=True)
    uvicorn.run(create_app(settings, app.store), host=settings.web_host, port=settings.web_port,
                log_level=settings.log_level.lower(), server_header=False)


@click.command(name="export")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(FORMATS))
@click.option("--what", type=click.Choice(["articles", "stories", "matches"]), default="articles", show_default=True,
              help="Records to export (jsonl and csv).")
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write [default: standard output].")
@click.option("--base-url", default=None, help="Dashboard address used in Atom links [default: from settings].")
@click.pass_obj
def export_cmd(app: AppContext, fmt: str, what: str, out_path: Path | None, base_url: str | None) -> None:
    """Export as JSON Lines, CSV, Markdown briefs, FollowTheMoney entities (JSON Lines) or an Atom feed."""
    writers: dict[str, Callable[[Store, TextIO], int]] = {
        "jsonl": lambda store, out: exporting.write_jsonl(store, out, what),
        "csv": lambda store, out: exporting.write_csv(store, out, what),
        "markdown": exporting.write_markdown,
        "ftm": exporting.write_ftm,
        "atom": lambda store, out: exporting.write_atom(store, out, base_url or alerting.dashboard_url(app.settings)),
    }
    with _output(out_path, newline="" if fmt == "csv" else None) as out:
        count = writers[fmt](app.store, out)
    click.echo(f"{count} {_unit(fmt, what)} exported" + (f" to {out_path}" if out_path else ""), err=True)


@click.group(name="alerts")
def alerts_group() -> None:
    """Alerts raised by watchlists: queue and deliver them, test a webhook, list the outbox."""


@alerts_group.command(name="run")
@click.option("--deliver/--no-deliver", default=True, show_default=True, help="POST due alerts to their webhooks.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def alerts_run(app: AppContext, deliver: bool, as_json: bool) -> None:
    """Match watchlists against what was analysed or updated since they last looked; send what is due."""
    queued = alerting.queue_alerts(app.store, app.settings)
    report = alerting.deliver_alerts(app.store, app.settings) if deliver else alerting.DeliveryReport()
    summary = {"queued": len(queued), **dataclasses.asdict(report)}
    for error in report.errors:
        click.echo(f"webhook: {error}", err=True)
    click.echo(json.dumps(summary) if as_json else
               f"{len(queued)} alert(s) queued; {report.sent} sent, {report.retrying} to retry, {report.failed} failed")


@alerts_group.command(name="test")
@click.argument("watchlist")
@click.option("--url", help="Send to this URL instead of the watchlist's webhook.")
@click.pass_obj
def alerts_test(app: AppContext, watchlist: str, url: str | None) -> None:
    """Send one signed test alert for WATCHLIST (name or id) and report how the webhook answered."""
    found = _watchlist(app.store, watchlist)
    delivery = alerting.send_test_alert(app.settings, found, url)
    if not delivery.ok:
        raise InputError(f"test alert not accepted: {delivery.error}")
    click.echo(f"test alert delivered to {url or found.webhook_url} (HTTP {delivery.status})")


@alerts_group.command(name="list")
@click.option("--watchlist", help="Only this watchlist (name or id).")
@click.option("--state", type=click.Choice(["pending", "sent", "failed", "logged"]))
@click.option("--limit", default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def alerts_list(app: AppContext, watchlist: str | None, state: str | None, limit: int, as_json: bool) -> None:
    """The alerts outbox, newest first."""
    watchlist_id = _watchlist(app.store, watchlist).id if watchlist else None
    found, total = outbox.list_alerts(app.store, watchlist_id, state, limit)
    if as_json:
        click.echo(json.dumps({"total": total, "alerts": to_dict(found)}, ensure_ascii=False, indent=2))
        return
    for alert in found:
        error = f"  ({alert.last_error})" if alert.last_error else ""
        click.echo(f"{alert.id:>5} {alert.state:<8} {alert.created_at}  {alert.subject}  "
                   f"{alert.payload.get('title', '')[:60]}{error}")
    click.echo(f"{len(found)} of {total} alert(s)", err=True)


@click.group(name="watchlists")
def watchlists_group() -> None:
    """Watchlists: the names, typologies, regimes, countries and keywords that raise alerts."""


@watchlists_group.command(name="add")
@click.argument("name")
@click.option("--entity", "names", multiple=True, help="A person, company or vessel name (repeatable).")
@click.option("--typology", "typologies", multiple=True, help="An evasion typology id, e.g. overseas_labour.")
@click.option("--regime", "regimes", multiple=True, help="A regime id, e.g. UN_1718.")
@click.option("--country", "countries", multiple=True, help="An ISO 3166-1 alpha-2 code, e.g. KP.")
@click.option("--keyword", "keywords", multiple=True, help="A word or phrase in the title or text.")
@click.option("--webhook", help="URL that alerts are POSTed to, signed (HMAC-SHA256).")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def watchlists_add(app: AppContext, name: str, names: tuple[str, ...], typologies: tuple[str, ...],
                   regimes: tuple[str, ...], countries: tuple[str, ...], keywords: tuple[str, ...],
                   webhook: str | None, as_json: bool) -> None:
    """Add watchlist NAME; every option given must have a hit for an article or story to raise an alert."""
    criteria = WatchlistCriteria(list(names), list(typologies), list(regimes), [c.upper() for c in countries],
                                 list(keywords))
    created = alerting.add_watchlist(app.store, name, criteria, webhook)
    click.echo(json.dumps(to_dict(created)) if as_json else f"watchlist {created.id} {created.name!r} added")


@watchlists_group.command(name="list")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def watchlists_list(app: AppContext, as_json: bool) -> None:
    """Every watchlist with what it follows."""
    found = outbox.list_watchlists(app.store)
    if as_json:
        click.echo(json.dumps(to_dict(found), ensure_ascii=False, indent=2))
        return
    for watchlist in found:
        criteria = "; ".join(f"{k}: {', '.join(v)}" for k, v in to_dict(watchlist.criteria).items() if v)
        click.echo(f"{watchlist.id:>4} {watchlist.name}  [{criteria}]  {watchlist.webhook_url or 'no webhook'}")


@watchlists_group.command(name="remove")
@click.argument("watchlist")
@click.pass_obj
def watchlists_remove(app: AppContext, watchlist: str) -> None:
    """Remove WATCHLIST (name or id) and its alerts."""
    found = _watchlist(app.store, watchlist)
    outbox.delete_watchlist(app.store, found.id)
    click.echo(f"watchlist {found.id} {found.name!r} removed")


def _watchlist(store: Store, key: str) -> Watchlist:
    found = outbox.get_watchlist(store, key)
    if found is None:
        raise InputError(f"no watchlist named or numbered {key!r}")
    return found


@contextmanager
def _output(path: Path | None, newline: str | None) -> Iterator[TextIO]:
    if path is None:
        stream = click.get_text_stream("stdout")
        yield stream
        stream.flush()
        return
    with path.open("w", encoding="utf-8", newline=newline) as out:
        yield out


def _unit(fmt: str, what: str) -> str:
    return {"markdown": "briefs", "ftm": "entities", "atom": "briefs"}.get(fmt, what)


COMMANDS = (serve, export_cmd, alerts_group, watchlists_group)
