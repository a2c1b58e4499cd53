"""Deterministic synthetic CAMS/KFintech statements with their ground truth.

``generate(issuer=..., variant=..., seed=..., pages=...)`` draws a statement as laid out in
``shared/docs/statement-layouts.md`` (real scheme identities, Indian number formats, the
registrar's quirks) and returns the PDF bytes, its password and the expected UnifiedResponse.
"""

from .statement import ENCRYPTIONS, GeneratedStatement, encrypt, generate

__all__ = ["ENCRYPTIONS", "GeneratedStatement", "encrypt", "generate"]
