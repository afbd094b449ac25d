"""Privacy: a participant's data downloaded or erased, retention, consent texts."""
