"""Data formats: the JSON contract and CSV, one row per item."""
