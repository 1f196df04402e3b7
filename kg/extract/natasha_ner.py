"""The `natasha` extractor: Russian named-entity recognition for names the gazetteer does not know.

natasha (offline; its weights ship in the wheel) finds people, places and organisations in Russian posts and
normalises them to the nominative ("Максимом Рыженковым" → "Максим Рыженков"). A normalised name the
gazetteer knows takes the gazetteer's id; new people and places become entities with a transliterated
English label (Чернецкий → Chernetsky) and the Russian name as an alias. New organisations are not taken: in
trials they were mostly descriptions. Spans the gazetteer already covers are left to it.
The model loads on the first Russian post, so English-only builds never pay for it.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import Callable, Final

from kg.extract import Context, Findings, register
from kg.extract.russian import SurnameEndings
from kg.extract.textutil import fold
from kg.gazetteer import Entry
from kg.ids import slugify, transliterate
from kg.model import Mention, Post

TYPES = {"PER": "Person", "LOC": "Location", "ORG": "Organisation"}
PREFIX = {"Person": "person", "Location": "place"}
CONFIDENCE = {"Person": 0.8, "Location": 0.75, "Organisation": 0.7}
# [а-яё] under re.IGNORECASE, written out (with the old letter forms ᲀ–ᲆ that it folds to в д о с т ъ):
# a case-sensitive class lets re skip to candidates in C instead of trying every character
CYRILLIC = re.compile("[а-яёА-ЯЁᲀ-ᲆ]")
CYRILLIC_LEAD_BYTES: Final = (b"\xd0", b"\xd1", b"\xe1")  # every character CYRILLIC matches starts with one in UTF-8
NOT_ASCII_LETTERS = bytes(byte for byte in range(256) if not (65 <= byte <= 90 or 97 <= byte <= 122))
# "в Брянской и Белгородской областях": a region adjective alone names the region with its head noun
REGION_HEADS = ("область", "край", "округ", "республика")


def is_russian(text: str, folded: str | None = None) -> bool:
    """More than half of the letters are Cyrillic (every character CYRILLIC matches is a letter). `folded`, if
    given, is a form of the text folded as `fold` folds, which keeps Cyrillic Cyrillic and makes an ASCII letter
    only of a letter: the byte counts below may look at it instead, as its UTF-8 form is at hand (the cue pass's
    text: Cues.scanned)."""
    if not _may_be_mostly_cyrillic(text if folded is None else folded):
        return False
    cyrillic = len(CYRILLIC.findall(text))  # counted in C
    if not cyrillic:
        return False
    letters = sum(map(str.isalpha, text))
    return cyrillic > letters / 2


def _may_be_mostly_cyrillic(text: str) -> bool:
    """False only when CYRILLIC's characters cannot be more than half of the letters, told from byte counts in C: in
    UTF-8, а-я, ё, А-Я and Ё start with the byte D0 or D1 (as all of U+0400–U+047F) and ᲀ–ᲆ with E1 (as all of
    U+1000–U+1FFF), so those bytes are at least as many as CYRILLIC's characters; where the ASCII letters (other
    letters, none of them Cyrillic) are at least as many, the Cyrillic ones are not the most (an English post that
    quotes a Russian name)."""
    if text.isascii():
        return False
    encoded = text.encode("utf-8", "surrogatepass")
    if not any(lead in encoded for lead in CYRILLIC_LEAD_BYTES):
        return False  # (a search that stops at the first, in C's memchr: cheaper than counting, in most English posts)
    at_most = sum(encoded.count(lead) for lead in CYRILLIC_LEAD_BYTES)
    return at_most > len(encoded.translate(None, NOT_ASCII_LETTERS))


class Natasha:
    """natasha's segmenter, morphology, NER and normaliser, loaded once on first use."""

    @cached_property
    def parts(self):
        from natasha import Doc, MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter
        from threadpoolctl import threadpool_limits

        # natasha's small matrix products run 7× slower when BLAS spreads them over threads on 2 cores
        threadpool_limits(limits=1, user_api="blas")

        embedding = NewsEmbedding()
        return Doc, Segmenter(), NewsMorphTagger(embedding), NewsNERTagger(embedding), MorphVocab()

    def spans(self, text: str, wanted: Callable[[int, int, str], bool]) -> list:
        """The named spans of the text that `wanted(start, stop, type)`, normalised. Morphology, which only the
        normalisation needs, is tagged only for texts with such a span: it costs as much as the NER itself."""
        doc_class, segmenter, morph_tagger, ner_tagger, vocabulary = self.parts
        doc = doc_class(text)
        doc.segment(segmenter)
        doc.tag_ner(ner_tagger)
        spans = [span for span in doc.spans if wanted(span.start, span.stop, span.type)]
        if spans:
            doc.tag_morph(morph_tagger)  # into the tokens the spans hold
        for span in spans:
            span.normalize(vocabulary)
        return spans


