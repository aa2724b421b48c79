"""Month names of the region's languages, as small lookup tables.

dateparser knows these too, but costs 7-75 ms a call; a dictionary lookup costs nothing.
Forms cover nominative and genitive (uk 'вересень'/'вересня', ru 'сентябрь'/'сентября',
hy 'մարտ'/'մարտի'), Kazakh and Kyrgyz native names, Latin Azerbaijani/Uzbek/Romanian and
English with abbreviations. Georgian and Armenian also take case endings, so those are
matched by stem (see `month_number`).
"""
from __future__ import annotations

import re

_NAMES: dict[int, str] = {
    1: "january jan січня січень січ января январь январ янв қаңтар қаңтардың "
       "იანვარი იანვრის იანვ հունվար հունվարի yanvar ianuarie ian",
    2: "february feb лютого лютий лют февраля февраль феврал фев ақпан ақпанның "
       "თებერვალი თებერვლის თებ փետրվար փետրվարի fevral februarie",
    3: "march mar березня березень бер марта март мар наурыз наурыздың "
       "მარტი მარტის მარ մարտ մարտի mart martie",
    4: "april apr квітня квітень квіт апреля апрель апрел апр сәуір сәуірдің "
       "აპრილი აპრილის აპრ ապրիլ ապրիլի aprel aprilie",
    5: "may травня травень трав мая май мамыр мамырдың მაისი მაისის მაი մայիս մայիսի mai",
    6: "june jun червня червень черв июня июнь июн маусым маусымның ივნისი ივნისის ივნ "
       "հունիս հունիսի iyun iunie",
    7: "july jul липня липень лип июля июль июл шілде шілденің ივლისი ივლისის ივლ "
       "հուլիս հուլիսի iyul iulie",
    8: "august aug серпня серпень серп августа август авг тамыз тамыздың "
       "აგვისტო აგვისტოს აგვ օգոստոս օգոստոսի avqust avgust",
    9: "september sep sept вересня вересень вер сентября сентябрь сентябр сен сент қыркүйек "
       "қыркүйектің სექტემბერი სექტემბრის სექ սեպտեմբեր սեպտեմբերի sentyabr sentabr septembrie",
    10: "october oct жовтня жовтень жовт октября октябрь октябр окт қазан қазанның "
        "ოქტომბერი ოქტომბრის ოქტ հոկտեմբեր հոկտեմբերի oktyabr oktabr octombrie",
    11: "november nov листопада листопад лист ноября ноябрь ноябр ноя қараша қарашаның "
        "ნოემბერი ნოემბრის ნოე նոյեմբեր նոյեմբերի noyabr noiembrie noi",
    12: "december dec грудня грудень груд декабря декабрь декабр дек желтоқсан желтоқсанның "
        "დეკემბერი დეკემბრის დეკ դեկտեմբեր դեկտեմբերի dekabr decembrie",
}
# Georgian stems: the nominative -ი drops before case endings ('მარტი' -> 'მარტს').
_KA_STEMS = "იანვარ თებერვალ მარტ აპრილ მაის ივნის ივლის აგვისტო სექტემბ ოქტომბ ნოემბ დეკემბ"
MONTHS: dict[str, int] = {
    word: number for number, words in _NAMES.items() for word in words.split()
} | {stem: number for number, stem in enumerate(_KA_STEMS.split(), start=1)}
# Georgian, Armenian and Kazakh add case endings to the whole name ('მარტს', 'մարտին',
# 'наурызда'), so a word that starts with a known name of 4+ letters is that month.
_STEMS = re.compile("|".join(sorted((re.escape(w) for w in MONTHS if len(w) >= 4), key=len, reverse=True)))
# Kyrgyz, Kazakh and Uzbek case endings on Russian-style names: 'декабрында' (декабрь),
# 'июнунда' (июнь), 'мартта' (март). Longest first.
_CASE_ENDINGS = ("ындагы", "индеги", "ында", "инде", "унда", "үндө", "нда", "нде", "та", "те", "да", "де",
                 "ын", "ин", "ун", "үн", "ы", "и", "у", "ү")


def month_number(word: str) -> int | None:
    """Month number of a (possibly inflected or abbreviated) month word, else None."""
    key = word.lower().rstrip(".").replace("ʼ", "").replace("'", "")
    if not key:
        return None
    number = MONTHS.get(key)
    if number is not None:
        return number
    if len(key) >= 5 and (stem := _STEMS.match(key)):
        return MONTHS[stem.group(0)]
    if len(key) >= 4:
        for ending in _CASE_ENDINGS:
            stem = key[: -len(ending)]
            if key.endswith(ending) and len(stem) >= 3:
                number = MONTHS.get(stem) or MONTHS.get(stem + "ь")
                if number is not None:
                    return number
    return None
