"""Generated announcement text for the benchmarks: long-tailed vocabularies of six languages.

Why not repeat a few real sentences: full-text search and compression both depend on how
words are distributed. A handful of words would make every query match every row (doclists as
long as the table) and every page compress tenfold. Here each language has real health words
at the head of a Zipf distribution (so `грип`, `вакцинації` are common, as in real archives)
and thousands of synthetic words, built from the language's own letters, in the tail.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass

HEAD: dict[str, str] = {
    "uk": "та в на що для про з міністерство охорони здоров'я грип грипу вакцинація вакцинації "
          "щеплення дітей лікарі лікарня лікарні захворювання захворювань кору області населення "
          "центр громадського профілактики пацієнтів випадків епідемія епідемії вода води "
          "медичної допомоги закладах сімейного лікаря симптомів хвороби рекомендації",
    "ru": "и в на что для о с министерство здравоохранения грипп гриппа вакцинация вакцинации "
          "прививки детей врачи больница больницы заболевания заболеваний кори области населения "
          "центр общественного профилактики пациентов случаев эпидемия эпидемии вода воды "
          "медицинской помощи учреждениях семейного врача симптомов болезни рекомендации",
    "kk": "және мен үшін туралы денсаулық сақтау министрлігі тұмау тұмауға вакцинация екпе "
          "балалар дәрігерлер аурухана ауруханада аурулар қызылша облысы халық орталығы "
          "алдын алу науқастар жағдайлар індет су медициналық көмек емханаларда белгілері",
    "ky": "жана менен үчүн жөнүндө саламаттык сактоо министрлиги сасык тумоо эмдөө балдар "
          "дарыгерлер оорукана ооруканада оорулар кызамык облусу калк борбору алдын алуу "
          "бейтаптар учурлар эпидемия суу медициналык жардам белгилери",
    "ka": "და რომ ამ ჯანმრთელობის სამინისტრო გრიპი გრიპის ვაქცინაცია ბავშვები ექიმები "
          "საავადმყოფო დაავადება წითელა რეგიონში მოსახლეობა ცენტრი პროფილაქტიკა პაციენტები "
          "შემთხვევები ეპიდემია წყალი სამედიცინო დახმარება",
    "en": "and the of to in for ministry health influenza flu vaccination children doctors "
          "hospital disease measles region population centre prevention patients cases "
          "epidemic water medical care clinics symptoms guidance",
}
ALPHABETS = {
    "uk": ("бвгджзклмнпрстфхцчшщ", "аеиоуяюєії"),
    "ru": ("бвгджзклмнпрстфхцчшщ", "аеиоуыяюэ"),
    "kk": ("бгджзйклмнпрстшқғңһ", "аәеиоөұүыі"),
    "ky": ("бгджзйклмнпрстчшң", "аеиоөуүы"),
    "ka": ("ბგდვზთკლმნპჟრსტფქღყშჩცძწჭხჯჰ", "აეიოუ"),
    "en": ("bcdfghjklmnprstvwz", "aeiou"),
}
COUNTRIES = {"uk": "UA", "ru": "KZ", "kk": "KZ", "ky": "KG", "ka": "GE", "en": "GE"}
LANGUAGES = tuple(HEAD)


@dataclass(frozen=True)
class Vocabulary:
    """One language's words, most frequent first, with cumulative Zipf weights for sampling."""

    language: str
    words: list[str]
    cum_weights: list[float]

    def sample(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cum_weights, k=k)


def vocabulary(language: str, size: int = 20_000, seed: int = 7) -> Vocabulary:
    """Real head words, then synthetic two- to four-syllable words; weight of rank r is 1/r."""
    rng = random.Random(f"{seed}-{language}")
    consonants, vowels = ALPHABETS[language]
    words = list(dict.fromkeys(HEAD[language].split()))
    seen = set(words)
    while len(words) < size:
        word = "".join(rng.choice(consonants) + rng.choice(vowels)
                       for _ in range(rng.randint(2, 4)))
        word += rng.choice(consonants) if rng.random() < 0.5 else ""
        if word not in seen:
            seen.add(word)
            words.append(word)
    cum_weights = list(itertools.accumulate(1.0 / rank for rank in range(1, size + 1)))
    return Vocabulary(language, words, cum_weights)


def sentence(vocab: Vocabulary, rng: random.Random) -> str:
    words = vocab.sample(rng, rng.randint(6, 16))
    text = " ".join(words)
    return text[0].upper() + text[1:] + rng.choice((". ", ". ", ". ", "; ", "! "))


def paragraphs(vocab: Vocabulary, rng: random.Random, chars: int) -> list[str]:
    """About `chars` characters of prose in paragraphs of two to five sentences."""
    out: list[str] = []
    size = 0
    while size < chars:
        paragraph = "".join(sentence(vocab, rng) for _ in range(rng.randint(2, 5))).strip()
        out.append(paragraph)
        size += len(paragraph)
    return out
