"""Tags of an account and the taggers that set them (rules, a trained classifier, an LLM)."""

from core.tagging.document_tags import get_document_tags, set_document_tags
from core.tagging.pipeline import TaggingResult, TagPipeline
from core.tagging.tags import TagFields, create_tag, delete_tag, list_tags, update_tag

__all__ = [
    "TagFields",
    "TagPipeline",
    "TaggingResult",
    "create_tag",
    "delete_tag",
    "get_document_tags",
    "list_tags",
    "set_document_tags",
    "update_tag",
]
