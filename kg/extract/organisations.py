"""The `organisations` extractor: organisations the gazetteer does not know, named by a head word.

"Southern Transitional Council", "China Coast Guard", "Royal Thai Navy", "The Jakarta Post" (capitalised words
before a head word); "Ministry of Defence of Norway", "Office of the Presidential Commissioner for Children's Rights"
(a head word, then "of"/"for" and capitalised words); "ВМС Таиланда", "МВД Казахстана" (an organ, then the country
it belongs to: labelled "Navy of Thailand"); ветеринарная клиника «Котенок Гав», the company "Carlsberg" (a name in
quotes after the kind of body it names, transliterated). The words are data: kg/data/organisation_words.tsv.

A name made only of words that name no one body ("Security Council", "Supreme Court", "Department of State": of
which state?) is left alone, as is one that overlaps a person or an organisation found already: the gazetteer's
names come first.
"""

from __future__ import annotations

import re

from kg.extract import Context, Findings, register
from kg.extract.russian import case_forms, transliterate
from kg.extract.textutil import literal_alternation
from kg.ids import slugify
from kg.model import Mention, Post

CONFIDENCE = 0.7
_GAP = r"[^\S\n]+"  # white space within a line
_CAP = r"[A-Z][\w'’&-]*"
CONNECTORS = r"(?:of|for|on|and|the|&|from)"
LEADING_ARTICLE = re.compile(r"^(?:The|the)\s+")
POSSESSIVE = re.compile(r"['’]s(?:\s+|$)")  # "General Services Administration's Federal Acquisition Service"
WORDS_BEFORE_QUOTE = 3
_OPEN, _CLOSE = "«\"“„", "»\"”“"


def _alternation(words) -> str:
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", _GAP) for w in sorted(words, key=len, reverse=True)) + ")"


@register("organisations", assigns=("mentions.Organisation",))
def organisations_extractor(context: Context):
    rows = context.resources.organisation_words
    heads_last = {row["word"]: row["kind"] for row in rows if row["role"] == "head_last"}
    heads_first = {row["word"]: row["kind"] for row in rows if row["role"] == "head_first"}
    generic = frozenset(row["word"].lower() for row in rows if row["role"] == "generic")
    organs = {form: (row["english"], row["kind"]) for row in rows if row["role"] == "organ"
              for form in ({row["word"]} | case_forms(row["word"], is_person=False))}
    quoted_after = {form: row["kind"] for row in rows if row["role"] == "quoted_after"
                    for form in ({row["word"]} | (case_forms(row["word"], is_person=False)
                                                  if not row["word"].isupper() and row["lang"] == "ru" else set()))}
    # the head ends the name: "Germany's Army Group Centre" goes on past "Group"
    last = re.compile(rf"(?<!\w)(?P<name>(?:{_CAP}{_GAP}){{1,5}}(?P<head>{_alternation(heads_last)}))(?!\w)"
                      rf"(?!{_GAP}[A-Z])")
    first = re.compile(rf"(?<!\w)(?P<name>(?:{_CAP}{_GAP}){{0,4}}(?P<head>{_alternation(heads_first)}){_GAP}"
                       rf"(?:of|for|on){_GAP}(?:the{_GAP})?{_CAP}(?:{_GAP}(?:{CONNECTORS}{_GAP})*{_CAP})*)(?!\w)")
    organ = re.compile(r"(?<!\w)(?P<organ>" + literal_alternation(organs, ignorecase=True) + r")" + _GAP,
                       re.IGNORECASE)
    # the kind of body, up to three words about it ("центра погоды", "клуба Молодежной хоккейной лиги") but not a
    # phrase of its own ("отряда с позывным «Питон»": a call sign), the name
    prepositions = _alternation(row["word"] for row in rows if row["role"] == "not_before_quote")
    quoted = re.compile(r"(?<!\w)(?P<kind>" + literal_alternation(quoted_after, ignorecase=True) + r")"
                        + rf"(?:{_GAP}(?!{prepositions}(?!\w))[^\s{_OPEN}{_CLOSE}]+){{0,{WORDS_BEFORE_QUOTE}}}" + _GAP
                        + rf"[{_OPEN}](?P<name>[^{_OPEN}{_CLOSE}\n]{{2,40}})[{_CLOSE}]", re.IGNORECASE)
    head_cues = context.cues.words({h.split()[0].lower() for h in (*heads_last, *heads_first)})
    organ_cues = context.cues.words({o.split()[0].lower() for o in organs})
    quoted_cues = context.cues.words({q.split()[0].lower() for q in quoted_after})
    translit = context.resources.translit
    not_names = frozenset(name.capitalize() for name in (*context.resources.months, *context.resources.weekdays)
                          if name.isascii())

    def named(words: list[str]) -> bool:
        """Some word names this body in particular: not all are words such as "Security", "National"."""
        return any(w.lower() not in generic for w in words)

    def extract(post: Post, findings: Findings, _ctx: Context) -> None:
        text = post.text
        taken = [(m.start, m.end) for m in findings.mentions if m.type in ("Person", "Organisation")]
        places = [m for m in findings.mentions if m.type == "Location"]

        def add(start: int, end: int, label: str, kind: str, alias: str | None = None) -> None:
            if any(s < end and start < e for s, e in taken):
                return
            findings.mentions.append(Mention(start, end, text[start:end], "Organisation", f"org/{slugify(label)}",
                                             "organisations", CONFIDENCE, label, kind or None, alias=alias))
            taken.append((start, end))

        heads = head_cues.starts(text)
        if heads is not None:
            heads = [head for head in heads if text[head].isupper()]  # a head word begins a name's word
        if heads != []:
            found = ((first.finditer(text), last.finditer(text)) if heads is None
                     else (_at_heads(first, text, heads, 4), _at_heads(last, text, heads, 5)))
            for match in (*found[0], *found[1]):
                start, end = match.span("name")
                head = match.group("head")
                parts = _possessed(text, start, end) if match.re is last else [(start, end)]
                for start, end in parts:  # "X's Y": Y, and X where it ends in a head
                    name = text[start:end]
                    article = LEADING_ARTICLE.match(name)
                    if article:
                        start, name = start + article.end(), name[article.end():]
                    last_word = name.split()[-1] if name.split() else ""
                    if match.re is last and end != match.end("name") and last_word not in heads_last:
                        continue
                    end = _trimmed(text, start, end, places, not_names)
                    name = text[start:end]
                    head_start, head_end = (match.span("head") if match.re is first
                                            else (text.rfind(" ", start, end) + 1, end))
                    if any(p.start < head_end and head_start < p.end for p in places):
                        continue  # "West Bank": a place's name, whose last word is a head
                    kind = heads_first.get(head) or heads_last.get(" ".join(head.split()), "")
                    others = [w for w in re.findall(r"[\w'’&.-]+", name) if w[:1].isupper() and w not in head.split()]
                    inside_a_place = any(start <= p.start and p.end <= end for p in places)
                    if others and (named(others) or (inside_a_place and match.re is first)):
                        add(start, end, name, kind)
        if places:  # an organ is named with its country
            for match in organ_cues.finditer(organ, text):
                country = next((p for p in places if p.start == match.end() and p.kind == "country"), None)
                if country is not None:
                    english, kind = organs[_known(organs, match.group("organ"))]
                    add(match.start(), country.end, f"{english} of {country.label}", kind)
        if quoted_cues.occur_in(text):
            for match in quoted_cues.finditer(quoted, text):
                start, end = match.span("name")
                name = match.group("name").strip()
                if not name[:1].isupper():
                    continue
                label = transliterate(name, translit) if any("\u0400" <= c <= "\u04ff" for c in name) else name
                add(start, end, label, quoted_after[_known(quoted_after, match.group("kind"))],
                    alias=name if label != name else None)

    return extract