def _is_patronymic(word: str) -> bool:
    from kg.extract.russian import is_patronymic

    return is_patronymic(word)


def _addressed(first_name: str, mentions: list[Mention], gazetteer) -> Mention | None:
    """The one person of the post a first name and patronymic address: the one whose name (a gazetteer name of
    theirs, or as the post writes it) starts with that first name ("Медведева … «Дмитрий Анатольевич сейчас
    подойдёт»"); None where no one or several do."""
    found: dict[str, Mention] = {}
    for mention in mentions:
        if mention.type == "Person":
            entry = gazetteer.get(mention.key)
            names = entry.names if entry is not None else (mention.alias or mention.surface,)
            if any(name.split()[:1] == [first_name] for name in names):
                found.setdefault(mention.key, mention)
    return next(iter(found.values())) if len(found) == 1 else None


def _adjective_no_name(word: str) -> bool:
    """An adjective the dictionary knows, in no reading a first name, surname or patronymic ("девятилетний"), while
    "Толстой" and "Зеленский" are surnames. (Nouns are not: "Эмир Кустурица", "Кэш Патель" open with one.)"""
    from kg.extract.russian import NAME_TAGS, _analyzer

    analyzer = _analyzer()
    parses = analyzer.parse(word)
    return parses[0].tag.POS in ("ADJF", "ADJS", "PRTF") and analyzer.word_is_known(word.lower()) and not any(
        tag in parse.tag for parse in parses for tag in NAME_TAGS)


def _noun_of_someone(text: str, normal: str) -> bool:
    """"Внук Оппенгеймера" (Oppenheimer's grandson): a common noun the dictionary knows in no reading as a name, in
    the nominative as written, before a name natasha put into the nominative — the noun is the person's relation to
    the name, not a first name ("Эмир Кустурица", "Кэш Патель" are written as natasha reads them)."""
    from kg.extract.russian import NAME_TAGS, _analyzer

    written, normalised = text.split(), normal.split()
    if len(written) != 2 or len(normalised) != 2 or normalised[0] != written[0] or normalised[1] == written[1]:
        return False
    analyzer = _analyzer()
    parses = analyzer.parse(written[0])
    return parses[0].tag.POS == "NOUN" and parses[0].tag.case == "nomn" and analyzer.word_is_known(
        written[0].lower()) and not any(tag in parse.tag for parse in parses for tag in NAME_TAGS)


def _place_declined(text: str, normal: str) -> str:
    """natasha's nominative of a one-word place it left as written in another case ("в окрестностях Стельмаховки",
    "Черноморска"): the dictionary's likeliest reading, where that is one place's, or a noun it only guesses at, in a
    case other than the nominative, none of them in the nominative singular ("Стельмаховка", "Черноморск"); a word
    that may be the nominative ("Устинка") or a plural ("Копанки") stays as written."""
    from kg.extract.russian import _analyzer, _nominative

    if normal != text or " " in text or "-" in text:
        return normal
    parses = _analyzer().parse(text)
    parse = parses[0]
    if parse.tag.POS != "NOUN" or parse.tag.number != "sing" or "Fixd" in parse.tag or (
            parse.is_known and "Geox" not in parse.tag) or any(
            p.tag.case == "nomn" and p.tag.number == "sing" for p in parses):
        return normal  # (a reading in the nominative: "Устинка", "Акита" are as written)
    return _nominative(text, parse)


def _surname_declined(text: str, normal: str, surname_endings: SurnameEndings) -> str:
    """natasha's nominative of a name whose surname it did not decline ("Павлу Зарубину" → "Павел Зарубину",
    "Ростиславе Журавлеве" as written) or declined as a word it guesses at ("Фредом Фляйцем" → "Фред Фляец"): the
    surname read in the case and gender of the first name — as natasha read the first name, or, where it declined
    neither word and neither can be a nominative of the first name's gender, as the dictionary reads it ("Павел
    Зарубин", "Ростислав Журавлев", "Фред Фляйц", "Аяз Шабутдинов"); or one whose surname alone it declined, which
    must agree with the first name it left in the nominative ("Алла Храпунова", not "Алла Храпунов")."""
    from kg.extract.russian import _analyzer, agreeing_nominative

    written, normalised = text.split(), normal.split()
    if len(written) < 2 or len(normalised) != len(written):
        return normal
    morph = _analyzer()
    parses = morph.parse(written[0])
    if normalised[-1] != written[-1] and normalised[0] == written[0]:
        first = next((p for p in parses if "Name" in p.tag and p.tag.case == "nomn" and p.tag.number == "sing"), None)
        return normal if first is None else agreeing_nominative(written, first, surname_endings)
    if normalised[0] == written[0]:  # neither word may be a nominative of the first name's gender ("Кая Каллас" is
        # Kaja Kallas, not Кай's; "Аяза Шабутдинова" is Ayaz Shabutdinov's, no man's name before a woman's surname)
        gender = parses[0].tag.gender
        first = parses[0] if "Name" in parses[0].tag and parses[0].tag.number == "sing" and all(
            p.tag.case != "nomn" for p in parses) and not any(
            p.tag.case == "nomn" and (p.tag.gender in (gender, None) or "ms-f" in p.tag)
            for p in morph.parse(written[-1])) else None
    else:
        first = next((p for p in parses if p.normal_form == normalised[0].lower() and p.tag.case != "nomn"), None)
    return normal if first is None else agreeing_nominative(written, first, surname_endings)


