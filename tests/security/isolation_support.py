"""What the isolation tests walk and what they walk with.

- Every URL a country serves, found by walking its URLconf (nothing listed by hand), with the models its
  view names, so a new page or endpoint is walked without editing the tests; and the operations of the
  country's OpenAPI schema, each with a body its schema accepts.
- A row of any model in a country, made up from the model's fields, every text in it carrying a marker
  word of that country: a marker of one country found in a page of another is a leak, whichever page.
- Ways to fill a route in with such rows, and requests that leave the test's transaction usable.
- A checksum of a schema's tables, to show that requests refused still changed nothing.
"""

import datetime
import decimal
import functools
import inspect
import io
import json
import re
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.core.files.base import ContentFile
from django.db import connection, models, transaction
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone
from django.utils.regex_helper import normalize
from django_tenants.utils import get_public_schema_name, get_tenant_model, schema_context, tenant_context

from modules.casework.models import Case

# --- the routes --------------------------------------------------------------------------------------

# Keyword arguments that name a row by its id.
ID_KWARG = re.compile(r"^(pk|id|object_id|_\d+|(?P<name>\w+)_(pk|id))$")


@dataclass(frozen=True)
class Route:
    """One URL pattern: its readable route, its name and how to fill it in."""

    route: str  # as written in the URLconfs: "complaints/<int:pk>/hearings/new/"
    name: str  # namespaced: "complaints:hearing-create" ("" for the admin's unnamed ones)
    template: str  # "/complaints/%(pk)s/hearings/new/"
    kwargs: tuple[str, ...]
    urlconf: str
    callback: object = field(compare=False, repr=False)

    @property
    def label(self) -> str:
        return f"{self.route} ({self.name})" if self.name else self.route

    def url(self, values: dict[str, object]) -> str:
        return self.template % {key: values[key] for key in self.kwargs}

    def resolves(self, values: dict[str, object]) -> bool:
        """Whether the URL made with these values is this route's (an id where a UUID goes is not)."""
        try:
            return resolve(self.url(values), self.urlconf).route == self.route
        except Resolver404:
            return False

    def segment_before(self, kwarg: str) -> str:
        """The word of the route just before the argument: "hearings" in "complaints/hearings/<int:pk>/"."""
        words = [word for word in re.split(r"[/^$]+", self.route) if word]
        for index, word in enumerate(words):
            if re.search(rf"\b{kwarg}\b", word):
                before = word.split("(")[0].split("<")[0].strip("-")
                return before or (words[index - 1] if index else "")
        return ""


def routes_of(urlconf: str) -> list[Route]:
    """Every URL pattern of the URLconf, depth first, in the order Django tries them."""
    return list(_walk(get_resolver(urlconf), urlconf, regex="", readable="", namespaces=()))


def _walk(
    resolver: URLResolver, urlconf: str, *, regex: str, readable: str, namespaces: tuple
) -> Iterator[Route]:
    for pattern in resolver.url_patterns:
        piece = pattern.pattern.regex.pattern.removeprefix("^")
        text = str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            yield from _walk(
                pattern, urlconf, regex=regex + piece, readable=readable + text, namespaces=inner
            )
        elif isinstance(pattern, URLPattern):
            piece = piece.removesuffix(r"\Z").removesuffix("$")
            template, kwargs = normalize(regex + piece)[0]
            name = ":".join((*namespaces, pattern.name)) if pattern.name else ""
            yield Route(readable + text, name, "/" + template, tuple(kwargs), urlconf, pattern.callback)


# --- the models a route names ------------------------------------------------------------------------


def models_for(route: Route, kwarg: str) -> list[type[models.Model]]:
    """The models whose rows the argument may name, most likely first: the model named by the word
    before it ("hearings/<int:pk>") or by the argument itself ("<employer_pk>"), then the models the view
    is made of (a register's pages, an API's queryset and serializer, the models its code refers to)."""
    found = (
        _named_models(route, kwarg)
        + _models_of_view(route.callback)
        + _models_of_app(route.name.split(":")[0])
    )
    return [model for model in dict.fromkeys(found) if is_country_data(model)]


def _named_models(route: Route, kwarg: str) -> list[type[models.Model]]:
    """The models the route's words name for the argument: "<employer_pk>", "hearings/<int:pk>"."""
    named = _models_named(route.segment_before(kwarg))
    match = ID_KWARG.match(kwarg)
    if match and match.group("name"):
        named = _models_named(match.group("name")) + named
    return list(named)


