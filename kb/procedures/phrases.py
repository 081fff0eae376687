"""Short Vietnamese phrases for record values (fees), shared by the assistant and the CLI."""

from __future__ import annotations

from kb.procedures.schema import Fee


def fee_text(f: Fee) -> str:
    """One fee as a short Vietnamese phrase."""
    if f.amount == 0:
        base = "Không mất phí" if not f.description else f"Miễn phí / không thu ({f.description})"
        return base if f.description not in ("0", "") else "Không mất phí"
    if f.amount:
        amount = f"{f.amount:,}".replace(",", ".") + " đồng"
        return f"{amount}" + (f" — {f.description}" if f.description else "")
    return f.description or "Không có thông tin"
