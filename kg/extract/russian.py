"""Russian case forms of gazetteer names, so "в Минске" and "с Сергеем Лавровым" match Минск and Сергей Лавров.

Forms are generated once when the matcher is built (pymorphy3); matching itself stays a dictionary lookup.
"""

from __future__ import annotations

from functools import lru_cache


CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
INFLECTED_POS = {"NOUN", "ADJF", "PRTF"}
NAME_TAGS = ("Name", "Surn", "Patr")
SurnameEndings = tuple[tuple[str, str, dict[str, str]], ...]  # (gender: m, f or mf; ending; case → its ending)
GENDER_ROWS = {"masc": ("m", "mf"), "femn": ("f", "mf")}  # the rows of surname_endings.tsv a bearer's gender reads
CONSONANTS = frozenset("бвгджзклмнпрстфхцчшщ")
# prepositions inside a title ("депутат от Крыма", "комитет по спорту", "посол в США"), not "с"/"из" (from), which
# lead away from it: "корреспондент РИА Новости с Казанского вокзала"
TITLE_PREPOSITIONS = frozenset({"по", "от", "при", "в", "во", "на", "для"})


@lru_cache(maxsize=1)
def _analyzer():
    from pymorphy3 import MorphAnalyzer

    return MorphAnalyzer()


def case_forms(name: str, is_person: bool, surname_endings: SurnameEndings = ()) -> set[str]:
    """All six case forms of a nominative name (lower-case). Acronyms and foreign words stay as they are.

    A person's every word declines (Сергей Лавров → Сергеем Лавровым); in other names only the words up to
    and including the head noun do (Совет Безопасности ООН → Совета Безопасности ООН). A person's last word that the
    dictionary reads as no name (Токаев, Кассис, Цзюнь) declines by `surname_endings` (kg/data/surname_endings.tsv),
    as the first name's gender has it: Токаевым, Кассису, Флейтцем; Дун Цзюня, where only the surname declines.
    """
    words = name.split()
    morph = _analyzer()
    parses: list = []
    for word in words:
        if word.isupper() and len(word) > 1:
            parses.append(None)
            continue
        candidates = [p for p in morph.parse(word) if p.tag.case == "nomn" and p.tag.POS in INFLECTED_POS]
        if is_person:  # a name's reading first: Карлсон as a surname, not a noun with a fleeting vowel (Карлсна)
            candidates.sort(key=lambda p: not _read_as_name(p))
        parses.append(candidates[0] if candidates else None)
    surname: dict[str, str] = {}
    last = parses[-1] if parses else None
    # (an adjective declines as one: Залужный → Залужным)
    if is_person and surname_endings and words and not _read_as_name(last) and (last is None or last.tag.POS == "NOUN"):
        parses[-1] = None
        surname = _surname_forms(words[-1], _feminine(words, parses), surname_endings)
    if not is_person:
        head = next((i for i, p in enumerate(parses) if p is not None and p.tag.POS == "NOUN"), len(parses) - 1)
        parses = [p if i <= head else None for i, p in enumerate(parses)]
    forms = {name.lower()}
    for case in CASES:
        inflected = []
        for word, parse in zip(words, parses):
            form = parse.inflect({case}) if parse is not None else None
            inflected.append(form.word if form else word.lower())
        if case in surname:  # and the surname alone declined, as in an East Asian name (Ким Чен Ына, Дун Цзюня)
            inflected[-1] = surname[case]
            forms.add(" ".join([*(word.lower() for word in words[:-1]), surname[case]]))
        forms.add(" ".join(inflected))
    return forms


def _read_as_name(parse) -> bool:
    """The dictionary's reading is one person's name: a first name, surname or patronymic, in the singular."""
    return parse is not None and any(tag in parse.tag for tag in NAME_TAGS) and parse.tag.number == "sing"


def _feminine(words: list[str], parses: list) -> bool:
    """A woman's name, as its first name tells: the dictionary's gender, or an unknown first name's -а/-я (Кая)."""
    if len(words) < 2:
        return False
    first = parses[0]
    if _read_as_name(first) and "Name" in first.tag:
        return first.tag.gender == "femn"
    return words[0].endswith(("а", "я"))


