"""The registry of the region, and `health-archive sources list / validate / check`."""

from __future__ import annotations

import subprocess
from collections import Counter
from pathlib import Path

import pytest
import yaml

from scrapers.registry import DEFAULT_REGISTRY, PLATFORMS, load_registry, validate_entries
from replicas.server import ReplicaServer
from replicas.state import ReplicaState
from scrapers.spider_loader import spider_class_for
from scrapers.spiders import PLATFORMS as PLATFORMS_DECLARED
from tests.helpers import BIN, run_cli

REGISTRY = load_registry()
SEEDS = {"ua_moz", "kg_who_europe", "kg_soros", "kz_zhambyl_health", "ge_partners_for_health"}


def sources_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`health-archive sources …` in a subprocess (check starts Twisted's reactor)."""
    return subprocess.run([str(BIN / "health-archive"), "sources", *args], capture_output=True, text=True,
                          timeout=120, cwd=cwd)


# -- the registry ------------------------------------------------------------------------------

def test_registry_covers_the_region():
    ids = {s.id for s in REGISTRY}
    assert len(REGISTRY) >= 40 and SEEDS <= ids
    countries = Counter(s.country for s in REGISTRY)
    assert all(countries[c] >= 1 for c in ("UA", "KZ", "KG", "GE", "AM", "AZ", "MD", "UZ", "TJ"))
    assert set(Counter(s.kind for s in REGISTRY)) == {"ministry", "agency", "regional", "intl", "ngo"}
    assert all(s.id.startswith((s.country.lower() + "_", "intl_")) for s in REGISTRY)


def test_every_entry_builds_a_spider_of_its_platform():
    for source in REGISTRY:
        spider = spider_class_for(source)
        assert spider.name == source.id
        assert issubclass(spider, PLATFORMS_DECLARED[source.platform].spider_class())
        assert spider.extractor.source is source and spider.platform.name == source.platform
    assert set(PLATFORMS_DECLARED) == set(PLATFORMS)


def test_entries_say_what_is_unverified_and_why_they_are_off():
    for source in REGISTRY:
        if source.unverified_fields:
            assert not source.verified, source.id
        if not source.enabled:
            assert source.disabled_reason, source.id
    govkz = [s for s in REGISTRY if s.platform == "govkz"]
    assert {s.api["slug"] for s in govkz} >= {"dsm", "almaty-densaulyk", "zhambyl", "zhambyl-densaulyk"}
    assert all(s.homepage.endswith("/entities/" + s.api["slug"]) for s in govkz)
    assert {s.id for s in REGISTRY if s.platform == "who_odata"} >= {"intl_who_europe", "kg_who", "kz_who", "ge_who", "ua_who"}


def test_seed_corrections():
    seeds = {s.id: s for s in REGISTRY if s.id in SEEDS}
    assert seeds["kg_who_europe"].credited_to == "WHO" and "kg.one.un.org" in seeds["kg_who_europe"].homepage
    assert seeds["kg_soros"].platform == "wordpress"
    assert "no dates" in seeds["ge_partners_for_health"].notes and "lang=ge" in seeds["ge_partners_for_health"].notes
    assert "api.slug" in seeds["kz_zhambyl_health"].unverified_fields


def test_schema_errors_name_the_entry_and_the_field():
    entries = [
        {"id": "kz_x", "name": "x", "name_en": "x", "country": "KZ", "kind": "ministry", "languages": ["kk"],
         "homepage": "https://www.gov.kz/", "platform": "govkz"},
        {"id": "ge_y", "name": "y", "name_en": "y", "country": "Georgia", "kind": "ngo", "languages": ["ka"],
         "homepage": "http://y.ge/", "enabled": False},
        {"id": "am_z", "name": "z", "name_en": "z", "country": "AM", "kind": "ngo", "languages": ["hy"],
         "homepage": "http://z.am/", "unverified_fields": ["listing"]},
    ]
    assert validate_entries(entries) == [
        "entry 'kz_x', field api.slug: platform govkz needs it (or enabled: false)",
        "entry 'ge_y', field disabled_reason: 'disabled_reason' is a required property",
        "entry 'ge_y', field country: 'Georgia' does not match '^[A-Z]{2}$'",
        "entry 'am_z', field unverified_fields: 'listing' is not a registry field",
        "entry 'am_z', field feeds/sitemaps/listing_urls: an enabled html source needs at least one",
    ]


# -- sources list / validate ------------------------------------------------------------------

def test_sources_validate(tmp_path: Path):
    good = run_cli("sources", "validate")
    assert good.returncode == 0 and f"{len(REGISTRY)} entries, valid" in good.stdout
    broken = yaml.safe_load(DEFAULT_REGISTRY.read_text(encoding="utf-8"))
    del broken[3]["kind"]
    broken[7]["languages"] = ["Kazakh"]
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(broken, allow_unicode=True), encoding="utf-8")
    bad = run_cli("sources", "validate", "--sources", str(path))
    assert bad.returncode == 1
    assert f"entry {broken[3]['id']!r}, field kind: 'kind' is a required property" in bad.stderr
    assert f"entry {broken[7]['id']!r}, field languages.0: 'Kazakh' does not match" in bad.stderr
    path.write_text("- id: [unclosed", encoding="utf-8")
    assert "not valid YAML" in run_cli("sources", "validate", "--sources", str(path)).stderr


