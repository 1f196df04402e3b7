"""The `titles` extractor: a title followed by a name is a person holding a position.

"President of Belarus Alexander Lukashenko", "Ambassador-at-Large of the Russian Foreign Ministry Rodion
Miroshnik", "Russia's Foreign Minister Sergey Lavrov", "министр иностранных дел России Сергей Лавров", and a surname
alone: "посол России Андреев", "депутату Госдумы Буцкой", "Deputy Secretary of State Nuland" (but one name after a
monarch's title is a given name: "Sultan Ibrahim"). A title's organ named by its word alone is the body the gazetteer
says its holder serves ("замглавы МИД Рябков": the Russian MFA). People already in the gazetteer keep their id;
others become new Person mentions (their Russian names lemmatised to the nominative, in Latin letters). Titles and the
positions they stand for come from kg/data/titles.tsv.
"""

from __future__ import annotations

import re
from typing import Final

from kg.extract import Context, Findings, RelationFinding, register
from kg.extract.names import CLOSING_QUOTES, OPENING_QUOTES
from kg.extract.person_names import NAME_GAP, NAME_WORD, NameShape, name_words, spaced_initials, without_possessive
from kg.extract.russian import (case_forms, is_capitalised_complement, is_complement_word, is_surname, nominative_name,
                                reads_only_as_first_name)
from kg.extract.resources import named_as
from kg.extract.textutil import literal_alternation
from kg.gazetteer import Entry
from kg.ids import slugify, transliterate
from kg.model import Mention, Post

_PARTICLE: Final = r"(?:de|da|van|von|bin|al|el|la|le|di|dos|der)"
REGNAL_NUMBER: Final = r"(?:XVIII|XVII|XVI|XV|XIV|XIII|XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)(?![\w'’-])"
NAME: Final = re.compile(rf"(?:(?:Ayatollah|Sheikh|Mr|Ms|Mrs|Dr|H\.E\.|Prince|Sir)\.?\s+)?"
                         rf"(?P<name>{name_words(_PARTICLE)}"
                         rf"|{NAME_WORD}{NAME_GAP}{REGNAL_NUMBER})")  # a monarch: "King Charles III", "Pope Leo XIV"
NAME_INITIALS: Final = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ")  # [A-ZА-ЯЁ]
COMPLEMENT_WORD: Final = re.compile(r"(?:of|and|for|on|at|to|the|in|&|[A-ZА-ЯЁ][\w'’-]*)(?!\w)")
COMPLEMENT_LIMIT: Final = 160
RUSSIAN_CAPITALISED_WORD: Final = re.compile(r"[А-ЯЁ][а-яё-]+(?![\w'’])")  # a name of a body or region, maybe
RUSSIAN_LOWER_WORD: Final = re.compile(r"[а-яё][а-яё-]*(?![\w'’])")  # a word of a Russian title's complement, maybe
QUOTED_NAME: Final = re.compile(  # центра погоды "Фобос"
    rf"[{OPENING_QUOTES}]\s*[A-ZА-ЯЁ][^{OPENING_QUOTES}{CLOSING_QUOTES}\n]{{0,40}}[{CLOSING_QUOTES}]")
# inside a title: "(CSTO)", "( #ECOWAS )", "(with the rank of Deputy Minister)"
BRACKETED: Final = re.compile(r"\([^()\n.!?]{1,60}\)")
NAME_GOES_ON: Final = re.compile(rf"{NAME_GAP}(?:(?:de|da|van|von|bin|al|el|Ould|ibn){NAME_GAP})?[A-ZА-ЯЁ][a-zà-ÿа-яё]")
COMPLEMENT_GOES_ON: Final = re.compile(r"\s*(?:,|(?:and|of|for|to|&)(?!\w))")  # after a word of the title's complement
NAME_IS_COMPLEMENT: Final = re.compile(r"\s*(?:and|of|for|&)(?!\w)")  # "Community Abroad and …": no one's name
POSSESSIVE: Final = re.compile(r"['’]s\s+$")
ABBREVIATION_OR_HASHTAG_NAME: Final = re.compile(r"\.?[^\S\n]+#?[A-Z]")  # "Gen. Salva", "Sergey #Lavrov"
# after a Russian word alone: punctuation, the line's end, or a lower-case word that is no particle of a name ("Урсулы фон
# дер Ляйен") — not a name in bold ("Башар **Асад**")
RUSSIAN_NAME_ENDS: Final = re.compile(r"[^\S\n]*(?:[,.;:!?)]|[—–-][^\S\n]|\n|$)"
                                      r"|[^\S\n]+(?!(?:фон|ван|де|дер|ла|аль|ибн|бин|эль)[^\S\n])[а-яё]")