def _surname_forms(word: str, feminine: bool, endings: SurnameEndings) -> dict[str, str]:
    """Case → the surname in that case (lower-case), by the longest ending of the gender's that the word ends with;
    none where it does not decline (a woman's Каллас, a man's Матвиенко)."""
    lowered = word.lower()
    genders = GENDER_ROWS["femn" if feminine else "masc"]
    rule = max((row for row in endings if row[0] in genders and lowered.endswith(row[1])),
               key=lambda row: len(row[1]), default=None)
    if rule is None or not all(rule[2].values()):
        return {}
    stem = lowered[:len(lowered) - len(rule[1])]
    return {case: stem + ending for case, ending in rule[2].items()}


def nominative_name(name: str, surname_endings: SurnameEndings) -> str:
    """A Russian personal name in any case → nominative ("Сергеем Лавровым" → "Сергей Лавров"). Where the first word
    is a first name, its case and gender choose the reading of the words after it, and a surname the dictionary does
    not know takes the endings of its kind (`surname_endings`): "Павлу Зарубину" → "Павел Зарубин", "Ольгу Романову" →
    "Ольга Романова", "Аслана Бжании" → "Аслан Бжания"; "Дарья Богданова" stays as it is."""
    morph = _analyzer()
    words = name.split()
    readings = [p for p in morph.parse(words[0]) if "Name" in p.tag and p.tag.number == "sing"] if words else []
    if readings:  # the likeliest: "Дмитрия" is Дмитрий's genitive (and "Валерия" Валерий's)
        return agreeing_nominative(words, readings[0], surname_endings)
    nominatives = []
    for word in words:
        # one person's name: a plural reading is a family ("Рыженковым") or a misreading ("Ликсутов" as the genitive
        # plural of a first name "Ликсут"), and the word is then taken as written
        parses = [p for p in morph.parse(word) if _read_as_name(p)]
        nominatives.append(_nominative(word, parses[0]) if parses else word)
    return " ".join(nominatives)


def is_surname(word: str) -> bool:
    """A capitalised Cyrillic word the dictionary may read as a surname ("Буцкой", "Колесников", "Гаврилов" — which
    it reads first as a plural of the first name Гаврила) or does not know at all ("Шеремет", "Габуния", "Тишковец":
    surnames it has not seen)."""
    if not word[:1].isupper() or not word[1:].islower() or not all("\u0400" <= c <= "\u04ff" or c == "-" for c in word):
        return False
    analyzer = _analyzer()
    return any("Surn" in parse.tag for parse in analyzer.parse(word)) or not analyzer.word_is_known(word.lower())


def reads_only_as_first_name(word: str) -> bool:
    """The dictionary reads the capitalised word as a first name and nothing else: after a title, alone, it may be a
    foreign surname that is a first name too ("экс-премьер Британии Джонсон")."""
    if not word[:1].isupper() or not word[1:].islower():
        return False
    parses = _analyzer().parse(word)
    return bool(parses) and all("Name" in parse.tag for parse in parses)


def is_patronymic(word: str) -> bool:
    """The dictionary may read the word as a patronymic ("Анатольевич", "Владимировна")."""
    return any("Patr" in parse.tag for parse in _analyzer().parse(word))


def nominative_adjective(word: str) -> str | None:
    """The masculine nominative of an adjective the dictionary reads in the word ("Мещанского" → "Мещанский"), as the
    text capitalises it; None where it reads none."""
    parse = next((p for p in _analyzer().parse(word) if p.tag.POS == "ADJF"), None)
    nominative = parse.inflect({"nomn", "masc", "sing"}) if parse is not None else None
    return None if nominative is None else nominative.word.capitalize()


def is_genitive(word: str) -> bool:
    """The dictionary's likeliest reading of the word is a noun or adjective in the genitive ("выборов", "визита")."""
    parse = _analyzer().parse(word.lower())[0]
    return parse.tag.POS in INFLECTED_POS and parse.tag.case == "gent"


def verb_tense(word: str) -> str | None:
    """The tense of the dictionary's likeliest reading of the word where that is a finite verb ("past", "pres" or
    "futr": "заявил", "завершает", "подпишет"), else None."""
    parse = _analyzer().parse(word.lower())[0]
    return parse.tag.tense if parse.tag.POS == "VERB" else None


