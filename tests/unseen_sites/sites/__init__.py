"""The nine unseen sites, one module each, named by the CMS or layout they imitate."""

from __future__ import annotations

from pathlib import Path

from tests.unseen_sites.model import Site
from tests.unseen_sites.sites.akimat_portal import AkimatPortal
from tests.unseen_sites.sites.aspnet_ministry import AspnetMinistry
from tests.unseen_sites.sites.bitrix_regional import BitrixRegional
from tests.unseen_sites.sites.brochure_ngo import BrochureNgo
from tests.unseen_sites.sites.drupal_oblast import DrupalOblast
from tests.unseen_sites.sites.joomla_centre import JoomlaCentre
from tests.unseen_sites.sites.table_hospital import TableHospital
from tests.unseen_sites.sites.un_office import UnOffice
from tests.unseen_sites.sites.wordpress_ngo import WordpressNgo

# The sites' registry entries: discovery URLs and the schema's required fields, nothing else.
SOURCES = Path(__file__).parents[1] / "sources.yaml"
SITE_CLASSES: tuple[type[Site], ...] = (
    DrupalOblast, WordpressNgo, AspnetMinistry, BitrixRegional, JoomlaCentre, AkimatPortal, TableHospital,
    BrochureNgo, UnOffice,
)


def all_sites() -> list[Site]:
    return [cls() for cls in SITE_CLASSES]
