"""Anträge: submission of completed drafts, Anlagen, receipts and the outbox to processing."""