def is_country_data(model: type[models.Model]) -> bool:
    """Rows a country owns: those of its schema, and those of the hub's tables that name the country
    (its extension submissions, the hub's requests to it). A history table is a copy of another's."""
    if getattr(model, "instance_type", None) is not None:
        return False
    return model in tenant_models() or any(
        model_field.related_model is get_tenant_model() for model_field in _foreign_keys(model)
    )


@functools.cache
def _models_named(word: str) -> list[type[models.Model]]:
    word = re.sub(r"[^a-z]", "", word.lower())
    if not word:
        return []
    forms = {word, word.removesuffix("s"), word.removesuffix("es"), re.sub(r"ies$", "y", word)}
    found = []
    for model in apps.get_models():
        names = {
            model._meta.model_name,
            re.sub(r"[^a-z]", "", str(model._meta.verbose_name).lower()),
            re.sub(r"[^a-z]", "", str(model._meta.verbose_name_plural).lower()),
        }
        if forms & names:
            found.append(model)
    return sorted(found, key=lambda model: (model._meta.model_name not in forms, model._meta.label))


def _models_of_app(namespace: str) -> list[type[models.Model]]:
    """A module's models, last: its pages and API are mounted under its key as namespace."""
    label = re.sub(r"[-_]api$", "", namespace)
    if label not in {config.label for config in apps.get_app_configs()}:
        return []
    return [model for model in apps.get_app_config(label).get_models() if not model._meta.auto_created]


# Where a view's base classes come from when they are not the project's (whose code is not read).
LIBRARIES = ("django", "rest_framework", "drf_spectacular", "allauth", "builtins")


def _models_of_view(callback) -> list[type[models.Model]]:
    found: list[type[models.Model]] = []
    view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    unwrapped = inspect.unwrap(callback)
    holders = [view_class, getattr(callback, "model_admin", None), getattr(unwrapped, "__self__", None)]
    functions = [unwrapped]
    for cell in getattr(unwrapped, "__closure__", None) or ():
        try:
            holders.append(cell.cell_contents)
        except ValueError:  # an empty cell
            continue
    if view_class is not None:
        for klass in view_class.__mro__:
            if not klass.__module__.startswith(LIBRARIES):
                functions += [value for value in vars(klass).values() if inspect.isfunction(value)]
    for holder in holders:
        found += _models_held(holder)
    for function in functions:
        found += _models_referred(function)
    return found


def _models_held(holder) -> list[type[models.Model]]:
    if holder is None:
        return []
    if _is_model(holder):
        return [holder]
    found = []
    for name in ("model", "queryset"):
        value = getattr(holder, name, None)
        if isinstance(value, models.QuerySet):
            value = value.model
        if _is_model(value):
            found.append(value)
    serializer = getattr(holder, "serializer_class", None)
    meta = getattr(serializer, "Meta", None)
    if _is_model(getattr(meta, "model", None)):
        found.append(meta.model)
    parent = getattr(holder, "parent", None)
    if isinstance(parent, str) and parent and found:
        # A part's pages and API (a complaint's hearings): the route's id names the record it belongs to.
        found.insert(0, found[0]._meta.get_field(parent).related_model)
    return found


def _models_referred(function) -> list[type[models.Model]]:
    """The models a function's code names (get_object_or_404(Agency, pk=pk)), lambdas inside included."""
    found, codes = [], [getattr(function, "__code__", None)]
    namespace = getattr(function, "__globals__", {})
    while codes:
        code = codes.pop()
        if code is None:
            continue
        for name in code.co_names:
            value = namespace.get(name)
            if _is_model(value):
                found.append(value)
        codes += [const for const in code.co_consts if inspect.iscode(const)]
    return found


def _is_model(value) -> bool:
    return inspect.isclass(value) and issubclass(value, models.Model) and not value._meta.abstract


# --- rows of a country -------------------------------------------------------------------------------

# Rows never made up: what Django and the platform create themselves.
NEVER_MADE = (ContentType, Permission)


