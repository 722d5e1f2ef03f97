"""How digital is the city: figures computed from the system's own data, page, PDF, open data."""