def _common_word(name: str) -> bool:
    """"Запад" (the West) is a dictionary noun, not a place name; "Новодаровка" is not in the dictionary."""
    from kg.extract.russian import _analyzer

    if " " in name:
        return False
    best = _analyzer().parse(name)[0]
    return "Geox" not in best.tag and _analyzer().word_is_known(name.lower())


def _lower_case_compound(name: str) -> bool:
    """"Журналист-иноагент" (a journalist who is a foreign agent): the parts of a compound place name are capitalised
    but for the words between them ("Ростов-на-Дону", "Дейр-эз-Зор"), so one whose last part is not is a description."""
    last = name.rsplit("-", 1)[-1]
    return "-" in name and last[:1].islower()


@register("natasha", assigns=("mentions.Person", "mentions.Location"))
def natasha_extractor(context: Context):
    gazetteer = context.gazetteer
    known: dict[tuple[str, str], Entry] = {}
    for entry in gazetteer.entries.values():
        for name in entry.names:
            # not a name the gazetteer's matcher takes only where the post names no place abroad ("МВД")
            if name not in context.resources.home_only:
                known.setdefault((entry.type, fold(name)), entry)
    model = Natasha()

    def extract(post: Post, findings: Findings, _ctx: Context) -> None:
        if not is_russian(post.text, context.cues.scanned(post.text)):
            return
        taken = [(m.start, m.end) for m in findings.mentions]
        surnames: dict[str, tuple[str, str]] = {}

        def wanted(start: int, stop: int, kind: str) -> bool:  # (natasha's spans do not overlap one another)
            return kind in TYPES and not any(s < stop and start < e for s, e in taken)

        for span in model.spans(post.text, wanted):
            entity_type = TYPES[span.type]
            normal = (span.normal or span.text).strip()
            if entity_type == "Person":
                normal = _surname_declined(span.text, normal, context.resources.surname_endings)
            elif entity_type == "Location":
                normal = _place_declined(span.text, normal)
            if not normal[:1].isupper() or len(normal) < 2:
                continue  # "правительство", "армия": descriptions, not names
            entry = known.get((entity_type, fold(normal)))
            if entry is None and entity_type == "Location":
                first = normal.split()[0]
                entry = next((known[k] for head in REGION_HEADS if (k := ("Location", fold(f"{first} {head}"))) in known),
                             None)
            if entry is not None:
                key, label, alias = entry.id, entry.label, None
            elif entity_type == "Person" and " " not in normal:
                if normal not in surnames:
                    continue  # a first name or a pronoun alone is not enough to name someone
                (key, label), alias = surnames[normal], normal
            elif entity_type == "Person" and len(words := normal.split()) == 2 and _is_patronymic(words[1]):
                addressed = _addressed(words[0], findings.mentions, gazetteer)
                if addressed is None:
                    continue  # an address by first name and patronymic ("Вячеслав Андреевич, …"): no surname to go by
                key, label, alias = addressed.key, addressed.label or addressed.surface, normal
            elif entity_type == "Organisation" or (entity_type == "Location" and (
                    _common_word(normal) or _lower_case_compound(normal))):
                continue  # new organisations from NER are too often descriptions ("Совет глав правительств")
            elif entity_type == "Person" and (_adjective_no_name(normal.split()[0])
                                               or _noun_of_someone(span.text, span.normal or span.text)):
                continue  # "Девятилетний Сережа", "Бесподобный мистер Фокс": a word before a name, not its first
            else:
                label = transliterate(normal, context.resources.translit)
                key, alias = f"{PREFIX[entity_type]}/{slugify(label)}", normal
                if entity_type == "Person":
                    surnames[normal.split()[-1]] = (key, label)
            findings.mentions.append(Mention(span.start, span.stop, span.text, entity_type, key, "natasha",
                                             CONFIDENCE[entity_type], label, entry.kind if entry else None,
                                             alias=alias))

    return extract
