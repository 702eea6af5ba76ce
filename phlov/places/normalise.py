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
2. Latin diacritics removed (``"Việt Nam"`` -> ``"viet nam"``, ``"đ"`` -> ``"d"``); Khmer
   vowel signs and subscripts are combining marks too, but they are kept.
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
   :func:`place_key` with ``keep_admin_words=True`` skips this step; the resolver uses it
   to tell the district "Phnum Srok" from the villages called "Phnum".
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
_LATIN_EXTRA = str.maketrans({"đ": "d", "ø": "o", "ł": "l", "ı": "i", "æ": "ae", "œ": "oe", "þ": "th"})
_KHMER_DIGITS = str.maketrans("០១២៣៤៥៦៧៨៩", "0123456789")
_COENG_DA, _COENG_TA = "\u17d2\u178a", "\u17d2\u178f"

ADMIN_WORDS_EN = frozenset(
    {
        "province", "provincial", "city", "town", "municipality", "district", "khan", "srok",
        "krong", "commune", "sangkat", "khum", "village", "phum", "capital",
    }
)  # fmt: skip
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


def _is_latin(char: str) -> bool:
    return char < "\u0250" or "\u1e00" <= char <= "\u1eff"


def _strip_latin_diacritics(text: str) -> str:
    out: list[str] = []
    after_latin = False
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.category(char) == "Mn":
            # Khmer vowel signs are combining marks as well; only marks on Latin letters go.
            if not after_latin:
                out.append(char)
            continue
        after_latin = _is_latin(char)
        out.append(char)
    return unicodedata.normalize("NFC", "".join(out)).translate(_LATIN_EXTRA)


def clean(text: str) -> str:
    """The text as a reader would compare it: NFC, no zero-width characters, case folded,
    single spaces. Used to tell an exact name from a spelling variant."""

    text = unicodedata.normalize("NFC", str(text)).translate(_ZERO_WIDTH).casefold()
    return " ".join(text.split())


def words(text: str) -> list[str]:
    """Step 1 to 3 of the module's rules: the cleaned words of ``text``."""

    text = _strip_latin_diacritics(clean(text)).translate(_APOSTROPHES)
    # Letters, marks (Khmer vowel signs and subscripts) and digits make words; the rest splits.
    spaced = "".join(char if unicodedata.category(char)[0] in "LMN" else " " for char in text)
    return spaced.split()


def _strip_khmer_prefix(word: str) -> str:
    changed = True
    while changed:
        changed = False
        for prefix in ADMIN_WORDS_KM:
            if word.startswith(prefix) and len(word) > len(prefix):
                word = word[len(prefix) :]
                changed = True
    return word


def _is_admin_word(word: str) -> bool:
    return word in ADMIN_WORDS_EN or word in ADMIN_WORDS_KM


def _drop_admin_words(tokens: list[str]) -> list[str]:
    tokens = [_strip_khmer_prefix(token) for token in tokens]
    while len(tokens) > 1 and _is_admin_word(tokens[0]):
        tokens = tokens[1:]
    while len(tokens) > 1 and _is_admin_word(tokens[-1]):
        tokens = tokens[:-1]
    return tokens


def _fold(joined: str) -> str:
    joined = _KAMPONG.sub("kampong", joined)
    for old, new in _LATIN_FOLDS:
        joined = joined.replace(old, new)
    joined = _DOUBLED.sub(r"\1", joined)
    return joined.replace(_COENG_DA, _COENG_TA).translate(_KHMER_DIGITS)


def _one_pass(text: str, keep_admin_words: bool) -> str:
    tokens = ["kampong" if token in KAMPONG_ABBREVIATIONS else token for token in words(text)]
    if not keep_admin_words:
        tokens = _drop_admin_words(tokens)
    return _fold("".join(tokens))


@lru_cache(maxsize=4096)
def place_key(text: str, *, keep_admin_words: bool = False) -> str:
    """The search key of ``text``; see the module's docstring for the rules."""

    key = str(text)
    for _ in range(20):  # each pass only shortens the key, so a handful is always enough
        folded = _one_pass(key, keep_admin_words)
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