CONNECTORS: Final = frozenset({"of", "the", "for", "to", "and", "&"})  # what joins the words of a title's complement
QUOTES: Final = OPENING_QUOTES + CLOSING_QUOTES
LINKING_PARTICLES: Final = frozenset({"bin", "ibn", "bint", "ben", "Ould"})  # "son of", "daughter of" inside a name
CONFIDENCE: Final = 0.85


def _title_forms(listed: tuple[tuple[str, str, str], ...]) -> tuple[list[tuple[str, str, str]], frozenset[str]]:
    """(title as matched, lang, canonical position), longest first: Russian titles in all their case forms; and the
    Russian titles (casefolded) that decline. A Russian title in its nominative says its holder's name is in the
    nominative too ("министр Алибекова": a woman), where the title declines; one that never does ("замглавы",
    "замминистра") says nothing of the name's case."""
    titles: list[tuple[str, str, str]] = []
    declining: set[str] = set()
    for pattern, lang, position in listed:
        forms = case_forms(pattern, is_person=False) if lang == "ru" else {pattern}
        titles.extend((form, lang, position) for form in forms)
        if len(forms) > 1:
            declining.add(pattern.casefold())
    return sorted(titles, key=lambda t: -len(t[0])), frozenset(declining)


@register("titles", requires=("mentions.Location", "mentions.Organisation"),
          assigns=("mentions.Person", "mentions.Organisation", "relations"))
def titles_extractor(context: Context):
    titles, nominative_titles = _title_forms(context.resources.titles)
    name_shape = NameShape(context.resources)
    first_names = context.resources.first_names
    given_name_positions = context.resources.given_name_positions
    # casefold: "Miniſter" finds "minister"; a spelling casefold does not map back (Cyrillic ᲂ) is skipped below
    positions = {form.casefold(): (lang, position) for form, lang, position in titles}
    # a trie of the titles, longest first: one regex branch per letter, not one alternative per title
    title_pattern = re.compile(r"(?<!\w)" + literal_alternation([t[0] for t in titles], ignorecase=True) + r"(?!\w)",
                               re.IGNORECASE)
    title_cues = context.cues.words(positions, inside_words=False)  # title_pattern is tried only where a title starts
    gazetteer = context.gazetteer
    translit = context.resources.translit
    surname_endings = context.resources.surname_endings
    title_organs = _title_organs(positions, context.resources.organs)
    title_starts = frozenset(form.split()[0] for form in positions)  # "министра": no word of a complement before it
    bodies = context.resources.country_bodies

    def extract(post: Post, findings: Findings, _ctx: Context) -> None:
        text = post.text
        titles_found = title_cues.finditer(title_pattern, text)
        if not titles_found:
            return
        by_start: dict[int, Mention] = {}
        for mention in findings.mentions:
            by_start.setdefault(mention.start, mention)
        for title in titles_found:
            found = positions.get(title.group().casefold())
            if found is None:
                continue  # a spelling only re.IGNORECASE folds together (dotted İ): too odd to be a title
            lang, position = found
            holder_of, name = _complement_and_name(text, title.end(), by_start, name_shape, first_names, lang == "ru",
                                                   position not in given_name_positions, title_starts)
            if holder_of is None:
                holder_of = _possessor(text, title.start(), findings.mentions)
            if not name:
                continue
            start, end = name
            known = next((m for m in findings.mentions if m.type == "Person" and m.start == start), None)
            if known is None and not name_shape.plausible(text[start:end]):
                continue  # "Chairperson-in-Office, Federal Councillor …": a title, not yet the name
            if known is not None:
                person_key, person_label = known.key, known.label
            elif findings.taken(start, end):
                continue  # "President Xi" is fine, "President of Russia Kazakhstan" is not a name
            else:
                surface = text[start:end]
                if lang != "ru":
                    person_label = spaced_initials(surface)
                elif " " not in surface and title.group().casefold() in nominative_titles:
                    person_label = transliterate(surface, translit)  # "министр Алибекова": her name as written
                else:  # in Latin letters, as every label is ("Рады Дубинский" had no readable id)
                    person_label = transliterate(nominative_name(surface, surname_endings), translit)
                person_key = f"person/{slugify(person_label)}"
                findings.mentions.append(Mention(start, end, surface, "Person", person_key, "titles", CONFIDENCE,
                                                 person_label))
            known_holder = _known_holder(person_key, position, gazetteer) if holder_of is None else None
            if known_holder is not None and (organ := title_organs.get(title.group().casefold())) is not None:
                findings.mentions.extend(_organ_of_holder(text, title.end() - organ[0], title.end(), organ[1],
                                                          known_holder, bodies, findings))
            findings.relations.extend(_position(person_key, position, holder_of, known_holder, title.span(),
                                                (start, end)))

    return extract


