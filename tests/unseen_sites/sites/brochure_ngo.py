"""(h) An NGO's brochure site built with a page builder (WordPress + Elementor; ka, with an
English copy under `/en/`): nested section/column/widget divs, header and footer made of
widgets too. Its "news" are mostly static pages about projects, with no date at all; a few
real dated posts sit beside them at the same `/<slug>/` URL shape. A Yoast-style
`/sitemap.xml` redirects to a sitemap index of page, post, category and tag sitemaps.
"""

from __future__ import annotations

from datetime import timedelta, timezone

from tests.unseen_sites.model import EDIT_MARKED, NEW, Item, Page, Site, State, esc, sitemap_xml

KA_MONTHS = ["იანვარი", "თებერვალი", "მარტი", "აპრილი", "მაისი", "ივნისი", "ივლისი", "აგვისტო", "სექტემბერი",
             "ოქტომბერი", "ნოემბერი", "დეკემბერი"]
EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]
# (path, title, lang, kind, published, fate)
ITEMS = [
    ("/proeqtebi/fsiqikuri-janmrteloba/", "ფსიქიკური ჯანმრთელობის მხარდაჭერის პროგრამა", "ka", "page", None, ""),
    ("/proeqtebi/soflis-ambulatoriebi/", "სოფლის ამბულატორიების განვითარების პროექტი", "ka", "page", None, ""),
    ("/siakhleebi/", "სიახლეები", "ka", "page", None, ""),
    ("/en/projects/mental-health/", "Mental health support programme", "en", "page", None, ""),
    ("/en/news/", "News", "en", "page", None, ""),
    ("/akhali-satemo-centri-telavshi/", "ტელავში ახალი სათემო ცენტრი გაიხსნა", "ka", "announcement", "2024-03-14", ""),
    ("/vaqcinaciis-kampania-skolebshi/", "სკოლებში ვაქცინაციის საინფორმაციო კამპანია დაიწყო", "ka", "announcement", "2024-04-02", EDIT_MARKED),
    ("/mokhaliseta-treningi/", "მოხალისეებისთვის პირველადი დახმარების ტრენინგი ჩატარდა", "ka", "announcement", "2024-04-25", ""),
    ("/en/community-centre-telavi/", "New community centre opens in Telavi", "en", "announcement", "2024-03-15", ""),
    ("/en/hotline-first-year/", "Our mental health hotline marks its first year", "en", "announcement", "2024-05-20", NEW),
]
STATIC = {
    "/": ("ka", "მთავარი", "ჯანსაღი თემი — არასამთავრობო ორგანიზაცია, რომელიც 2015 წლიდან მუშაობს თემის ჯანმრთელობის გაუმჯობესებაზე."),
    "/chven-shesakheb/": ("ka", "ჩვენ შესახებ", "ორგანიზაციის მისიაა ხელმისაწვდომი სამედიცინო და ფსიქოლოგიური დახმარება ყველა თემისთვის."),
    "/kontaqti/": ("ka", "კონტაქტი", "მისამართი: თბილისი, ჭავჭავაძის გამზ. 37. ტელეფონი: +995 32 2 25 40 18."),
    "/en/": ("en", "Home", "Healthy Community Georgia is a non-governmental organisation working on community health since 2015."),
    "/en/about-us/": ("en", "About us", "Our mission is accessible medical and psychological help for every community."),
    "/en/contact/": ("en", "Contact", "Address: 37 Chavchavadze Avenue, Tbilisi. Phone: +995 32 2 25 40 18."),
}
# Yoast lists the blog's category and tag archives in sitemaps of their own.
ARCHIVES = {
    "/category/siakhleebi/": ("ka", "კატეგორია: სიახლეები"),
    "/tag/janmrteloba/": ("ka", "ჭდე: ჯანმრთელობა"),
    "/en/category/news/": ("en", "Category: News"),
}
CHROME = (
    "გამოიწერეთ ჩვენი სიახლეები",
    "Subscribe to our newsletter",
    "© 2024 ჯანსაღი თემი. ყველა უფლება დაცულია.",
    "Powered by Elementor",
    "გააზიარე",
)


