"""Search keys for place names written in Latin or Khmer script.

The source documents, the field and the official lists spell the same place in many ways
("Svay Rieng", "Svay Reang", "svay-rieng", "ខេត្តស្វាយរៀង"). :func:`place_key` maps
such variants to one key, so that the resolver can compare keys instead of spellings.
It does not translate between scripts: a Khmer name keeps its Khmer key, and both the
English and the Khmer name of a place are indexed.

Rules, applied in this order (and repeated until the key no longer changes, which is what
makes ``place_key(place_key(x)) == place_key(x)`` hold):

1. Unicode NFC; zero-width characters (U+200B-U+200D, U+2060, U+FEFF, soft hyphen) removed;
   case folded (``"SVAY"`` -> ``"svay"``).
2. Latin diacritics removed (``"Việt Nam"`` -> ``"viet nam"``, ``"đ"`` -> ``"d"``), and so
   are the combining marks of the blocks used with Latin letters; Khmer vowel signs and
   subscripts are combining marks too, but they are kept.
3. Apostrophes vanish (``"S'ang"`` -> ``"sang"``); every other character that is not a
   letter, a mark or a digit separates words (spaces, hyphens, dots, commas, quotes).
4. Abbreviations of *kampong* become the word: ``"Kg. Cham"`` -> ``"kampong cham"``.
5. Administrative words at the start or the end are dropped, as long as one word is left:
   ``"Kandal Province"`` -> ``"kandal"``, ``"Khan Toul Kork"`` -> ``"toul kork"``,
   ``"Pailin City"`` -> ``"pailin"``. The English words are province, provincial, city,
   town, municipality, district, khan, srok, krong, commune, sangkat, khum, village, phum,
   capital; the Khmer words ខេត្ត រាជធានី ក្រុង ស្រុក ខណ្ឌ ឃុំ សង្កាត់ ភូមិ are also
   dropped where they begin a word, since Khmer writes them joined to the name
   (``"ខេត្តស្វាយរៀង"`` -> ``"ស្វាយរៀង"``).
   :func:`place_key` with ``strict=True`` drops only the titles (province, provincial,
   city, town, municipality, district, commune, village, capital, ខេត្ត, រាជធានី) and keeps
   the romanised Khmer words, which are also parts of names; the resolver uses it to tell
   the district "Phnum Srok" from the villages called "Phnum".
6. The words are joined without separators (``"Poi Pet"`` and ``"Poipet"`` agree).
7. Romanisation variants are folded in the Latin letters, in this order:
   ``kompong``/``kampung``/... -> ``kampong``; ``ie``, ``ea`` -> ``e``
   (``"Rieng"``, ``"Reang"`` -> ``"reng"``); ``ey`` -> ``ei``; ``oa`` -> ``ao``;
   ``ou``, ``o`` -> ``u`` (``"Toul"``, ``"Tuol"`` -> ``"tul"``); ``kh`` -> ``k``;
   ``ch``, ``j`` -> ``c``; doubled letters become one (``"Ratanakkiri"`` -> ``"ratanakiri"``).
8. In Khmer, the subscript DA (``្ដ``) becomes the subscript TA (``្ត``), which looks the same
   and is typed for it (``"កណ្ដាល"`` and ``"កណ្តាល"`` agree), and Khmer digits become ASCII digits.

Examples::

    place_key("Svay Reang")          == place_key("SVAY-RIENG") == "svayreng"
    place_key("Kompong Chnnang")     == place_key("Kampong Chhnang") == "kampungcnang"
    place_key("Kg. Cham Province")   == place_key("Kampong Cham") == "kampungcam"
    place_key("Bantey Meanchey")     == place_key("Banteay Meanchey") == "banteimencei"
    place_key("Sihanuok Ville")      == place_key("Sihanoukville") == "sihanukvile"
    place_key("ខេត្ត ស្វាយរៀង")       == place_key("ស្វាយរៀង") == "ស្វាយរៀង"

The rules over-fold on purpose (different places can share a key); the resolver then
decides between the places that share a key, and the curated aliases cover the spellings
that folding cannot reach (``"Udor Meanchey"`` for Otdar Meanchey).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_APOSTROPHES = dict.fromkeys(map(ord, "'\u2019\u2018\u02bc\u0060\u00b4"), None)
# Latin letters that do not decompose into a base letter and a combining mark.
_LATIN_EXTRA = str.maketrans({"đ": "d", "ø": "o", "ł": "l", "\u0131": "i", "æ": "ae", "œ": "oe", "þ": "th"})
_KHMER_DIGITS = str.maketrans("០១២៣៤៥៦៧៨៩", "0123456789")
_COENG_DA, _COENG_TA = "\u17d2\u178a", "\u17d2\u178f"

# Titles are never part of a name; the romanised Khmer words are, sometimes ("Phnum Srok",
# "Phum Thmei", "ភូមិ ២"), so a strict key keeps them.
TITLE_WORDS_EN = frozenset(
    {"province", "provincial", "city", "town", "municipality", "district", "commune", "village", "capital"}
)
NAME_WORDS_EN = frozenset({"khan", "srok", "krong", "sangkat", "khum", "phum"})
ADMIN_WORDS_EN = TITLE_WORDS_EN | NAME_WORDS_EN
TITLE_WORDS_KM = ("រាជធានី", "ខេត្ត")
ADMIN_WORDS_KM = ("រាជធានី", "សង្កាត់", "ខេត្ត", "ក្រុង", "ស្រុក", "ខណ្ឌ", "ឃុំ", "ភូមិ")
KAMPONG_ABBREVIATIONS = frozenset({"kg", "kpg", "kampong", "kompong", "kampung", "kompung"})

# The unit an administrative word names, where the word says it without doubt: "krong",
# "city" and "town" are used for provinces (Krong Kep) as well as districts (Krong Poipet).
KIND_OF_WORD = {
    "province": "province", "provincial": "province", "capital": "province",
    "ខេត្ត": "province", "រាជធានី": "province",
    "district": "district", "khan": "district", "srok": "district",
    "ស្រុក": "district", "ខណ្ឌ": "district",
    "commune": "commune", "sangkat": "commune", "khum": "commune",
    "ឃុំ": "commune", "សង្កាត់": "commune",
    "village": "village", "phum": "village", "ភូមិ": "village",
}  # fmt: skip

_KAMPONG = re.compile(r"k[aou]mp[aou]ng")
_DOUBLED = re.compile(r"([a-z])\1+")
_LATIN_FOLDS: tuple[tuple[str, str], ...] = (
    ("ie", "e"),
    ("ea", "e"),
    ("ey", "ei"),
    ("oa", "ao"),
    ("ou", "u"),
    ("o", "u"),
    ("kh", "k"),
    ("ch", "c"),
    ("j", "c"),
)


# Combining marks of the blocks used with Latin letters; Khmer signs are in U+17B4-U+17DD.
_LATIN_MARKS = (("\u0300", "\u036f"), ("\u1ab0", "\u1aff"), ("\u1dc0", "\u1dff"), ("\u20d0", "\u20ff"))


def _character(char: str) -> str | None:
    """What a character becomes in a key's words: itself, its Latin base letter, nothing
    (apostrophes, marks on Latin letters) or a space (anything that is not a letter, a mark
    or a digit)."""

    if ord(char) in _APOSTROPHES or any(low <= char <= high for low, high in _LATIN_MARKS):
        return None
    if unicodedata.category(char)[0] not in "LMN":
        return " "
    if char.isalpha() and ("\u00c0" <= char < "\u0250" or "\u1e00" <= char <= "\u1eff"):
        base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
        return base.translate(_LATIN_EXTRA)
    return char


class _CharacterTable(dict[int, str | None]):
    """A str.translate table filled as characters are met, so the work per character is
    done once per process and the translation itself runs in C."""

    def __missing__(self, code: int) -> str | None:
        self[code] = _character(chr(code))
        return self[code]


_WORD_CHARACTERS = _CharacterTable()


def clean(text: str) -> str:
    """The text as a reader would compare it: NFC, no zero-width characters, case folded,
    single spaces. Used to tell an exact name from a spelling variant."""

    text = unicodedata.normalize("NFC", str(text)).translate(_ZERO_WIDTH).casefold()
    return " ".join(text.split())


def words(text: str) -> list[str]:
    """Step 1 to 3 of the module's rules: the cleaned words of ``text``."""

    # NFC first, so that a letter typed with a separate accent becomes one character.
    return unicodedata.normalize("NFC", clean(text)).translate(_WORD_CHARACTERS).split()


