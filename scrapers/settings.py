"""Scrapy settings for health-archive: every value that differs from Scrapy's says why.

The `health-archive crawl` command overrides ARCHIVE_DB, SOURCES_FILE, ALLOW_LOCAL, CRAWL_MODE
and the replica settings per run; the environment variables below are for `scrapy crawl`.
This module is the only place in scrapers/ that reads the environment.
"""

import os

from scrapy.settings import default_settings

BOT_NAME = "health-archive"
SPIDER_MODULES = ["scrapers.spiders"]
NEWSPIDER_MODULE = "scrapers.spiders"
# One spider per registry entry, built from the registry (see scrapers/spider_loader.py).
SPIDER_LOADER_CLASS = "scrapers.spider_loader.RegistrySpiderLoader"

# --- project settings -----------------------------------------------------------------------
# Registry of sources (read by RegistrySpiderLoader).
SOURCES_FILE = os.getenv("HEALTH_ARCHIVE_SOURCES", "")
# SQLite archive (written by ArchiveSink, read by ArchiveKnownPages).
ARCHIVE_DB = os.getenv("HEALTH_ARCHIVE_DB", "data/archive.db")
# Raw captures, one WARC per source per run (read by WarcCaptureMiddleware).
WARC_DIR = os.getenv("HEALTH_ARCHIVE_WARC_DIR", "data/warc")
# Identifies this crawl run in crawl_runs and the WARC folder (set by the crawl command).
CRAWL_RUN_ID = ""
# "hourly": stop discovery at archived items; "recheck": re-fetch every archived page.
CRAWL_MODE = "hourly"
# The run's time as an ISO-8601 UTC instant, to crawl "a day later" in tests; empty: real
# time (read by scrapers/clock.py for removal strikes, rechecks and archive timestamps).
CRAWL_CLOCK = ""
# Listing pages read past the first page whose items are all archived (incremental overlap).
INCREMENTAL_OVERLAP_PAGES = 1
# Fetch loopback, private and link-local addresses (read by SafeTargetsMiddleware).
ALLOW_LOCAL = False
# Replica sites (the demo's and the tests'): requests for REPLICA_HOSTS (default: every replica
# of the source checkout's replicas/) go to the local replica server at REPLICA_ORIGIN. Only a
# crawl given an origin downloads through the replay handler (scrapers/replay.py).
REPLICA_ORIGIN = os.getenv("HEALTH_ARCHIVE_REPLICA_ORIGIN", "")
REPLICA_HOSTS: list[str] = []
# Records per archive transaction (read by ArchivePipeline): batches are 2.5x cheaper than
# one commit per record. They are written on the process's writer thread while the crawl goes
# on; a crash loses the batches not yet committed (four at most), which the next run re-fetches.
ARCHIVE_BATCH_SIZE = 50
# Worker processes that extract pages, so extraction never stalls the crawl's event loop
# (scrapers/extract_pool.py); 0 extracts in the crawling process.
EXTRACT_PROCESSES = int(os.getenv("HEALTH_ARCHIVE_EXTRACT_PROCESSES", max((os.cpu_count() or 1) - 1, 0)))

