"""Groups of sensitive fields. Roles list the groups their holders may see (``Role.field_groups``);
policies list which fields of their model fall in each group (``Policy.sensitive_fields``).
Pages, API responses, search results, exports and reports leave out the fields of groups the
reader's roles do not have.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class FieldGroup(models.TextChoices):
    SEXUAL_EXPLOITATION = "sexual_exploitation", _("sexual exploitation details")
    HEALTH = "health", _("health and HIV status")
    IDENTITY_DOCUMENTS = "identity_documents", _("identity documents")
    CONTACT_LOCATION = "contact_location", _("contact details and location")
    NARRATIVE = "narrative", _("narratives")
