"""`health-archive sources`: read, validate and dry-run the source registry.

The registry is edited by hand by people adding publishers; these commands answer their
three questions without touching the archive: what is in it (`list`), is my edit well-formed
(`validate`), and does the source actually yield an announcement (`check`).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from archive.commands.options import (allow_local_option, replica_origin_option,
                                      source_ids_option, sources_option)
from scrapers.registry import RegistryError, Source, load_registry, read_entries, validate_entries


@click.group()
def sources() -> None:
    """List, validate and check the registry of publishers."""


def _load(sources_file: Path | None) -> list[Source]:
    """The registry; a RegistryError becomes one line and exit status 2 (archive/commands/errors.py)."""
    return load_registry(sources_file)


def _discovery(source: Source) -> str:
    """How the source is discovered, in a few words."""
    if source.platform != "html":
        return source.platform
    counts = [(len(source.feeds), "feed"), (len(source.sitemaps), "sitemap"),
              (len(source.listing_urls), "listing")]
    return ", ".join(f"{n} {what}" for n, what in counts if n) or "-"


@sources.command("list")
@sources_option()
@click.option("--country", help="ISO 3166-1 code, e.g. KG.")
@click.option("--kind", type=click.Choice(["ministry", "agency", "regional", "intl", "ngo"]))
@click.option("--language", help="ISO 639-1 code, e.g. ky.")
@click.option("--unverified", is_flag=True, help="Only entries with unverified fields.")
@click.option("--disabled", is_flag=True, help="Only disabled entries, with the reason.")
def list_sources(sources_file: Path | None, country: str | None, kind: str | None,
                 language: str | None, unverified: bool, disabled: bool) -> None:
    """Show the registry as a table.

        health-archive sources list --country KZ --unverified
    """
    chosen = [
        s for s in _load(sources_file)
        if (not country or s.country == country.upper()) and (not kind or s.kind == kind)
        and (not language or language.lower() in s.languages)
        and (not unverified or not s.verified or s.unverified_fields)
        and (not disabled or not s.enabled)
    ]
    click.echo(f"{'id':22} {'country':7} {'kind':8} {'languages':12} {'discovery':20} "
               f"{'verified':8} {'enabled':7} {'unverified fields' if not disabled else 'disabled because'}")
    for s in chosen:
        extra = (s.disabled_reason or "") if disabled else ", ".join(s.unverified_fields)
        click.echo(f"{s.id:22} {s.country:7} {s.kind:8} {','.join(s.languages):12} {_discovery(s):20} "
                   f"{'yes' if s.verified else 'no':8} {'yes' if s.enabled else 'no':7} {extra}")
    click.echo(f"{len(chosen)} sources, {sum(s.enabled for s in chosen)} enabled, "
               f"{sum(s.verified for s in chosen)} verified")


@sources.command()
@sources_option("Registry file to validate.", must_exist=False)
def validate(sources_file: Path) -> None:
    """Check every entry against the registry schema; exit 1 listing each problem."""
    try:
        entries = read_entries(sources_file)
    except RegistryError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    problems = validate_entries(entries)
    for problem in problems:
        click.echo(f"{sources_file}: {problem}", err=True)
    if problems:
        click.echo(f"{len(problems)} problems", err=True)
        sys.exit(1)
    click.echo(f"{sources_file}: {len(entries)} entries, valid")


@sources.command()
@sources_option()
@source_ids_option("Check only this source (repeatable).")
@click.option("--limit", type=int, help="Check at most N sources.")
@allow_local_option
@replica_origin_option
def check(sources_file: Path | None, only: tuple[str, ...], limit: int | None, allow_local: bool,
          replica_origin: str | None) -> None:
    """Dry-run sources: discovery plus one announcement each, nothing archived.

    Exit status 1 when any checked source fails. Disabled sources are skipped.

        health-archive sources check --source kz_dsm
    """
    from scrapers.extensions.dry_run import check_sources

    registry = _load(sources_file)
    unknown = set(only) - {s.id for s in registry}
    if unknown:
        raise click.BadParameter(f"not in the registry: {', '.join(sorted(unknown))}", param_hint="--source")
    chosen = [s for s in registry if not only or s.id in only]
    for s in chosen:
        if not s.enabled:
            click.echo(f"{s.id:22} skip  disabled: {s.disabled_reason}")
    chosen = [s for s in chosen if s.enabled][:limit]
    # Politeness protects real servers; the replicas are local.
    fast = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False} if replica_origin else {}
    results = check_sources(chosen, fast, allow_local=allow_local, replica_origin=replica_origin) if chosen else []
    for r in results:
        found = f"{r.title!r} {r.url}" if r.passed else r.reason
        click.echo(f"{r.source_id:22} {'pass' if r.passed else 'FAIL':5} {found}")
    failed = sum(not r.passed for r in results)
    click.echo(f"{len(results) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
