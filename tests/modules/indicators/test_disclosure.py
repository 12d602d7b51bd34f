"""Disclosure control: small counts hidden, and no hidden count recoverable by subtraction."""

from decimal import Decimal

from modules.indicators.disclosure import COMPLEMENTARY, PRIMARY, Cell, disclosure_apply


def _grid(values: dict[tuple[str, str], int]) -> list[Cell]:
    """Complaints by sex and category, with every total, from the inner cells."""
    cells: dict[tuple, int] = {}
    for (sex, category), value in values.items():
        for key in ((sex, category), (sex, None), (None, category), (None, None)):
            cells[key] = cells.get(key, 0) + value
    made = []
    for (sex, category), value in cells.items():
        breakdown = {k: v for k, v in (("SEX", sex), ("CAT", category)) if v is not None}
        made.append(Cell(breakdown, Decimal(value)))
    return made


def _find(cells: list[Cell], **breakdown) -> Cell:
    return next(cell for cell in cells if cell.breakdown == breakdown)


def _recoverable(cells: list[Cell]) -> bool:
    """Whether some hidden cell equals a shown total minus its other shown parts."""
    by_key = {tuple(sorted(c.breakdown.items())): c for c in cells}
    for cell in cells:
        if not cell.suppressed:
            continue
        for concept in cell.breakdown:
            rest = {k: v for k, v in cell.breakdown.items() if k != concept}
            parent = by_key.get(tuple(sorted(rest.items())))
            siblings = [
                c
                for c in cells
                if set(c.breakdown) == set(cell.breakdown)
                and all(c.breakdown[k] == v for k, v in rest.items())
                and c is not cell
            ]
            if parent is not None and not parent.suppressed and all(not s.suppressed for s in siblings):
                return True
    return False


def test_small_counts_are_hidden_and_cannot_be_worked_out():
    cells = _grid(
        {("SEX_F", "WAGES"): 12, ("SEX_F", "LEAVE"): 2, ("SEX_M", "WAGES"): 9, ("SEX_M", "LEAVE"): 7}
    )
    disclosure_apply(cells, threshold=3, unit="NB")
    assert _find(cells, SEX="SEX_F", CAT="LEAVE").suppressed == PRIMARY
    assert _find(cells, SEX="SEX_F", CAT="LEAVE").shown is None  # hidden, never a zero
    assert sum(1 for cell in cells if cell.suppressed == COMPLEMENTARY) >= 2
    assert not _recoverable(cells)
    assert _find(cells).shown == 30  # the grand total stays


def test_zeros_reveal_nobody_and_a_threshold_of_zero_publishes_everything():
    cells = _grid({("SEX_F", "WAGES"): 0, ("SEX_M", "WAGES"): 8})
    disclosure_apply(cells, threshold=3, unit="NB")
    assert not any(cell.suppressed for cell in cells)
    small = _grid({("SEX_F", "WAGES"): 1, ("SEX_M", "WAGES"): 8})
    disclosure_apply(small, threshold=0, unit="NB")
    assert not any(cell.suppressed for cell in small)


def test_a_rate_is_hidden_when_it_is_computed_from_too_few_people():
    rate = Cell({"SEX": "SEX_F"}, Decimal("50"), numerator=Decimal(1))
    other = Cell({"SEX": "SEX_M"}, Decimal("40"), numerator=Decimal(8))
    disclosure_apply([rate, other], threshold=3, unit="PT")
    assert rate.suppressed == PRIMARY and other.suppressed == ""
