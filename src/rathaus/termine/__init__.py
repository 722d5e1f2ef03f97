"""Terminvergabe: appointments at the offices that work by appointment only."""
