"""Sample answers by ``Service/Method`` (the CAMS statement sample lives in a JSON file)."""

from __future__ import annotations

import base64
import io
from typing import Any

import pikepdf

from ..servicers.convert import succeeded


def _blank_pdf() -> str:
    """A one-page blank PDF, base64 (the JSON form of an HttpBody's bytes)."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out)
    return base64.b64encode(out.getvalue()).decode()


_HOLDER = {"name": "PRIYA RAMAN IYER", "pan": "ABCPI1234K"}

_NSDL_STATEMENT: dict[str, Any] = {
    "meta": {
        "cas_type": "NSDL",
        "generated_at": "2025-04-02T09:30:00Z",
        "statement_period": {"from": "2025-03-01", "to": "2025-03-31"},
    },
    "investor": {
        "name": "PRIYA RAMAN IYER",
        "pan": "ABCPI1234K",
        "address": "12 Lake View Road, Jayanagar, Bengaluru",
        "pincode": "560041",
        "cas_id": "100245871",
    },
    "summary": {
        "total_value": 412850.75,
        "accounts": {
            "demat": {"count": 1, "total_value": 287410.25},
            "mutual_funds": {"count": 1, "total_value": 125440.5},
        },
    },
    "demat_accounts": [
        {
            "demat_type": "NSDL",
            "dp_id": "IN300476",
            "dp_name": "EXAMPLE SECURITIES LIMITED",
            "client_id": "41852217",
            "bo_id": "IN30047641852217",
            "value": 287410.25,
            "linked_holders": [_HOLDER],
            "additional_info": {"bo_status": "Active", "nominee": "RAMAN IYER"},
            "holdings": {
                "equities": [
                    {
                        "isin": "INE009A01021",
                        "name": "INFOSYS LIMITED",
                        "units": 120.0,
                        "value": 178236.0,
                        "additional_info": {"open_units": 100.0, "close_units": 120.0},
                        "transactions": [
                            {
                                "date": "2025-03-12",
                                "description": "BY-CM NSE SETTLEMENT",
                                "type": "PURCHASE",
                                "units": 20.0,
                                "balance": 120.0,
                                "additional_info": {"credit": 20.0, "debit": 0.0},
                            }
                        ],
                    }
                ],
                "government_securities": [
                    {
                        "isin": "IN0020230085",
                        "name": "SGB 2023-24 SERIES III",
                        "units": 18.0,
                        "value": 109174.25,
                        "additional_info": {"open_units": 18.0, "close_units": 18.0},
                    }
                ],
            },
        }
    ],
    "mutual_funds": [
        {
            "amc": "HDFC Mutual Fund",
            "folio_number": "18276455 / 21",
            "registrar": "CAMS",
            "value": 125440.5,
            "linked_holders": [_HOLDER],
            "schemes": [
                {
                    "name": "HDFC Flexi Cap Fund - Direct Plan - Growth",
                    "isin": "INF179K01UT0",
                    "type": "Equity",
                    "units": 62.418,
                    "nav": 2009.7216,
                    "value": 125440.5,
                    "cost": 100000.0,
                    "gain": {"absolute": 25440.5, "percentage": 25.44},
                }
            ],
        }
    ],
    "warnings": [],
}

_CDSL_STATEMENT: dict[str, Any] = {
    **_NSDL_STATEMENT,
    "meta": {
        "cas_type": "CDSL",
        "generated_at": "2025-05-02T09:30:00Z",
        "statement_period": {"from": "2025-04-01", "to": "2025-04-30"},
    },
    "investor": {**_NSDL_STATEMENT["investor"], "cas_id": "CDSL0045871"},
    "demat_accounts": [
        {
            **_NSDL_STATEMENT["demat_accounts"][0],
            "demat_type": "CDSL",
            "dp_id": "12081600",
            "client_id": "00123456",
            "bo_id": "1208160000123456",
            "additional_info": {
                "bo_status": "Active",
                "bo_sub_status": "Individual-Resident",
                "bo_type": "Individual",
                "bsda": "No",
                "nominee": "RAMAN IYER",
            },
        }
    ],
}

_CONTRACT_NOTE: dict[str, Any] = {
    "status": "success",
    "msg": "success",
    "data": {
        "contract_note_info": {
            "contract_note_number": "CNT-25/26-48213377",
            "trade_date": "2025-04-02",
            "settlement_number": "2025065",
            "settlement_date": "2025-04-03",
        },
        "broker_info": {
            "broker_type": "zerodha",
            "name": "Zerodha Broking Limited",
            "sebi_registration": "INZ000031633",
        },
        "client_info": {
            "name": "PRIYA RAMAN IYER",
            "pan": "ABCPI1234K",
            "ucc": "XY1234",
            "gst_state_code": "29",
            "place_of_supply": "KARNATAKA",
        },
        "equity_transactions": [
            {
                "isin": "INE009A01021",
                "security_name": "INFOSYS LIMITED",
                "security_symbol": "INFY",
                "buy_quantity": 20,
                "buy_wap": 1485.3,
                "buy_total_value": 29706.0,
                "sell_quantity": 0,
                "sell_wap": 0,
                "sell_total_value": 0,
                "net_obligation": -29706.0,
            }
        ],
        "derivatives_transactions": [],
        "detailed_trades": [
            {
                "order_number": "1300000012345678",
                "order_time": "09:21:14",
                "trade_number": "45123987",
                "trade_time": "09:21:14",
                "security_description": "INFY-EQ/INE009A01021",
                "buy_sell": "B",
                "exchange": "NSE",
                "quantity": 20,
                "brokerage": 0,
                "net_rate_per_unit": 1485.3,
                "net_total": -29706.0,
            }
        ],
        "charges_summary": {
            "pay_in_pay_out_obligation": -29706.0,
            "taxable_value_brokerage": 0,
            "exchange_transaction_charges": 0.89,
            "igst": 0.16,
            "securities_transaction_tax": 30.0,
            "sebi_turnover_fees": 0.03,
            "stamp_duty": 4.46,
            "net_amount_receivable_payable": -29741.54,
        },
    },
}

_JOB = {
    "job_id": "job_sandbox0001",
    "name": "April statements",
    "status": "completed",
    "total": 2,
    "done": 2,
    "failed": 0,
    "percent": 100.0,
    "created_at": "2025-04-02T09:30:00Z",
    "updated_at": "2025-04-02T09:30:07Z",
    "documents": [
        {"source": "statements/cas_april.pdf", "status": "completed", "document_id": "doc_s1"},
        {"source": "statements/ecas_march.pdf", "status": "completed", "document_id": "doc_s2"},
    ],
}

#: a digital statement's stages (no OCR, no tagging), within its processing_ms
_TIMINGS = {
    "fetch_ms": 1.4,
    "open_ms": 6.2,
    "text_ms": 21.8,
    "detect_ms": 0.6,
    "parse_ms": 170.3,
    "store_ms": 3.1,
}
_DOCUMENT = {
    "id": "doc_s1",
    "job_id": "job_sandbox0001",
    "filename": "cas_april.pdf",
    "status": "completed",
    "document_type": "cams_kfintech",
    "pages": 6,
    "size": 184320,
    "sha256": "9f2c4a7be1d05c38a7e4f0b6c2d9e1a3b5c7d9e0f1a2b3c4d5e6f708192a3b4c",
    "processing_ms": 212.5,
    "tags": ["cas", "mutual_funds"],
    "created_at": "2025-04-02T09:30:03Z",
    "timings": _TIMINGS,
}

_WORKFLOW = {
    "id": "wf_sandbox01",
    "name": "CAS completeness",
    "description": "A CAS must name its investor and reconcile its totals",
    "rules": [
        {"rule_id": "pan", "description": "PAN present", "kind": "field_present",
         "field": "investor.pan"},
        {"rule_id": "fresh", "description": "Statement is recent", "kind": "date_within",
         "field": "statement_period.to", "days": 90},
    ],
    "version": 1,
    "created_at": "2025-04-01T08:00:00Z",
    "updated_at": "2025-04-01T08:00:00Z",
}  # fmt: skip


_SAMPLE_FIELDS = {
    "investor.name": {"value": "PRIYA RAMAN IYER", "type": "text", "raw": "PRIYA RAMAN IYER",
                      "page": 1, "bbox": [36.0, 118.4, 171.2, 128.0], "source": "statement"},
    "investor.pan": {"value": "ABCPI1234K", "type": "pan", "raw": "ABCPI1234K", "page": 1,
                     "bbox": [412.5, 118.4, 470.1, 128.0], "source": "statement"},
}  # fmt: skip

_WEBHOOK = {
    "id": "wh_sandbox01",
    "url": "https://example.com/hooks/casgate",
    "events": ["parse.completed", "batch.completed"],
    "created_at": "2025-04-01T08:00:00Z",
    "disabled": False,
}
_WEBHOOK_SECRET = "whsec_c2FuZGJveC1zYW5kYm94LXNhbmRib3gtc2FuZGJveA=="
_DELIVERY = {
    "id": "dlv_sandbox01",
    "webhook_id": "wh_sandbox01",
    "message_id": "msg_sandbox01",
    "event": "parse.completed",
    "status": "succeeded",
    "attempts": 2,
    "response_code": 200,
    "latency_ms": 41.5,
    "created_at": "2025-04-01T08:05:00Z",
    "delivered_at": "2025-04-01T08:05:06Z",
    "attempt_log": [
        {"number": 1, "started_at": "2025-04-01T08:05:00Z", "response_code": 500,
         "latency_ms": 38.2, "error": "the receiver answered HTTP 500"},
        {"number": 2, "started_at": "2025-04-01T08:05:06Z", "response_code": 200,
         "latency_ms": 41.5},
    ],
}  # fmt: skip

#: a forward-to address, as the published client's ``InboundEmail*Response`` describes it
_INBOUND_EMAIL: dict[str, Any] = {
    "inbound_email_id": "ie_sandbox0001",
    "email": "priya-portfolio@inbound.localhost",
    "status": "active",
    "allowed_sources": ["cdsl", "nsdl"],
    "callback_url": "https://example.com/webhooks/inbound",
    "metadata": {"plan": "gold"},
    "reference": "user_42",
    "created_at": "2025-04-01T09:30:00Z",
    "updated_at": "2025-04-01T09:30:00Z",
    "has_password": False,
}

SAMPLES: dict[str, dict[str, Any]] = {
    "ParseService/ParseNsdl": _NSDL_STATEMENT,
    "ParseService/ParseCdsl": _CDSL_STATEMENT,
    "ParseService/ParseContractNote": _CONTRACT_NOTE,
    "ExtractionService/Extract": {
        "job_id": "ext_sandbox01",
        "filename": "cas_april.pdf",
        "status": "completed",
        "result": {
            "document_type": "cams_kfintech",
            "cas_type": "CAMS_KFINTECH",
            "pages": 6,
            "text_by_page": ["Consolidated Account Statement 01-Apr-2024 To 31-Mar-2025 ..."],
            "tables": [],
            "fields": _SAMPLE_FIELDS,
            "tags": ["cas", "mutual_funds"],
            "ocr_used": False,
        },
    },
    "ExtractionService/Review": {
        "job_id": "rev_sandbox01",
        "workflow_id": "wf_sandbox01",
        "status": "completed",
        "result": {
            "passed": True,
            "checks": [
                {
                    "rule_id": "pan",
                    "description": "PAN present",
                    "kind": "field_present",
                    "passed": True,
                    "observed": "ABCPI1234K",
                    "expected": "present",
                    "page": 1,
                    "bbox": [412.5, 118.4, 470.1, 128.0],
                },
            ],
            "workflow_version": 1,
            "document_type": "cams_kfintech",
        },
        "workflow_version": 1,
        "filename": "cas_april.pdf",
    },
    "ExtractionService/GetExtractionJob": {
        "job_id": "ext_sandbox01",
        "kind": "extraction",
        "status": "completed",
        "filename": "cas_april.pdf",
        "mode": "callback",
        "created_at": "2025-04-01T08:00:00Z",
        "finished_at": "2025-04-01T08:00:02Z",
    },
    "ExtractionService/UpdateWorkflow": {**_WORKFLOW, "version": 2},
    "ExtractionService/CreateWorkflow": _WORKFLOW,
    "ExtractionService/ListWorkflows": {
        "workflows": [_WORKFLOW],
        "page": 1,
        "page_size": 20,
        "total": 1,
    },
    "ExtractionService/GetWorkflow": _WORKFLOW,
    "ExtractionService/DeleteWorkflow": succeeded({"msg": "Workflow deleted"}),
    "ParseService/ProcessDocument": {
        "document_id": "doc_s1",
        "filename": "cas_april.pdf",
        "status": "completed",
        "document_type": "cams_kfintech",
        "confidence": 0.99,
        "pages": 6,
        "ocr_used": False,
        "tags": ["cas", "mutual_funds"],
        "processing_ms": 212.5,
        "timings": _TIMINGS,
    },
    "ParseService/PreviewDocument": {
        "url": "https://example.com/statements/cas_april.pdf",
        "pages": 6,
        "metadata": {"Producer": "CAMS", "Title": "Consolidated Account Statement"},
        "encrypted": True,
        "first_page_text": "Consolidated Account Statement",
        "size": 184320,
    },
    "FetchService/GenerateKfintechCas": succeeded(
        {
            "msg": "CAS request submitted. Check email shortly.",
        }
    ),
    "FetchService/StartCdslFetch": succeeded(
        {
            "session_id": "sess_sandbox_7f3a9c",
            "msg": "OTP sent to registered mobile",
        }
    ),
    "FetchService/VerifyCdslFetch": succeeded(
        {
            "msg": "Fetched 2 CAS files",
            "files": [
                {
                    "filename": "CDSL_CAS_2025_03.pdf",
                    "url": "https://example.com/files/sandbox/CDSL_CAS_2025_03.pdf",
                },
                {
                    "filename": "CDSL_CAS_2025_02.pdf",
                    "url": "https://example.com/files/sandbox/CDSL_CAS_2025_02.pdf",
                },
            ],
        }
    ),
    "InboxService/ConnectInbox": succeeded(
        {
            "oauth_url": "https://accounts.google.com/o/oauth2/v2/auth?client_id=sandbox",
            "expires_in": 600,
            "provider": "gmail",
        }
    ),
    "InboxService/GetInboxStatus": succeeded(
        {
            "connected": True,
            "provider": "gmail",
            "email": "priya@example.com",
        }
    ),
    "InboxService/ListInboxCas": succeeded(
        {
            "count": 1,
            "files": [
                {
                    "message_id": "18c4f2a9b7d3e001",
                    "filename": "cams_2025_03.pdf",
                    "original_filename": "CAS_01032025-31032025_CP123456789.pdf",
                    "message_date": "2025-04-01",
                    "cas_type": "cams",
                    "sender_email": "donotreply@camsonline.com",
                    "size": 184320,
                    "url": "https://example.com/files/sandbox/cams_2025_03.pdf",
                    "expires_in": 3600,
                }
            ],
        }
    ),
    "InboxService/DisconnectInbox": succeeded({"msg": "Email disconnected successfully"}),
    "InboundEmailService/CreateInboundEmail": _INBOUND_EMAIL,
    "InboundEmailService/GetInboundEmail": _INBOUND_EMAIL,
    "InboundEmailService/ListInboundEmails": succeeded(
        {"inbound_emails": [_INBOUND_EMAIL], "total": 1, "limit": 50, "offset": 0}
    ),
    "InboundEmailService/DeleteInboundEmail": succeeded(
        {"msg": "Inbound email deleted successfully"}
    ),
    "InboundEmailService/ListInboundEmailFiles": succeeded(
        {
            "count": 1,
            "files": [
                {
                    "message_id": "<cdsl-20250401@cdslstatement.com>",
                    "filename": "cdsl_20250401_5b1c0d7e9a21.pdf",
                    "original_filename": "CDSL_CAS_01032025_31032025.pdf",
                    "message_date": "2025-04-01",
                    "cas_type": "cdsl",
                    "sender_email": "ecas@cdslstatement.com",
                    "size": 184320,
                    "url": "https://example.com/files/sandbox/cdsl_20250401.pdf",
                    "expires_in": 1800,
                }
            ],
        }
    ),
    "AccountService/GetCredits": {
        "used": 12.5,
        "remaining": 87.5,
        "limit": 100.0,
        "is_unlimited": False,
        "resets_at": "2025-05-01T00:00:00Z",
        "enabled_features": ["cams_kfintech_cas_parser", "cdsl_cas_parser", "nsdl_cas_parser"],
    },
    "AccountService/ListUsage": succeeded(
        {
            "count": 1,
            "logs": [
                {
                    "request_id": "req_SandboxUsage0001",
                    "feature": "cams_kfintech_cas_parser",
                    "path": "/v4/smart/parse",
                    "status_code": 200,
                    "credits": 1.0,
                    "timestamp": "2025-04-02T09:30:00Z",
                }
            ],
        }
    ),
    "AccountService/SummarizeUsage": succeeded(
        {
            "summary": {
                "total_credits": 12.5,
                "total_requests": 13,
                "by_feature": [
                    {"feature": "cams_kfintech_cas_parser", "credits": 12.0, "requests": 12},
                    {"feature": "contract_note_parser", "credits": 0.5, "requests": 1},
                ],
            },
        }
    ),
    "AccountService/CreateAccessToken": {
        "access_token": "at_sandbox_0000000000000000",
        "token_type": "api_key",
        "expires_in": 3600,
    },
    "WebhookService/CreateWebhook": {**_WEBHOOK, "secret": _WEBHOOK_SECRET},
    "WebhookService/ListWebhooks": {"webhooks": [_WEBHOOK]},
    "WebhookService/GetWebhook": _WEBHOOK,
    "WebhookService/DeleteWebhook": succeeded({"msg": "Webhook deleted"}),
    "WebhookService/RotateWebhookSecret": {
        **_WEBHOOK,
        "secret": _WEBHOOK_SECRET,
        "previous_secret_expires_at": "2025-04-02T08:00:00Z",
    },
    "WebhookService/EnableWebhook": _WEBHOOK,
    "WebhookService/ListWebhookDeliveries": {"deliveries": [_DELIVERY]},
    "WebhookService/RedeliverWebhookDelivery": {
        **_DELIVERY,
        "id": "dlv_sandbox02",
        "status": "pending",
        "attempts": 0,
        "attempt_log": [],
    },
    "BatchService/StartBatch": {"job_id": "job_sandbox0001", "status": "queued", "total": 2},
    "BatchService/GetBatchStatus": _JOB,
    "BatchService/CancelBatch": {"job_id": "job_sandbox0001", "status": "cancelled"},
    "BatchService/PauseBatch": {"job_id": "job_sandbox0001", "status": "paused"},
    "BatchService/ResumeBatch": {"job_id": "job_sandbox0001", "status": "running"},
    "BatchService/ListActiveBatches": {"jobs": []},
    "BatchService/ValidatePaths": {
        "results": [
            {
                "path": "statements/cas_april.pdf",
                "exists": True,
                "readable": True,
                "is_pdf": True,
                "size": 184320,
                "encrypted": True,
            },
        ],
        "valid": 1,
        "invalid": 0,
    },
    "BatchService/ProcessBatch": {
        "job_id": "job_sandbox0002",
        "status": "completed",
        "total": 1,
        "done": 1,
        "failed": 0,
        "results": [
            {"source": "statements/cas_april.pdf", "status": "completed", "document_id": "doc_s1"}
        ],
    },
    "HistoryService/ListJobs": {
        "jobs": [{k: v for k, v in _JOB.items() if k != "documents"}],
        "page": 1,
        "page_size": 20,
        "total": 1,
    },
    "HistoryService/GetJob": _JOB,
    "HistoryService/DeleteJob": succeeded({"msg": "Job deleted"}),
    "HistoryService/ListDocuments": {
        "documents": [_DOCUMENT],
        "page": 1,
        "page_size": 20,
        "total": 1,
    },
    "HistoryService/SearchDocuments": {
        "documents": [_DOCUMENT],
        "page": 1,
        "page_size": 20,
        "total": 1,
    },
    "HistoryService/GetDocument": _DOCUMENT,
    # a scan's searchable copy: the sandbox has no scans, so a blank page stands in
    "HistoryService/GetSearchablePdf": {
        "body": {"content_type": "application/pdf", "data": _blank_pdf()}
    },
    "HistoryService/GetDocumentText": {
        "document_id": "doc_s1",
        "pages": 2,
        "page_texts": [
            "Consolidated Account Statement\n01-Apr-2024 To 31-Mar-2025",
            "Nippon India Mutual Fund\nFolio No: 22726977288 / 77",
        ],
        "text_truncated": False,
    },
    "HistoryService/GetStats": {
        "documents": 2,
        "pages": 10,
        "by_type": {"cams_kfintech": 1, "nsdl": 1},
        "by_status": {"completed": 2},
        "success_rate": 1.0,
        "mean_processing_ms": 187.2,
    },
}
