"""A case type's states and transitions, declared: who may move a case from where to where, needing what."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class State:
    key: str
    label: Promise | str
    closed: bool = False


@dataclass(frozen=True)
class Transition:
    name: str
    label: Promise | str
    sources: tuple[str, ...]
    target: str
    # "app_label.codename" the acting user must hold.
    permission: str
    # Fields of the case that must be filled for the transition (e.g. the outcome before settling).
    required: tuple[str, ...] = ()
    # Fields the transition's form also offers (e.g. the amount recovered when settling).
    optional: tuple[str, ...] = ()
    # Date fields the transition sets to the day it is taken (a renewal's date), never entered.
    stamps: tuple[str, ...] = ()
    # The platform itself may take it, with no user (a registration lapsing when not renewed in time);
    # people holding the permission may still take it too.
    system: bool = False
    # Taken only by the module's own service when what it records calls for it (a vacancy's last post
    # filled): never offered on the case page, refused through the case actions API.
    automatic: bool = False

    @property
    def fields(self) -> tuple[str, ...]:
        return (*self.required, *self.optional)


@dataclass(frozen=True)
class Workflow:
    states: tuple[State, ...]
    transitions: tuple[Transition, ...]
    initial: str

    def state(self, key: str) -> State:
        return next(state for state in self.states if state.key == key)

    def label(self, key: str) -> str:
        return str(self.state(key).label)

    def choices(self) -> list[tuple[str, str]]:
        return [(state.key, state.label) for state in self.states]

    def closed_states(self) -> tuple[str, ...]:
        return tuple(state.key for state in self.states if state.closed)

    def possible(self, status: str, *, automatic: bool = False) -> list[Transition]:
        """The transitions from this status people may take; with `automatic`, a service's too."""
        return [t for t in self.transitions if status in t.sources and (automatic or not t.automatic)]

    def allowed(self, status: str, user) -> list[Transition]:
        """The transitions this user may take from this status: what the case page offers them."""
        return [t for t in self.possible(status) if user.has_perm(t.permission)]

    def check(self, status: str, name: str, user, *, automatic: bool = False) -> Transition:
        """The transition, or a refusal that names what is possible instead. `user` None is the platform
        itself, which may take only the transitions declared `system`; `automatic` admits the
        transitions only a module's service takes."""
        transition = next((t for t in self.possible(status, automatic=automatic) if t.name == name), None)
        if transition is None:
            possible = ", ".join(str(t.label) for t in self.possible(status)) or _("nothing")
            raise ValidationError(
                _("“%(action)s” is not possible while the case is %(status)s. Possible now: %(possible)s.")
                % {"action": name, "status": self.label(status), "possible": possible},
                code="transition",
            )
        if user is None:
            if not transition.system:
                raise PermissionDenied(
                    _("“%(action)s” is taken by a person, never by the platform on its own.")
                    % {"action": transition.label}
                )
        elif not user.has_perm(transition.permission):
            raise PermissionDenied(_("Your role does not allow “%(action)s”.") % {"action": transition.label})
        return transition

    def validate(self) -> list[str]:
        """Problems in the declaration itself (unknown states), for the system checks."""
        keys = {state.key for state in self.states}
        problems = [f"initial state {self.initial!r} is not declared"] if self.initial not in keys else []
        for transition in self.transitions:
            for state in (*transition.sources, transition.target):
                if state not in keys:
                    problems.append(f"transition {transition.name!r} uses undeclared state {state!r}")
        return problems
