"""Spiders: the generic AnnouncementSpider and one adapter per shared publishing platform.

PLATFORMS is the one declaration of each platform: the registry's `platform:` values and the
`api:` keys each needs, the spider that crawls it, how its discovery state merges across the
workers of a distributed crawl, and how its raw captures are re-extracted. Adding a platform is
its adapter module, its entry here, its tests and a row in the README's platform table. This module imports no spider, so that the registry can read it cheaply.
"""

from scrapers.spiders.platform import DiscoveryState, Platform, discovery_state

# The generic spider's state (scrapers/spiders/announcements.py), which every adapter inherits.
GENERIC_STATE = discovery_state(
    shared=("_sitemap_urls", "_listing_seen"),
    every_worker=("discovery_complete",),
    any_worker=("_sitemap_failed",),
    per_worker=("known", "skipped", "attachments_held", "mode", "full_discovery", "overlap", "now",
                "allowed_domains", "_stale_pages", "_recheckable", "_checking"),
)

PLATFORMS: dict[str, Platform] = {p.name: p for p in (
    Platform("html", "scrapers.spiders.announcements:AnnouncementSpider", GENERIC_STATE),
    Platform(
        "govkz", "scrapers.spiders.govkz:GovKzSpider", GENERIC_STATE, required_api_keys=("slug",),
        captures="scrapers.spiders.govkz:items_from_capture",
    ),
    Platform(
        "who_odata", "scrapers.spiders.who_odata:WhoODataSpider", GENERIC_STATE,
        required_api_keys=("office",),
    ),
    Platform(
        "wordpress", "scrapers.spiders.wordpress:WordPressSpider",
        GENERIC_STATE | discovery_state(shared=("api_links",), every_worker=("api_complete",),
                                        per_worker=("api_kinds", "api_pending")),
        captures="scrapers.spiders.wordpress:items_from_capture",
    ),
)}

__all__ = ["PLATFORMS", "DiscoveryState", "Platform"]
