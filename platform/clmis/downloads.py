"""Sending a stored file the application has decided the user may have."""

from urllib.parse import quote

from django.conf import settings
from django.core.files import File
from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header


def file_download(file: File, *, filename: str, content_type: str) -> HttpResponse:
    """The file as an attachment, never cached: handed to nginx when it serves the media files
    (MEDIA_ACCEL_REDIRECT), so a slow download holds no web worker; streamed from here otherwise.

    Call it only after the access check: nginx's location is internal, reachable through this alone.
    """
    if settings.MEDIA_ACCEL_REDIRECT:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.MEDIA_ACCEL_REDIRECT + quote(file.name)
        response["Content-Disposition"] = content_disposition_header(True, filename)
    else:
        response = FileResponse(file.open("rb"), as_attachment=True, filename=filename)
        response["Content-Type"] = content_type
    response["Cache-Control"] = "private, no-store"
    return response
