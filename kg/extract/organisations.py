"""The `organisations` extractor: organisations the gazetteer does not know, named by a head word.

"Southern Transitional Council", "China Coast Guard", "Royal Thai Navy", "The Jakarta Post" (capitalised words
before a head word); "Ministry of Defence of Norway", "Office of the Presidential Commissioner for Children's Rights"
(a head word, then "of"/"for" and capitalised words); "ВМС Таиланда", "МВД Казахстана", "правительства Подмосковья",
"Government of the Islamic Republic of Iran", "the Government and the people of Ethiopia" (an organ, then the country
or region it belongs to: labelled "Navy of Thailand", "Government of Moscow Region", "Government of Iran"; the
gazetteer's body of that country where it knows one: "министерства финансов РФ" is the Russian Ministry of Finance);
ветеринарная клиника «Котенок Гав», the company "Carlsberg" (a name in quotes after the kind of body it names,
transliterated); "Басманный суд" (a district's court: Basmanny District Court). The words are data:
kg/data/organisation_words.tsv.

A name made only of words that name no one body ("Security Council", "Supreme Court", "Department of State": of
which state?) is left alone, as is one that overlaps a person or an organisation found already: the gazetteer's
names come first.
"""

from __future__ import annotations

import re
from typing import Final

from kg.extract import Context, Findings, register
from kg.extract.russian import case_forms, nominative_adjective
from kg.extract.textutil import has_cyrillic, is_acronym, literal_alternation
from kg.gazetteer import Entry
from kg.ids import slugify, transliterate
from kg.model import Mention, Post

CONFIDENCE: Final = 0.7
_GAP: Final = r"[^\S\n]+"  # white space within a line
_CAP: Final = r"[A-Z][\w'’&-]*"
CONNECTORS: Final = r"(?:of|for|on|and|the|&|from)"
CAPITALISED: Final = re.compile(r"(?<!\w)[A-Z]")
WORD_MARKS: Final = "'’&-–_"  # what a word of a name may hold besides letters and digits ("Russian–Tanzanian")
LINE_SPACE: Final = " \t\xa0"
WORD: Final = re.compile(r"[\w'’&-]+")  # \w: what str.isalnum() takes, and "_"
AND_BEFORE: Final = re.compile(rf"(?:{_GAP}(?:and|&)|,){_GAP}$")  # what joins two bodies' names
POSSESSIVE: Final = re.compile(r"['’]s(?:\s+|$)")  # "General Services Administration's Federal Acquisition Service"
WORDS_BEFORE_QUOTE: Final = 3
# a name in Latin letters: capitalised words (or digits: "May23"), up to four, case-sensitive inside re.IGNORECASE;
# not one that a full stop and a lower-case word go on from ("Hook. report")
LATIN_NAME: Final = (r"(?-i:[A-Z][A-Za-z0-9&'’-]*(?:\.[A-Za-z0-9]+)*(?:[^\S\n]+[A-Z0-9][A-Za-z0-9&'’-]*){0,3}"
                     r"(?!\w|\.[^\S\n]*[a-z]))")
_OPEN, _CLOSE = "«\"“„", "»\"”“"


def _district_court(court: str, district_words: list[str]) -> re.Pattern[str]:
    """A district's adjective, maybe a word saying it is a district's ("районного"), the court, each in any case."""
    middle = {form for word in district_words for form in case_forms(word, is_person=False)}
    optional = rf"(?:{literal_alternation(middle)}{_GAP})?" if middle else ""
    return re.compile(r"(?<![\w-])(?P<district>[А-ЯЁ][а-яё]+(?:ий|ый|ой|ого|ому|им|ым|ом))" + _GAP + optional
                      + literal_alternation(case_forms(court, is_person=False)) + r"(?!\w)")


def _alternation(words) -> str:
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", _GAP) for w in sorted(words, key=len, reverse=True)) + ")"


