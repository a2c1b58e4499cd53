"""The UnifiedResponse of the REST contract as pydantic models.

Every field is optional; ``model_dump(exclude_none=True)`` yields exactly the contract's JSON
names (``statement_period.from`` is the only alias). Dates are ``YYYY-MM-DD`` strings and
``generated_at`` is RFC 3339, so the dump loads unchanged into the protobuf mirror.
Added fields (never renamed ones): ``warnings`` and ``meta.detection``.

Money, units and prices are :data:`Exact` (``Decimal``): core computes and checks with the
printed digits, and only the JSON dump turns them into numbers (the proto's ``double``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

from .enums import CasType, Issuer, SchemeType, StatementKind, StatementVariant, TransactionType

#: an exact quantity as printed; a JSON number, the same ``float`` the proto carries, at the edge
Exact = Annotated[Decimal, PlainSerializer(float, return_type=float, when_used="json")]


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
    )


class StatementPeriod(_Model):
    from_: str | None = Field(None, alias="from")
    to: str | None = None


class Detection(_Model):
    """How the document was recognised (an added field)."""

    kind: StatementKind | None = None
    issuer: Issuer | None = None
    variant: StatementVariant | None = None
    confidence: float | None = None
    watermark: bool | None = None
    #: True when the registrar's watermark is missing: a re-printed / "print to PDF" copy
    reprinted: bool | None = None


class OcrPageInfo(_Model):
    """How one page was read by OCR (an added field)."""

    page: int | None = None
    engine: str | None = None
    confidence: float | None = None
    rotation: int | None = None
    skew: float | None = None
    fallback: str | None = None


class OcrInfo(_Model):
    """The pages read by OCR instead of a text layer, and how well (an added field)."""

    pages: list[OcrPageInfo] | None = None
    mean_confidence: float | None = None


class Meta(_Model):
    cas_type: CasType | None = None
    generated_at: str | None = None
    statement_period: StatementPeriod | None = None
    detection: Detection | None = None
    pages: int | None = None
    #: False when printed totals do not reconcile with what was read (see incomplete_sections)
    complete: bool | None = None
    incomplete_sections: list[str] | None = None
    ocr: OcrInfo | None = None


class Investor(_Model):
    name: str | None = None
    pan: str | None = None
    email: str | None = None
    mobile: str | None = None
    address: str | None = None
    pincode: str | None = None
    cas_id: str | None = None


class AccountTotal(_Model):
    count: int | None = None
    total_value: Exact | None = None


class SummaryAccounts(_Model):
    demat: AccountTotal | None = None
    mutual_funds: AccountTotal | None = None
    insurance: AccountTotal | None = None
    nps: AccountTotal | None = None


class Summary(_Model):
    total_value: Exact | None = None
    accounts: SummaryAccounts | None = None


class LinkedHolder(_Model):
    name: str | None = None
    pan: str | None = None


class TransactionAdditionalInfo(_Model):
    capital_withdrawal: Exact | None = None
    credit: Exact | None = None
    debit: Exact | None = None
    income_distribution: Exact | None = None
    order_no: str | None = None
    price: Exact | None = None
    stamp_duty: Exact | None = None


class Transaction(_Model):
    date: str | None = None
    description: str | None = None
    type: TransactionType | None = None
    amount: Exact | None = None
    units: Exact | None = None
    nav: Exact | None = None
    balance: Exact | None = None
    dividend_rate: Exact | None = None
    additional_info: TransactionAdditionalInfo | None = None


class HoldingAdditionalInfo(_Model):
    open_units: Exact | None = None
    close_units: Exact | None = None
    pledged_units: Exact | None = None
    locked_units: Exact | None = None
    frozen_units: Exact | None = None
    free_units: Exact | None = None
    #: market price (or NAV) per unit as printed
    price: Exact | None = None
    symbol: str | None = None
    #: face value per unit as printed (NSDL's equity and bond tables; an added field)
    face_value: Exact | None = None
    #: coupon rate in percent, its frequency as printed, and the maturity date (bonds and
    #: government securities in NSDL's bond table; added fields)
    coupon_rate: Exact | None = None
    coupon_frequency: str | None = None
    maturity_date: str | None = None
    #: SUSPENDED, UNLISTED or UNDER_LIQUIDATION where the statement marks the security so
    #: (CDSL's ``@`` / ``!!`` / ``##``; an added field)
    listing_status: str | None = None


class Holding(_Model):
    isin: str | None = None
    name: str | None = None
    units: Exact | None = None
    value: Exact | None = None
    additional_info: HoldingAdditionalInfo | None = None
    transactions: list[Transaction] | None = None


class Holdings(_Model):
    equities: list[Holding] | None = None
    demat_mutual_funds: list[Holding] | None = None
    corporate_bonds: list[Holding] | None = None
    government_securities: list[Holding] | None = None
    aifs: list[Holding] | None = None


class DematAdditionalInfo(_Model):
    bo_status: str | None = None
    bo_sub_status: str | None = None
    bo_type: str | None = None
    bsda: str | None = None
    email: str | None = None
    linked_pans: list[str] | None = None
    nominee: str | None = None
    status: str | None = None


class DematAccount(_Model):
    demat_type: str | None = None
    dp_id: str | None = None
    dp_name: str | None = None
    client_id: str | None = None
    bo_id: str | None = None
    value: Exact | None = None
    linked_holders: list[LinkedHolder] | None = None
    additional_info: DematAdditionalInfo | None = None
    holdings: Holdings | None = None


class Gain(_Model):
    absolute: Exact | None = None
    percentage: Exact | None = None


class SchemeAdditionalInfo(_Model):
    advisor: str | None = None
    amfi: str | None = None
    rta_code: str | None = None
    open_units: Exact | None = None
    close_units: Exact | None = None
    nav_date: str | None = None


class Scheme(_Model):
    name: str | None = None
    isin: str | None = None
    type: SchemeType | None = None
    units: Exact | None = None
    nav: Exact | None = None
    value: Exact | None = None
    cost: Exact | None = None
    gain: Gain | None = None
    nominees: list[str] | None = None
    additional_info: SchemeAdditionalInfo | None = None
    transactions: list[Transaction] | None = None


class FolioAdditionalInfo(_Model):
    kyc: str | None = None
    pan: str | None = None
    pankyc: str | None = None
    #: the folio's unique client code at the exchanges' MF platforms (depository statements;
    #: absent when printed as ``NOT AVAILABLE``) and its mode of holding (CDSL; added fields)
    ucc: str | None = None
    mode_of_holding: str | None = None


class MutualFundFolio(_Model):
    amc: str | None = None
    folio_number: str | None = None
    registrar: str | None = None
    value: Exact | None = None
    linked_holders: list[LinkedHolder] | None = None
    additional_info: FolioAdditionalInfo | None = None
    schemes: list[Scheme] | None = None


class InsurancePolicy(_Model):
    policy_number: str | None = None
    policy_name: str | None = None
    provider: str | None = None
    life_assured: str | None = None
    sum_assured: Exact | None = None
    premium_amount: Exact | None = None
    premium_frequency: str | None = None
    status: str | None = None
    additional_info: dict[str, str] | None = None


class Insurance(_Model):
    life_insurance_policies: list[InsurancePolicy] | None = None


class NpsFundAdditionalInfo(_Model):
    manager: str | None = None
    tier: int | None = None
    #: the scheme's asset class: E (equity), C (corporate debt), G (government securities) or
    #: A (alternative assets), from ``SCHEME E`` in its name (an added field)
    asset_class: str | None = None


class NpsFund(_Model):
    name: str | None = None
    units: Exact | None = None
    nav: Exact | None = None
    value: Exact | None = None
    cost: Exact | None = None
    additional_info: NpsFundAdditionalInfo | None = None


class NpsAccount(_Model):
    pran: str | None = None
    cra: str | None = None
    value: Exact | None = None
    linked_holders: list[LinkedHolder] | None = None
    funds: list[NpsFund] | None = None
    additional_info: dict[str, Any] | None = None


class UnifiedResponse(_Model):
    meta: Meta | None = None
    investor: Investor | None = None
    summary: Summary | None = None
    demat_accounts: list[DematAccount] | None = None
    mutual_funds: list[MutualFundFolio] | None = None
    insurance: Insurance | None = None
    nps: list[NpsAccount] | None = None
    #: validation mismatches (running balances, printed totals); empty when all reconcile
    warnings: list[str] | None = None

    def to_dict(self) -> dict[str, object]:
        """The contract's JSON shape (no nulls)."""
        return self.model_dump(mode="json", exclude_none=True)
