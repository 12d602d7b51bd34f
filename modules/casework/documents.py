"""What may be attached to a case: size and type limits, checked on the file's content, not only its name."""

from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# Extension -> (content type, how the file must begin). Office formats are zip archives.
ACCEPTED = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    ".odt": ("application/vnd.oasis.opendocument.text", (b"PK\x03\x04",)),
    ".txt": ("text/plain", ()),
}


def document_check(upload: UploadedFile) -> str:
    """The content type to store for an acceptable upload; otherwise a refusal saying what is accepted."""
    limit = settings.CASE_DOCUMENT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("%(name)s is %(size)s; attachments can be at most %(limit)s.")
            % {"name": upload.name, "size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    suffix = PurePath(upload.name).suffix.lower()
    accepted = ", ".join(sorted(ACCEPTED))
    if suffix not in ACCEPTED:
        raise ValidationError(
            _("%(name)s is not a type that can be attached. Accepted: %(accepted)s.")
            % {"name": upload.name, "accepted": accepted},
            code="type",
        )
    content_type, signatures = ACCEPTED[suffix]
    head = upload.read(16)
    upload.seek(0)
    if signatures and not head.startswith(signatures):
        raise ValidationError(
            _("%(name)s does not contain what its name says (%(suffix)s). Attach the original file.")
            % {"name": upload.name, "suffix": suffix},
            code="content",
        )
    if suffix == ".txt" and b"\x00" in head:
        raise ValidationError(_("%(name)s is not a text file.") % {"name": upload.name}, code="content")
    return content_type
