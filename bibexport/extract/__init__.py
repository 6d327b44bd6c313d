"""Extraction of publication records from documents (CVs, homepages, profile pages)."""