class CountryRows:
    """One row of any model in a country, made up from the model's fields, remembered per model.

    Every text field holds a marker of the country (a word found nowhere else) and every row an id of its
    own, far above any id a schema gives (ids are per schema, so the two countries' rows of the same
    model share ids 1, 2, 3...): no other row of any model, in either country, has the id of a made-up
    row, so a route finds it only by looking up the right model in the right schema. What a row refers
    to is made up the same way (a hearing's complaint is the country's made-up complaint). Write with the
    connection in the country's schema.
    """

    FIRST_ID = 1_000_000_000

    def __init__(self, country):
        self.country = country
        self.made: dict[type[models.Model], models.Model] = {}
        self.markers: list[str] = []
        self.next_id = self.FIRST_ID

    @property
    def marker_pattern(self) -> re.Pattern:
        return re.compile(rb"zq" + self.country.schema_name.encode() + rb"\d{4}x")

    def nobody(self, values: dict[str, object]) -> dict[str, object]:
        """The same values with the country's own replaced by ones no country has."""
        return {
            key: (
                self.FIRST_ID - 1
                if isinstance(value, int) and value >= self.FIRST_ID
                else "zqnobody0000x"
                if isinstance(value, str) and self.marker_pattern.search(value.encode())
                else value
            )
            for key, value in values.items()
        }

    def marker(self) -> str:
        made = f"zq{self.country.schema_name}{len(self.markers):04d}x"
        self.markers.append(made)
        return made

    def of(self, model: type[models.Model]) -> models.Model:
        model = model._meta.concrete_model  # a proxy's rows are its model's
        if model is Case:
            # A case is always one of a kind (its case_type names the table it continues in).
            model = apps.get_model("complaints", "Complaint")
        if model not in self.made:
            hub = model not in tenant_models()
            # A hub's row naming the country is written in the hub's tables, next to what it refers to.
            where = schema_context(get_public_schema_name()) if hub else tenant_context(self.country)
            with where, transaction.atomic():  # a model no row can be made up for leaves nothing behind
                self.made[model] = self._new(model, hub=hub)
        return self.made[model]

    def of_or_none(self, model: type[models.Model]) -> models.Model | None:
        """The model's row, or None for a model no row can be made up for (routes naming it are then
        reported as not walked)."""
        try:
            return self.of(model)
        except Exception:
            return None

    def every_row(self) -> None:
        """A row of every model the country owns: every list and search then has markers to show."""
        for model in [*tenant_models(), *(model for model in apps.get_models() if is_country_data(model))]:
            self.of_or_none(model)

    def _new(self, model: type[models.Model], *, hub: bool) -> models.Model:
        row = model()
        for model_field in model._meta.concrete_fields:
            if model_field.primary_key or isinstance(model_field, models.AutoField):
                continue
            value = self._value(model, model_field, hub=hub)
            if value is not None:
                setattr(row, model_field.attname if model_field.is_relation else model_field.name, value)
        if _only_id(model) is None:
            row.pk, self.next_id = self.next_id, self.next_id + 1000
        else:
            row.pk = _only_id(model)
        if isinstance(row, Case):
            row.case_type = model._meta.label_lower
            row.status = model.workflow.initial
        for name, value in _meaningful_values(model, self).items():
            setattr(row, name, value)
        row.save(force_insert=True)
        return row

    def _value(self, model, model_field, *, hub: bool):
        if getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False):
            return None
        if model_field.is_relation:
            if model_field.null or getattr(model_field, "parent_link", False):
                return None
            return self._related(model_field, hub=hub).pk
        if model_field.choices:
            return None if model_field.has_default() else model_field.choices[0][0]
        if isinstance(model_field, ArrayField):
            return (
                None if model_field.has_default() else [self._value(model, model_field.base_field, hub=hub)]
            )
        if isinstance(model_field, models.FileField):
            return ContentFile(f"{self.marker()} file".encode(), name=f"{self.marker()}.txt")
        if isinstance(model_field, models.EmailField):
            return f"{self.marker()}@example.org"
        if isinstance(model_field, models.URLField):
            return f"https://example.org/{self.marker()}"
        if isinstance(model_field, models.CharField | models.TextField):
            length = model_field.max_length or 200
            return self.marker() if length >= 12 else (None if model_field.has_default() else "x" * length)
        if model_field.has_default() or model_field.null:
            return None
        if isinstance(model_field, models.BooleanField):
            return False
        if isinstance(model_field, models.DateTimeField):
            return timezone.now()
        if isinstance(model_field, models.DateField):
            return timezone.localdate()
        if isinstance(model_field, models.TimeField):
            return datetime.time(12, 0)
        if isinstance(model_field, models.DurationField):
            return datetime.timedelta(days=1)
        if isinstance(model_field, models.DecimalField):
            return decimal.Decimal(1)
        if isinstance(model_field, models.IntegerField | models.FloatField):
            return 1
        if isinstance(model_field, models.UUIDField):
            return uuid.uuid4()
        if isinstance(model_field, models.JSONField):
            return {}
        raise NotImplementedError(f"No made-up value for {model._meta.label}.{model_field.name}.")

    def _related(self, model_field, *, hub: bool) -> models.Model:
        related = model_field.related_model
        if related is get_tenant_model():
            return self.country
        limit = model_field.get_limit_choices_to()
        shared = hub and (related in tenant_models() or not is_country_data(related))
        if related in NEVER_MADE or limit or shared:
            # A hub's row refers to rows of the hub's own tables (its users, its catalogue), which are
            # no country's: none is made up with the country's markers.
            existing = related._base_manager.complex_filter(limit).order_by("pk").first()
            if existing is not None:
                return existing
        return self.of(related)


