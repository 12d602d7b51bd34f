"""Disclosure control of public outputs (ARCHITECTURE §5 step 3): a count of fewer people than the
country's threshold is never shown, nor can it be worked out from what is shown.

Primary suppression hides the small counts themselves (a zero reveals nobody and stays). Complementary
suppression then hides, wherever a total and all but one of its parts would be shown, one more part
(the smallest, so as little as possible is lost), until no hidden value can be found by subtraction.
Every public page, chart, download and API reads its cells through `disclosure_apply`; a hidden cell
is marked as such, never shown as zero.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

PRIMARY, COMPLEMENTARY = "primary", "complementary"
# Units that count people (or their cases): rates and amounts are protected through their counts.
COUNTED = {"NB"}


@dataclass
class Cell:
    """A value of one indicator and period, for one breakdown (empty: the total)."""

    breakdown: dict[str, str]
    value: Decimal
    numerator: Decimal | None = None
    suppressed: str = ""  # "", PRIMARY or COMPLEMENTARY
    concepts: frozenset = field(init=False)

    def __post_init__(self):
        self.concepts = frozenset(self.breakdown)

    @property
    def shown(self) -> Decimal | None:
        return None if self.suppressed else self.value


def disclosure_apply(cells: list[Cell], *, threshold: int, unit: str) -> list[Cell]:
    """Mark the cells to hide (in place; returned for convenience). A threshold of 0 hides nothing."""
    if threshold <= 0:
        return cells
    for cell in cells:
        if _small(cell, threshold, unit):
            cell.suppressed = PRIMARY
    if unit not in COUNTED:
        return cells  # rates and amounts do not add up: no part is found by subtraction
    groups = _sibling_groups(cells)
    changed = True
    while changed:
        changed = False
        for parent, children in groups:
            hidden = [child for child in children if child.suppressed]
            # Only a shown total lets a hidden part be worked out by subtraction.
            if len(hidden) != 1 or parent is None or parent.suppressed:
                continue
            shown = [child for child in children if not child.suppressed]
            if not shown:
                continue
            # The smallest part that is not zero hides the most cheaply; a zero if there is no other.
            partner = min(shown, key=lambda child: (child.value == 0, child.value))
            partner.suppressed = COMPLEMENTARY
            changed = True
    return cells


def _small(cell: Cell, threshold: int, unit: str) -> bool:
    if unit in COUNTED:
        return 0 < cell.value < threshold
    return cell.numerator is not None and 0 < cell.numerator < threshold


def _sibling_groups(cells: list[Cell]) -> list[tuple[Cell | None, list[Cell]]]:
    """Each set of cells that add up to another (the same breakdown but one dimension), with it."""
    by_breakdown = {tuple(sorted(cell.breakdown.items())): cell for cell in cells}
    groups: dict[tuple, list[Cell]] = defaultdict(list)
    for cell in cells:
        for concept in cell.breakdown:
            rest = tuple(sorted((k, v) for k, v in cell.breakdown.items() if k != concept))
            groups[(rest, concept)].append(cell)
    return [(by_breakdown.get(rest), children) for (rest, _concept), children in groups.items()]