@register("organisations", assigns=("mentions.Organisation",))
def organisations_extractor(context: Context):
    rows = context.resources.organisation_words
    heads_last = {row["word"]: row["kind"] for row in rows if row["role"] == "head_last"}
    heads_first = {row["word"]: row["kind"] for row in rows if row["role"] == "head_first"}
    generic = frozenset(row["word"].lower() for row in rows if row["role"] == "generic")
    organs = context.resources.organs
    country_bodies = context.resources.country_bodies
    quoted_after = {form: row["kind"] for row in rows if row["role"] == "quoted_after"
                    for form in ({row["word"]} | (case_forms(row["word"], is_person=False)
                                                  if not row["word"].isupper() and row["lang"] == "ru" else set()))}
    # "Ministry of …": the head word, "of"/"for"/"on", capitalised words (and the words that join them)
    # — ending maybe in a list with commas that "and" closes: "Commission on Trade, Economic, Scientific, and Technical
    # Cooperation", not "Ministry of Foreign Affairs, Badr Al Busaidi" (and no "of …" after it: "Committee for Defense,
    # Security, and International Relations of the National Assembly …" is the committee of a body named apart)
    first_rest = re.compile(rf"(?P<head>{_alternation(heads_first)}){_GAP}(?:of|for|on){_GAP}(?:the{_GAP})?{_CAP}"
                            rf"(?:{_GAP}(?:{CONNECTORS}{_GAP})*{_CAP})*"
                            rf"(?:(?:,{_GAP}{_CAP}(?:{_GAP}{_CAP})*)+,?{_GAP}(?:and|&){_GAP}{_CAP}(?:{_GAP}{_CAP})*)?"
                            r"(?!\w)")
    last_heads: dict[str, list[tuple[str, ...]]] = {}  # a head's first word → the heads it starts, longest first
    for head in sorted(heads_last, key=lambda h: -len(h.split())):
        last_heads.setdefault(head.split()[0], []).append(tuple(head.split()))
    # its country right after it ("ВМС Таиланда") or after "of" ("Government of the Islamic Republic of Iran"), also
    # past its people ("the Government and the brotherly people of Ethiopia")
    organ = re.compile(r"(?<!\w)(?P<organ>" + literal_alternation(organs, ignorecase=True) + r")" + _GAP
                       + rf"(?:(?P<people>and{_GAP}(?:the{_GAP})?(?:\w+{_GAP})?people{_GAP})?of{_GAP}(?:the{_GAP})?)?",
                       re.IGNORECASE)
    # the kind of body, up to three words about it ("центра погоды", "клуба Молодежной хоккейной лиги") but not a
    # phrase of its own ("отряда с позывным «Питон»": a call sign), the name
    prepositions = _alternation(row["word"] for row in rows if row["role"] == "not_before_quote")
    quoted = re.compile(r"(?<!\w)(?P<kind>" + literal_alternation(quoted_after, ignorecase=True) + r")"
                        + rf"(?:{_GAP}(?!{prepositions}(?!\w))[^\s{_OPEN}{_CLOSE}]+){{0,{WORDS_BEFORE_QUOTE}}}" + _GAP
                        + rf"[{_OPEN}](?P<name>[^{_OPEN}{_CLOSE}\n]{{2,40}})[{_CLOSE}]", re.IGNORECASE)
    # in Russian text a name in Latin letters right after the kind of body needs no quotes: "компании Swan Hellenic"
    latin_after = re.compile(r"(?<!\w)(?P<kind>" + literal_alternation(
        [form for form in quoted_after if has_cyrillic(form)], ignorecase=True) + r")"
        + _GAP + rf"(?P<name>{LATIN_NAME})", re.IGNORECASE)
    head_cues = context.cues.words({h.split()[0].lower() for h in (*heads_last, *heads_first)}, inside_words=False)
    organ_cues = context.cues.words({o.split()[0].lower() for o in organs}, inside_words=False)
    quoted_cues = context.cues.words({q.split()[0].lower() for q in quoted_after}, inside_words=False)
    translit = context.resources.translit
    court_row = next((row for row in rows if row["role"] == "district_court"), None)
    court_kinds = frozenset(row["word"] for row in rows if row["role"] == "court_kind")
    # "Басманный суд", "Мещанского районного суда": a district's adjective, maybe "районный", the court
    district_words = [row["word"] for row in rows if row["role"] == "district_word"]
    district_court = (_district_court(court_row["word"], district_words), court_row) if court_row else None
    court_cues = context.cues.words({court_row["word"]} if court_row else set(), inside_words=False)
    not_names = frozenset(name.capitalize() for name in (*context.resources.months, *context.resources.weekdays)
                          if name.isascii())

    def named(words: list[str]) -> bool:
        """Some word names this body in particular: not all are words such as "Security", "National"."""
        return any(w.lower() not in generic for w in words)

    def extract(post: Post, findings: Findings, _ctx: Context) -> None:
        text = post.text
        taken = [(m.start, m.end) for m in findings.mentions if m.type in ("Person", "Organisation")]
        places = [m for m in findings.mentions if m.type == "Location"]

        named_in_full = [m for m in findings.mentions if m.type == "Organisation"]

        def add(start: int, end: int, label: str, kind: str, alias: str | None = None, body: Entry | None = None) -> None:
            if any(s < end and start < e for s, e in taken):
                return
            if body is not None:  # the gazetteer's body of that country: "министерства финансов РФ"
                findings.mentions.append(Mention(start, end, text[start:end], "Organisation", body.id,
                                                 "organisations", CONFIDENCE, body.label, body.kind))
            elif (full := _named_in_full(label, named_in_full)) is not None:  # "the Board of Governors" after "IAEA …"
                findings.mentions.append(Mention(start, end, text[start:end], "Organisation", full.key,
                                                 "organisations", CONFIDENCE, full.label, full.kind))
            else:
                findings.mentions.append(Mention(start, end, text[start:end], "Organisation", f"org/{slugify(label)}",
                                                 "organisations", CONFIDENCE, label, kind or None, alias=alias))
            taken.append((start, end))

        heads = head_cues.starts(text)
        if heads is None:
            heads = [match.start() for match in CAPITALISED.finditer(text)]  # texts the cue scan cannot read
        # a head word begins a name's word, not the second half of one ("President for the Re-Foundation of …")
        heads = [head for head in heads if text[head].isupper() and (head == 0 or text[head - 1] != "-")]
        for start, end, head_start, head, with_of in (*_named_before_of(first_rest, text, heads),
                                                       *_named_before_head(last_heads, text, heads)):
            head_words = head.split()
            # "X's Y": Y, and X where it ends in a head word
            for part_start, part_end in ([(start, end)] if with_of else _possessed(text, start, end)):
                name = text[part_start:part_end]
                if name.startswith(("The ", "the ")):
                    part_start, name = part_start + 4, name[4:]
                words = name.split()
                if not words or (not with_of and part_end != end and words[-1] not in heads_last):
                    continue
                part_end = _trimmed(text, part_start, part_end, places, not_names)
                name = text[part_start:part_end]
                head_end = part_end if not with_of else head_start + len(head)
                if any(p.start < head_end and (head_start if with_of else part_end - len(words[-1])) < p.end
                       for p in places):
                    continue  # "West Bank": a place's name, whose last word is a head
                kind = heads_first.get(head) if with_of else heads_last.get(" ".join(head_words))
                others = [w for w in name.split() if w[:1].isupper() and w not in head_words]
                inside_a_place = any(part_start <= p.start and p.end <= part_end for p in places)
                if others and (named(others) or (inside_a_place and with_of)):
                    add(part_start, part_end, _of_its_country(text, part_start, part_end, places) if with_of else name,
                        kind or "")
        if places:  # an organ is named with its country or region
            for match in organ_cues.finditer(organ, text):
                country = next((p for p in places if p.start == match.end() and p.kind in ("country", "region")),
                               None)
                if country is not None and (text[match.start()].isupper() or not text[match.start()].isascii()):
                    # (an English common noun names no body: "the government of Iran")
                    english, kind = organs[_known(organs, match.group("organ"))]
                    end = match.end("organ") if match.group("people") else country.end  # (the people are no body)
                    add(match.start(), end, f"{english} of {country.label}", kind,
                        body=country_bodies.get((country.key, english)))
        if district_court is not None and court_cues.occur_in(text):
            pattern, court_word = district_court
            for match in pattern.finditer(text):
                district = nominative_adjective(match.group("district"))
                if district is not None and district.lower() not in court_kinds:
                    court = f"{district} {court_word['word']}"  # "Басманный суд"
                    add(match.start(), match.end(), f"{transliterate(district, translit)} {court_word['english']}",
                        court_word["kind"], alias=court)
        if quoted_cues.occur_in(text):
            for match in (*quoted_cues.finditer(quoted, text), *quoted_cues.finditer(latin_after, text)):
                start, end = match.span("name")
                name = match.group("name").strip()
                if not name[:1].isupper():
                    continue
                label = transliterate(name, translit) if has_cyrillic(name) else name
                add(start, end, label, quoted_after[_known(quoted_after, match.group("kind"))],
                    alias=name if label != name else None)

    return extract