class BrochureNgo(Site):
    host = "www.healthycommunity.ge"
    source_id = "ge_healthy_community"
    tz = timezone(timedelta(hours=4))
    chrome = CHROME

    def build_items(self) -> list[Item]:
        return [Item(key=f"{self.source_id}/{800 + i}", path=path, title=title, lang=lang, kind=kind, published=published,
                     fate=fate, n=800 + i, paragraph_count=3 if kind == "announcement" else 5)
                for i, (path, title, lang, kind, published, fate) in enumerate(ITEMS)]

    def widget(self, kind: str, inner: str, element: str) -> str:
        return (f'<div class="elementor-element elementor-element-{element} elementor-widget elementor-widget-{kind}" '
                f'data-id="{element}" data-element_type="widget" data-widget_type="{kind}.default">'
                f'<div class="elementor-widget-container">{inner}</div></div>')

    def section(self, widgets: str, element: str) -> str:
        return (f'<section class="elementor-section elementor-top-section elementor-element elementor-element-{element} '
                f'elementor-section-boxed elementor-section-height-default" data-id="{element}" data-element_type="section">'
                f'<div class="elementor-container elementor-column-gap-default"><div class="elementor-column elementor-col-100 '
                f'elementor-top-column elementor-element" data-element_type="column"><div class="elementor-widget-wrap '
                f'elementor-element-populated">{widgets}</div></div></div></section>')

    def layout(self, lang: str, title: str, body: str, og_type: str, head: str = "", body_class: str = "page") -> str:
        en = lang == "en"
        prefix = "/en" if en else ""
        menu = (f'<li class="menu-item"><a href="{prefix}/" class="elementor-item">{"Home" if en else "მთავარი"}</a></li>'
                f'<li class="menu-item"><a href="{"/en/about-us/" if en else "/chven-shesakheb/"}" class="elementor-item">{"About us" if en else "ჩვენ შესახებ"}</a></li>'
                f'<li class="menu-item"><a href="{"/en/projects/mental-health/" if en else "/proeqtebi/fsiqikuri-janmrteloba/"}" class="elementor-item">{"Projects" if en else "პროექტები"}</a></li>'
                f'<li class="menu-item"><a href="{"/en/news/" if en else "/siakhleebi/"}" class="elementor-item">{"News" if en else "სიახლეები"}</a></li>'
                f'<li class="menu-item"><a href="{"/en/contact/" if en else "/kontaqti/"}" class="elementor-item">{"Contact" if en else "კონტაქტი"}</a></li>')
        header = self.section(
            self.widget("theme-site-logo", '<a href="/"><img src="/wp-content/uploads/2023/02/logo.png" alt="ჯანსაღი თემი"></a>', "1a2b3c")
            + self.widget("nav-menu", f'<nav class="elementor-nav-menu--main elementor-nav-menu__container"><ul id="menu-1-main" class="elementor-nav-menu">{menu}</ul></nav>', "4d5e6f")
            + self.widget("button", f'<a href="{"/siakhleebi/" if en else "/en/news/"}" class="elementor-button-link elementor-button"><span class="elementor-button-text">{"ქართ" if en else "ENG"}</span></a>', "7a8b9c"),
            "a1b2c3")
        footer = self.section(
            self.widget("heading", f'<h4 class="elementor-heading-title elementor-size-default">{"Subscribe to our newsletter" if en else "გამოიწერეთ ჩვენი სიახლეები"}</h4>', "f1f2f3")
            + self.widget("form", '<form class="elementor-form" method="post" name="Newsletter"><input size="1" type="email" name="form_fields[email]" placeholder="Email"><button type="submit" class="elementor-button"><span class="elementor-button-text">OK</span></button></form>', "f4f5f6")
            + self.widget("text-editor", "<p>© 2024 ჯანსაღი თემი. ყველა უფლება დაცულია.</p>", "f7f8f9")
            + self.widget("text-editor", '<p><a href="https://elementor.com/">Powered by Elementor</a></p>', "fafbfc"),
            "e1e2e3")
        return f"""<!doctype html>
<html lang="{"en-US" if en else "ka-GE"}">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} - {"Healthy Community Georgia" if en else "ჯანსაღი თემი"}</title>
<meta property="og:locale" content="{"en_US" if en else "ka_GE"}" />
<meta property="og:type" content="{og_type}" />
<meta property="og:title" content="{esc(title)}" />
{head}
<link rel='stylesheet' id='elementor-frontend-css' href='/wp-content/plugins/elementor/assets/css/frontend.min.css?ver=3.21.4' media='all' />
<meta name="generator" content="Elementor 3.21.4; features: e_optimized_assets_loading; settings: css_print_method-external">
</head>
<body class="{body_class} elementor-default elementor-kit-5">
<div data-elementor-type="header" data-elementor-id="11" class="elementor elementor-11 elementor-location-header">{header}</div>
{body}
<div data-elementor-type="footer" data-elementor-id="24" class="elementor elementor-24 elementor-location-footer">{footer}</div>
</body>
</html>"""

    def shown_date(self, item: Item) -> str:
        year, month, day = (item.published or "").split("-")
        if item.lang == "en":
            return f"{EN_MONTHS[int(month) - 1]} {int(day)}, {year}"
        return f"{int(day)} {KA_MONTHS[int(month) - 1]}, {year}"

    def render_item(self, item: Item, state: State) -> str:
        paragraphs = item.paragraphs(state)
        if item.kind == "page":
            # A brochure page: a hero heading, then image-and-text blocks, each a section.
            blocks = "".join(self.section(self.widget("image", f'<img src="/wp-content/uploads/2023/0{k + 3}/photo-{item.n}-{k}.jpg" alt="">', f"{item.n}{k}1")
                                          + self.widget("text-editor", f"<p>{esc(p)}</p>", f"{item.n}{k}2"), f"{item.n}{k}0")
                             for k, p in enumerate(paragraphs))
            hero = self.section(self.widget("heading", f'<h1 class="elementor-heading-title elementor-size-xl">{esc(item.title)}</h1>', f"{item.n}h"), f"{item.n}s")
            body = (f'<div data-elementor-type="wp-page" data-elementor-id="{item.n}" class="elementor elementor-{item.n}">'
                    f"{hero}{blocks}</div>")
            return self.layout(item.lang, item.title, body, "website",
                               f'<link rel="canonical" href="{self.url(item.path)}" />', f"page-template-default page page-id-{item.n}")
        published = item.published  # the builder's post-info widget keeps the day only
        modified = item.modified(state, self.tz).date().isoformat()
        share = "Share" if item.lang == "en" else "გააზიარე"
        widgets = (self.widget("theme-post-title", f'<h1 class="elementor-heading-title elementor-size-default">{esc(item.title)}</h1>', "p1")
                   + self.widget("post-info", f'<ul class="elementor-inline-items elementor-icon-list-items elementor-post-info"><li class="elementor-icon-list-item elementor-inline-item" itemprop="datePublished"><span class="elementor-icon-list-text elementor-post-info__item elementor-post-info__item--type-date">{self.shown_date(item)}</span></li></ul>', "p2")
                   + self.widget("theme-post-content", "".join(f"<p>{esc(p)}</p>" for p in paragraphs), "p3")
                   + self.widget("share-buttons", f'<div class="elementor-grid"><div class="elementor-grid-item"><div class="elementor-share-btn elementor-share-btn_facebook" role="button"><span class="elementor-share-btn__title">{share}</span></div></div></div>', "p4"))
        body = (f'<div data-elementor-type="single-post" data-elementor-id="95" class="elementor elementor-95 elementor-location-single '
                f'post-{item.n} post type-post status-publish format-standard hentry category-news">{self.section(widgets, "p0")}</div>')
        head = (f'<link rel="canonical" href="{self.url(item.path)}" />\n'
                f'<meta property="article:published_time" content="{published}" />\n<meta property="article:modified_time" content="{modified}" />')
        return self.layout(item.lang, item.title, body, "article", head, f"post-template-default single single-post postid-{item.n}")

    def route(self, path: str, query: dict[str, str], state: State) -> Page | None:
        if path == "/sitemap.xml":
            return self.redirect("/sitemap_index.xml", 301)
        if path == "/sitemap_index.xml":
            rows = "".join(f"<sitemap><loc>{self.url(p)}</loc><lastmod>{state.edited_at.isoformat(timespec='seconds') if state.name == 'after' else '2024-05-20T09:00:00+04:00'}</lastmod></sitemap>"
                           for p in ("/post-sitemap.xml", "/page-sitemap.xml", "/category-sitemap.xml", "/post_tag-sitemap.xml"))
            return Page(200, ('<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                              f"{rows}</sitemapindex>").encode(), "application/xml; charset=UTF-8", tag="index")
        if path == "/post-sitemap.xml":
            posts = [i for i in self.listed(state) if i.kind == "announcement"]
            return Page(200, sitemap_xml([(self.url(i.path), i.index_date(state, self.tz)) for i in posts]),
                        "application/xml; charset=UTF-8", tag="index")
        if path == "/page-sitemap.xml":
            pages = [(self.url(p), None) for p in STATIC]
            pages += [(self.url(i.path), None) for i in self.listed(state) if i.kind == "page"]
            return Page(200, sitemap_xml(pages), "application/xml; charset=UTF-8", tag="index")
        if path in ("/category-sitemap.xml", "/post_tag-sitemap.xml"):
            archives = [p for p in ARCHIVES if ("/category/" in p) == path.startswith("/category")]
            return Page(200, sitemap_xml([(self.url(p), None) for p in archives]), "application/xml; charset=UTF-8", tag="index")
        if path in ARCHIVES:
            lang, title = ARCHIVES[path]
            posts = [i for i in self.listed(state) if i.kind == "announcement" and i.lang == lang]
            cards = "".join(f'<article class="elementor-post elementor-grid-item post-{i.n} post type-post"><div class="elementor-post__text">'
                            f'<h3 class="elementor-post__title"><a href="{i.path}">{esc(i.title)}</a></h3>'
                            f'<div class="elementor-post__meta-data"><span class="elementor-post-date">{self.shown_date(i)}</span></div>'
                            f'<div class="elementor-post__excerpt"><p>{esc(i.original[0][:140])}…</p></div></div></article>' for i in posts)
            body = self.section(self.widget("heading", f'<h1 class="elementor-heading-title">{esc(title)}</h1>', "c1")
                                + self.widget("archive-posts", f'<div class="elementor-posts-container elementor-posts elementor-grid">{cards}</div>', "c2"), "c0")
            return self.html(self.layout(lang, title, f'<div data-elementor-type="archive" class="elementor elementor-location-archive">{body}</div>', "website",
                                         body_class="archive category"), tag="listing")
        if path in STATIC:
            lang, title, text = STATIC[path]
            body = self.section(self.widget("heading", f'<h2 class="elementor-heading-title">{esc(title)}</h2>', "s1")
                                + self.widget("text-editor", f"<p>{esc(text)}</p>", "s2"), "s0")
            return self.html(self.layout(lang, title, f'<div data-elementor-type="wp-page" class="elementor">{body}</div>', "website"),
                             tag="static")
        return None