def _meaningful_values(model: type[models.Model], rows: CountryRows) -> dict[str, object]:
    """Values a made-up row needs to mean something to the pages: a country's own wording, numbering,
    states and deadlines are kept by the key of what they change (a letter, a case type), not by id."""
    case_type = apps.get_model("complaints", "Complaint")
    label, initial = case_type._meta.label_lower, case_type.workflow.initial
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    return {
        # Published, so the public pages show them: an indicator with a value approved an hour ago,
        # submitted by the country's made-up agency; a news article.
        "indicators.Indicator": lambda: {"agency": rows.of(apps.get_model("indicators", "Agency"))},
        "indicators.Observation": lambda: {"period": "2025", "state": "approved", "publish_at": an_hour_ago},
        "news.Article": lambda: {"state": "published", "publish_at": an_hour_ago},
        # Refused, as a file of values must be for its error report.
        "indicators.SubmissionUpload": lambda: {"state": "refused", "errors": [[1, "value", rows.marker()]]},
        # Approved, as a permit must be to be renewed.
        "work_permits.WorkPermit": lambda: {"status": "approved"},
        "casework.LetterTemplate": lambda: {"key": "complaints/acknowledgment", "language": "en"},
        "casework.NumberingRule": lambda: {"case_type": label, "pattern": rows.marker() + "-{seq}"},
        "casework.ExtraState": lambda: {"case_type": label, "key": rows.marker(), "after": initial},
        "casework.StateDeadline": lambda: {"case_type": label, "state": initial},
    }.get(model._meta.label, dict)()


def _only_id(model: type[models.Model]) -> int | None:
    """The id of a model kept in one row per schema (a check constraint id=1), None for others."""
    for constraint in model._meta.constraints:
        children = getattr(getattr(constraint, "condition", None), "children", [])
        if isinstance(constraint, models.CheckConstraint) and len(children) == 1:
            name, value = children[0]
            if name in ("id", "pk"):
                return value
    return None


@functools.cache
def tenant_models() -> list[type[models.Model]]:
    """The models whose tables are in every country's schema."""
    labels = {
        config.label
        for config in apps.get_app_configs()
        if {config.name, f"{type(config).__module__}.{type(config).__name__}"} & set(settings.TENANT_APPS)
    }
    return [model for model in apps.get_models() if model._meta.app_label in labels and model._meta.managed]


# --- what a schema holds -----------------------------------------------------------------------------


def schema_checksum(schema: str) -> dict[str, str]:
    """Each table of the schema: its row count and a digest of its rows, in one query."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s "
            "AND table_type = 'BASE TABLE' ORDER BY table_name",
            [schema],
        )
        tables = [name for (name,) in cursor.fetchall()]
        quote = connection.ops.quote_name
        parts = [
            f"SELECT %s, count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "  # noqa: S608
            f"FROM {quote(schema)}.{quote(table)} t"
            for table in tables
        ]
        cursor.execute(" UNION ALL ".join(parts), tables)
        return {table: f"{count}:{digest}" for table, count, digest in cursor.fetchall()}


# --- filling a route in with a country's rows --------------------------------------------------------


@dataclass(frozen=True)
class Binding:
    """Values for a route's arguments, all naming rows of one country."""

    values: dict[str, object]
    model: type[models.Model]
    # Some value is one only this country has (a made-up id or marker word): in the other country the
    # route must find nothing at all. Not so for a setting kept by a name every country shares (a letter's
    # wording by the letter's name): there the other country has its own, and only the markers tell whose
    # was shown.
    unique: bool


