"""Demo employers: fictitious businesses in each demo country's towns, across the common ISIC classes."""

from modules.employers.models import Employer
from modules.employers.services import employer_save, representative_save
from modules.reference.selectors import code_lookup

# (business, Dutch business word, ISIC class, size band)
BUSINESSES = (
    ("Beach Hotel", "Strandhotel", "5510", "50-249"),
    ("Guest House", "Pension", "5510", "1-9"),
    ("Bakery", "Bakkerij", "1071", "10-49"),
    ("Supermarket", "Supermarkt", "4711", "50-249"),
    ("Hardware", "Bouwmarkt", "4752", "10-49"),
    ("Construction Ltd", "Bouwbedrijf", "4100", "50-249"),
    ("Fisheries Co-operative", "Visserijcoöperatie", "0311", "10-49"),
    ("Farms", "Landbouwbedrijf", "0113", "1-9"),
    ("Auto Repairs", "Autoreparatie", "4520", "1-9"),
    ("Security Services", "Beveiliging", "8010", "50-249"),
    ("Pharmacy", "Apotheek", "4772", "1-9"),
    ("Restaurant", "Restaurant", "5610", "10-49"),
    ("Credit Union", "Kredietunie", "6419", "50-249"),
    ("Call Centre", "Callcenter", "8220", "250+"),
    ("Medical Centre", "Medisch Centrum", "8620", "10-49"),
    ("Marina", "Jachthaven", "5222", "10-49"),
    ("Bottling Company", "Bottelarij", "1104", "50-249"),
    ("Tours", "Reizen", "7912", "1-9"),
)
# Towns and the district each lies in.
TOWNS = {
    "kn": (
        ("Basseterre", "KN-03"),
        ("Frigate Bay", "KN-11"),
        ("Sandy Point", "KN-02"),
        ("Cayon", "KN-08"),
        ("Charlestown", "KN-10"),
        ("Gingerland", "KN-04"),
    ),
    "lc": (
        ("Castries", "LC-02"),
        ("Rodney Bay", "LC-06"),
        ("Soufrière", "LC-10"),
        ("Vieux Fort", "LC-11"),
        ("Micoud", "LC-08"),
        ("Dennery", "LC-05"),
    ),
    "sr": (
        ("Paramaribo", "SR-PM"),
        ("Nieuw Nickerie", "SR-NI"),
        ("Lelydorp", "SR-WA"),
        ("Moengo", "SR-MA"),
        ("Onverwacht", "SR-PR"),
        ("Groningen", "SR-SA"),
    ),
}
PEOPLE = (
    "Ann Liburd",
    "Marcus Joseph",
    "Keisha Browne",
    "Dwayne Charles",
    "Sharon Pinas",
    "Rudolf Wong",
    "Natasha Henry",
    "Carlton Mills",
    "Lisa Ramdin",
    "Owen Gumbs",
    "Mariska Fung",
    "Tevin Francis",
)
POSITIONS = ("Owner", "General manager", "Human resources officer", "Director")


def employers_demo(country) -> int:
    """Add the demo employers of a country (kn, lc, sr) once; returns how many were added."""
    towns = TOWNS.get(country.code)
    if (
        not towns
        or Employer.objects.filter(registration_number__startswith=f"{country.code.upper()}-C").exists()
    ):
        return 0
    added = 0
    for index, (business, dutch, isic, size) in enumerate(BUSINESSES):
        town, district = towns[index % len(towns)]
        name = f"{dutch} {town}" if country.code == "sr" else f"{town} {business}"
        employer = employer_save(
            values={
                "name": name,
                "registration_number": f"{country.code.upper()}-C{1001 + index}",
                "nis_number": f"{country.code.upper()}E{50301 + index * 7}",
                "isic": code_lookup("isic4", isic),
                "size_band": size,
                "city": town,
                "district": code_lookup("district", district),
                "phone": f"+1 {869 if country.code == 'kn' else 758} 4{60 + index:02d}-{1000 + index * 37}"
                if country.code != "sr"
                else f"+597 4{index:02d}-{100 + index * 3}",
                "active": index % 9 != 8,
            },
            version=None,
            by=None,
        )
        representative_save(
            employer=employer,
            values={"name": PEOPLE[index % len(PEOPLE)], "position": POSITIONS[index % len(POSITIONS)]},
            version=None,
            by=None,
        )
        added += 1
    return added
