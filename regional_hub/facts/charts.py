"""Charts drawn on the server as SVG geometry (no script, no library: fast on a slow link): lines of
several series over the same periods, and bars. Templates draw the shapes these give."""

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from regional_hub.facts.selectors import Comparison

# Colours told apart by people with the common colour-vision deficiencies (Okabe-Ito), each line also
# with its own dash pattern, so that no series is known by its colour alone.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")
DASHES = ("", "6 3", "2 2", "8 3 2 3", "4 4", "1 3", "10 4", "3 6")


@dataclass(frozen=True)
class Line:
    label: str
    points: str  # SVG polyline points
    colour: str
    dash: str


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | None
    width: float  # of the chart's width, 0 to 100 (%)


def lines(
    series: dict[str, list[Decimal | None]],
    *,
    width: int = 600,
    height: int = 200,
    scale: tuple[Decimal, Decimal] | None = None,
) -> tuple[list[Line], Decimal | None, Decimal | None]:
    """One polyline per series on a common scale (missing values break nothing: they are skipped);
    with the lowest and highest value shown. `scale`: the lowest and highest of other charts to share
    (small multiples are read against each other)."""
    values = [value for points in series.values() for value in points if value is not None]
    if not values:
        return [], None, None
    low, high = scale or (min(values), max(values))
    spread = float(high - low) or 1.0
    length = max(len(points) for points in series.values())
    step = width / max(length - 1, 1)
    drawn = []
    for index, (label, points) in enumerate(series.items()):
        shown = [(i, float(value)) for i, value in enumerate(points) if value is not None]
        coordinates = " ".join(
            f"{i * step:.1f},{height - (value - float(low)) * height / spread:.1f}" for i, value in shown
        )
        drawn.append(Line(label, coordinates, PALETTE[index % len(PALETTE)], DASHES[index % len(DASHES)]))
    return drawn, low, high


def bars(values: dict[str, Decimal | None]) -> list[Bar]:
    """Horizontal bars, the longest the highest value, largest first; a hidden value has no bar."""
    highest = max((value for value in values.values() if value is not None), default=None)
    ordered = sorted(values.items(), key=lambda item: (item[1] is None, -(item[1] or 0)))
    return [
        Bar(label, value, float(value / highest * 100) if value is not None and highest else 0.0)
        for label, value in ordered
    ]


def comparison_charts(compared: "Comparison") -> dict:
    """The time series of every country on one chart, one small chart each, and the bars of each
    country's latest value."""
    series = {
        country.name: [fact.value if fact else None for fact in compared.row(country)]
        for country in compared.countries
    }
    drawn, low, high = lines(series)
    multiples = [
        (name, lines({name: values}, width=160, height=50, scale=(low, high))[0] if drawn else [])
        for name, values in series.items()
    ]
    # Each country's latest value in the span (countries publish in different years), with its period.
    latest = {}
    for name, values in series.items():
        shown = [
            (period, value)
            for period, value in zip(compared.periods, values, strict=True)
            if value is not None
        ]
        latest[f"{name} ({shown[-1][0]})" if shown else name] = shown[-1][1] if shown else None
    return {
        "lines": drawn,
        "low": low,
        "high": high,
        "multiples": [(name, shapes[0] if shapes else None) for name, shapes in multiples],
        "last": compared.periods[-1] if compared.periods else None,
        "bars": bars(latest) if compared.periods else [],
    }