def bindings_for(route: Route, rows: CountryRows) -> list[Binding]:
    """Ways to fill the route in with rows of `rows`' country, the likeliest first. The last id in the
    route leads ("cases/<pk>/documents/<document_pk>": a document, then its case); when no model has
    them all, a row linking them does (an agency's member links the agency and the user)."""
    with tenant_context(rows.country):
        return list(_bindings(route, rows))


def _bindings(route: Route, rows: CountryRows) -> Iterator[Binding]:
    ids = [kwarg for kwarg in route.kwargs if ID_KWARG.match(kwarg)]
    lead = (ids or list(route.kwargs))[-1]
    candidates = {kwarg: models_for(route, kwarg) for kwarg in route.kwargs}
    if "content_type_id" in route.kwargs:
        # The admin's "view on site": any row of a model the country's admin shows.
        candidates["object_id"] = candidates[lead] = _admin_models()
    leads = list(candidates[lead])
    texts = [kwarg for kwarg in route.kwargs if not ID_KWARG.match(kwarg)]
    if texts and not ids:
        # Routes by keys alone ("lmi/news/<slug>/"): any country model with fields of those names, or
        # kept by one natural key (a numbering rule by its case type).
        leads += [model for model in tenant_models() if is_country_data(model) and _keyed_by(model, texts)]
    if len(ids) > 1:
        leads += [model for model in apps.get_models() if _links(model, [candidates[kwarg] for kwarg in ids])]
    for model in leads:
        row = rows.of_or_none(model)
        if row is None:
            continue
        values = {kwarg: _value_for(route, row, kwarg, lead, candidates[kwarg]) for kwarg in route.kwargs}
        if all(value is not None for value in values.values()) and route.resolves(values):
            yield Binding(values, type(row), unique=_made_up(rows, values))


def _value_for(route: Route, row: models.Model, kwarg: str, lead: str, candidates: list) -> object:
    own = {model_field.name for model_field in row._meta.concrete_fields}
    if kwarg == "content_type_id":
        return ContentType.objects.get_for_model(row).pk
    if ID_KWARG.match(kwarg):
        # The row itself, unless the route names another model for this id that the row refers to
        # ("agencies/<pk>/members/<user_id>" filled from an agency's member: its agency, its user).
        named = [model for model in candidates if model in _named_models(route, kwarg)]
        link = _link_to(type(row), named) if named and not issubclass(type(row), tuple(named)) else None
        if link is None and kwarg == lead:
            return row.pk
        link = link or _link_to(type(row), candidates)
        return getattr(row, link.attname) if link else None
    if kwarg in own:
        return getattr(row, kwarg)
    for link in _foreign_keys(type(row)):
        related = getattr(row, link.name)
        if related is not None and kwarg in {f.name for f in related._meta.concrete_fields}:
            return getattr(related, kwarg)
    if kwarg == lead:
        # A row kept by a natural key the route calls by another name ("<key>" of a numbering rule).
        natural = [f for f in row._meta.concrete_fields if f.unique and isinstance(f, models.CharField)]
        return getattr(row, natural[0].name) if len(natural) == 1 else None
    return None


def _keyed_by(model: type[models.Model], names: list[str]) -> bool:
    fields = model._meta.concrete_fields
    natural = [f for f in fields if f.unique and not f.primary_key and isinstance(f, models.CharField)]
    return set(names) <= {f.name for f in fields} or (len(names) == 1 and len(natural) == 1)


def _foreign_keys(model: type[models.Model]) -> list:
    return [
        model_field
        for model_field in model._meta.concrete_fields
        if model_field.many_to_one or model_field.one_to_one
    ]


def _link_to(model: type[models.Model], candidates: list):
    for link in _foreign_keys(model):
        if any(issubclass(candidate, link.related_model) for candidate in candidates):
            return link
    return None