def _complement_and_name(text: str, cursor: int, by_start: dict, name_shape: NameShape, first_names: frozenset[str],
                         russian: bool, surname_alone: bool,
                         title_starts: frozenset[str]) -> tuple[Mention | None, tuple[int, int] | None]:
    """Walk over what completes a title ("of Foreign Affairs and International Relations of the Kingdom of
    Lesotho,", "of Foreign Affairs, Migration and Tunisians Abroad of Tunisia", "образования республики", "комитета ГД
    по вопросам собственности") to the name after it; return the last country or organisation named on the way, and
    the name's span. A capitalised word the title words do not know is walked over where the title goes on after it
    (a comma, "and", "of", or another capitalised word: "Mauritanians Abroad Mohamed Salem Ould Merzoug"); past it,
    and right after "of" or "the", only a known first name starts the name. Words in brackets are walked over too
    ("… Organization (CSTO) Imangali Tasmagambetov", "… of China (with the rank of Deputy Minister) Liu Bin"). In
    Russian the complement is mostly lower-case words that depend on the title (genitives, prepositions: read by
    `russian.is_complement_word`) and a name in quotes (центра погоды "Фобос"), and a surname alone ends the walk as
    the name ("депутату Госдумы Буцкой", "министр образования республики Алибекова,"), as it does in English right
    after the title or its country ("Secretary of State Nuland –"), where `surname_alone` (not after "Sultan")."""
    holder_of, limit, complement_words = None, cursor + COMPLEMENT_LIMIT, name_shape.title_words
    unknown_words = False
    named_words = False  # a capitalised word of the complement walked over: a surname alone no longer follows the title
    while cursor < limit:
        cursor = _after_gap(text, cursor)
        if text[cursor:cursor + 1] == "(" and (aside := BRACKETED.match(text, cursor)):
            cursor = aside.end()  # "… Organization (CSTO) Imangali Tasmagambetov": the body's name again, or an aside
            continue
        place = by_start.get(cursor)
        if place is not None and place.type in ("Location", "Organisation"):
            holder_of, cursor = place, place.end
            continue
        if place is not None and place.type == "Person" and place.extractor == "gazetteer" and not _after_connector(
                text, cursor):
            return holder_of, (place.start, place.end)  # "замглавы МИД Рябков": a known name, whatever else it may read as
        if russian and (capital := RUSSIAN_CAPITALISED_WORD.match(text, cursor)) and is_capitalised_complement(
                capital.group()):
            cursor = capital.end()  # замначальника Генштаба Бурдинский
            continue
        # every NAME match starts with a capital: "of", "the" are not tried
        name = NAME.match(text, cursor) if text[cursor:cursor + 1] in NAME_INITIALS else None
        if name and name_shape.plausible(name.group("name")) and not NAME_GOES_ON.match(text, name.end()):
            # a name ends its run of capitalised words: "… Abroad Mohamed Salem Ould Merzoug"; it starts at its first
            # name ("Moroccan Expatriates Nasser Bourita"), and without one, words that the title goes on after
            # ("… National Community Abroad and African Affairs of Algeria") are no name
            start, end = name.span("name")
            name_words = text[start:end].split()
            first = next((i for i, word in enumerate(name_words) if word in first_names), None)
            if first is not None and first == len(name_words) - 1:
                first = 0  # a name is more than its surname: "Barry Faure" ("Faure" is also a first name)
            while first is not None and first >= 2 and name_words[first - 1] in LINKING_PARTICLES:
                first -= 2  # "Hamad bin Isa Al Khalifa": the first name after "bin" is his father's
            if first is not None or not (unknown_words or _after_connector(text, start)
                                         or _title_goes_on(text, end, by_start)):
                for skipped in name_words[:first] if first else ():  # the name starts at its first name
                    start = text.find(skipped, start) + len(skipped)
                if first:
                    start = text.find(name_words[first], start)
                return holder_of, (start, end - len(text[start:end]) + len(without_possessive(text[start:end])))
            cursor, named_words = end, True
            continue
        if russian and (lower := RUSSIAN_LOWER_WORD.match(text, cursor)):
            if not (is_complement_word(lower.group()) or _joins_complements(text, lower, title_starts)):
                return holder_of, None  # "министр заявил": the title's words end before a verb
            cursor = lower.end()
            continue
        if russian and text[cursor:cursor + 1] in OPENING_QUOTES and (quoted := QUOTED_NAME.match(text, cursor)):
            cursor = quoted.end()  # центра погоды "Фобос" Тишковец
            continue
        word = COMPLEMENT_WORD.match(text, cursor)
        if (word and russian and not unknown_words and word.group().lower() not in complement_words
                and surname_alone and text[word.end():word.end() + 1] not in QUOTES
                and not NAME_GOES_ON.match(text, word.end()) and (is_surname(word.group()) or (
                    reads_only_as_first_name(word.group()) and RUSSIAN_NAME_ENDS.match(text, word.end())))):
            # a surname alone (not a ship's name in quotes: фрегат "Адмирал Горшков"); one the dictionary knows only as a
            # first name where nothing of a name follows ("экс-премьер Британии Джонсон,")
            return holder_of, word.span()
        if word and surname_alone and not russian and not named_words and _english_surname(text, word, name_shape):
            return holder_of, (word.start(), word.start() + len(without_possessive(word.group())))
        if word and word.group()[:1].isupper() and word.group().lower() not in complement_words:
            following = _after_gap(text, word.end())
            if not (COMPLEMENT_GOES_ON.match(text, word.end()) or text[following:following + 1].isupper()):
                return holder_of, None
            unknown_words = True  # past a word no title knows, only a known first name starts the name
        elif not word:
            return holder_of, None
        cursor, named_words = word.end(), named_words or word.group()[:1].isupper()
    return holder_of, None


