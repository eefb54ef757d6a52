"""caicach: a command-line tracker for Vietnamese administrative-reform (CCHC) plans."""

__version__ = "0.1.0"
