"""Demo trade unions: fictitious unions in each demo country, with their sectors and membership by sex."""

import datetime

from modules.reference.selectors import code_lookup
from modules.unions.models import TradeUnion
from modules.unions.services import union_save

# (name, acronym, ISIC sections, women, men, town, district, registered in, contact person, position)
# fmt: off
UNIONS = {
    "kn": (
        ("Federation of Kittitian and Nevisian Workers", "FKNW", "ACFH", 1240, 2315,
         "Basseterre", "KN-03", 1952, "Ann Liburd", "General secretary"),
        ("Basseterre Port and Transport Workers Union", "BPTWU", "H", 96, 418,
         "Basseterre", "KN-11", 1971, "Dwayne Charles", "General secretary"),
        ("Nevis Teachers and Education Staff Association", "NTESA", "P", 312, 87,
         "Charlestown", "KN-10", 1984, "Keisha Browne", "President"),
        ("St Kitts Hotel and Allied Workers Union", "SKHAWU", "IN", 804, 561,
         "Frigate Bay", "KN-11", 1993, "Marcus Joseph", "General secretary"),
        ("Federated Public Service Association of St Kitts and Nevis", "FPSA", "OQ", 1105, 742,
         "Basseterre", "KN-03", 1966, "Natasha Henry", "General secretary"),
        ("Nevis Nurses and Health Workers Union", "NNHWU", "Q", 187, 29,
         "Charlestown", "KN-10", 2004, "Owen Gumbs", "Secretary"),
    ),
    "lc": (
        ("Saint Lucia Federation of Hotel and Catering Workers", "SLFHCW", "I", 1620, 1184,
         "Rodney Bay", "LC-06", 1979, "Sharon Pinas", "General secretary"),
        ("Castries Dockers and Seafarers Union", "CDSU", "H", 58, 497,
         "Castries", "LC-02", 1950, "Tevin Francis", "General secretary"),
        ("Saint Lucia Banana and Agricultural Workers Union", "SLBAWU", "A", 611, 1349,
         "Micoud", "LC-08", 1958, "Carlton Mills", "President"),
        ("Helen Isle Teachers Guild", "HITG", "P", 1452, 466,
         "Castries", "LC-02", 1976, "Lisa Ramdin", "General secretary"),
        ("Vieux Fort Industrial and Commercial Workers Union", "VFICWU", "CG", 538, 702,
         "Vieux Fort", "LC-11", 1988, "Marcus Joseph", "General secretary"),
        ("Saint Lucia Civil and Health Services Association", "SLCHSA", "OQ", 1877, 1013,
         "Castries", "LC-02", 1962, "Keisha Browne", "President"),
    ),
    "sr": (
        ("Algemene Federatie van Werknemersbonden Suriname", "AFWS", "CFGH", 2310, 4175,
         "Paramaribo", "SR-PM", 1951, "Rudolf Wong", "Voorzitter"),
        ("Bond van Onderwijsgevenden Paramaribo", "BOP", "P", 2645, 912,
         "Paramaribo", "SR-PM", 1961, "Mariska Fung", "Secretaris"),
        ("Vakbond Bauxiet- en Mijnwerkers Marowijne", "VBMM", "B", 84, 1236,
         "Moengo", "SR-MA", 1969, "Sharon Pinas", "Voorzitter"),
        ("Ambtenarenbond Suriname Eendracht", "ASE", "O", 3120, 2894,
         "Paramaribo", "SR-PM", 1947, "Lisa Ramdin", "Algemeen secretaris"),
        ("Bond Gezondheidszorg Nickerie", "BGN", "Q", 417, 138,
         "Nieuw Nickerie", "SR-NI", 1990, "Natasha Henry", "Secretaris"),
        ("Landbouw- en Rijstwerkersbond Nickerie", "LRN", "AC", 296, 1088,
         "Nieuw Nickerie", "SR-NI", 1974, "Carlton Mills", "Voorzitter"),
    ),
}
# fmt: on

MEMBERSHIP_AS_OF = datetime.date(2025, 12, 31)
PHONES = {"kn": "+1 869 46%d-%04d", "lc": "+1 758 45%d-%04d", "sr": "+597 4%02d-%04d"}


def unions_demo(country) -> int:
    """Add the demo trade unions of a country (kn, lc, sr) once; returns how many were added."""
    unions = UNIONS.get(country.code)
    prefix = f"{country.code.upper()}-TU"
    if not unions or TradeUnion.objects.filter(registration_number__startswith=prefix).exists():
        return 0
    for index, (name, acronym, sections, women, men, town, district, year, contact, position) in enumerate(
        unions
    ):
        union_save(
            values={
                "name": name,
                "acronym": acronym,
                "registration_number": f"{prefix}{101 + index}",
                "registered_on": datetime.date(year, 1 + index * 2, 1 + index * 4),
                "sectors": [code_lookup("isic4", letter) for letter in sections],
                "members_women": women,
                "members_men": men,
                "membership_as_of": MEMBERSHIP_AS_OF,
                "contact_name": contact,
                "contact_position": position,
                "city": town,
                "district": code_lookup("district", district),
                "phone": PHONES[country.code] % (5 + index, 2000 + index * 41),
            },
            version=None,
            by=None,
        )
    return len(unions)
