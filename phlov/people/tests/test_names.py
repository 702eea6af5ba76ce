"""Name normalisation: examples from real Khmer names, and properties checked with hypothesis."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from phlov.people.names import (
    deletions,
    fold,
    is_khmer,
    latin_words,
    name_key,
    phonetic,
    tokens,
    transliterate,
)

# Khmer script, then romanisations seen in documents and registers.
REAL_NAMES: list[tuple[str, ...]] = [
    ("សុខ", "Sok", "SOK"),
    ("ចាន់", "Chan", "Chann"),
    ("ស្រីមុំ", "Srey Mom", "Sreymom", "Srei Mom", "Srey-Mom"),
    ("សុភាព", "Sopheap", "Sophiep", "So Pheap"),
    ("វណ្ណៈ", "Vanna", "Vana"),
    ("គឹម", "Kim"),
    ("ហេង", "Heng"),
    ("ផល្លា", "Phalla", "Phala"),
    ("ធីតា", "Thida", "Theda"),
    ("រតនា", "Ratana", "Rattana"),
    ("កញ្ញា", "Kanha", "Kagna", "Kanhnha"),
    ("ចន្ទា", "Chantha", "Chanthea"),
    ("សុខា", "Sokha"),
    ("ដារ៉ា", "Dara", "Darra"),
    ("បុប្ផា", "Bopha", "Bopha"),
    ("ស្រីពៅ", "Srey Pov", "Sreypov"),
    ("ចាន់ធី", "Chanthy", "Chanthi"),
    ("សំណាង", "Samnang"),
    ("វិចិត្រ", "Vichet"),
    ("សុផល", "Sophal"),
    ("ពិសី", "Pisey", "Pisei"),
    ("ណារី", "Nary", "Neary"),
    ("មករា", "Makara"),
    ("ជា", "Chea", "Jea"),
    ("កែវ", "Keo", "Kev"),
    ("លី", "Ly", "Lee"),
    ("មាស", "Meas", "Mias"),
    ("ញឹម", "Nhim", "Nhem"),
    ("អ៊ុក", "Ouk", "Uk"),
    ("ទេព", "Tep"),
    ("ប៊ុន", "Bun", "Boun"),
    ("សួស", "Suos", "Sous"),
    ("សេង", "Seng"),
    ("ឈឿន", "Chhoeun", "Chhoeurn"),
    ("នួន", "Nuon", "Nourn"),
    ("ពេជ្រ", "Pech", "Pich"),
    ("វុទ្ធី", "Vuthy", "Vuthi"),
    ("សុធារី", "Sotheary"),
    ("ប៉ូលីន", "Polin", "Poulin"),
    ("លក្ខិណា", "Leakhena", "Leakena"),
    ("សុវណ្ណ", "Sovann", "Sovan"),
    ("អឿន", "Oeun", "Eun"),
    ("ស៊ីណាត", "Sinat"),
    ("ឡុង", "Long"),
    ("គង់", "Kong"),
    ("ហ៊ុន", "Hun", "Houn"),
    ("ស្រីនាង", "Sreyneang", "Srey Neang"),
    ("ភារុណ", "Phearun", "Phearoun"),
    ("ចិន្តា", "Chenda", "Chinda"),
    ("ធារី", "Theary", "Thiary"),
    ("ស្រីល័ក្ខ", "Sreyleak", "Srey Leak"),
    ("សុជាតិ", "Socheat", "Sochiet"),
    ("មុនី", "Mony", "Moni"),
    ("ប្រាក់", "Prak"),
    ("ឆាយ", "Chhay", "Chay"),
    ("តុលា", "Tola"),
    ("សុខលី", "Sokly", "Sok Ly"),
]


@pytest.mark.parametrize("spellings", REAL_NAMES, ids=lambda s: s[1])
def test_khmer_and_its_romanisations_share_a_key(spellings: tuple[str, ...]) -> None:
    keys = {name_key(spelling) for spelling in spellings}
    assert len(keys) == 1, {s: name_key(s) for s in spellings}


def test_docstring_examples() -> None:
    assert name_key("ស្រីមុំ") == name_key("Srey Mom") == name_key("sreymom") == "sremom"
    assert name_key("សុភាព") == name_key("Sophiep") == "sopep"
    assert name_key("Kompong Som") == name_key("Kampong-Som") == name_key("Kompung Som") == "kempongsom"
    assert phonetic("sok") == phonetic("sak") == "sk"
    assert transliterate("សុខ ស្រីមុំ") == "sok sreimum"
    assert transliterate("ស្រី\u200bមុំ") == "sreimum"  # zero-width space between words in Khmer
    assert tokens("Srey-Mom") == ["sre", "mom"]
    assert deletions("sok") == set()
    assert deletions("sopep") == {"opep", "spep", "soep", "sopp", "sope"}


def test_different_names_stay_apart() -> None:
    for first, second in [
        ("Sok", "Sak"),
        ("Heng", "Hong"),
        ("Chan", "Chhun"),
        ("Sopheap", "Sophal"),
        ("Kim", "Kong"),
    ]:
        assert name_key(first) != name_key(second)


def test_folding_of_romanisation_variants() -> None:
    pairs = [
        ("Kampong", "Kompong"), ("oeu", "eu"), ("Srey", "Srei"), ("Chhorn", "Chhon"), ("Khim", "Kim"),
        ("Chea", "Jea"), ("Phalla", "Pala"), ("Thida", "Tida"), ("O'Sophal", "Osophal"),
    ]  # fmt: skip
    for first, second in pairs:
        assert name_key(first) == name_key(second), (first, second)


def test_is_khmer() -> None:
    assert is_khmer("សុខ") and is_khmer("Sok សុខ") and not is_khmer("Sok")


latin_names = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ '-", min_size=1, max_size=30
)
khmer_names = st.text(
    alphabet=[chr(c) for c in range(0x1780, 0x17DD)] + [" ", "\u200b"], min_size=1, max_size=20
)
any_names = st.one_of(latin_names, khmer_names, st.text(max_size=30))


@given(any_names)
def test_keys_are_idempotent(text: str) -> None:
    key = name_key(text)
    assert name_key(key) == key
    assert fold(key) == key
    for word in tokens(text):
        assert fold(word) == word
        assert phonetic(fold(word)) == phonetic(word)


@given(latin_names)
def test_keys_ignore_case_spaces_hyphens_and_apostrophes(text: str) -> None:
    key = name_key(text)
    assert name_key(text.upper()) == key
    assert name_key(text.lower()) == key
    assert name_key(text.replace(" ", "")) == key
    assert name_key(text.replace(" ", "-")) == key
    assert name_key(f"  {text}  ") == key
    assert name_key(text.replace("'", "")) == key


@given(khmer_names)
def test_khmer_keys_are_ascii_and_deterministic(text: str) -> None:
    key = name_key(text)
    assert key == name_key(text)
    assert key.isascii()
    assert all(w.isascii() for w in latin_words(text))


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=4, max_size=12))
def test_one_typo_meets_in_the_deletion_neighbourhood(word: str) -> None:
    typo = word[:1] + word[2:]  # a letter missing
    neighbourhood = deletions(word) | {word}
    assert typo in neighbourhood or typo == word
