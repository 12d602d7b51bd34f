"""Training programmes, a module Saint Lucia contributed: it installs through its entry point into every
country's schema, and an officer registers programmes and enrols trainees on the pages and through the
API, with the places and dates checked and every change in the history."""

import datetime
from importlib.metadata import entry_points

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation
from django_tenants.utils import tenant_context

from clmis_training.apps import TrainingProgrammesConfig
from clmis_training.demo import training_demo
from clmis_training.models import Trainee, TrainingProgramme
from clmis_training.services import programme_save, trainee_save
from modules.reference.selectors import code_lookup
from modules.registry import module_by_key
from tests.support import client_for, sign_in

APP = "clmis_training.apps.TrainingProgrammesConfig"
TABLES = {
    "training_programmes_trainingprogramme",
    "training_programmes_historicaltrainingprogramme",
    "training_programmes_trainee",
    "training_programmes_historicaltrainee",
}


@pytest.fixture
def officer(training_in_lc):
    return sign_in(client_for("lc.localhost"), training_in_lc, "officer")


def _programme(**values) -> TrainingProgramme:
    return programme_save(
        values={
            "title": "Professional cookery",
            "provider": "Sir Arthur Lewis Community College",
            "occupation": code_lookup("isco08", "5120"),
            "sector": code_lookup("isic4", "I"),
            "starts_on": datetime.date(2026, 1, 12),
            "ends_on": datetime.date(2026, 6, 26),
            "places": 2,
            **values,
        },
        version=None,
        by=None,
    )


def _enrol(programme, name, status=Trainee.Status.ENROLLED) -> Trainee:
    values = {"name": name, "sex": "F", "date_of_birth": datetime.date(2000, 5, 1), "status": status}
    return trainee_save(programme=programme, values=values, version=None, by=None)


def _tables_in(schema: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s "
            "AND table_name LIKE 'training\\_programmes\\_%%'",
            [schema],
        )
        return {row[0] for row in cursor.fetchall()}


def test_the_module_installs_through_its_entry_point_into_every_country(lc, kn):
    announced = {point.name: point.value for point in entry_points(group="clmis.modules")}
    assert announced["training_programmes"] == APP
    assert APP in settings.TENANT_APPS and APP in settings.INSTALLED_APPS and APP not in settings.SHARED_APPS
    config = module_by_key("training_programmes")
    assert isinstance(config, TrainingProgrammesConfig)
    assert (config.manifest.contributed_by, config.manifest.default_enabled) == ("lc", False)
    # Its tables are in every country's schema (kn has not enabled it, yet has them), none at the hub.
    assert _tables_in("lc") == TABLES and _tables_in("kn") == TABLES
    assert _tables_in("public") == set()


def test_its_migrations_go_back_and_forth(lc):
    with tenant_context(lc):
        executor = MigrationExecutor(connection)
        latest = executor.loader.graph.leaf_nodes("training_programmes")
        executor.migrate([("training_programmes", None)])
        assert _tables_in("lc") == set()
        executor = MigrationExecutor(connection)
        executor.migrate(latest)
        assert _tables_in("lc") == TABLES


def test_an_officer_registers_a_programme_and_enrols_a_trainee(officer, training_in_lc):
    registered = officer.post(
        "/training_programmes/new/",
        {
            "title": "Solar photovoltaic installation",
            "provider": "National Skills Development Centre",
            "occupation": "7411",
            "sector": "D",
            "starts_on": "2026-03-02",
            "ends_on": "2026-06-19",
            "places": "12",
        },
        follow=True,
    )
    page = registered.content.decode()
    assert "Solar photovoltaic installation (National Skills Development Centre) is registered." in page
    assert "0 of 12 taken" in page and "lc:officer" in page
    with tenant_context(training_in_lc):
        programme = TrainingProgramme.objects.get(title="Solar photovoltaic installation")
        assert (programme.occupation.code, programme.sector.code) == ("7411", "D")
    enrolled = officer.post(
        f"/training_programmes/{programme.pk}/trainees/new/",
        {"name": "Akeem Charles", "sex": "M", "date_of_birth": "2001-04-17", "status": "enrolled"},
        follow=True,
    )
    page = enrolled.content.decode()
    assert enrolled.redirect_chain[-1][0] == f"/training_programmes/{programme.pk}/"
    assert "Akeem Charles is enrolled." in page and "1 of 12 taken" in page
    listing = officer.get("/training_programmes/?q=solar").content.decode()
    assert "Solar photovoltaic installation" in listing
    with tenant_context(training_in_lc):
        trainee = Trainee.objects.get(name="Akeem Charles")
        assert trainee.history.get().actor == "lc:officer"


