"""Did-you-mean: the nearest known name to a misspelt one, as a hint in Chinese.

Every stage that refuses an unknown name (a YAML key, an expression's variable or
function, a rule's item) says which known one it most likely meant.
"""

from __future__ import annotations


def suggest(word: str, choices: list[str]) -> str:
    """`（是否应为 'x'？）` for the nearest of `choices`, or ''."""
    import difflib  # only when something is misspelt: not on every command's start-up

    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"（是否应为 '{close[0]}'？）" if close else ""
