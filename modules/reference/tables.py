"""Code tables that several modules code with, declared once: each module that needs one lists it in its
manifest's `tables`, and the first one enabled in a country creates it (see CodeTable).

Job seekers and vacancies must speak of education, languages and skills with the same codes, or no
vacancy could be matched with a job seeker.
"""

from django.utils.translation import gettext_lazy as _

from modules.manifest import CodeTable

# ISCED 2011 levels, coded as ILOSTAT's EDU_ISCED11_* classification without its prefix ("X" is no
# schooling), so that "at least upper secondary" compares codes in this order.
EDUCATION_LEVELS = CodeTable(
    "education_level",
    _("Levels of education (ISCED 2011)"),
    (
        ("X", _("No schooling")),
        ("0", _("Early childhood education")),
        ("1", _("Primary education")),
        ("2", _("Lower secondary education")),
        ("3", _("Upper secondary education")),
        ("4", _("Post-secondary non-tertiary education")),
        ("5", _("Short-cycle tertiary education")),
        ("6", _("Bachelor's or equivalent level")),
        ("7", _("Master's or equivalent level")),
        ("8", _("Doctoral or equivalent level")),
    ),
)
EDUCATION_ORDER = tuple(code for code, _title in EDUCATION_LEVELS.codes)

# Languages of the region, coded by ISO 639 (two letters where there are, three otherwise); a country
# adds the others its people speak.
LANGUAGES = CodeTable(
    "language",
    _("Languages"),
    (
        ("en", _("English")),
        ("nl", _("Dutch")),
        ("es", _("Spanish")),
        ("fr", _("French")),
        ("pt", _("Portuguese")),
        ("ht", _("Haitian Creole")),
        ("pap", _("Papiamento")),
        ("srn", _("Sranan Tongo")),
        ("hns", _("Sarnami Hindustani")),
        ("jv", _("Javanese")),
        ("zh", _("Chinese")),
        ("hi", _("Hindi")),
    ),
)

# Skills employers ask for and job seekers offer: a starting list that each country's employment
# service extends with its own.
SKILLS = CodeTable(
    "skill",
    _("Skills"),
    (
        ("DRIVING", _("Driving licence")),
        ("HEAVY_VEHICLE", _("Heavy vehicle licence")),
        ("COMPUTER", _("Computer use")),
        ("BOOKKEEPING", _("Bookkeeping")),
        ("CUSTOMER", _("Customer service")),
        ("FOOD_HYGIENE", _("Food hygiene")),
        ("FIRST_AID", _("First aid")),
        ("WELDING", _("Welding")),
        ("ELECTRICAL", _("Electrical installation")),
        ("PLUMBING", _("Plumbing")),
        ("CARPENTRY", _("Carpentry")),
        ("MASONRY", _("Masonry")),
        ("MACHINERY", _("Operating machinery")),
        ("FARMING", _("Crop farming")),
        ("CARE", _("Care of children, the elderly or the sick")),
    ),
)
