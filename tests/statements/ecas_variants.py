"""Layout variants of the eCAS families, chosen by seed.

The parsers must not key on one drawing of a table: each variant changes what registrars and
depositories are known to change (statement-layouts.md, "The same statement, printed
differently") — how table headers wrap, how wide names are cut, where the stock symbol sits,
which table form a CDSL account takes inside an NSDL statement, the phrasing of headings and
whether a table's header is repeated after a page break.
"""

from __future__ import annotations

from dataclasses import dataclass

#: the long form company names take after a corporate action (2 to 3 lines once cut)
SUB_DIVISION = "#NEW EQUITY SHARES WITH FACE VALUE RS. 2/- AFTER SUB DIVISION"


@dataclass(frozen=True, slots=True)
class EcasVariant:
    index: int
    header_lines: int  # table headers on 1, 2 or 3 baselines
    name_chars: int  # NSDL cuts security names every this many characters
    symbol_beside: bool  # stock symbol on the ISIN's line rather than below it
    cdsl_summary_form: bool  # CDSL accounts inside NSDL in the equity/units summary form
    long_names: bool  # some company names carry the sub-division suffix
    repeat_header: str | None  # after a page break: None, "" (same header) or " (contd.)"
    currency: str  # how "in rupees" is printed in headers
    period_style: int  # which phrasing of the statement period
    face_value_column: bool  # equity tables with or without the Face Value column
    mf_advisor: bool  # CDSL's MF units table with the ARN / Direct column (newer)
    mf_ter: bool  # … and with the TER and commission columns (newest)
    kv_style: int  # CDSL's ``Label : value`` blocks: 0 paired, 1 one per line, 2 upper case


VARIANTS = (
    EcasVariant(0, 1, 24, False, False, False, None, "in `", 0, True, True, True, 0),
    EcasVariant(1, 2, 30, False, True, True, "", "in `", 1, True, True, False, 1),
    EcasVariant(2, 3, 20, False, False, False, " (contd.)", "(`)", 2, True, False, True, 2),
    EcasVariant(3, 2, 24, True, True, True, None, "in `", 3, True, False, False, 1),
)


def ecas_variant(seed: int) -> EcasVariant:
    return VARIANTS[seed % len(VARIANTS)]
