"""Form helpers shared by every app."""


class DomainValidated:
    """Mixin for ModelForms whose model validation is done by a domain function.

    The form parses input; the domain validates and saves, so the UI, the API and the importers
    give the same errors. Django's own model validation in ``_post_clean`` is skipped.
    """

    def _post_clean(self):
        return None
