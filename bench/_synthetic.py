"""Synthetic Cambodian names for the benchmarks: Khmer spellings with their usual romanisation,
typed back with other romanisations, typos or in the other script. Not a test."""

from __future__ import annotations

import random
import re

# (Khmer, romanisation); family names roughly by frequency, most common first.
FAMILY: list[tuple[str, str]] = [
    ("សុខ", "Sok"), ("ចាន់", "Chan"), ("គឹម", "Kim"), ("ហេង", "Heng"), ("ជា", "Chea"), ("កែវ", "Keo"),
    ("លី", "Ly"), ("មាស", "Meas"), ("សេង", "Seng"), ("ឡុង", "Long"), ("ហ៊ុន", "Hun"), ("ប្រាក់", "Prak"),
    ("ញឹម", "Nhim"), ("អ៊ុក", "Ouk"), ("ទេព", "Tep"), ("ប៊ុន", "Bun"), ("សួស", "Suos"), ("នួន", "Nuon"),
    ("គង់", "Kong"), ("ឆាយ", "Chhay"), ("យ៉ាន", "Yan"), ("ស៊ុន", "Sun"), ("ម៉ៅ", "Mao"), ("សំ", "Sam"),
    ("ពៅ", "Pov"), ("ចិន", "Chin"), ("លឹម", "Lim"), ("ឈឿន", "Chhoeun"), ("ពេជ្រ", "Pech"), ("តុលា", "Tola"),
]  # fmt: skip
GIVEN: list[tuple[str, str]] = [
    ("ស្រីមុំ", "Srey Mom"), ("សុភាព", "Sopheap"), ("វណ្ណៈ", "Vanna"), ("ផល្លា", "Phalla"), ("ធីតា", "Thida"),
    ("រតនា", "Ratana"), ("កញ្ញា", "Kanha"), ("ចន្ទា", "Chantha"), ("សុខា", "Sokha"), ("ដារ៉ា", "Dara"),
    ("បុប្ផា", "Bopha"), ("ស្រីពៅ", "Srey Pov"), ("ចាន់ធី", "Chanthy"), ("សំណាង", "Samnang"), ("វិចិត្រ", "Vichet"),
    ("សុផល", "Sophal"), ("ពិសី", "Pisey"), ("ណារី", "Nary"), ("មករា", "Makara"), ("វុទ្ធី", "Vuthy"),
    ("សុធារី", "Sotheary"), ("លក្ខិណា", "Leakhena"), ("សុវណ្ណ", "Sovann"), ("ស៊ីណាត", "Sinat"),
    ("ស្រីនាង", "Srey Neang"), ("ភារុណ", "Phearun"), ("ចិន្តា", "Chenda"), ("ធារី", "Theary"),
    ("ស្រីល័ក្ខ", "Srey Leak"), ("សុជាតិ", "Socheat"), ("មុនី", "Mony"), ("សុខលី", "Sokly"), ("ពិសិដ្ឋ", "Piseth"),
    ("ប៉ូលីន", "Polin"), ("ឧត្តម", "Oudom"), ("សុគន្ធា", "Sokuntha"), ("ស្រីអូន", "Srey Oun"), ("ចំរើន", "Chamroeun"),
    ("សុខហេង", "Sokheng"), ("ដាវី", "Davy"), ("គន្ធា", "Kunthea"), ("ម៉ារី", "Mary"), ("សុភា", "Sophea"),
    ("រស្មី", "Reaksmey"), ("សុខុម", "Sokhom"), ("វិសាល", "Visal"), ("ស្រីណា", "Sreyna"), ("ពន្លក", "Ponlok"),
    ("បូរ៉ា", "Bora"), ("រិទ្ធី", "Rithy"), ("ស៊ីថា", "Sitha"), ("ចាន់ណា", "Channa"), ("ស្រីនិច", "Srey Nich"),
    ("លីដា", "Lida"), ("សុខនី", "Sokny"), ("វណ្ណា", "Vanna"), ("ពុទ្ធី", "Puthy"), ("សារ៉ាត", "Sarath"),
    ("ធារ៉ា", "Theara"), ("ស្រីលីន", "Srey Lin"),
]  # fmt: skip

# Romanisation variants people write (applied to the lower-case Latin name).
VARIANTS: list[tuple[str, str]] = [
    ("ey", "ei"), ("ei", "ey"), ("ea", "ie"), ("ie", "ea"), ("ou", "u"), ("u", "ou"), ("o", "ou"),
    ("kh", "k"), ("ch", "j"), ("nn", "n"), ("ll", "l"), ("th", "t"), ("a", "ah"), ("y", "i"),
    ("tt", "t"), ("ph", "p"), ("i", "ee"), ("e", "ae"), ("oeu", "eu"), (" ", ""), (" ", "-"),
]  # fmt: skip


def zipf_choice(rng: random.Random, items: list[tuple[str, str]], skew: float = 0.8) -> int:
    weights = [1 / (rank + 1) ** skew for rank in range(len(items))]
    return rng.choices(range(len(items)), weights=weights)[0]


def make_name(rng: random.Random) -> tuple[int, tuple[int, ...]]:
    family = zipf_choice(rng, FAMILY)
    count = 1 if rng.random() < 0.4 else 2
    given = tuple(zipf_choice(rng, GIVEN, 0.5) for _ in range(count))
    return family, given


def spell(name: tuple[int, tuple[int, ...]]) -> tuple[tuple[str, str], tuple[str, str]]:
    """((Khmer family, Khmer given), (Latin family, Latin given))."""

    family, given = name
    km_given = "".join(GIVEN[g][0] for g in given)
    latin_given = " ".join(GIVEN[g][1] for g in given)
    return (FAMILY[family][0], km_given), (FAMILY[family][1], latin_given)


def romanisation_variant(rng: random.Random, text: str) -> str:
    lowered = text.lower()
    rules = [(a, b) for a, b in VARIANTS if a in lowered]
    rng.shuffle(rules)
    for old, new in rules[: rng.choice((1, 2))]:
        spots = [m.start() for m in re.finditer(re.escape(old), lowered)]
        if not spots:
            continue
        at = rng.choice(spots)
        lowered = lowered[:at] + new + lowered[at + len(old) :]
    return lowered.title() if rng.random() < 0.5 else lowered


def typo(rng: random.Random, text: str) -> str:
    letters = [i for i, c in enumerate(text) if c.isalpha()]
    at = rng.choice(letters[1:]) if len(letters) > 1 else letters[0]
    kind = rng.choice(("delete", "insert", "substitute", "transpose"))
    alphabet = "abcdefghijklmnopqrstuvwxyz"
    if kind == "delete":
        return text[:at] + text[at + 1 :]
    if kind == "insert":
        return text[:at] + rng.choice(alphabet) + text[at:]
    if kind == "substitute":
        return text[:at] + rng.choice(alphabet) + text[at + 1 :]
    if at + 1 < len(text):
        return text[:at] + text[at + 1] + text[at] + text[at + 2 :]
    return text[:at]
