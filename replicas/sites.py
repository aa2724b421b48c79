"""The registry of replica sites: source_id → site module, real host name → source_id."""

from __future__ import annotations

from types import ModuleType

from .ge_partners_for_health import site as pfh
from .kg_soros import site as soros
from .kg_who_europe import site as un_kg
from .kz_ncph import site as hls
from .kz_zhambyl_health import site as govkz
from .ua_moz import site as moz

SITES: dict[str, ModuleType] = {module.SOURCE_ID: module for module in (moz, un_kg, soros, govkz, pfh, hls)}
HOSTS: dict[str, str] = {host: module.SOURCE_ID for module in SITES.values() for host in module.HOSTS}