def _at_heads(pattern: re.Pattern, text: str, heads: list[int], most_words: int) -> list[re.Match]:
    """The pattern's matches whose head word is one of those at `heads` (capitalised), each from the earliest of the (at most
    `most_words`) capitalised words before the head that gives one: tried only there, not at every character."""
    found: list[re.Match] = []
    cursor = 0
    for head in heads:
        if head < cursor:
            continue
        for start in (*_capitalised_words_before(text, head, most_words), head):
            if start < cursor:
                continue
            match = pattern.match(text, start)
            if match is not None and match.start("head") >= head:
                found.append(match)
                cursor = match.end()
                break
    return found


def _capitalised_words_before(text: str, position: int, most: int) -> list[int]:
    """Where the capitalised words just before a position start (on its line), the farthest first."""
    starts: list[int] = []
    cursor = position
    while len(starts) < most:
        gap = cursor
        while gap > 0 and text[gap - 1] in " \t\xa0":
            gap -= 1
        if gap == cursor or gap == 0:
            break
        word = gap
        while word > 0 and (text[word - 1].isalnum() or text[word - 1] in "'’&-_"):
            word -= 1
        if word == gap or not text[word].isupper():
            break
        starts.append(word)
        cursor = word
    return starts[::-1]


def _trimmed(text: str, start: int, end: int, places: list[Mention], not_names: frozenset[str]) -> int:
    """Where the name really ends: before a month or weekday ("Organizing Committee on July"), and at a place it
    names when two or more capitalised words follow it ("… of the Republic of Madagascar Michael Randrianirina": a
    person's name)."""
    words = list(re.finditer(r"\S+", text[start:end]))
    while words and words[-1].group() in not_names:
        words.pop()
        while words and not words[-1].group()[:1].isupper():
            words.pop()
    end = start + words[-1].end() if words else end
    for place in places:
        if start < place.start and place.end < end:
            after = text[place.end:end].split()
            if len(after) >= 2 and all(w[:1].isupper() for w in after):
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
