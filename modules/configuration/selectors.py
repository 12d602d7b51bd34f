from modules.configuration.models import ProviderChangeNotice


def provider_changes_unread(user) -> int:
    """How many changes made by service providers the user has not seen yet (one query)."""
    return ProviderChangeNotice.objects.exclude(read_by=user).count()


def provider_changes_unread_among(user, notices: list[ProviderChangeNotice]) -> set[int]:
    """Which of the notices shown the user had not read (one query)."""
    read = set(
        ProviderChangeNotice.read_by.through.objects.filter(
            user_id=user.pk, providerchangenotice_id__in=[notice.pk for notice in notices]
        ).values_list("providerchangenotice_id", flat=True)
    )
    return {notice.pk for notice in notices if notice.pk not in read}
