"""Gebühren und Bezahlen: fee rules, payments through payment plugins (XBezahldienste)."""
