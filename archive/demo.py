"""`health-archive demo`: the whole product on one machine, offline.

Starts the replica sites, crawls them through the real Scrapy engine (the replay layer sends
their real host names to the local server, so records keep the real URLs), writes a
researchers' dump beside the archive, and leaves it all ready to serve. The replica sites
(`replicas/`) come with a source checkout, not with the installed package: a production
install has no use for them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from archive.commands.errors import CommandError

# Politeness delays protect real servers; the replicas are local.
DEMO_SETTINGS = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
    "LOG_LEVEL": "WARNING",
}


def build_demo(db_path: Path, echo: Callable[[str], None] = print) -> bool:
    """Crawl the replicas into `db_path`; return whether every source succeeded."""
    try:
        from replicas.server import HOSTS, ReplicaServer
    except ModuleNotFoundError as exc:
        if exc.name != "replicas":
            raise
        raise CommandError("the demo crawls the replica sites of a source checkout of health-archive (its "
                           "replicas/ folder), which the installed package leaves out: run `make demo` in a "
                           "checkout") from exc
    from scrapers.registry import load_registry
    from scrapers.run import CrawlOptions, crawl_sources

    sources = load_registry()
    replicated = set(HOSTS.values())
    demo_ids = tuple(s.id for s in sources if s.id in replicated)
    with ReplicaServer() as server:
        echo(f"replica sites on {server.origin}: {', '.join(sorted(HOSTS))}")
        echo(f"crawling {len(demo_ids)} sources into {db_path} ...")
        summary = crawl_sources(CrawlOptions(
            db=db_path, only=demo_ids, replica_origin=server.origin,
            overrides=DEMO_SETTINGS, progress=False,
        ))
    for line in summary.lines():
        echo(line)
    from archive.dumps import create_dump
    from archive.serving import METADATA

    manifest = create_dump(db_path, db_path.parent / "dumps", metadata_path=METADATA)
    echo(f"dumped {manifest.row_counts.get('announcements', 0)} announcements into "
         f"{db_path.parent / 'dumps'} (linked from the home page)")
    return summary.ok
