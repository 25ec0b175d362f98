"""One record's sentence embeddings, stored with the model that computed them."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from sanxin.matching.enums import RecordKind


class StoredEmbedding(models.Model):
    """The engine's ``RecordEmbedding.to_bytes()`` of one organization profile, project or
    offer. ``text_hash`` is the SHA-256 of the text it was computed from: an unchanged text
    is not embedded again; a different ``model`` is recomputed, never mixed in."""

    kind = models.CharField(_("kind"), max_length=12, choices=RecordKind.choices)
    object_id = models.PositiveBigIntegerField(_("record"))
    model = models.CharField(_("model"), max_length=100)
    text_hash = models.CharField(_("text hash"), max_length=64)
    dim = models.PositiveSmallIntegerField(_("dimensions"))
    sentences = models.PositiveSmallIntegerField(_("sentences"), default=0)
    vectors = models.BinaryField(_("vectors"))
    updated = models.DateTimeField(_("computed"), auto_now=True)

    class Meta:
        ordering = ("kind", "object_id")
        verbose_name = _("stored embedding")
        verbose_name_plural = _("stored embeddings")
        constraints = (
            models.UniqueConstraint(fields=("kind", "object_id"), name="one_embedding_per_record"),
        )

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} ({self.model})"