def _of_its_country(text: str, start: int, end: int, places: list[Mention]) -> str:
    """The name, a country's possessive before it said with "of": "Oman’s Ministry of Foreign Affairs" is the Ministry
    of Foreign Affairs of Oman, one body with "the Ministry of Foreign Affairs of Oman"."""
    owner = next((p for p in places if p.start <= start < p.end and p.kind == "country" and p.label is not None),
                 None)  # ("the Sultanate of Oman’s …": the name starts at its last word)
    possessive = POSSESSIVE.match(text, owner.end) if owner is not None else None
    if owner is None or possessive is None:
        return text[start:end]
    return f"{text[possessive.end():end]} of {owner.label}"


def _named_in_full(name: str, organisations: list[Mention]) -> Mention | None:
    """The body the post named in full as this name of two words or more after an acronym of its own body: "the Board
    of Governors" after "the IAEA Board of Governors" is that board, not a body of its own (as a surname after a full
    name is that person); the "Bank of China" is not the "People's Bank of China"."""
    if " " not in name:
        return None
    return next((m for m in organisations if m.label is not None and m.label.endswith(" " + name)
                 and is_acronym(m.label[:-len(name)].strip())), None)


def _named_before_of(first_rest: re.Pattern, text: str, heads: list[int]) -> list[tuple[int, int, int, str, bool]]:
    """"(Norwegian) Ministry of Defence of Norway": (start, end, head start, head, True) where `first_rest` matches at a
    head word (tried there only); the name starts at the farthest of up to four capitalised words before it."""
    found: list[tuple[int, int, int, str, bool]] = []
    cursor = 0
    for head in heads:
        if head < cursor:
            continue
        match = first_rest.match(text, head)
        if match is not None:
            end = match.end()
            for other in heads:  # "Ministry of Internal Affairs and Agency for Strategic Initiatives": two bodies
                joint = AND_BEFORE.search(text, max(head, other - 8), other) if head < other < end else None
                if joint is not None and first_rest.match(text, other):
                    end = joint.start()
                    break
            before = _capitalised_words_before(text, head, 4)
            found.append((before[0] if before else head, end, head, match.group("head"), True))
            cursor = end
    return found