def test_sources_list_filters():
    result = run_cli("sources", "list", "--country", "kz", "--unverified")
    lines = result.stdout.splitlines()
    assert result.returncode == 0 and lines[0].split()[:8] == [
        "id", "country", "kind", "languages", "discovery", "verified", "enabled", "unverified"]
    listed = {line.split()[0] for line in lines[1:-1]}
    assert listed == {s.id for s in REGISTRY if s.country == "KZ" and (not s.verified or s.unverified_fields)}
    assert "kz_zhambyl_health" in listed and "kz_dsm" not in listed
    disabled = run_cli("sources", "list", "--disabled", "--kind", "intl").stdout.splitlines()
    assert {line.split()[0] for line in disabled[1:-1]} == {s.id for s in REGISTRY if s.kind == "intl" and not s.enabled}
    assert "publishing-office GUID" in next(line for line in disabled if line.startswith("kg_who "))
    ky = run_cli("sources", "list", "--language", "ky").stdout.splitlines()
    assert {line.split()[0] for line in ky[1:-1]} == {s.id for s in REGISTRY if "ky" in s.languages}
    assert ky[-1].startswith(f"{len(ky) - 2} sources")


# -- sources check: a dry run through Scrapy's engine -------------------------------------------

class RefusingState(ReplicaState):
    """gov.kz whose k6 ticket no longer unlocks the news API."""

    def valid_ticket(self, ticket: str | None) -> bool:
        return False


@pytest.fixture
def check_registry(tmp_path: Path) -> Path:
    bundled = {e["id"]: e for e in yaml.safe_load(DEFAULT_REGISTRY.read_text(encoding="utf-8"))}
    missing = dict(bundled["kg_who_europe"], id="kg_missing",
                   listing_urls=["http://kg.one.un.org/content/unct/kyrgyzstan/ky/home/news/no-such.html"])
    empty = dict(bundled["kz_almaty_health"], id="kz_empty", api={"slug": "no-such-entity"})
    entries = [bundled[i] for i in ("ua_moz", "kg_soros", "kz_ncph", "kz_almaty_health", "kg_who")]
    path = tmp_path / "check.yaml"
    path.write_text(yaml.safe_dump([*entries, missing, empty], allow_unicode=True), encoding="utf-8")
    return path


def test_sources_check_passes_and_fails_with_reasons(check_registry: Path, tmp_path: Path):
    with ReplicaServer(state=ReplicaState(challenge_hosts={"moz.gov.ua"})) as server:
        result = sources_cli("check", "--sources", str(check_registry), "--replica-origin", server.origin,
                             cwd=tmp_path)
    verdicts = {line.split()[0]: line.split(None, 2)[1:] for line in result.stdout.splitlines()[:-1]}
    assert result.returncode == 1, result.stdout + result.stderr
    assert verdicts["kg_soros"][0] == "pass" and "https://soros.kg/" in verdicts["kg_soros"][1]
    assert verdicts["kz_ncph"][0] == "pass" and "https://hls.kz/" in verdicts["kz_ncph"][1]
    assert verdicts["kz_almaty_health"][0] == "pass"
    assert verdicts["ua_moz"][0] == "FAIL" and verdicts["ua_moz"][1].startswith("challenge page")
    assert verdicts["kg_missing"] == ["FAIL", "HTTP error 404"]
    assert verdicts["kz_empty"] == ["FAIL", "no links found"]
    assert verdicts["kg_who"][0] == "skip"
    assert result.stdout.splitlines()[-1] == "3 passed, 3 failed"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["check.yaml"]  # no archive, no WARC, no log


def test_sources_check_reports_an_api_refusal(check_registry: Path):
    with ReplicaServer(state=RefusingState()) as server:
        result = sources_cli("check", "--sources", str(check_registry), "--source", "kz_almaty_health",
                             "--replica-origin", server.origin)
    assert result.returncode == 1
    assert "kz_almaty_health       FAIL  API refused: gov.kz API refused the news of 'almaty-densaulyk' (HTTP 400" \
        in result.stdout
