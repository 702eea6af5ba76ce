"""Phlov (ផ្លូវ, "the way"): safe labour migration and counter-trafficking case management."""

__version__ = "0.1.0"
