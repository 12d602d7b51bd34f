"""The rollout's workers as Celery tasks (sent at the hub, in the public schema)."""

from clmis.celery import app
from regional_hub.releases.models import Rollout
from regional_hub.releases.services import rollout_send, rollout_work


@app.task
def release_rollout_work(rollout_id: int) -> list[str]:
    """Upgrade countries of the rollout until none can be taken now; the codes of those finished."""
    rollout = Rollout.objects.filter(pk=rollout_id, state=Rollout.State.RUNNING).first()
    if rollout is None:
        return []
    return [upgrade.country.code for upgrade in rollout_work(rollout)]


@app.task
def release_rollouts_resume() -> int:
    """From the beat: send the workers of every running rollout again, for the countries whose window
    has opened since and those whose worker died (the slots keep their number within bounds)."""
    rollouts = list(Rollout.objects.filter(state=Rollout.State.RUNNING))
    for rollout in rollouts:
        rollout_send(rollout)
    return len(rollouts)
