"""Certificates of attendance: eligibility, issuing, PDFs, corrections, public verification."""