def test_places_dates_and_codes_are_checked_and_nothing_is_saved(officer, training_in_lc):
    backwards = officer.post(
        "/training_programmes/new/",
        {
            "title": "Backwards",
            "provider": "X",
            "sector": "I",
            "starts_on": "2026-05-01",
            "ends_on": "2026-04-01",
            "places": "3",
        },
    )
    assert backwards.status_code == 200
    assert "The programme cannot end before it starts." in backwards.content.decode()
    aimless = officer.post(
        "/training_programmes/new/",
        {
            "title": "Aimless",
            "provider": "X",
            "starts_on": "2026-05-01",
            "ends_on": "2026-06-01",
            "places": "3",
        },
    )
    assert (
        "Give the occupation (ISCO) or the sector (ISIC) the programme trains for."
        in aimless.content.decode()
    )
    wrong_code = officer.post(
        "/training_programmes/new/",
        {
            "title": "Wrong",
            "provider": "X",
            "sector": "Z",
            "starts_on": "2026-05-01",
            "ends_on": "2026-04-01",
        },
    )
    assert wrong_code.status_code == 200 and "Z is not a code of" in wrong_code.content.decode()
    with tenant_context(training_in_lc):
        assert not TrainingProgramme.objects.filter(title__in=["Backwards", "Aimless", "Wrong"]).exists()
        with pytest.raises(ValidationError) as backwards:
            _programme(ends_on=datetime.date(2025, 12, 1))
        assert "The programme cannot end before it starts." in str(backwards.value)
        programme = _programme()
        _enrol(programme, "Shernelle Joseph")
        dropped = _enrol(programme, "Jerome Henry", Trainee.Status.DROPPED_OUT)
        _enrol(programme, "Vanessa Alexander", Trainee.Status.COMPLETED)
        with pytest.raises(ValidationError) as full:
            _enrol(programme, "Kimberly Edmund")
        assert "All 2 places of Professional cookery are taken." in str(full.value)
        with pytest.raises(ValidationError) as back:
            trainee_save(
                programme=programme, trainee=dropped, values={"status": "enrolled"}, version=1, by=None
            )
        assert "are taken" in str(back.value)
        with pytest.raises(ValidationError) as fewer:
            programme_save(programme=programme, values={"places": 1}, version=1, by=None)
        assert "2 trainees hold a place" in str(fewer.value)
        tomorrow = datetime.date.today() + datetime.timedelta(days=1)
        with pytest.raises(ValidationError) as future:
            trainee_save(
                programme=programme,
                values={"name": "Future", "sex": "F", "date_of_birth": tomorrow, "status": "dropped_out"},
                version=None,
                by=None,
            )
        assert "The date of birth must be in the past." in str(future.value)
        assert sorted(programme.trainees.values_list("name", flat=True)) == [
            "Jerome Henry",
            "Shernelle Joseph",
            "Vanessa Alexander",
        ]


def test_the_api_registers_enrols_and_refuses_a_stale_change(officer, training_in_lc):
    made = officer.post(
        "/api/v1/training_programmes/",
        {
            "title": "Hotel front office",
            "provider": "National Skills Development Centre",
            "occupation": "4224",
            "starts_on": "2026-02-02",
            "ends_on": "2026-04-27",
            "places": 15,
        },
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    programme = made.json()
    assert (programme["occupation"], programme["places_taken"], programme["version"]) == ("4224", 0, 1)
    trainees = f"/api/v1/training_programmes/{programme['id']}/trainees/"
    enrolled = officer.post(
        trainees,
        {"name": "Kimberly Edmund", "sex": "F", "date_of_birth": "2000-08-21"},
        content_type="application/json",
    )
    assert enrolled.status_code == 201 and enrolled.json()["status"] == "enrolled"
    assert officer.get(trainees).json()["count"] == 1
    listed = officer.get("/api/v1/training_programmes/?occupation=42").json()
    assert [found["places_taken"] for found in listed["results"]] == [1]
    detail = f"/api/v1/training_programmes/{programme['id']}/"
    changed = officer.patch(detail, {"places": 16, "version": 1}, content_type="application/json")
    assert changed.status_code == 200 and changed.json()["version"] == 2
    stale = officer.patch(detail, {"places": 17, "version": 1}, content_type="application/json")
    assert stale.status_code == 409 and stale.json()["code"] == "stale"
    refused = officer.post(
        "/api/v1/training_programmes/",
        {
            "title": "Nothing",
            "provider": "X",
            "starts_on": "2026-02-02",
            "ends_on": "2026-04-27",
            "places": 3,
        },
        content_type="application/json",
    )
    assert refused.status_code == 400 and "occupation" in refused.json()["errors"]


def test_a_country_that_has_not_enabled_it_does_not_see_it(kn, training_in_lc):
    officer = sign_in(client_for("kn.localhost"), kn, "officer")
    assert officer.get("/training_programmes/").status_code == 404
    assert officer.get("/api/v1/training_programmes/").status_code == 404


def test_the_demo_adds_programmes_once(training_in_lc):
    with tenant_context(training_in_lc):
        assert training_demo(training_in_lc) == 4
        assert training_demo(training_in_lc) == 0
        cookery = TrainingProgramme.objects.get(title="Professional cookery")
        assert cookery.trainees.count() == 5


def test_it_speaks_dutch_spanish_and_french(officer):
    for language, words in (
        ("nl", "Een opleidingsprogramma registreren"),
        ("es", "Registrar un programa de formación"),
        ("fr", "Enregistrer un programme de formation"),
    ):
        with translation.override(language):
            assert str(TrainingProgrammesConfig.manifest.title) != "Training programmes"
        officer.post("/i18n/setlang/", {"language": language, "next": "/"})
        assert words in officer.get("/training_programmes/").content.decode(), language
