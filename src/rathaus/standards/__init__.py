"""Pure-Python codecs of the German e-government standards (no Django, no project imports)."""