def _joins_complements(text: str, word: re.Match, title_starts: frozenset[str]) -> bool:
    """"и" between two words of a Russian title's complement: "заммэра Москвы по вопросам транспорта и промышленности
    Ликсутов" — not before a title of its own ("экс-главы Кизилюрта и экс-министра спорта Дагестана": two offices)."""
    if word.group() != "и":
        return False
    following = RUSSIAN_LOWER_WORD.match(text, _after_gap(text, word.end()))
    return (following is not None and is_complement_word(following.group())
            and following.group().rpartition("-")[2] not in title_starts)


def _english_surname(text: str, word: re.Match, name_shape: NameShape) -> bool:
    """An English title's holder named by surname alone ("Deputy Secretary of State Nuland –", "Foreign Affairs
    Minister Anand's statements"): right after the title or its country, a capitalised word of letters that no
    English word list, title, month or weekday is (a first name may be a surname too: Anand), not after "of" or "the"
    (a body's name: "Head of Rossotrudnichestvo"), and where no name goes on ("Gen. Salva Kiir", "Sergey #Lavrov")."""
    surname = without_possessive(word.group())
    end = word.start() + len(surname)
    return (len(surname) > 2 and surname.isalpha() and surname[0].isupper() and surname[1:].islower()
            and surname.isascii() and surname.lower() not in name_shape.english_words
            and surname.lower() not in name_shape.never_names and name_shape.plausible(surname)
            and not _after_connector(text, word.start()) and not NAME_GOES_ON.match(text, end)
            and not ABBREVIATION_OR_HASHTAG_NAME.match(text, end))


def _after_connector(text: str, start: int) -> bool:
    """The words stand right after "of", "the", "for" …: a body's name ("Rector of Holy Trinity Cathedral", "head of the
    Posolsky Prikaz"), unless a first name says it is a person's."""
    words = text[max(0, start - 8):start].split()
    return bool(words) and words[-1] in CONNECTORS


