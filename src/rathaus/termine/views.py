from django.http import HttpResponse


def start(request, *a, **k):  # placeholder
    return HttpResponse("")


tage = tag = gesendet = warteliste = warteliste_verwalten = bestaetigen = verschieben = (
    verwalten
) = start
