"""Badges: the layouts, and how many badges each puts on a sheet."""

LAYOUTS = {"a6": 1, "a4-4up": 4}
