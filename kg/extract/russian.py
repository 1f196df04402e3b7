"""Russian case forms of gazetteer names, so "в Минске" and "с Сергеем Лавровым" match Минск and Сергей Лавров.

Forms are generated once when the matcher is built (pymorphy3); matching itself stays a dictionary lookup.
"""

from __future__ import annotations

from functools import lru_cache


CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
INFLECTED_POS = {"NOUN", "ADJF", "PRTF"}


@lru_cache(maxsize=1)
def _analyzer():
    from pymorphy3 import MorphAnalyzer

    return MorphAnalyzer()


def case_forms(name: str, is_person: bool) -> set[str]:
    """All six case forms of a nominative name (lower-case). Acronyms and foreign words stay as they are.

    A person's every word declines (Сергей Лавров → Сергеем Лавровым); in other names only the words up to
    and including the head noun do (Совет Безопасности ООН → Совета Безопасности ООН).
    """
    words = name.split()
    morph = _analyzer()
    parses: list = []
    for word in words:
        if word.isupper() and len(word) > 1:
            parses.append(None)
            continue
        candidates = [p for p in morph.parse(word) if p.tag.case == "nomn" and p.tag.POS in INFLECTED_POS]
        parses.append(candidates[0] if candidates else None)
    if not is_person:
        head = next((i for i, p in enumerate(parses) if p is not None and p.tag.POS == "NOUN"), len(parses) - 1)
        parses = [p if i <= head else None for i, p in enumerate(parses)]
    forms = {name.lower()}
    for case in CASES:
        inflected = []
        for word, parse in zip(words, parses):
            form = parse.inflect({case}) if parse is not None else None
            inflected.append(form.word if form else word.lower())
        forms.add(" ".join(inflected))
    return forms



NAME_TAGS = ("Name", "Surn", "Patr")


def nominative_name(name: str) -> str:
    """A Russian personal name in any case → nominative ("Сергеем Лавровым" → "Сергей Лавров")."""
    morph = _analyzer()
    words = []
    for word in name.split():
        parses = [p for p in morph.parse(word) if any(tag in p.tag for tag in NAME_TAGS)]
        parses.sort(key=lambda p: p.tag.number != "sing")  # a surname, not a family: Рыженковым → Рыженков
        if parses:
            best = parses[0]
            nominative = best.inflect({"nomn", "sing"}) or best.inflect({"nomn"}) or best
            words.append(nominative.word.capitalize() if "-" not in word else nominative.word.title())
        else:
            words.append(word)
    return " ".join(words)
