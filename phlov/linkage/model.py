"""The Splink models: Phlov's Khmer-aware one, and a baseline with Splink's stock comparisons.

Both are written as Splink settings dictionaries whose SQL uses only ``=``, ``AND``/``OR``,
``abs``, ``substr`` and the dialect's own string-distance function names, so the same model
runs on DuckDB (the default) and on Spark.

Phlov's comparisons (each level's label is what the review page shows):

* **family name**, **given name**: the same spelling; the same key after folding the
  romanisation (either script: see features.py); swapped with the other name (clerks write
  the given name first); one edit apart or Jaro-Winkler >= 0.9; the same consonant skeleton;
  (given name only) one of the other names matches. Term-frequency adjustments on the folded
  key: sharing ``Sok`` (a tenth of Cambodians) says less than sharing ``Rin``.
* **date of birth**: the same date; one typing error (or day and month swapped); the same year
  where one record only has the year; within two years where one only has the year (estimated
  ages); else (two whole dates that differ by more than a typing error are different dates).
* **place of origin**: the same village, commune, district, province, else.
* **sex**, **phone** (either of two numbers; one digit off), **document** (either of two; one
  character off).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from splink.internals.dialects import SplinkDialect

MODEL_VERSION = "phlov-khmer-1"
BASELINE_VERSION = "splink-default-1"


def _jw(dialect: SplinkDialect, column: str) -> str:
    return f"{dialect.jaro_winkler_function_name}(l.{column}, r.{column})"


def _dl(dialect: SplinkDialect, column: str) -> str:
    return f"{dialect.damerau_levenshtein_function_name}(l.{column}, r.{column})"


def _lev(dialect: SplinkDialect, left: str, right: str | None = None) -> str:
    return f"{dialect.levenshtein_function_name}(l.{left}, r.{right or left})"


_SIDE = re.compile(r"\b([lr])\.(\w+)")


def _level(condition: str, label: str, **extra: Any) -> dict[str, Any]:
    # Written as l.x / r.x like the blocking rules; Splink's comparisons name them x_l / x_r.
    return {"sql_condition": _SIDE.sub(r"\2_\1", condition), "label_for_charts": label, **extra}


def _null(condition: str) -> dict[str, Any]:
    return _level(condition, "missing", is_null_level=True)


ELSE = _level("ELSE", "different")


def _name_levels(dialect: SplinkDialect, part: str, other: str) -> list[dict[str, Any]]:
    """The levels at which two records' ``part`` names agree, strongest first (no null/else).

    A swap shows in both names' comparisons; it is weighed once, in the family name's, and
    fixed at weight 0 in the given name's (counted twice it outweighed an unswapped match).
    """

    p1, p2, o1, o2 = f"{part}1", f"{part}2", f"{other}1", f"{other}2"
    swap_extra: dict[str, Any] = (
        {}
        if part == "fam"
        else {
            "m_probability": 0.5,
            "u_probability": 0.5,
            "fix_m_probability": True,
            "fix_u_probability": True,
        }
    )
    lat, kk, km = f"{part}_lat", f"{part}_kk", f"{part}_km"
    # Folded keys merge names that the script they were written in tells apart: Latin keys
    # count only where the Khmer spellings (if both have one) agree, and a key matched across
    # scripts only where the two records have no script in common for this name.
    khmer_agrees = f"(l.{km} IS NULL OR r.{km} IS NULL OR l.{km} = r.{km})"
    no_common_script = f"(l.{lat} IS NULL OR r.{lat} IS NULL) AND (l.{km} IS NULL OR r.{km} IS NULL)"
    return [
        _level(f"l.{part}_lt = r.{part}_lt OR l.{km} = r.{km}", "same spelling"),
        _level(
            f"l.{lat} = r.{lat} AND {khmer_agrees}",
            "same name, other romanisation",
            tf_adjustment_column=lat,
            tf_adjustment_weight=1.0,
            # The level is not a bare equality; its own u is the baseline of the adjustment.
            disable_tf_exact_match_detection=True,
        ),
        _level(
            f"(l.{lat} = r.{kk} OR l.{kk} = r.{lat}) AND {no_common_script}", "same name in the other script"
        ),
        _level(
            f"(l.{p1} = r.{o1} AND l.{o1} = r.{p1} AND (l.{km} IS NULL OR r.{other}_km IS NULL "
            f"OR l.{km} = r.{other}_km)) OR (l.{km} = r.{other}_km AND l.{other}_km = r.{km})",
            "swapped with the other name",
            **swap_extra,
        ),
        _level(
            # Typing errors: one letter inserted, dropped, changed or two swapped, in the Latin
            # letters as typed, in the folded key, or in the Khmer script. Not Jaro-Winkler:
            # it forgives too much after a shared start, and many names share "Srey"/"ស្រី".
            f"({khmer_agrees} AND (({_dl(dialect, f'{part}_lt')} <= 1 AND length(l.{part}_lt) >= 4) "
            f"OR ({_dl(dialect, lat)} <= 1 AND length(l.{lat}) >= 5))) "
            f"OR ({_dl(dialect, km)} <= 1 AND length(l.{km}) >= 3)",
            "one letter apart",
        ),
        _level(
            f"l.{part}_ph = r.{part}_ph AND length(l.{part}_ph) >= 3 AND {khmer_agrees}", "sounds the same"
        ),
        # Half a swap: this name is the other record's other name (the rest mistyped).
        _level(f"l.{p1} = r.{o1} OR l.{p2} = r.{o2}", "written as the other name"),
    ]


def _name(dialect: SplinkDialect, part: str, other: str, label: str, aliases: bool) -> dict[str, Any]:
    levels = [_null(f"l.{part}1 IS NULL OR r.{part}1 IS NULL"), *_name_levels(dialect, part, other)]
    if aliases:
        # Only for data that has other names (the registry); the CSV files have none.
        levels.append(_level(_array_overlap(dialect, "alias_keys"), "matches another name"))
    levels.append(ELSE)
    return {"output_column_name": label, "comparison_levels": levels}


def _given_agrees(dialect: SplinkDialect) -> str:
    """The given names are the same name (spelling, key, script or swap; not a near miss:
    sisters' names are often one letter apart, សុខា/សុធា)."""

    return " OR ".join(f"({level['sql_condition']})" for level in _name_levels(dialect, "giv", "fam")[:4])


def _conflict(dialect: SplinkDialect) -> dict[str, Any]:
    """Given name and date of birth both disagree.

    Splink adds up the comparisons as if they were independent; siblings are where that
    fails (same family name, village, often the mother's phone: evidence that adds up to a
    certain match). What tells them apart is that the given name and the birth date both
    differ, which a true duplicate almost never shows; this comparison lets EM weigh that
    conjunction on its own.
    """

    given_agrees = _given_agrees(dialect)
    dob_agrees = f"l.dob = r.dob OR {_lev(dialect, 'dob')} <= 1 OR ((l.dob IS NULL OR r.dob IS NULL) AND abs(l.yob - r.yob) <= 2)"
    return {
        "output_column_name": "given_name_and_birth",
        "comparison_levels": [
            _null("l.giv1 IS NULL OR r.giv1 IS NULL OR l.yob IS NULL OR r.yob IS NULL"),
            # The starting m: EM keeps it when its training pairs never show the level (pairs
            # sharing a document number almost never do), i.e. 1 duplicate in 1,000.
            _level(f"NOT ({given_agrees}) AND NOT ({dob_agrees})", "both different", m_probability=0.001),
            _level("ELSE", "not both different"),
        ],
    }


def _array_overlap(dialect: SplinkDialect, column: str) -> str:
    if dialect.sql_dialect_str == "spark":
        return f"arrays_overlap(l.{column}, r.{column})"
    return f"list_has_any(l.{column}, r.{column})"


def _birth(dialect: SplinkDialect) -> dict[str, Any]:
    swapped = (
        "substr(l.dob, 1, 4) = substr(r.dob, 1, 4) AND substr(l.dob, 6, 2) = substr(r.dob, 9, 2) "
        "AND substr(l.dob, 9, 2) = substr(r.dob, 6, 2)"
    )
    return {
        "output_column_name": "birth_date",
        "comparison_levels": [
            _null("l.yob IS NULL OR r.yob IS NULL"),
            _level("l.dob = r.dob", "same date"),
            _level(f"{_lev(dialect, 'dob')} <= 1 OR ({swapped})", "one typing error"),
            _level("l.yob = r.yob AND (l.dob IS NULL OR r.dob IS NULL)", "same year, only the year known"),
            _level(
                "abs(l.yob - r.yob) <= 2 AND (l.dob IS NULL OR r.dob IS NULL)",
                "within two years, only the year known",
            ),
            ELSE,
        ],
    }


def _place() -> dict[str, Any]:
    return {
        "output_column_name": "place_of_origin",
        "comparison_levels": [
            _null("l.province IS NULL OR r.province IS NULL"),
            _level("l.village = r.village", "same village"),
            _level("l.commune = r.commune", "same commune"),
            _level("l.district = r.district", "same district"),
            _level("l.province = r.province", "same province"),
            ELSE,
        ],
    }


def _either(column: str) -> str:
    two = f"{column}2"
    return f"l.{column} = r.{column} OR l.{column} = r.{two} OR l.{two} = r.{column} OR l.{two} = r.{two}"


def _number(dialect: SplinkDialect, column: str, label: str) -> dict[str, Any]:
    return {
        "output_column_name": label,
        "comparison_levels": [
            _null(f"l.{column} IS NULL OR r.{column} IS NULL"),
            _level(_either(column), "same number"),
            _level(f"{_lev(dialect, column)} <= 1", "one character off"),
            ELSE,
        ],
    }


def _phone(dialect: SplinkDialect) -> dict[str, Any]:
    """Like a document number, except that a family shares a phone (a mother's number given
    for each of her children): a number shared by two records whose given names differ is
    evidence of a household, not of one person, and weighs nothing (fixed m = u)."""

    given = _given_agrees(dialect)
    return {
        "output_column_name": "phone",
        "comparison_levels": [
            _null("l.phone IS NULL OR r.phone IS NULL"),
            _level(f"({_either('phone')}) AND ({given})", "same number"),
            _level(
                _either("phone"),
                "same number, another given name (a family's phone)",
                m_probability=0.5,
                u_probability=0.5,
                fix_m_probability=True,
                fix_u_probability=True,
            ),
            _level(f"{_lev(dialect, 'phone')} <= 1 AND ({given})", "one digit off"),
            ELSE,
        ],
    }


def _sex() -> dict[str, Any]:
    return {
        "output_column_name": "sex",
        "comparison_levels": [_null("l.sex IS NULL OR r.sex IS NULL"), _level("l.sex = r.sex", "same"), ELSE],
    }


# Blocking: each rule is an equi-join (fast); a pair found by several is scored once.
# Together they keep a million records to some tens of millions of pairs while every planted
# kind of error still leaves a duplicate at least one rule to meet its original by.
BLOCKING_RULES: tuple[str, ...] = (
    "l.fam1 = r.fam1 AND l.giv1 = r.giv1 AND l.yob = r.yob",
    "l.fam1 = r.fam1 AND l.giv1 = r.giv1 AND l.commune = r.commune",
    "l.fam2 = r.fam2 AND l.giv2 = r.giv2 AND l.district = r.district",
    "l.fam1 = r.giv1 AND l.giv1 = r.fam1 AND l.yob = r.yob",
    "l.fam2 = r.giv2 AND l.giv2 = r.fam2 AND l.district = r.district",
    "l.fam1 = r.giv1 AND l.dob = r.dob",
    "l.giv1 = r.fam1 AND l.dob = r.dob",
    "l.fam1 = r.giv1 AND l.village = r.village",
    "l.giv1 = r.fam1 AND l.village = r.village",
    "l.phone = r.phone",
    "l.doc = r.doc",
    "l.giv1 = r.giv1 AND l.dob = r.dob",
    "l.fam1 = r.fam1 AND l.dob = r.dob",
    "l.fam_ph = r.fam_ph AND l.giv_ph = r.giv_ph AND l.commune = r.commune",
    "l.giv1 = r.giv1 AND l.village = r.village",
    "l.fam1 = r.fam1 AND l.village = r.village AND l.yob = r.yob",
)
# Training: EM on pairs blocked on one field, estimating the others' m probabilities.
TRAINING_RULES: tuple[str, ...] = (
    "l.dob = r.dob",
    "l.doc = r.doc",
    "l.fam1 = r.fam1 AND l.giv1 = r.giv1 AND l.district = r.district",
)
# The prior: pairs these near-certain rules find, divided by their assumed recall.
DETERMINISTIC_RULES: tuple[str, ...] = (
    "l.fam1 = r.fam1 AND l.giv1 = r.giv1 AND l.dob = r.dob",
    "l.doc = r.doc AND l.fam1 = r.fam1",
)
DETERMINISTIC_RECALL = 0.6


@dataclass(frozen=True)
class Rules:
    deterministic: tuple[str, ...]
    training: tuple[str, ...]


PHLOV_RULES = Rules(deterministic=DETERMINISTIC_RULES, training=TRAINING_RULES)


def phlov_settings(
    dialect_name: str, *, link_type: str = "dedupe_only", aliases: bool = False
) -> dict[str, Any]:
    dialect = SplinkDialect.from_string(dialect_name)
    return {
        "link_type": link_type,
        "unique_id_column_name": "unique_id",
        "probability_two_random_records_match": 1e-6,
        "blocking_rules_to_generate_predictions": [{"blocking_rule": rule} for rule in BLOCKING_RULES],
        "comparisons": [
            _name(dialect, "fam", "giv", "family_name", aliases=False),
            _name(dialect, "giv", "fam", "given_name", aliases=aliases),
            _birth(dialect),
            _conflict(dialect),
            _place(),
            _sex(),
            _phone(dialect),
            _number(dialect, "doc", "document"),
        ],
        "retain_matching_columns": False,
        "retain_intermediate_calculation_columns": False,
        "em_convergence": 0.001,
        "max_iterations": 25,
    }


# The baseline: Splink's library comparisons on the names as typed.
BASELINE_BLOCKING_RULES: tuple[str, ...] = (
    "l.family_name = r.family_name AND l.given_name = r.given_name AND l.yob = r.yob",
    "l.family_name = r.family_name AND l.given_name = r.given_name AND l.village = r.village",
    "l.phone = r.phone",
    "l.doc = r.doc",
    "l.given_name = r.given_name AND l.dob = r.dob",
    "l.family_name = r.family_name AND l.dob = r.dob",
    "l.given_name = r.given_name AND l.village = r.village",
)
BASELINE_TRAINING_RULES: tuple[str, ...] = (
    "l.dob = r.dob AND l.village = r.village",
    "l.family_name = r.family_name AND l.given_name = r.given_name",
)
BASELINE_DETERMINISTIC_RULES: tuple[str, ...] = (
    "l.family_name = r.family_name AND l.given_name = r.given_name AND l.dob = r.dob",
    "l.doc = r.doc AND l.family_name = r.family_name",
)


BASELINE_RULES = Rules(deterministic=BASELINE_DETERMINISTIC_RULES, training=BASELINE_TRAINING_RULES)


def baseline_settings(dialect_name: str, *, link_type: str = "dedupe_only") -> Any:
    import splink.comparison_library as cl
    from splink import SettingsCreator
    from splink.blocking_rule_library import CustomRule

    return SettingsCreator(
        link_type=link_type,  # type: ignore[arg-type]
        unique_id_column_name="unique_id",
        probability_two_random_records_match=1e-6,
        blocking_rules_to_generate_predictions=[CustomRule(rule) for rule in BASELINE_BLOCKING_RULES],
        comparisons=[
            cl.NameComparison("family_name"),
            cl.NameComparison("given_name"),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.ExactMatch("village"),
            cl.ExactMatch("sex"),
            cl.ExactMatch("phone"),
            cl.ExactMatch("doc"),
        ],
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
        em_convergence=0.001,
        max_iterations=25,
    )
