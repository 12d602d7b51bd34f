"""The country-settings pages and API of case work, mounted by clmis.urls.country under /settings/ and
/api/v1/settings/. A letter's key has a slash (complaints/acknowledgment), so the language comes last."""

from django.urls import path

from modules.casework import settings_api, settings_views

letters = (
    [
        path("", settings_views.letter_list, name="list"),
        path("<path:key>/<slug:language>/", settings_views.letter_edit, name="edit"),
    ],
    "letter_settings",
)
numbering = (
    [
        path("", settings_views.numbering_list, name="list"),
        path("<str:key>/", settings_views.numbering_edit, name="edit"),
    ],
    "numbering_settings",
)
letters_api = (
    [
        path("", settings_api.LetterWordingListApi.as_view(), name="list"),
        # Before the letter itself: a key never ends in /<language>/preview.
        path("<path:key>/<slug:language>/preview/", settings_api.LetterPreviewApi.as_view(), name="preview"),
        path("<path:key>/<slug:language>/", settings_api.LetterWordingApi.as_view(), name="detail"),
    ],
    "letter_settings_api",
)
numbering_api = (
    [
        path("", settings_api.NumberingListApi.as_view(), name="list"),
        path("<str:key>/", settings_api.NumberingApi.as_view(), name="detail"),
    ],
    "numbering_settings_api",
)
