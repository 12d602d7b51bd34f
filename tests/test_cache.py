"""Cache entries are per schema: one country never reads another's."""

from django.core.cache import cache
from django_tenants.utils import get_public_schema_name, schema_context, tenant_context


def test_cache_keys_carry_the_schema(kn, lc):
    with tenant_context(kn):
        cache.set("headline", "kn figures")
        kn_key = cache.make_key("headline")
    with tenant_context(lc):
        assert cache.get("headline") is None
        cache.set("headline", "lc figures")
        lc_key = cache.make_key("headline")
    with schema_context(get_public_schema_name()):
        assert cache.get("headline") is None
    with tenant_context(kn):
        assert cache.get("headline") == "kn figures"
    assert kn_key != lc_key and kn_key.startswith("kn:") and lc_key.startswith("lc:")
