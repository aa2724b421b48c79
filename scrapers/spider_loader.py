"""One spider per registry entry: `scrapy list` lists source ids, `scrapy crawl <id>` runs one.

Each entry becomes a subclass of the spider its platform declares (scrapers/spiders/__init__.py;
the generic AnnouncementSpider for plain HTML sites), named by the entry's id and carrying the
entry as `source`, its platform's declaration as `platform` and the entry's SourceExtractor as
`extractor`. Adding a publisher is therefore a registry edit; no spider module is written for it.
"""

from __future__ import annotations

from scrapy import Request, Spider
from scrapy.settings import BaseSettings

from scrapers.registry import Source, load_registry
from scrapers.source_extractor import SourceExtractor
from scrapers.spiders import PLATFORMS
from scrapers.spiders.announcements import AnnouncementSpider


def spider_class_for(source: Source) -> type[AnnouncementSpider]:
    """The class that crawls `source`: its platform's spider, bound to the entry."""
    platform = PLATFORMS[source.platform]
    class_name = "".join(part.capitalize() for part in source.id.split("_")) + "Spider"
    return type(class_name, (platform.spider_class(),), {
        "name": source.id, "source": source, "platform": platform,
        "extractor": SourceExtractor(source), "__doc__": source.notes,
    })


class RegistrySpiderLoader:
    """Scrapy spider loader backed by the source registry (SOURCES_FILE)."""

    def __init__(self, settings: BaseSettings):
        sources = load_registry(settings.get("SOURCES_FILE") or None)
        self._spiders = {s.id: spider_class_for(s) for s in sources}

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> RegistrySpiderLoader:
        return cls(settings)

    def load(self, spider_name: str) -> type[Spider]:
        try:
            return self._spiders[spider_name]
        except KeyError:
            raise KeyError(f"Spider not found: {spider_name}") from None

    def list(self) -> list[str]:
        return sorted(self._spiders)

    def find_by_request(self, request: Request) -> list[str]:
        return [name for name, cls in self._spiders.items() if cls.handles_request(request)]
