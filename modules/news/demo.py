"""One published analysis per demo country, on the unemployment rate its public pages show."""

from django.utils import timezone

from modules.news.models import Article
from modules.news.services import article_publish, article_save

NAMES = {"kn": "Saint Kitts and Nevis", "lc": "Saint Lucia", "sr": "Suriname"}

BODY = """The unemployment rate is the share of the labour force — people working or looking for work —
who have no job, are available and are looking for one. The figures on this site come from the
country's labour-force surveys, as published by the ILO.

## What the figures show

- The **overall rate** is on the figures' home page, with its trend over the last years.
- The rate **by sex and age** is on the indicator's page, and downloads as CSV.

## How to read them

A survey rate is an *estimate*: a small change from one year to the next may be within its margin of
error. The definitions are those of [ILOSTAT](https://ilostat.ilo.org/topics/unemployment-and-labour-underutilization/).
"""


def news_demo(country) -> int:
    """Write and publish the demo analysis once (nothing if the country has articles already)."""
    if country.code not in NAMES or Article.objects.exists():
        return 0
    article = article_save(
        values={
            "title": f"Unemployment in {NAMES[country.code]}: reading the survey figures",
            "kind": Article.Kind.ANALYSIS,
            "summary": "What the unemployment rate measures, where to find it here, and how to read it.",
            "body": BODY,
            "author": "LMIS team, Department of Labour",
        },
        version=None,
        by=None,
    )
    article_publish(article=article, publish_at=timezone.now(), version=article.version, by=None)
    return 1
