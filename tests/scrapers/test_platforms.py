"""Platforms declare themselves once (scrapers/spiders/__init__.PLATFORMS), and everything that
needs to know them reads that declaration: the registry's schema and checks, the spider
loader, re-extraction, the distributed merge of discovery state, and the README's table.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
import scrapy

from scrapers.registry import PLATFORMS as SCHEMA_PLATFORMS, Source, load_registry, validate_entries
from scrapers.spiders import PLATFORMS
from scrapers.spiders.announcements import AnnouncementSpider
from tests.scrapers.callbacks import spider_for

README = Path(__file__).parents[2] / "README.md"
REGISTRY = load_registry()
ENTRY = {"id": "kg_example", "name": "Пример", "name_en": "Example", "country": "KG", "kind": "agency",
         "languages": ["ky"], "homepage": "https://example.kg/", "listing_urls": ["https://example.kg/news"]}


def example_of(platform: str) -> Source:
    """A bundled entry of the platform, with what its `api:` must hold (a disabled entry may
    lack it: WHO's offices wait for their GUIDs)."""
    source = next(s for s in REGISTRY if s.platform == platform)
    required = PLATFORMS[platform].required_api_keys
    return replace(source, api={**source.api, **{key: source.api.get(key) or "example" for key in required}})


@pytest.mark.parametrize("name", PLATFORMS)
def test_every_spider_attribute_is_declared_with_how_workers_merge_it(name: str):
    """A state a spider keeps that is missing here would be judged by each distributed worker
    from its own share alone: the declaration must name every attribute, no more."""
    spider = spider_for(example_of(name))
    scrapy_own = set(vars(scrapy.Spider.from_crawler(spider.crawler, name="plain")))
    state = set(vars(spider)) - scrapy_own
    declared = PLATFORMS[name].discovery_state.names
    assert not state - declared, f"declare {sorted(state - declared)} in scrapers/spiders/__init__.py"
    assert not declared - state, f"{sorted(declared - state)} declared but not kept by the spider"


def test_merge_kinds_do_not_overlap():
    for platform in PLATFORMS.values():
        state = platform.discovery_state
        kinds = (state.shared, state.every_worker, state.any_worker, state.per_worker)
        assert sum(len(kind) for kind in kinds) == len(state.names), platform.name


@pytest.mark.parametrize("name", PLATFORMS)
def test_declared_spider_and_capture_reader_exist(name: str):
    platform = PLATFORMS[name]
    assert issubclass(platform.spider_class(), AnnouncementSpider)
    reader = platform.capture_reader()
    assert reader is None or callable(reader)


def test_registry_schema_accepts_exactly_the_declared_platforms():
    assert set(SCHEMA_PLATFORMS) == set(PLATFORMS)
    assert validate_entries([{**ENTRY, "platform": "joomla"}]) == [
        f"entry 'kg_example', field platform: 'joomla' is not one of {list(PLATFORMS)}"]


@pytest.mark.parametrize("name", [name for name, p in PLATFORMS.items() if p.required_api_keys])
def test_registry_asks_each_platform_for_its_declared_api_keys(name: str):
    problems = validate_entries([{**ENTRY, "platform": name}])
    assert problems == [f"entry 'kg_example', field api.{key}: platform {name} needs it (or enabled: false)"
                        for key in PLATFORMS[name].required_api_keys]
    assert validate_entries([{**ENTRY, "platform": name, "enabled": False, "disabled_reason": "later"}]) == []


def test_readme_platform_table_lists_every_platform_and_its_api_keys():
    text = README.read_text(encoding="utf-8")
    table_text = text[text.index("| platform | what the crawler does |"):].split("\n\n", 1)[0]
    rows = re.findall(r"^\| `(\w+)` \|[^|]*\|([^|]*)\|$", table_text, re.MULTILINE)
    table = {name: tuple(re.findall(r"`(\w+)`", keys)) for name, keys in rows}
    assert table == {name: p.required_api_keys for name, p in PLATFORMS.items()}
    column = re.search(r"^\| `platform` \| (.*) \|$", text, re.MULTILINE).group(1)  # the schema's row
    assert set(re.findall(r"\w+", column.split("(", 1)[1])) == set(PLATFORMS)
