"""Spiders: the generic AnnouncementSpider and one adapter per shared publishing platform."""

from scrapers.spiders.announcements import AnnouncementSpider
from scrapers.spiders.govkz import GovKzSpider
from scrapers.spiders.who_odata import WhoODataSpider
from scrapers.spiders.wordpress import WordPressSpider

# Registry `platform:` value -> spider class. Filled as adapters are added.
PLATFORM_SPIDERS: dict[str, type[AnnouncementSpider]] = {
    "govkz": GovKzSpider,
    "who_odata": WhoODataSpider,
    "wordpress": WordPressSpider,
}
