"""Small groups never shown: a group of people described by what they are (country, city, type
of actor, gender…) with fewer than MINIMUM people in any of its counts joins 'others / small
groups'; if that row is itself small, the next smallest groups join it, and a count still
between 1 and MINIMUM - 1 is shown as '< 5'. Pure: no Flask, no database."""

from collections import Counter
from dataclasses import dataclass

from seminar.models.participant import fold_words

MINIMUM = 5
OTHERS = "others"


@dataclass
class Group:
    key: str
    label: str
    registered: int = 0
    attended: int = 0
    merged: int = 0  # the others row: how many groups it holds

    @property
    def counts(self) -> tuple[int, int]:
        return self.registered, self.attended


def is_small(counts: tuple[int, ...], minimum: int = MINIMUM) -> bool:
    return any(0 < n < minimum for n in counts)


def shown(n: int, minimum: int = MINIMUM) -> int | str:
    """A count as a table may show it."""
    return f"< {minimum}" if 0 < n < minimum else n


def _total(groups: list[Group]) -> tuple[int, int]:
    return sum(g.registered for g in groups), sum(g.attended for g in groups)


def merge_small(groups: list[Group], others_label: str, minimum: int = MINIMUM) -> list[Group]:
    """The groups largest first, every small one merged into one last row."""
    order = sorted(groups, key=lambda g: (-g.registered, -g.attended, g.label))
    large = [g for g in order if not is_small(g.counts, minimum)]
    small = [g for g in order if is_small(g.counts, minimum)]
    while small and is_small(_total(small), minimum) and large:
        small.append(large.pop())
    if not small:
        return large
    registered, attended = _total(small)
    return large + [Group(OTHERS, others_label, registered, attended, merged=len(small))]


# Written alike ('Mujer', ' mujer', 'MUJER') is one group; '' is not said.
text_key = fold_words


def by_text(values: list[tuple[str | None, bool, bool]], not_said: str) -> list[Group]:
    """Self-described answers (text, registered, attended) grouped as written alike, each group
    labelled with its most common spelling; empty answers are one group, `not_said`."""
    spellings: dict[str, Counter] = {}
    groups: dict[str, Group] = {}
    for text, registered, attended in values:
        key = text_key(text)
        if key:
            spellings.setdefault(key, Counter())[" ".join(text.split())] += 1
        group = groups.setdefault(key, Group(key or "not_said", not_said))
        group.registered += registered
        group.attended += attended
    for key, written in spellings.items():
        groups[key].label = min(written.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    return list(groups.values())