def _title_goes_on(text: str, end: int, by_start: dict) -> bool:
    """After capitalised words, the title goes on: "Community Abroad and African Affairs", "Tunisians Abroad of
    Tunisia Mohamed Ali Nafti" — but "King Maha Vajiralongkorn of Thailand" and "… Danae Dholakia and issued a
    protest" end in the name."""
    joint = NAME_IS_COMPLEMENT.match(text, end)
    if joint is None:
        return False
    cursor = _after_gap(text, joint.end())
    if joint.group().strip() in ("and", "&"):  # joining capitalised words, not a clause: "… Dholakia and issued …"
        return text[cursor:cursor + 1].isupper()
    if text.startswith("the ", cursor):
        cursor += 4
    holder = by_start.get(cursor)
    return holder is not None and text[_after_gap(text, holder.end):][:1].isupper()


def _after_gap(text: str, cursor: int) -> int:
    """Past the white space and commas at `cursor` (what `[\\s,]*` matches: str.isspace is exactly \\s; a loop, as the
    gap is mostly one space, cheaper than a regex call)."""
    while cursor < len(text) and (text[cursor] == "," or text[cursor].isspace()):
        cursor += 1
    return cursor


def _possessor(text: str, title_start: int, mentions: list[Mention]) -> Mention | None:
    """The first place named just before the title with a possessive: "Russia's Foreign Minister".

    POSSESSIVE fixes where the place ends: two characters before the white space that precedes the title (so
    only texts with the 's are searched for it).
    """
    place_end = title_start
    while place_end > 0 and text[place_end - 1].isspace():
        place_end -= 1
    place_end -= 2
    if place_end == title_start - 2 or not POSSESSIVE.fullmatch(text, max(place_end, 0), title_start):
        return None
    return next((m for m in mentions if m.end == place_end and m.type == "Location"), None)


def _title_organs(positions: dict[str, tuple[str, str]],
                  organs: dict[str, tuple[str, str]]) -> dict[str, tuple[int, str]]:
    """The titles (casefolded) whose last words are an organ's ("замглавы МИД", "главе Минобороны") → how many
    characters those words take, and the organ's English name ("Ministry of Foreign Affairs")."""
    folded = {form.casefold(): english for form, (english, _kind) in organs.items()}
    found = {}
    for title in positions:
        words = title.split()
        for count in range(len(words) - 1, 0, -1):  # the longest organ first; never the whole title
            english = folded.get(" ".join(words[-count:]))
            if english is not None:
                found[title] = (len(" ".join(words[-count:])), english)
                break
    return found


def _known_holder(person_key: str, position: str, gazetteer) -> Entry | None:
    """The country or organisation the gazetteer says a person's position is of, where the title names that position."""
    entry = gazetteer.get(person_key)
    if entry is None or entry.attributes.get("position") != position or not entry.attributes.get("position_of"):
        return None
    return gazetteer.get(entry.attributes["position_of"])


def _organ_of_holder(text: str, start: int, end: int, english: str, holder: Entry,
                     bodies: dict[tuple[str, str], Entry], findings: Findings) -> list[Mention]:
    """The organ a title names by its word alone is the body the gazetteer says its holder serves: "замглавы МИД
    Рябков", "представителя МИД Марии Захаровой" name the Russian MFA, "глава МИД Сергей Лавров" too (a minister of
    Russia: Russia's body of that kind) — where no other mention takes the words."""
    body = holder if holder.type == "Organisation" and named_as(holder, english) else bodies.get((holder.id, english))
    if body is None or findings.taken(start, end):
        return []
    return [Mention(start, end, text[start:end], "Organisation", body.id, "titles", CONFIDENCE, body.label, body.kind)]


def _position(person_key: str, position: str, holder_of: Mention | None, known_holder: Entry | None,
              title: tuple[int, int], name: tuple[int, int]) -> list[RelationFinding]:
    """person holdsPosition position; position positionOf the country or organisation named with the title (or, for
    a person the gazetteer knows, `known_holder`: the one it says the position is of). The title's words are the
    position's."""
    if holder_of is None:
        holder_key, holder_label = (known_holder.id, known_holder.label) if known_holder else (None, None)
    else:
        holder_key, holder_label = holder_of.key, holder_of.label
    label = f"{position} of {holder_label}" if holder_label else position
    position_key = f"position/{slugify(label)}"
    relations = [RelationFinding(person_key, "holdsPosition", position_key, "titles", CONFIDENCE,
                                 position=(label, position), position_words=title, evidence=(title, name))]
    if holder_key:
        holder_words = (title,) if holder_of is None else (title, (holder_of.start, holder_of.end))
        relations.append(RelationFinding(position_key, "positionOf", holder_key, "titles", CONFIDENCE,
                                         position=(label, position), position_words=title, evidence=holder_words))
    return relations