# --- politeness ----------------------------------------------------------------------------
ROBOTSTXT_OBEY = True  # default False
USER_AGENT = os.getenv(
    "HEALTH_ARCHIVE_USER_AGENT",
    "health-archive/0.1 (+https://github.com/health-archive/health-archive; "
    "archive@health-archive.org)",
)
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2  # default 8: government servers are small
DOWNLOAD_DELAY = 1.0  # default 0
AUTOTHROTTLE_ENABLED = True  # default False
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30  # default 180: a stuck page must not hold an hourly run
# default 1 GiB. Also the bound on a body once its Content-Encoding is decoded (gzip, deflate,
# br, zstd are inflated in 64 KiB steps and stopped past it: BoundedDecompressionMiddleware).
# Formats inside a body have their own, smaller bounds: a gzipped sitemap 50 MB inflated
# (scrapers/discovery/sitemaps.py), a feed 2 MB, an API answer 5 MB, robots.txt 512 KiB.
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024  # no announcement page is 10 MB
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
RETRY_TIMES = 3  # default 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
# Wait before the n-th retry: base * 2^(n-1) seconds, capped (read by RetryBackoffMiddleware).
RETRY_BACKOFF_BASE = 2.0
RETRY_BACKOFF_MAX = 60.0
REDIRECT_MAX_TIMES = 10  # default 20: a redirect loop is dropped sooner
# default 100: Scrapy starts that many asyncio tasks for every response's output; the archive
# pipeline writes synchronously, so more than one item at a time buys nothing.
CONCURRENT_ITEMS = 1
DEPTH_LIMIT = 60  # listing pagination plus articles; guards against pages that loop
REFERER_ENABLED = True
COOKIES_ENABLED = True  # gov.kz's API hands out a cookie ticket
TELNETCONSOLE_ENABLED = False  # default True: nothing listens on a port during cron runs
# Scrapy's remote control (on by default): an HTTP server on localhost that runs the Python code
# sent to it, announced by a job file holding its token (~/.local/state/scrapy/job_files/) that a
# killed run leaves behind. Nothing listens during a crawl, and nothing is left after one. Left
# out of Scrapy's list of extensions rather than switched off (REMOTE_CONTROL_ENABLED), which
# would still import it and aiohttp at every crawl's start (~0.1 s of CPU).
EXTENSIONS_BASE = {name: order for name, order in default_settings.EXTENSIONS_BASE.items()
                   if name != "scrapy.extensions.remote_control.RemoteControl"}
LOG_LEVEL = os.getenv("HEALTH_ARCHIVE_LOG_LEVEL", "INFO")
# HTTP caching would hide edits; conditional requests are sent by the spider instead.
HTTPCACHE_ENABLED = False
TWISTED_DNS_RESOLVER = "scrapers.middlewares.safe_targets.SafeResolver"
if REPLICA_ORIGIN:  # `scrapy crawl` from a checkout; `health-archive crawl --replica-origin` sets it per run
    from scrapers.replay import replay_settings

    DOWNLOAD_HANDLERS = replay_settings(REPLICA_ORIGIN)["DOWNLOAD_HANDLERS"]

DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.cookies.CookiesMiddleware": None,
    "scrapers.middlewares.cookies.OfflineCookiesMiddleware": 700,
    "scrapers.middlewares.safe_targets.SafeTargetsMiddleware": 50,
    "scrapers.middlewares.retry_backoff.RetryBackoffMiddleware": 60,
    "scrapers.middlewares.challenge.ChallengeMiddleware": 560,
    "scrapers.middlewares.warc_capture.WarcCaptureMiddleware": 890,
    # An unreadable robots.txt disallows its site for the run (Scrapy's allows everything).
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "scrapers.middlewares.robots.StrictRobotsTxtMiddleware": 100,
    # A body over DOWNLOAD_MAXSIZE once decompressed fails its download (Scrapy's ignores it).
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
    "scrapers.middlewares.decompression.BoundedDecompressionMiddleware": 590,
}
ITEM_PIPELINES = {
    "scrapers.pipelines.archive.ArchivePipeline": 800,
}
EXTENSIONS = {
    "scrapers.extensions.source_health.SourceHealthExtension": 500,
}
# Where the crawl's messages go (scrapers/pipelines/sink.py) and where spiders learn what is
# archived (scrapers/known_pages.py): the archive file; a distributed worker's are in Redis.
MESSAGE_SINK = "scrapers.pipelines.sink.ArchiveSink"
KNOWN_PAGES = "scrapers.known_pages.ArchiveKnownPages"

FEED_EXPORT_ENCODING = "utf-8"
ADDONS: dict[str, int] = {}
