"""The API's ModelSerializer builds its fields once per class and language and copies them for each use:
every serializer still gets fields of its own, in the reader's language, reading the same as DRF's."""

from django.utils import translation
from django_tenants.utils import tenant_context
from rest_framework import serializers

from clmis.api.serializers import ModelSerializer
from modules.employers.api import EmployerSerializer
from modules.employers.models import Employer


class PlainEmployerSerializer(serializers.ModelSerializer):
    """EmployerSerializer as DRF's own ModelSerializer builds it, every time."""

    class Meta(EmployerSerializer.Meta):
        pass


PlainEmployerSerializer._declared_fields = EmployerSerializer._declared_fields


def test_each_serializer_gets_fields_of_its_own():
    first, second = EmployerSerializer(), EmployerSerializer()
    assert first.fields.keys() == second.fields.keys()
    assert all(first.fields[name] is not second.fields[name] for name in first.fields)
    assert first.fields["name"].parent is first and second.fields["name"].parent is second
    first.fields["name"].read_only = True
    assert not EmployerSerializer().fields["name"].read_only


def test_the_fields_are_in_the_readers_language():
    with translation.override("en"):
        english = str(EmployerSerializer().fields["nis_number"].label)
    with translation.override("nl"):
        dutch = str(EmployerSerializer().fields["nis_number"].label)
    assert (english, dutch) == ("National insurance number", "Nationaal verzekeringsnummer")


def test_a_record_reads_and_validates_as_with_drfs_own(kn):
    assert issubclass(EmployerSerializer, ModelSerializer)
    with tenant_context(kn):
        employer = Employer.objects.select_related("isic", "district").first()
        assert EmployerSerializer(employer).data == PlainEmployerSerializer(employer).data
        for data in ({"name": ""}, {"name": "Basseterre Bakery", "isic": "NOPE"}, {"name": "x" * 201}):
            ours, theirs = EmployerSerializer(data=data), PlainEmployerSerializer(data=data)
            assert ours.is_valid() == theirs.is_valid()
            assert ours.errors == theirs.errors
