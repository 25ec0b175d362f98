from sanxin.matching.models.embeddings import StoredEmbedding
from sanxin.matching.models.feedback import Feedback

__all__ = ["Feedback", "StoredEmbedding"]