def _prefixes(words: tuple[str, ...]) -> re.Pattern[str]:
    # As many leading words as there are, but never the whole token.
    return re.compile("^(?:" + "|".join(map(re.escape, words)) + ")+(?=.)", re.DOTALL)


_KHMER_PREFIXES = {False: _prefixes(ADMIN_WORDS_KM), True: _prefixes(TITLE_WORDS_KM)}
_LATIN_LETTER = re.compile("[a-z]")


def _drop_admin_words(tokens: list[str], strict: bool) -> list[str]:
    latin, khmer = (TITLE_WORDS_EN, TITLE_WORDS_KM) if strict else (ADMIN_WORDS_EN, ADMIN_WORDS_KM)
    prefixes = _KHMER_PREFIXES[strict]
    tokens = [token if token.isascii() else prefixes.sub("", token) for token in tokens]
    while len(tokens) > 1 and (tokens[0] in latin or tokens[0] in khmer):
        tokens = tokens[1:]
    while len(tokens) > 1 and (tokens[-1] in latin or tokens[-1] in khmer):
        tokens = tokens[:-1]
    return tokens


def _fold(joined: str) -> str:
    if _LATIN_LETTER.search(joined):
        joined = _KAMPONG.sub("kampong", joined)
        for old, new in _LATIN_FOLDS:
            joined = joined.replace(old, new)
        joined = _DOUBLED.sub(r"\1", joined)
    if not joined.isascii():
        joined = joined.replace(_COENG_DA, _COENG_TA).translate(_KHMER_DIGITS)
    return joined


