"""What the codes of a breakdown read as on public pages: ILOSTAT's labels for the harmonised codes
(data/ilostat_dic_classif1_en.csv, ILOSTAT's 2024 dictionary from the project's shared reference
data), the platform's own for sex, and the country's titles for its national codes (a complaint's
category). English where ILOSTAT gives no other language."""

import csv
from functools import cache
from pathlib import Path

from modules.reference.choices import Sex
from modules.reference.models import Code

DICTIONARY = Path(__file__).resolve().parent / "data" / "ilostat_dic_classif1_en.csv"


@cache
def _ilostat() -> dict[str, str]:
    """ "AGE_YTHADULT_YGE15" -> "15+": the label after its classification's name."""
    with DICTIONARY.open(encoding="utf-8-sig", newline="") as file:
        rows = csv.reader(file)
        next(rows)
        return {code: label.split(": ", 1)[-1] for code, label in rows}


def code_labels(codes: set[str]) -> dict[str, str]:
    """Each code with what people read for it; a code nothing knows reads as itself."""
    sexes = {f"SEX_{value}": str(label) for value, label in Sex.choices}
    labels = {code: sexes.get(code) or _ilostat().get(code) for code in codes}
    national = [code for code, label in labels.items() if label is None]
    if national:
        titles = dict(
            Code.objects.filter(code__in=national, classification__kind="national").values_list(
                "code", "title"
            )
        )
        labels.update({code: titles.get(code, code) for code in national})
    return labels