def _links(model: type[models.Model], candidate_lists: list[list]) -> bool:
    return all(_link_to(model, candidates) is not None for candidates in candidate_lists)


def _admin_models() -> list[type[models.Model]]:
    from clmis.accounts.admin import country_admin_site

    return list(country_admin_site._registry)


def _made_up(rows: CountryRows, values: dict[str, object]) -> bool:
    """Whether a value is one only that country has: an id of a made-up row, or a marker word."""
    return any(
        (isinstance(value, int) and value >= rows.FIRST_ID)
        or (isinstance(value, str) and rows.marker_pattern.search(value.encode()))
        for value in values.values()
    )


# --- asking ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """What a request got: the status and body, or the exception the view raised."""

    status: int | None
    body: bytes = b""
    error: str = ""
    user: object = None  # who the request was made as, once the middleware and DRF had authenticated it
    location: str = ""


def ask(client, method: str, url: str, *, body=None, keep: bool = True, **extra) -> Answer:
    """One request in a savepoint: a view that fails leaves the test's transaction usable, and with
    keep=False nothing the request wrote is kept (a country's own requests that show what a route does)."""
    if body is not None:
        extra = {"data": json.dumps(body), "content_type": "application/json", **extra}
    elif method in ("PUT", "PATCH"):
        extra = {"data": "{}", "content_type": "application/json", **extra}
    try:
        with transaction.atomic():
            response = client.generic(method, url, **extra) if method != "POST" else client.post(url, **extra)
            if not keep:
                transaction.set_rollback(True)
    except Exception as error:
        return Answer(None, error=f"{type(error).__name__}: {error}"[:300])
    request = getattr(response, "wsgi_request", None)
    return Answer(
        response.status_code,
        content_of(response),
        user=getattr(request, "user", None),
        location=response.get("Location", ""),
    )


def content_of(response) -> bytes:
    """The body as bytes; the files inside an Excel workbook (a zip) unpacked, so markers show."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(body)) as workbook:
                return b"".join(workbook.read(name) for name in workbook.namelist())
        except zipfile.BadZipFile:
            return body
    return body


def api_operations(schema: dict, urlconf: str) -> dict[str, dict[str, dict | list | None]]:
    """The OpenAPI schema's operations by route and method, each with a body its request schema
    accepts (its required fields filled in): "api/v1/complaints/<int:pk>/" -> {"GET": None, ...}.

    A body is what lets a write reach the lookup of its row: an endpoint that checks its input first
    answers 400 to an empty body, whoever's row it names."""
    operations: dict[str, dict[str, dict | list | None]] = {}
    for path, item in schema["paths"].items():
        example = re.sub(
            r"\{[^}]+\}", lambda found, item=item: _example_parameter(item, found.group(0)[1:-1]), path
        )
        route = resolve(example, urlconf).route
        for method, operation in item.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                body = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
                example_body = _example_value(schema, body["schema"]) if "schema" in body else None
                operations.setdefault(route, {})[method.upper()] = example_body
    return operations


def _example_parameter(item: dict, name: str) -> str:
    for operation in item.values():
        for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
            if parameter.get("name") == name and parameter.get("schema", {}).get("format") == "uuid":
                return str(uuid.uuid4())
    return "1"


def _example_value(schema: dict, part: dict):
    """A value of an OpenAPI schema part: the required properties of an object, the first of an enum."""
    if "$ref" in part:
        return _example_value(schema, schema["components"]["schemas"][part["$ref"].split("/")[-1]])
    for combined in ("allOf", "oneOf", "anyOf"):
        if part.get(combined):
            return _example_value(schema, part[combined][0])
    if "enum" in part:
        return next((value for value in part["enum"] if value is not None), None)
    kind = part.get("type")
    if kind == "object" or "properties" in part:
        properties = part.get("properties", {})
        return {
            name: _example_value(schema, properties[name])
            for name in part.get("required", [])
            if name in properties and not properties[name].get("readOnly")
        }
    if kind == "array":
        return [_example_value(schema, part["items"])] if part.get("minItems") else []
    if kind in ("integer", "number"):
        return 1
    if kind == "boolean":
        return False
    if part.get("format") == "date":
        return timezone.localdate().isoformat()
    if part.get("format") == "date-time":
        return timezone.now().isoformat()
    return "x"
