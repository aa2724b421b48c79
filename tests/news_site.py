"""A generated local news site: the shape of a real listing, for tests of the generic spider.

The listing has what real ones have around their items: a header menu, category and contact
links, a sidebar, a footer, numbered pagination with a 'next' link (/news/page/N/).
"""

from __future__ import annotations

from pathlib import Path

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
    day, month = 1 + n % 28, 1 + n % 12
    return {
        "path": f"/news/2024/vazhlyva-informatsiia-pro-shcheplennia-nomer-{n}.html",
        "title": f"Важлива інформація про щеплення, випуск {n}",
        "date": f"{day} {MONTHS[month - 1]} 2024",
        "iso": f"2024-{month:02d}-{day:02d}",
        "body": f"Лікарі нагадують батькам про планові щеплення дітей, випуск {n}. "
                "Вакцинація захищає від кору, поліомієліту та дифтерії.\n\n"
                f"Записатися можна в амбулаторії за місцем проживання. Оголошення {n}.",
    }




def page_path(number: int) -> str:
    return "/news/" if number == 1 else f"/news/page/{number}/"


def listing_main(number: int, last: int, entries: list[tuple[str, str, str]], window: int) -> str:
    """Listing page `number` of `last`: its (date, path, title) entries, numbered links to the
    pages within `window` of it, and 'next' on every page but the last."""
    items = "".join(f'<li class="news-item"><span class="date">{date}</span><a href="{path}">{title}</a></li>'
                    for date, path, title in entries)
    pager = "".join(f'<a href="{page_path(p)}">{p}</a>'
                    for p in range(max(1, number - window), min(last, number + window) + 1))
    if number < last:
        pager += f'<a href="{page_path(number + 1)}">Наступна ›</a>'
    return f"<main><h1>Новини</h1><ul>{items}</ul><div class='pagination'>{pager}</div></main>"


def write_page(root: Path, path: str, html: str) -> None:
    """Write `html` where a static server answers `path` (a folder's index.html for a path ending in /)."""
    target = root / path.lstrip("/") / ("index.html" if path.endswith("/") else "")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(html, encoding="utf-8")


def write_site(root: Path, articles: list[dict[str, str]], per_page: int = 5) -> None:
    """Write the listing pages, the articles and the non-article pages under `root`."""
    pages = [articles[i:i + per_page] for i in range(0, len(articles), per_page)]
    for number, items in enumerate(pages, start=1):
        main = listing_main(number, len(pages), [(a["date"], a["path"], a["title"]) for a in items],
                            window=len(pages))
        write_page(root, page_path(number), (
            f"<html lang='uk'><body>{CHROME}{main}"
            f"<aside class='sidebar'><a href='/category/zvity/'>Звіти та документи центру за рік</a>"
            f"</aside>{FOOTER}</body></html>"))
    for a in articles:
        paragraphs = "".join(f"<p>{p}</p>" for p in a["body"].split("\n\n"))
        html = (f"<html lang='uk'><head><title>{a['title']} | Центр здоров'я</title></head><body>"
                f"{CHROME}<main><article><h1>{a['title']}</h1><div class='meta'>{a['date']}</div>"
                f"<div class='content'>{paragraphs}</div></article></main>{FOOTER}</body></html>")
        write_page(root, a["path"], html)
    for path in ("pro-nas", "kontakty", "category/novyny", "category/zvity", "polityka-konfidentsiinosti"):
        write_page(root, f"/{path}/", f"<html><body>{CHROME}<p>Сторінка</p></body></html>")


def write_registry(path: Path, source_id: str, origin: str) -> Path:
    """A registry holding one entry for the site at `origin`: its listing URL and nothing else."""
    path.write_text(f"""
- id: {source_id}
  name: Центр здоров'я
  name_en: Health Centre ({source_id})
  country: UA
  kind: agency
  languages: [uk]
  homepage: {origin}/
  listing_urls: [{origin}/news/]
""", encoding="utf-8")
    return path
