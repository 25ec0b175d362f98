"""Django admin for platform staff: stored embeddings and feedback are only looked at here —
feedback is given on the platform's pages and API, embeddings are computed by the tasks."""

from django.contrib import admin

from sanxin.common.admin_views import ReadOnlyAdmin
from sanxin.matching.models import Feedback, StoredEmbedding


@admin.register(StoredEmbedding)
class StoredEmbeddingAdmin(ReadOnlyAdmin):
    list_display = ("kind", "object_id", "model", "sentences", "updated")
    list_filter = ("kind", "model")
    exclude = ("vectors",)


@admin.register(Feedback)
class FeedbackAdmin(ReadOnlyAdmin):
    list_display = ("person", "organization", "subject", "target", "interested", "updated")
    list_filter = ("interested",)