def _one_pass(text: str, strict: bool) -> str:
    # A key is one word of letters and digits already; most passes only confirm that.
    split = [text] if text.isascii() and text.isalnum() and text.islower() else words(text)
    tokens = ["kampong" if token in KAMPONG_ABBREVIATIONS else token for token in split]
    return _fold("".join(_drop_admin_words(tokens, strict)))


@lru_cache(maxsize=4096)
def place_key(text: str, *, strict: bool = False) -> str:
    """The search key of ``text``; see the module's docstring for the rules."""

    key = str(text)
    for _ in range(20):  # each pass only shortens the key, so a handful is always enough
        folded = _one_pass(key, strict)
        if folded == key:
            break
        key = folded
    return key


def kind_hint(text: str) -> str | None:
    """The kind of unit the administrative words around a name point at, if they agree.

    ``"Kompong Svay commune"`` -> ``"commune"``; ``"Pailin City"`` -> ``None`` (a city can
    be a province or a district).
    """

    tokens = words(text)
    hinted: set[str] = set()
    for position, token in enumerate(tokens):
        at_edge = position in (0, len(tokens) - 1) and len(tokens) > 1
        if at_edge and token in KIND_OF_WORD:
            hinted.add(KIND_OF_WORD[token])
        for prefix in ADMIN_WORDS_KM:
            if token.startswith(prefix) and len(token) > len(prefix) and prefix in KIND_OF_WORD:
                hinted.add(KIND_OF_WORD[prefix])
                break
    return hinted.pop() if len(hinted) == 1 else None
