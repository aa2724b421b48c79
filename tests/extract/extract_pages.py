"""Hand-made pages modelled on the seed publishers, for the extraction tests.

Class names are deliberately not the replica sites' ones: extraction must not depend on a
particular theme. Each builder returns the full HTML of one page.
"""
from __future__ import annotations

import html
import re
from pathlib import Path

SEEDS = Path(__file__).parent / "seeds"
SEED_004_TITLE = "МОЗ підтримає українські медзаклади в налагодженні міжнародних партнерств"


def seed(name: str) -> tuple[str, str]:
    """(title line, body) of a seed text; seed 003 starts with its rubric line."""
    text = next(SEEDS.glob(f"{name}_*.txt")).read_text(encoding="utf-8")
    if name == "004":
        text = text[text.index(SEED_004_TITLE):]
    if name == "003":
        text = text.split("\n", 2)[2]
    if name == "000":
        first, second, body = text.split("\n", 2)
        return f"{first} {second}", body.strip("\n")
    title, body = text.split("\n", 1)
    return title, body.strip("\n")


def seed_004_menu_lines() -> list[str]:
    """The accessibility panel and menu lines a bad extraction of seed 004 kept."""
    text = next(SEEDS.glob("004_*.txt")).read_text(encoding="utf-8")
    return [line.strip() for line in text[: text.index(SEED_004_TITLE)].splitlines() if line.strip()]


_BULLET = re.compile(r"^\s*[•·]\s*")
_NUMBER = re.compile(r"^\s*\d+\.\s+")


def text_to_html(body: str) -> str:
    """Seed body text as editor HTML: <p> per block, <br> inside, real lists for bullets."""
    parts = []
    for block in re.split(r"\n\s*\n", body):
        lines = [line for line in block.split("\n")]
        if all(_BULLET.match(line) for line in lines if line.strip()) and block.strip():
            items = "".join(f"<li>{html.escape(_BULLET.sub('', line))}</li>" for line in lines if line.strip())
            parts.append(f"<ul>{items}</ul>")
        elif all(_NUMBER.match(line) for line in lines if line.strip()) and block.strip() and "  " in block[:4]:
            items = "".join(f"<li>{html.escape(_NUMBER.sub('', line))}</li>" for line in lines if line.strip())
            parts.append(f"<ol>{items}</ol>")
        else:
            inner = "<br>".join(html.escape(line).replace("  ", "&nbsp; ") for line in lines)
            parts.append(f"<p>{inner or '&nbsp;'}</p>")
    return "\n".join(parts)


def moz_page(title: str, date_line: str | None, body_html: str, lang: str = "uk") -> str:
    """moz.gov.ua style: a11y panel, hotline, social icons, mega-menu, breadcrumbs, tags,
    share buttons, related news with their own dates, footer."""
    menu = "".join(
        f'<li><a href="/uk/m{i}">{html.escape(line)}</a></li>'
        for i, line in enumerate(seed_004_menu_lines()[12:])
    )
    date_html = f'<div class="publication-info"><span>{date_line}</span></div>' if date_line else ""
    return f"""<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">
<title>{html.escape(title)} | МОЗ України</title>
<meta property="og:title" content="{html.escape(title)}">
<link rel="canonical" href="https://moz.gov.ua/uk/moz-pidtrimae">
<script>window.dataLayer = [];</script><style>.x{{color:red}}</style></head>
<body>
<div class="special-version-panel" hidden><button>Скинути</button><button>Контраст</button>
<button>Розмір</button><button>Сховати налаштування</button></div>
<div class="top-line"><span>Гаряча лінія МОЗ</span> <a href="tel:0800505201">0800 505 201</a></div>
<div role="dialog" class="settings-modal"><h2>Налаштування доступності</h2><button>Close</button></div>
<div class="mobile-header"><div>Налаштування доступності</div><div>Гаряча лінія МОЗ</div><div>0800 505 201</div>
<div class="social-links"><a href="https://facebook.com/moz"><img alt="Facebook" src="fb.svg"></a>
<a href="https://t.me/moz"><img alt="Telegram" src="tg.svg"></a></div></div>
<nav class="main-menu"><ul>{menu}</ul></nav>
<main>
<ul class="breadcrumbs"><li><a href="/uk">Головна</a></li><li><a href="/uk/press">Пресцентр</a></li><li><a href="/uk/news">Новини</a></li></ul>
<div class="news-detail">
<h1>{html.escape(title)}</h1>
{date_html}
<div class="news-detail__text">
{body_html}
</div>
<div class="news-tags"><a href="/uk/tag/1">партнерство</a> <a href="/uk/tag/2">лікарні</a></div>
<div class="share-buttons">Поділитися: <a href="#">Facebook</a> <a href="#">Telegram</a></div>
</div>
<aside class="sidebar"><h3>Читайте також</h3><ul>
<li><span>05.09.2023</span> <a href="/uk/a">МОЗ оновив перелік лікарських засобів для пацієнтів</a></li>
<li><span>04.09.2023</span> <a href="/uk/b">Вакцинація від кору: нові дані щодо охоплення</a></li></ul></aside>
</main>
<footer><p>Міністерство охорони здоровʼя України</p><p>01601, м. Київ, вул. Грушевського, 7</p>
<p>© 2024 МОЗ України</p></footer>
</body></html>"""


