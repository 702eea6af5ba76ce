"""Search keys for people's names, written in Khmer script or in Latin letters.

The same person is written ``សុភាព``, ``Sopheap``, ``Sophiep``, ``SOPHEAP`` or
``So-pheap``. This module maps all of them to the same key, so that the registry can find a
person by a name typed in another romanisation or in the other script. Every function is
pure and deterministic (no database, no settings); the record linkage built later on the
registry uses the same functions.

Three steps:

1. **Khmer script to Latin letters** (:func:`transliterate`): a table of the consonants,
   subscripts, independent and dependent vowels and diacritics, close to the UNGEGN system
   and to the way Cambodian names are commonly romanised (``ស្រី`` -> ``srei``,
   ``សុខ`` -> ``sok``). The vowels follow the consonant's series (``ា`` is ``a`` after an
   a-series consonant and ``ea`` after an o-series one: ``សុភាព`` -> ``sopheap``); the
   register marks ``៉`` and ``៊`` switch the series; a final consonant loses its aspiration
   (``ខ`` at the end is ``k``). Syllables without a written vowel are guessed the way
   Pali-style names are read: ``រតនា`` -> ``ratanea``, ``វណ្ណៈ`` -> ``vanna``,
   ``កញ្ញា`` -> ``kanhnha``.
2. **Folding of romanisation variants** (:func:`fold`), applied to Latin letters (typed or
   transliterated), lower case, without accents, apostrophes, hyphens or spaces:

   * ``kompong``/``kampong``/``kampung``/``kompung`` -> ``kampong`` (before the rest);
   * ``gn``, ``ny`` -> ``nh`` (``Kagna`` = ``Kanha``); ``w`` -> ``v``; ``q`` -> ``k``;
   * ``kh`` -> ``k``, ``chh``/``ch``/``j`` -> ``c``, ``ph`` -> ``p``, ``th`` -> ``t``,
     ``d`` -> ``t`` (``Thida`` = ``Theda`` = ``ធីតា``), a final ``b`` -> ``p``;
   * an ``r`` between a vowel and a final consonant is dropped (``Chhorn`` = ``Chhon``);
   * ``y`` after a vowel is a vowel (``Srey`` = ``Srei``);
   * doubled letters and doubled digraphs become one (``Phalla`` = ``Phala``,
     ``Rattana`` = ``Ratana``, ``kanhnha`` = ``kanha``);
   * every run of vowels becomes one of three classes: front or open vowels (``a e i`` and
     their runs ``ea ie ei ey ae ai``) -> ``e``; back vowels (``o u ou uo oo``) -> ``o``;
     runs that mix both (``ao au eu oeu oa ua``) -> ``eo``. Khmer romanisation is most
     unstable in its vowels (``Sopheap``/``Sophiep``/``សុភាព``); the fold is coarse on
     purpose and the search ranks the candidates it finds against the names as written.

3. **A phonetic key per word** (:func:`phonetic`): the folded word without vowels
   (except a leading one), with similar consonants grouped (``b p v f`` -> ``p``,
   ``l r`` -> ``l``, ``h`` and ``y`` dropped): ``sok`` and ``sak`` -> ``sk``.

Examples (each line's spellings share a key)::

    name_key("សុខ")      == name_key("Sok")                       == "sok"
    name_key("ចាន់")     == name_key("Chan") == name_key("Chann") == "cen"
    name_key("ស្រីមុំ")   == name_key("Srey Mom") == name_key("sreymom") == "sremom"
    name_key("សុភាព")    == name_key("Sopheap") == name_key("Sophiep") == "sopep"
    name_key("វណ្ណៈ")    == name_key("Vanna") == name_key("Vana")  == "vene"
    name_key("ផល្លា")    == name_key("Phalla") == name_key("Phala") == "pele"
    name_key("ធីតា")     == name_key("Thida") == name_key("Theda") == "tete"
    name_key("រតនា")     == name_key("Ratana") == name_key("Rattana") == "retene"
    name_key("កញ្ញា")    == name_key("Kanha") == name_key("Kagna") == "kenhe"
    name_key("Kompong Som") == name_key("Kampong-Som") == "kempongsom"
    phonetic("sok") == phonetic("sak") == "sk"

The keys over-fold on purpose (``Kim`` and ``Kem`` share ``kem``): they decide what is
looked up, not what is shown first. :func:`deletions` gives the SymSpell-style deletion
neighbourhood of a key (every string with one character removed), so that a key typed with
one wrong, missing or extra letter still meets the stored key in an exact index lookup.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

# --- Khmer script ------------------------------------------------------------------------------

COENG = "\u17d2"  # the sign that puts the next consonant below (a subscript)
MUUSIKATOAN = "\u17c9"  # ៉ : o-series consonant read as a-series
TRIISAP = "\u17ca"  # ៊ : a-series consonant read as o-series
BANTOC = "\u17cb"  # ់ : short vowel, closed syllable
NIKAHIT = "\u17c6"  # ំ
REAHMUK = "\u17c7"  # ះ
YUUKALEAPINTU = "\u17c8"  # ៈ : a short "a" (vanna)
TOANDAKHIAT = "\u17cd"  # ៍ : the consonant under it is silent
SILENT_SIGNS = frozenset("\u17cc\u17ce\u17cf\u17d1\u17d3\u17dd")  # robat, kakabat, ahsda, viriam, ...
INVISIBLE = frozenset("\u17b4\u17b5\u200b\u200c\u200d\u2060\ufeff\u00ad")

# consonant: (initial, final, series) -- series "a" (first) or "o" (second)
CONSONANTS: dict[str, tuple[str, str, str]] = {
    "ក": ("k", "k", "a"), "ខ": ("kh", "k", "a"), "គ": ("k", "k", "o"), "ឃ": ("kh", "k", "o"),
    "ង": ("ng", "ng", "o"),
    "ច": ("ch", "ch", "a"), "ឆ": ("chh", "ch", "a"), "ជ": ("ch", "ch", "o"), "ឈ": ("chh", "ch", "o"),
    "ញ": ("nh", "nh", "o"),
    "ដ": ("d", "t", "a"), "ឋ": ("th", "t", "a"), "ឌ": ("d", "t", "o"), "ឍ": ("th", "t", "o"),
    "ណ": ("n", "n", "a"),
    "ត": ("t", "t", "a"), "ថ": ("th", "t", "a"), "ទ": ("t", "t", "o"), "ធ": ("th", "t", "o"),
    "ន": ("n", "n", "o"),
    "ប": ("b", "p", "a"), "ផ": ("ph", "p", "a"), "ព": ("p", "p", "o"), "ភ": ("ph", "p", "o"),
    "ម": ("m", "m", "o"),
    "យ": ("y", "y", "o"), "រ": ("r", "r", "o"), "ល": ("l", "l", "o"), "វ": ("v", "v", "o"),
    "ឝ": ("s", "s", "a"), "ឞ": ("s", "s", "a"), "ស": ("s", "s", "a"), "ហ": ("h", "h", "a"),
    "ឡ": ("l", "l", "a"), "អ": ("", "", "a"),
}  # fmt: skip

# independent vowels: they stand for a whole syllable
INDEPENDENT_VOWELS: dict[str, str] = {
    "ឣ": "a", "ឤ": "a", "ឥ": "e", "ឦ": "ei", "ឧ": "o", "ឨ": "ou", "ឩ": "ou", "ឪ": "ov",
    "ឫ": "rue", "ឬ": "rueu", "ឭ": "lue", "ឮ": "lueu", "ឯ": "ae", "ឰ": "ai", "ឱ": "ao",
    "ឲ": "ao", "ឳ": "au",
}  # fmt: skip

# dependent vowels (alone, or with nikahit/reahmuk/bantoc): (a-series, o-series)
VOWELS: dict[str, tuple[str, str]] = {
    "": ("a", "o"),  # the inherent vowel of a closed syllable
    "ា": ("a", "ea"), "ិ": ("e", "i"), "ី": ("ei", "i"), "ឹ": ("i", "i"), "ឺ": ("eu", "eu"),
    "ុ": ("o", "u"), "ូ": ("ou", "u"), "ួ": ("uo", "uo"), "ើ": ("aeu", "eu"), "ឿ": ("oea", "oea"),
    "ៀ": ("ie", "ie"), "េ": ("e", "e"), "ែ": ("ae", "ae"), "ៃ": ("ai", "ey"), "ោ": ("ao", "o"),
    "ៅ": ("au", "ov"),
    NIKAHIT: ("am", "um"), "ុ" + NIKAHIT: ("om", "um"), "ា" + NIKAHIT: ("am", "eam"),
    "ិ" + NIKAHIT: ("em", "im"), "ោ" + NIKAHIT: ("aom", "om"),
    REAHMUK: ("ah", "eah"), "ា" + REAHMUK: ("ah", "eah"), "ិ" + REAHMUK: ("eh", "ih"),
    "ុ" + REAHMUK: ("oh", "uh"), "េ" + REAHMUK: ("eh", "eh"), "ែ" + REAHMUK: ("aeh", "eh"),
    "ោ" + REAHMUK: ("aoh", "uoh"),
    YUUKALEAPINTU: ("a", "a"), "\u17d0": ("a", "ea"),  # samyok sannya (ល័ក្ខ leak)
    "ា" + BANTOC: ("a", "oa"), BANTOC: ("a", "o"), "ិ" + BANTOC: ("e", "i"), "ុ" + BANTOC: ("o", "u"),
    "េ" + BANTOC: ("e", "e"), "ែ" + BANTOC: ("ae", "ae"),
}  # fmt: skip
DEPENDENT_VOWELS = frozenset("ាិីឹឺុូួើឿៀេែៃោៅ\u17d0")
KHMER_DIGITS = str.maketrans("០១២៣៤៥៦៧៨៩", "0123456789")


def is_khmer(text: str) -> bool:
    """Whether ``text`` has any Khmer letter."""

    return any("\u1780" <= char <= "\u17ff" or "\u19e0" <= char <= "\u19ff" for char in text)


class _Cluster:
    """A consonant (or independent vowel) with its subscripts, register mark, vowel and signs."""

    __slots__ = ("base", "independent", "series", "signs", "silent", "subscripts", "vowel")

    def __init__(self, base: str) -> None:
        self.base = base
        self.independent = base in INDEPENDENT_VOWELS
        self.series = CONSONANTS[base][2] if base in CONSONANTS else "a"
        self.subscripts: list[str] = []
        self.vowel = ""
        self.signs = ""
        self.silent = False

    @property
    def has_vowel(self) -> bool:
        return (
            bool(self.vowel) or NIKAHIT in self.signs or REAHMUK in self.signs or YUUKALEAPINTU in self.signs
        )

    def vowel_key(self) -> str:
        key = self.vowel + "".join(s for s in self.signs if s in (NIKAHIT, REAHMUK, BANTOC, YUUKALEAPINTU))
        return key if key in VOWELS else self.vowel


def _clusters(word: str) -> list[_Cluster]:
    clusters: list[_Cluster] = []
    pending_coeng = False
    for char in word:
        if char in INVISIBLE:
            continue
        if char == COENG:
            pending_coeng = True
            continue
        if char in CONSONANTS and pending_coeng and clusters:
            clusters[-1].subscripts.append(char)
            pending_coeng = False
            continue
        pending_coeng = False
        if char in CONSONANTS or char in INDEPENDENT_VOWELS:
            clusters.append(_Cluster(char))
        elif not clusters:
            continue  # a stray sign at the start of a word
        elif char == MUUSIKATOAN:
            clusters[-1].series = "a"
            clusters[-1].signs += char
        elif char == TRIISAP:
            clusters[-1].series = "o"
        elif char in DEPENDENT_VOWELS:
            clusters[-1].vowel += char
        elif char == TOANDAKHIAT:
            clusters[-1].silent = True
        elif char in (NIKAHIT, REAHMUK, BANTOC, YUUKALEAPINTU):
            clusters[-1].signs += char
        # every other sign (robat, viriam, ...) is not pronounced in a name
    return clusters


SONORANTS = frozenset("ងញនមយរលវ")


def _splits(cluster: _Cluster) -> bool:
    """Whether a cluster with a subscript, after an open syllable, is Pali-style doubling
    (វណ្ណ, បុប្ផា, ចន្ទា: the base closes the syllable before) rather than an initial
    cluster (ស្រី, ខ្មែរ: a consonant and a sonorant said together)."""

    first = cluster.subscripts[0]
    return first == cluster.base or first not in SONORANTS


def _onset(cluster: _Cluster, *, without_base: bool = False) -> str:
    initial = CONSONANTS[cluster.base][0]
    if cluster.base == "ប" and (MUUSIKATOAN in cluster.signs or cluster.subscripts):
        initial = "p"  # ប៉ and ប្រ are read "p" (ប៉ូលីន Polin, ប្រាក់ Prak)
    subscripts = "".join(CONSONANTS[s][0] for s in cluster.subscripts)
    return subscripts if without_base else initial + subscripts


def _transliterate_word(word: str) -> str:
    clusters = [c for c in _clusters(word) if not c.silent]
    out: list[str] = []
    # the syllable being written: open (no final consonant yet), and its vowel unwritten
    open_syllable = False
    inherent = False
    previous_series = "a"
    for index, cluster in enumerate(clusters):
        if cluster.independent:
            out.append(INDEPENDENT_VOWELS[cluster.base])
            open_syllable, inherent = True, False
            continue
        final = CONSONANTS[cluster.base][1]
        following = clusters[index + 1] if index + 1 < len(clusters) else None
        series = cluster.series
        if (
            cluster.has_vowel
            and following is None
            and open_syllable
            and not inherent
            and cluster.vowel in ("ិ", "ុ")
            and not cluster.signs
        ):
            out.append(final)  # a Pali final vowel is not said (ជាតិ cheat)
            open_syllable = inherent = False
            continue
        if cluster.has_vowel:
            if open_syllable and cluster.subscripts and _splits(cluster):
                out.append(final)
                onset = _onset(cluster, without_base=True)
                series = previous_series
            else:
                onset = _onset(cluster)
            pair = VOWELS.get(cluster.vowel_key(), VOWELS.get(cluster.vowel, ("a", "o")))
            out.append(onset + pair[0 if series == "a" else 1])
            open_syllable = not (BANTOC in cluster.signs and cluster.vowel_key() in VOWELS)
            inherent = False
            previous_series = series
            continue
        # No written vowel: the final consonant of the syllable before, or a syllable of its own.
        following_is_final = following is not None and not following.has_vowel and not following.independent
        if open_syllable and following is None:
            out.append(final)  # subscripts under a final consonant are not pronounced
            open_syllable = inherent = False
            continue
        if open_syllable and not inherent and not following_is_final:
            out.append(final)
            open_syllable = inherent = False
            continue
        onset = _onset(cluster)
        if following is None:
            out.append(onset + VOWELS[""][0 if series == "a" else 1])
            open_syllable = inherent = False
        elif following_is_final and following is not None and BANTOC in following.signs:
            out.append(onset + VOWELS[BANTOC][0 if series == "a" else 1])  # គង់ kong
            open_syllable, inherent = True, False
        else:
            # an unwritten vowel, written "a" in common usage (រតនា ratana, សុផល sophal)
            out.append(onset + "a")
            open_syllable, inherent = True, True
        previous_series = series
    return "".join(out)


@lru_cache(maxsize=65536)
def transliterate(text: str) -> str:
    """Khmer script in ``text`` written in Latin letters; other characters are kept.

    Words (separated by spaces or punctuation) stay separate: ``"សុខ ស្រីមុំ"`` ->
    ``"sok sreimum"``. Khmer digits become ASCII digits.
    """

    text = str(text)
    if text.isascii():
        return text
    text = unicodedata.normalize("NFC", text).translate(KHMER_DIGITS)
    out: list[str] = []
    run: list[str] = []
    for char in text:
        if "\u1780" <= char <= "\u17ff" or char in INVISIBLE:
            run.append(char)
            continue
        if run:
            out.append(_transliterate_word("".join(run)))
            run = []
        out.append(char)
    if run:
        out.append(_transliterate_word("".join(run)))
    return "".join(out)


# --- Latin letters -----------------------------------------------------------------------------

_APOSTROPHES = dict.fromkeys(map(ord, "'\u2019\u2018\u02bc\u0060\u00b4"), None)
_LATIN_EXTRA = str.maketrans({"đ": "d", "ø": "o", "ł": "l", "\u0131": "i", "æ": "ae", "œ": "oe", "ß": "ss"})
_KAMPONG = re.compile(r"k[aou]mp[aou]ng")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_VOWEL_RUN = re.compile(r"[aeiou]+")
_DOUBLED_DIGRAPH = re.compile(r"(nh|ng)\1+")
_DOUBLED = re.compile(r"([a-z])\1+")
_R_BEFORE_FINAL = re.compile(r"([aeiou])r([bcdfgjklmnpqstvxz])$")
_Y_AS_VOWEL = re.compile(r"(?<=.)y(?![aeiou])")
_FINAL_V = re.compile(r"([aeiou])v$")
_FINAL_B = re.compile(r"b$")
_NY = re.compile(r"ny(?=[aeiou])")
_CONSONANT_FOLDS: tuple[tuple[str, str], ...] = (
    ("gn", "nh"),
    ("w", "v"),
    ("q", "k"),
    ("ck", "k"),
    ("kh", "k"),
    ("gh", "k"),
    ("chh", "c"),
    ("ch", "c"),
    ("j", "c"),
    ("ph", "p"),
    ("th", "t"),
    ("d", "t"),
    ("z", "s"),
    ("x", "s"),
)
_FRONT = frozenset("aei")
_BACK = frozenset("ou")


def _vowel_class(match: re.Match[str]) -> str:
    run = set(match.group(0))
    if run <= _FRONT:
        return "e"
    if run <= _BACK:
        return "o"
    return "eo"


def latin_words(text: str) -> list[str]:
    """``text`` (either script) as lower-case ASCII words: Khmer transliterated, accents,
    apostrophes and case removed, split at spaces, hyphens and any other punctuation."""

    return list(_latin_words(text))


# Ranking a search folds the names of hundreds of candidates, and names repeat: the folding of
# a name is remembered (a tuple, so that no caller can change what is remembered).
@lru_cache(maxsize=65536)
def _latin_words(text: str) -> tuple[str, ...]:
    text = transliterate(text).casefold().translate(_APOSTROPHES)
    if not text.isascii():  # accents and letters such as đ; most names are plain ASCII
        text = text.translate(_LATIN_EXTRA)
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
        text = text.encode("ascii", "ignore").decode()
    return tuple(_NOT_ALNUM.sub(" ", text).split())


def _fold_once(word: str) -> str:
    word = _KAMPONG.sub("kampong", word)
    word = _NY.sub("nh", word)
    for old, new in _CONSONANT_FOLDS:
        word = word.replace(old, new)
    word = _FINAL_B.sub("p", word)
    word = _R_BEFORE_FINAL.sub(r"\1\2", word)
    word = _Y_AS_VOWEL.sub("i", word)
    word = _FINAL_V.sub(r"\1o", word)
    word = _DOUBLED_DIGRAPH.sub(r"\1", word)
    word = _VOWEL_RUN.sub(_vowel_class, word)
    return _DOUBLED.sub(r"\1", word)


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """One word (lower-case ASCII, see :func:`latin_words`) with its romanisation variants
    folded; ``fold(fold(w)) == fold(w)``."""

    for _ in range(10):
        folded = _fold_once(word)
        if folded == word:
            break
        word = folded
    return word


def tokens(text: str) -> list[str]:
    """The folded words of a name in either script: ``"Srey-Mom"`` -> ``["sre", "mom"]``."""

    return list(_tokens(text))


@lru_cache(maxsize=65536)
def _tokens(text: str) -> tuple[str, ...]:
    return tuple(folded for folded in (fold(w) for w in _latin_words(text)) if folded)


@lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """One key for a whole name, insensitive to case, spaces, hyphens, apostrophes, script and
    romanisation: the words joined, then folded (``"Srey Mom"`` = ``"Sreymom"``)."""

    return fold("".join(_latin_words(text)))


_PHONETIC_GROUPS = str.maketrans({"b": "p", "v": "p", "f": "p", "r": "l", "g": "k", "c": "c", "s": "s"})


@lru_cache(maxsize=65536)
def phonetic(word: str) -> str:
    """A coarse sound key of one folded word: consonants only (a leading vowel is kept as
    ``e`` or ``o``), similar consonants grouped, repeats removed: ``"sok"`` -> ``"sk"``."""

    word = fold(word)
    if not word:
        return ""
    head = word[0] if word[0] in "eo" else ""
    body = re.sub(r"[aeiouhy]", "", word.translate(_PHONETIC_GROUPS))
    return _DOUBLED.sub(r"\1", head + body)


def deletions(key: str, min_length: int = 4) -> set[str]:
    """Every string made by removing one character of ``key`` (none for short keys, whose
    neighbourhoods would match too much): the SymSpell deletion neighbourhood."""

    if len(key) < min_length:
        return set()
    return {key[:i] + key[i + 1 :] for i in range(len(key))} - {key}


@lru_cache(maxsize=65536)
def light(text: str) -> str:
    """The name as lower-case ASCII words, transliterated but not folded: what the ranking
    compares to tell close variants apart (``"Kim"`` from ``"Kem"``)."""

    return " ".join(_latin_words(text))


def full_name(family: str, given: str) -> str:
    """Family name first, as Khmer names are written."""

    return " ".join(part for part in (family.strip(), given.strip()) if part)


def name_keys(names: Iterable[tuple[str, str]]) -> set[str]:
    """The whole-name keys of (family, given) pairs, in either script."""

    return {key for key in (name_key(full_name(f, g)) for f, g in names) if key}