def _named_before_head(last_heads: dict[str, list[tuple[str, ...]]], text: str,
                       heads: list[int]) -> list[tuple[int, int, int, str, bool]]:
    """"China Coast Guard": (start, end, head start, head, False) for a head word that ends a run of one to five
    capitalised words — the run ends there: "Germany's Army Group Centre" goes on past "Group"."""
    found: list[tuple[int, int, int, str, bool]] = []
    cursor = 0
    for head in heads:
        if head < cursor:
            continue
        first = WORD.match(text, head)
        if first is None or _unpossessed(first.group()) not in last_heads:
            continue  # (most heads the cue scan finds are no head of this kind: one word tells)
        words = [(start, end, _unpossessed(word)) for start, end, word in _words_at(text, head, 3)]
        phrase = next((p for p in last_heads.get(words[0][2], ()) if tuple(w for _, _, w in words[:len(p)]) == p),
                      None) if words else None
        if phrase is None:
            continue
        last_start, end, last_word = words[len(phrase) - 1]
        possessive = end - last_start > len(last_word)  # "Administration's …": the name ends with the head
        end = last_start + len(last_word)
        if not possessive and len(words) > len(phrase) and text[words[len(phrase)][0]].isupper():
            continue  # a capitalised word goes on after the head, on its line
        before = _capitalised_words_before(text, head, 5)
        if before:
            found.append((before[0], end, head, " ".join(phrase), False))
            cursor = end
    return found


