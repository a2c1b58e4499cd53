"""One module per statement family.

``cams_detailed`` and ``cams_summary`` read CAMS/KFintech statements; ``nsdl``, ``cdsl`` and
``contract_note`` belong here too, each exposing ``parse(document, detection) -> UnifiedResponse``
and registered in ``core.parse.PARSERS``.
"""
