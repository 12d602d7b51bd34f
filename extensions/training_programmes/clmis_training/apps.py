from django.utils.translation import gettext_lazy as _

from modules.manifest import Manifest, MenuEntry, ModuleConfig

EVERY_COUNTRY_ROLE = ("officer", "supervisor", "commissioner", "statistician", "lmis_admin")
# Those who register programmes and enrol trainees: the officers who run the Department's training desk.
TRAINING_DESK = ("officer", "supervisor", "lmis_admin")


class TrainingProgrammesConfig(ModuleConfig):
    name = "clmis_training"
    label = "training_programmes"
    verbose_name = _("Training programmes")
    default_auto_field = "django.db.models.BigAutoField"
    manifest = Manifest(
        key="training_programmes",
        title=_("Training programmes"),
        version="1.0",
        description=_(
            "The register of training programmes (provider, occupation or sector, dates, places) and of "
            "the trainees enrolled in each."
        ),
        contributed_by="lc",
        # The releases this version is written and tested for: the 2026 and 2027 releases.
        platform=">=2026.1,<2028",
        grants={
            "training_programmes.view_trainingprogramme": EVERY_COUNTRY_ROLE,
            "training_programmes.add_trainingprogramme": TRAINING_DESK,
            "training_programmes.change_trainingprogramme": TRAINING_DESK,
            "training_programmes.export_trainingprogramme": (
                "supervisor",
                "commissioner",
                "statistician",
                "lmis_admin",
            ),
            "training_programmes.view_trainee": EVERY_COUNTRY_ROLE,
            "training_programmes.add_trainee": TRAINING_DESK,
            "training_programmes.change_trainee": TRAINING_DESK,
        },
        menu=(
            MenuEntry(
                _("Training programmes"),
                "training_programmes:list",
                "training_programmes.view_trainingprogramme",
            ),
        ),
        urls="clmis_training.urls",
        api_urls="clmis_training.api_urls",
        demo="clmis_training.demo.training_demo",
        # A contributed module is enabled by each country that wants it, once the hub has shipped it.
        default_enabled=False,
    )
