from django.urls import path

from modules.casework import views

app_name = "casework"

urlpatterns = [
    path("<int:pk>/documents/<int:document_pk>/", views.document_download, name="document"),
    path("<int:pk>/documents/", views.document_add, name="document-add"),
    path("<int:pk>/letters/<int:letter_pk>/", views.letter_show, name="letter"),
    path("<int:pk>/letters/", views.letter_add, name="letter-add"),
    path("<int:pk>/notes/", views.note_add, name="note-add"),
    path("<int:pk>/transition/", views.transition, name="transition"),
    path("<int:pk>/transition/<slug:action>/", views.transition_with_fields, name="transition-fields"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/personal-data/", views.personal_data, name="personal-data"),
    path("<int:pk>/personal-data/copy/", views.personal_data_copy, name="personal-data-copy"),
    path("<int:pk>/personal-data/erase/", views.personal_data_erase_page, name="personal-data-erase"),
]