def _unpossessed(word: str) -> str:
    return word[:-2] if word.endswith(("'s", "’s")) else word


def _words_at(text: str, position: int, most: int) -> list[tuple[int, int, str]]:
    """The words (runs of letters, digits, ' ’ & - _) from a position on, on its line, apart by white space only."""
    words: list[tuple[int, int, str]] = []
    cursor = position
    while len(words) < most:
        word = WORD.match(text, cursor)
        if word is None:
            break
        end = word.end()
        words.append((cursor, end, word.group()))
        gap = end
        while gap < len(text) and text[gap] in LINE_SPACE:
            gap += 1
        if gap == end:
            break
        cursor = gap
    return words


def _capitalised_words_before(text: str, position: int, most: int) -> list[int]:
    """Where the capitalised words just before a position start (on its line), the farthest first."""
    starts: list[int] = []
    cursor = position
    while len(starts) < most:
        gap = cursor
        while gap > 0 and text[gap - 1] in LINE_SPACE:
            gap -= 1
        if gap == cursor or gap == 0:
            break
        word = gap
        while word > 0 and (text[word - 1].isalnum() or text[word - 1] in WORD_MARKS):
            word -= 1
        if word == gap or not text[word].isupper():
            break
        starts.append(word)
        cursor = word
    return starts[::-1]


def _trimmed(text: str, start: int, end: int, places: list[Mention], not_names: frozenset[str]) -> int:
    """Where the name really ends: before a month or weekday ("Organizing Committee on July"), and at a place it
    names when two or more capitalised words follow it ("… of the Republic of Madagascar Michael Randrianirina": a
    person's name); past its end where the name ends inside a place's ("… of the Governor of St|. Petersburg")."""
    while True:
        last = text.rfind(" ", start, end) + 1  # where the last word starts
        if last <= start or text[last:end] not in not_names:
            break
        end = last  # drop the month, then the small words before it
        while end > start and (text[end - 1] == " " or not text[text.rfind(" ", start, end) + 1:end][:1].isupper()):
            end = end - 1 if text[end - 1] == " " else text.rfind(" ", start, end) + 1
    for place in places:
        if start < place.start and place.end < end:
            after = text[place.end:end].split()
            if len(after) >= 2 and all(w[:1].isupper() for w in after):
                return place.end
        if place.start < end < place.end:
            return place.end
    return end


def _possessed(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The parts of a name a possessive splits ("General Services Administration's Federal Acquisition Service"):
    what follows the last one, then what stands before it; the whole where there is none."""
    possessives = list(POSSESSIVE.finditer(text, start, end))
    if not possessives:
        return [(start, end)]
    last = possessives[-1]
    return [(last.end(), end), (start, last.start())]


def _known(table: dict[str, str] | dict[str, tuple[str, str]], written: str) -> str:
    """The key of the table the text's spelling stands for (case and white space as the text has them)."""
    written = " ".join(written.split())
    return written if written in table else next(k for k in table if k.lower() == written.lower())