def un_kg_page(title: str, date_line: str | None, body_html: str, lang: str = "ky") -> str:
    """kg.one.un.org (AEM) style: global header, language switcher, breadcrumb, h1, the
    agency block (logo 'WHO' + caption 'WHO'), date, body, related news, footer."""
    date_html = f'<p class="news-date">{date_line}</p>' if date_line else ""
    return f"""<html lang="{lang}"><head><meta http-equiv="content-type" content="text/html; charset=UTF-8">
<title>{html.escape(title)} | United Nations in Kyrgyzstan</title></head>
<body>
<div id="top"><a class="brand" href="/"><img src="un.png" alt="United Nations in Kyrgyzstan"></a>
<ul class="lang-list"><li><a href="/en">English</a></li><li><a href="/ru">Русский</a></li><li><a href="/ky">Кыргызча</a></li></ul>
<ul id="mainnav"><li><a href="/about">About</a></li><li><a href="/news">News</a></li><li><a href="/contact">Contact</a></li></ul></div>
<div id="page">
<div class="crumbs"><a href="/">Башкы бет</a> &gt; <a href="/news">Жаңылыктар</a></div>
<div class="col-main"><h1>{html.escape(title)}</h1>
<div class="agency"><img src="who.png" alt="WHO"><span>WHO</span></div>
{date_html}
<div class="parsys">{body_html}</div></div>
<div class="col-side"><div class="related-news"><h4>Related news</h4>
<div><span>Nov 30, 2017</span> <a href="/n1">Kyrgyzstan marks World AIDS Day with a call for action</a></div>
<div><span>Nov 2, 2017</span> <a href="/n2">UN agencies support national immunization week</a></div></div></div>
</div>
<div id="footer"><p>United Nations in Kyrgyzstan</p><p>160 Chui Avenue, Bishkek</p><p>© United Nations</p></div>
</body></html>"""


def fragment(body_html: str) -> str:
    """A gov.kz API body: an HTML fragment wrapped in <html><body>."""
    return f"<html><body>{body_html}</body></html>"


def soros_page(title: str, body_html: str, lang: str = "ky") -> str:
    """soros.kg (WordPress, Avada) style static page: no date anywhere but the footer."""
    return f"""<!DOCTYPE html><html lang="{lang}-KG"><head><meta charset="UTF-8">
<title>{html.escape(title)} – Сорос-Кыргызстан</title>
<meta property="og:site_name" content="Сорос-Кыргызстан">
<meta property="article:modified_time" content="2019-02-14T10:11:12+00:00">
<link rel="canonical" href="https://soros.kg/ky/home/who-we-are/programs/public-health-program/"></head>
<body class="page-template-default page">
<div class="fusion-header-wrapper"><div class="fusion-secondary-header"><ul class="lang-switcher">
<li><a href="/ky/">КЫР</a></li><li><a href="/">РУС</a></li><li><a href="/en/">ENG</a></li></ul></div>
<div class="fusion-logo"><a href="/"><img src="soros-logo.png" alt="Сорос-Кыргызстан"></a></div>
<nav class="fusion-main-menu"><ul><li><a href="/a">Биз жөнүндө</a></li><li><a href="/p">Программалар</a></li>
<li><a href="/g">Гранттар</a></li><li><a href="/n">Жаңылыктар</a></li><li><a href="/c">Байланыш</a></li></ul></nav></div>
<div class="fusion-page-title-bar"><h1 class="entry-title">{html.escape(title)}</h1>
<div class="fusion-breadcrumbs"><a href="/">Башкы бет</a> / <a href="/p">Программалар</a></div></div>
<main id="main"><div id="content"><div class="post-content">{body_html}</div></div>
<aside id="sidebar"><section class="widget"><h4>Акыркы жаңылыктар</h4>
<ul><li><a href="/ky/2019/04/11/x/">Конкурс жарыяланды</a> <span>11 апрель 2019</span></li></ul></section></aside></main>
<footer class="fusion-footer"><p>Бишкек ш., Логвиненко көч., 55а</p><p>© 2019 Сорос-Кыргызстан</p></footer>
</body></html>"""


def pfh_page(title_lines: tuple[str, str], body_html: str) -> str:
    """pfh.org.ge style: old table layout, two-line title in one bold block, no date."""
    return f"""<html lang="ka"><head><meta charset="utf-8"><title>Partners for Health</title></head>
<body><table width="900"><tr><td colspan="2" class="top"><img src="logo.gif" alt="PfH">
<a href="index.php?lang=ge">ქართ</a> | <a href="index.php?lang=en">ENG</a></td></tr>
<tr><td class="left" width="180"><ul class="menu"><li><a href="/">მთავარი</a></li><li><a href="/history/">ისტორია</a></li>
<li><a href="/projects/">პროექტები</a></li><li><a href="/contact/">კონტაქტი</a></li></ul></td>
<td class="main"><h2 align="center"><strong>{html.escape(title_lines[0])}<br>{html.escape(title_lines[1])}</strong></h2>
{body_html}</td></tr>
<tr><td colspan="2" class="bottom">თბილისი, © 2010 Partners for Health</td></tr></table></body></html>"""


def standfirst_page(title: str, header_html: str, body_html: str) -> str:
    """A news template with the standfirst in the header block beside the heading and the
    article's paragraphs in a separate body container (the layout trafilatura's rules stop at)."""
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title></head>
<body><nav class="main-menu"><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav>
<div class="page"><div class="news-header"><p class="rubric">Health</p><h1>{html.escape(title)}</h1>
{header_html}<p class="date">12 March 2024</p></div>
<div class="article-body">{body_html}</div></div>
<footer class="site-footer"><p>© 2024 Ministry of Health</p></footer></body></html>"""
