"""Checks beyond the contract's shape: R1–R4 and warnings, the cross-year checks, the text–table
check, placeholders."""
