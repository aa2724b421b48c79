"""Spiders: the generic AnnouncementSpider and one adapter per shared publishing platform."""

from scrapers.spiders.announcements import AnnouncementSpider
from scrapers.spiders.govkz import GovKzSpider

# Registry `platform:` value -> spider class. Filled as adapters are added.
PLATFORM_SPIDERS: dict[str, type[AnnouncementSpider]] = {"govkz": GovKzSpider}
