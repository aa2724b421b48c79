"""A publisher added with a registry entry alone: only `listing_urls`, on a local site.

The site has what real listings have around their items: a header menu, category and contact
links, a sidebar, a footer, numbered pagination with a 'next' link. The generic spider must
archive exactly the announcements, and refuse the loopback address without --allow-local.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import FAST, health_archive, rows

MONTHS = ["січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня",
          "вересня", "жовтня", "листопада", "грудня"]
CHROME = """
<header><div class="logo"><a href="/">Центр здоров'я</a></div>
<nav class="main-menu"><ul><li><a href="/pro-nas/">Про нас: історія та структура центру</a></li>
<li><a href="/category/novyny/">Новини та оголошення центру здоров'я</a></li>
<li><a href="/kontakty/">Контакти та графік роботи центру</a></li></ul></nav></header>"""
FOOTER = """<footer><p>© 2024 Центр здоров'я. Усі права захищено.</p>
<a href="/polityka-konfidentsiinosti/">Політика конфіденційності та обробки даних</a></footer>"""


def article(n: int) -> dict[str, str]:
    day, month = 1 + n, 1 + n % 12
    return {
        "path": f"/news/2024/vazhlyva-informatsiia-pro-shcheplennia-nomer-{n}.html",
        "title": f"Важлива інформація про щеплення, випуск {n}",
        "date": f"{day} {MONTHS[month - 1]} 2024",
        "iso": f"2024-{month:02d}-{day:02d}",
        "body": f"Лікарі нагадують батькам про планові щеплення дітей, випуск {n}. "
                "Вакцинація захищає від кору, поліомієліту та дифтерії.\n\n"
                f"Записатися можна в амбулаторії за місцем проживання. Оголошення {n}.",
    }


ARTICLES = [article(n) for n in range(1, 13)]


def page_path(number: int) -> str:
    return "/news/" if number == 1 else f"/news/page/{number}/"


def write_site(root: Path) -> None:
    per_page = 5
    pages = [ARTICLES[i:i + per_page] for i in range(0, len(ARTICLES), per_page)]
    for number, items in enumerate(pages, start=1):
        entries = "".join(
            f'<li class="news-item"><span class="date">{a["date"]}</span>'
            f'<a href="{a["path"]}">{a["title"]}</a></li>' for a in items
        )
        pager = "".join(f'<a href="{page_path(p)}">{p}</a>' for p in range(1, len(pages) + 1))
        if number < len(pages):
            pager += f'<a href="{page_path(number + 1)}">Наступна ›</a>'
        html = (f"<html lang='uk'><body>{CHROME}<main><h1>Новини</h1><ul>{entries}</ul>"
                f"<div class='pagination'>{pager}</div></main>"
                f"<aside class='sidebar'><a href='/category/zvity/'>Звіти та документи центру за рік</a>"
                f"</aside>{FOOTER}</body></html>")
        target = root / page_path(number).lstrip("/") / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
    for a in ARTICLES:
        paragraphs = "".join(f"<p>{p}</p>" for p in a["body"].split("\n\n"))
        html = (f"<html lang='uk'><head><title>{a['title']} | Центр здоров'я</title></head><body>"
                f"{CHROME}<main><article><h1>{a['title']}</h1><div class='meta'>{a['date']}</div>"
                f"<div class='content'>{paragraphs}</div></article></main>{FOOTER}</body></html>")
        target = root / a["path"].lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
    for path in ("pro-nas", "kontakty", "category/novyny", "category/zvity", "polityka-konfidentsiinosti"):
        (root / path).mkdir(parents=True, exist_ok=True)
        (root / path / "index.html").write_text(f"<html><body>{CHROME}<p>Сторінка</p></body></html>",
                                                encoding="utf-8")


@pytest.fixture
def local_registry(tmp_path: Path, serve_directory) -> Path:
    site = tmp_path / "site"
    write_site(site)
    origin = serve_directory(site)
    registry = tmp_path / "sources.yaml"
    registry.write_text(f"""
- id: ua_local_health
  name: Центр здоров'я
  name_en: Local Health Centre
  country: UA
  kind: agency
  languages: [uk]
  homepage: {origin}/
  listing_urls: [{origin}/news/]
""", encoding="utf-8")
    return registry


def test_listing_only_entry_archives_exactly_the_announcements(local_registry: Path, tmp_path: Path):
    db = tmp_path / "archive.db"
    result = health_archive("crawl", "--sources", str(local_registry), "--db", str(db),
                            "--allow-local", *FAST)
    assert result.returncode == 0, result.stderr[-3000:]
    archived = rows(db, "SELECT url, title, published_at, language FROM announcements ORDER BY url")
    origin = (tmp_path / "sources.yaml").read_text().split("homepage: ")[1].split("/\n")[0]
    expected = sorted((origin + a["path"], a["title"], a["iso"], "uk") for a in ARTICLES)
    assert archived == expected
    bodies = [b for (b,) in rows(db, "SELECT body_text FROM announcements")]
    assert all("Контакти" not in b and "©" not in b for b in bodies)
    assert "ua_local_health: ok" in result.stdout


def test_second_crawl_adds_no_duplicate(local_registry: Path, tmp_path: Path):
    db = tmp_path / "archive.db"
    for _ in range(2):
        result = health_archive("crawl", "--sources", str(local_registry), "--db", str(db),
                                "--allow-local", *FAST)
        assert result.returncode == 0, result.stderr[-3000:]
    assert rows(db, "SELECT count(*), count(DISTINCT canonical_url) FROM announcements") == [(12, 12)]
    assert rows(db, "SELECT count(*) FROM versions") == [(12,)]
    assert "new 0, changed 0" in result.stdout


def test_local_addresses_are_refused_without_allow_local(local_registry: Path, tmp_path: Path):
    db = tmp_path / "archive.db"
    result = health_archive("crawl", "--sources", str(local_registry), "--db", str(db), *FAST)
    assert result.returncode == 1
    assert rows(db, "SELECT count(*) FROM announcements") == [(0,)]
    assert "ua_local_health: failed" in result.stdout