def is_complement_word(word: str) -> bool:
    """A lower-case word that may complete a Russian title before the name: a preposition of TITLE_PREPOSITIONS, or a
    noun or adjective in a case other than the nominative ("министр образования республики", "депутат от крымского
    региона", "комитета по вопросам собственности"); a verb ("министр заявил") or a nominative is no part of it."""
    if word in TITLE_PREPOSITIONS:
        return True
    parse = _analyzer().parse(word)[0]
    return parse.tag.POS in INFLECTED_POS and parse.tag.case not in (None, "nomn")


def is_capitalised_complement(word: str) -> bool:
    """A capitalised word that completes a Russian title as a lower-case one does: the name of a body or a region in
    a case other than the nominative, which the dictionary knows and reads in no way as a person's name
    ("замначальника Генштаба Бурдинский", "начальник Сумской областной военной администрации")."""
    if not word[:1].isupper() or not word[1:].islower():
        return False
    analyzer = _analyzer()
    lower = word.lower()
    return analyzer.word_is_known(lower) and is_complement_word(lower) and not any(
        tag in parse.tag for parse in analyzer.parse(word) for tag in NAME_TAGS)


def agreeing_nominative(words: list[str], first, surname_endings: SurnameEndings) -> str:
    """The name's words in the nominative, each read in the case and gender of `first`, the first word's reading (a
    surname the dictionary cannot read so, by `surname_endings`: see `_surname_nominative`)."""
    case, gender = first.tag.case, first.tag.gender
    nominatives = [_nominative(words[0], first)]
    for word in words[1:]:
        # not an indeclinable word that is no name ("Бжании" as an abbreviation, "Анкваба" as a place) nor a noun the
        # dictionary only guesses at ("Фляйцем" as a "фляец"): a surname it does not know, declined by the table
        agreeing = [p for p in _analyzer().parse(word)
                    if p.tag.case == case and p.tag.number == "sing" and p.tag.gender in (gender, None)
                    and (_read_as_name(p) or ("Fixd" not in p.tag and (p.is_known or p.tag.POS != "NOUN")))]
        agreeing.sort(key=lambda p: not _read_as_name(p))
        if agreeing:
            nominatives.append(_nominative(word, agreeing[0], gender))
        else:
            nominatives.append(_surname_nominative(word, case, gender, surname_endings))
    return " ".join(nominatives)


def _nominative(word: str, parse, gender: str | None = None) -> str:
    """The word's nominative, spelt as the text spells: no ё where it wrote е ("Журавлева" → "Журавлев")."""
    wanted = {"nomn", "sing", gender} if gender else {"nomn", "sing"}
    nominative = (parse.inflect(wanted) or parse.inflect({"nomn", "sing"}) or parse.inflect({"nomn"}) or parse).word
    if "ё" not in word.lower():
        nominative = nominative.replace("ё", "е")
    return nominative.capitalize() if "-" not in word else nominative.title()


def _surname_nominative(word: str, case: str, gender: str, surname_endings: SurnameEndings) -> str:
    """A surname the dictionary does not know, from the case and gender of the first name before it, by
    kg/data/surname_endings.tsv read backwards (the longest ending of that case the word ends with): "Зарубину" after
    "Павлу" → "Зарубин", "Ольгу Романову" → "Романова", "Аслана Бжании" → "Бжания", "Александра Анкваба" → "Анкваб";
    anything else stays as written (a woman's Каллас does not decline)."""
    genders = GENDER_ROWS.get(gender, ())
    lowered = word.lower()
    found, best = word, (0, 0)
    for row_gender, ending, forms in surname_endings:
        declined = forms.get(case, "")
        fit = (len(declined), -len(ending))  # of two endings the case writes alike, the shorter: Зарубине → Зарубин
        if row_gender in genders and declined and fit > best and lowered.endswith(declined) and (
                len(word) - len(declined) > 2 and _ends_as(lowered[:len(lowered) - len(declined)], ending)):
            found, best = word[:len(word) - len(declined)] + ending, fit
    return found


def _ends_as(stem: str, ending: str) -> bool:
    """Whether a nominative ending fits the stem before it: no ending after a consonant only (Анкваб), "й" after a vowel
    and "ь" after a consonant (Гайдая → Гайдай, not Гайдаь)."""
    if not ending:
        return stem[-1] in CONSONANTS
    if ending in ("й", "ь"):
        return (stem[-1] in CONSONANTS) == (ending == "ь")
    return True
