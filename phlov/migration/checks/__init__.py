"""The fair-recruitment checks FR-01 .. FR-30 (rules note §3.4), one small function each.

``run(obj)`` runs every rule that concerns the kind of ``obj`` (a job order, a contract, a
worker, an agency, a training centre or a disappearance) and returns its findings.
"""

from phlov.migration.checks import agency, costs, people, terms  # noqa: F401  (they register their rules)
from phlov.migration.checks.base import RULES, Finding, Rule, Severity, blocking, run

__all__ = ["RULES", "Finding", "Rule", "Severity", "blocking", "run"]
