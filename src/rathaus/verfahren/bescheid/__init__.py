"""The Bescheid (decision document) of a Verfahren, end to end.

vorlagen.py     BescheidVorlage per Leistung (or default): create/update, which applies
platzhalter.py  the fixed set of placeholders, checked on save, replaced as plain text
inhalt.py       what a Bescheid says, collected from Verfahren, decision, Antrag, catalogue
dokument.py     the PDF/A-3b render (WeasyPrint, templates verfahren/bescheid/)
postfach.py     message to the citizen's Postfach + email notification via the outbox
services.py     bescheid_request (the step asks the worker) / bescheid_create /
                bescheid_deliver (the BPMN service tasks, see handlers.py), the parts
                bescheid_draft and bescheid_file, the record of the citizen's
                download; the worker finishes in verfahren/services/bescheid.py
selectors.py    the Version a citizen may download from their Postfach message
"""
