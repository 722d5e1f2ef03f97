"""The open-data catalogue validates against the real DCAT-AP.de 3.0 SHACL shapes."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF

from rathaus.berichte.opendata import DATEIEN, LIZENZ
from rathaus.berichte.services import kennzahlenstand_create

DATEN = Path(__file__).resolve().parents[5] / "shared" / "data" / "dcat-ap-de" / "3.0"
SHAPES = [
    DATEN / "semic-dcat-ap-3.0.0" / "dcat-ap-SHACL.ttl",
    DATEN / "shacl" / "dcat-ap-SHACL-DE.ttl",
    DATEN / "shacl" / "dcat-ap-spec-german-additions.ttl",
    DATEN / "shacl" / "dcat-ap-de-controlledvocabularies.ttl",
    DATEN / "shacl" / "dcat-ap-de-deprecated.ttl",
]
# The controlled vocabularies are imported from the web (dcat-ap-de-imports.ttl), which
# these tests cannot reach: the few concepts the catalogue uses are declared here with the
# scheme the published vocabularies put them in, nothing more.
VOKABULAR = """
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix eu: <http://publications.europa.eu/resource/authority/> .
<http://dcat-ap.de/def/licenses/dl-by-de/2.0> a skos:Concept ;
    skos:inScheme <http://dcat-ap.de/def/licenses> .
eu:access-right\\/PUBLIC a skos:Concept ; skos:inScheme eu:access-right .
eu:data-theme\\/GOVE a skos:Concept ; skos:inScheme eu:data-theme .
eu:frequency\\/DAILY a skos:Concept ; skos:inScheme eu:frequency .
eu:file-type\\/CSV a skos:Concept ; skos:inScheme eu:file-type .
eu:file-type\\/JSON a skos:Concept ; skos:inScheme eu:file-type .
eu:distribution-status\\/COMPLETED a skos:Concept ; skos:inScheme eu:distribution-status .
<http://purl.org/adms/publishertype/LocalAuthority> a skos:Concept ;
    skos:inScheme <http://purl.org/adms/publishertype/1.0> .
<http://dcat-ap.de/def/politicalGeocoding/Level/municipality> a skos:Concept ;
    skos:inScheme <http://dcat-ap.de/def/politicalGeocoding/Level> .
"""

pytestmark = pytest.mark.skipif(
    not DATEN.is_dir(), reason=f"DCAT-AP.de shapes not found at {DATEN} (../shared/data)"
)


def _vokabular() -> Graph:
    return Graph().parse(data=VOKABULAR, format="turtle")


def _shapes() -> Graph:
    g = Graph()
    for datei in SHAPES:
        g.parse(datei, format="turtle")
    return g


@pytest.fixture
def katalog(daten, client) -> tuple[Graph, str]:
    kennzahlenstand_create(actor="test")
    antwort = client.get("/opendata/katalog.ttl")
    assert antwort.status_code == 200 and antwort["Content-Type"].startswith("text/turtle")
    text = antwort.content.decode()
    return Graph().parse(data=text, format="turtle"), text


def test_catalogue_conforms_to_the_dcat_ap_de_shapes(katalog) -> None:
    from pyshacl import validate

    graph, _text = katalog
    konform, _bericht, text = validate(
        graph + _vokabular(), shacl_graph=_shapes(), inference="none", allow_warnings=True
    )
    assert konform, text


def test_catalogue_describes_every_file_with_the_licence(katalog, client) -> None:
    graph, _text = katalog
    datasets = set(graph.subjects(RDF.type, DCAT.Dataset))
    assert len(datasets) == len(DATEIEN)
    for ds in datasets:
        assert (ds, DCTERMS.license, LIZENZ) in graph
        for dist in graph.objects(ds, DCAT.distribution):
            assert (dist, DCTERMS.license, LIZENZ) in graph
            url = str(graph.value(dist, DCAT.downloadURL))
            assert client.get(url.replace("http://testserver", "")).status_code == 200, url
    # the service catalogue itself is one of the datasets
    assert URIRef("http://testserver/opendata/leistungskatalog") in datasets
    # JSON-LD carries the same graph
    jsonld = client.get("/opendata/katalog.jsonld")
    assert jsonld["Content-Type"] == "application/ld+json"
    assert Graph().parse(data=jsonld.content, format="json-ld").isomorphic(graph)


def test_a_broken_catalogue_fails_the_shapes(katalog) -> None:
    """The validation has teeth: a dataset without title and description is refused."""
    from pyshacl import validate

    graph, _text = katalog
    ds = next(graph.subjects(RDF.type, DCAT.Dataset))
    graph.remove((ds, DCTERMS.title, None))
    graph.remove((ds, DCTERMS.description, None))
    konform, _bericht, text = validate(
        graph + _vokabular(), shacl_graph=_shapes(), inference="none", allow_warnings=True
    )
    assert not konform and "dcterms:title" in text
