"""The five seed texts, embedded in pages like their publishers', come back whole."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from extract_pages import fragment, moz_page, pfh_page, seed, seed_004_menu_lines, soros_page, text_to_html, un_kg_page

from scrapers.extract import Hints, extract_record

# The benchmark's own token metric (4-gram shingles, tokens = \w+ runs) when its folder is
# next to the repository; the same definition otherwise.
_EVALUATE = Path(__file__).resolve().parents[3] / "shared" / "benchmarks" / "article-extraction" / "evaluate.py"


def _metric():
    if _EVALUATE.exists():
        spec = importlib.util.spec_from_file_location("aeb_evaluate", _EVALUATE)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module.page_counts
    import re
    from collections import Counter

    def page_counts(true: str, pred: str, n: int = 4):
        def shingles(text: str) -> Counter:
            toks = re.findall(r"\w+", text)
            return Counter([tuple(toks)] if 0 < len(toks) < n else (tuple(toks[i:i + n]) for i in range(len(toks) - n + 1)))
        t, p = shingles(true), shingles(pred)
        return sum((t & p).values()), sum((p - t).values()), sum((t - p).values())
    return page_counts


page_counts = _metric()


def token_f1(expected: str, got: str) -> float:
    tp, fp, fn = page_counts(expected, got)
    precision, recall = (tp / (tp + fp) if tp + fp else 0.0), tp / (tp + fn)
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _pages():
    t0, b0 = seed("000")
    first, second = t0.split(" „", 1)
    t1, b1 = seed("001")
    b1 = b1.replace("WHOWHO\n\n", "")  # the agency logo line is boilerplate, not body
    t2, b2 = seed("002")
    t3, b3 = seed("003")
    t4, b4 = seed("004")
    return [
        ("000", pfh_page((first, "„" + second), text_to_html(b0)), "http://pfh.org.ge/index.php?lang=ge",
         Hints(languages=("ka", "en"), timezone="Asia/Tbilisi"), t0, b0, "ka", None),
        ("001", un_kg_page(t1, "Dec 20, 2017", text_to_html(b1)),
         "http://kg.one.un.org/content/unct/kyrgyzstan/ky/home/news/kg-news/2017/kyrgyzstan-strengthens-health-services-delivery-through-high-lev.html",
         Hints(languages=("ky", "en", "ru"), timezone="Asia/Bishkek"), t1, b1, "ky", "2017-12-20"),
        ("002", soros_page(t2, text_to_html(b2)), "https://soros.kg/ky/home/who-we-are/programs/public-health-program/",
         Hints(languages=("ky", "ru", "en"), timezone="Asia/Bishkek"), t2, b2, "ky", None),
        ("003", fragment(text_to_html(b3)), "https://www.gov.kz/memleket/entities/zhambyl-densaulyk/press/news/details/1?lang=kk",
         Hints(languages=("kk", "ru"), timezone="Asia/Almaty"), None, b3, "kk", None),
        ("004", moz_page(t4, "7 вересня 2023", text_to_html(b4)),
         "https://moz.gov.ua/uk/moz-pidtrimae-ukrainski-medzakladi-v-nalagodzhenni-mizhnarodnih-partnerstv",
         Hints(languages=("uk", "en"), timezone="Europe/Kyiv"), t4, b4, "uk", "2023-09-07"),
    ]


@pytest.mark.parametrize("name, html, url, hints, title, body, language, published", _pages(), ids=lambda v: v if isinstance(v, str) and len(v) == 3 else "")
def test_seed_page(name, html, url, hints, title, body, language, published) -> None:
    record = extract_record(html, url, hints)
    assert token_f1(body, record.body_text) >= 0.97, name
    assert (record.title, record.language, record.published_at) == (title, language, published)
    assert not set(record.body_text.splitlines()) & set(seed_004_menu_lines())


def test_seed_003_signature_is_kept() -> None:
    _, body = seed("003")
    record = extract_record(fragment(text_to_html(body)), "https://www.gov.kz/x", Hints(languages=("kk",)))
    assert record.body_text.endswith("Облыс әкімдігі денсаулық сақтау\n\nбасқармасының баспасөз қызметі")


def test_seed_004_bad_extraction_lines_never_appear() -> None:
    title, body = seed("004")
    record = extract_record(moz_page(title, None, text_to_html(body)), "https://moz.gov.ua/uk/x", Hints(languages=("uk",)))
    assert record.body_text.startswith("МОЗ активно підтримує")
    for line in seed_004_menu_lines():
        assert line not in record.body_text.splitlines(), line
