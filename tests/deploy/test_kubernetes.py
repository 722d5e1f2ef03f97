"""The Kubernetes manifests (deploy/kubernetes): each kustomization renders with
`kubectl kustomize`, every object validates against the Kubernetes JSON schemas (offline,
kubernetes-validate, strict: an unknown field is an error), and the rules of the
deployment hold (non-root, read-only root, no capabilities, limits, probes, references).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
KUSTOMIZE = ROOT / "deploy" / "kubernetes"
KUSTOMIZATIONS = {"base": KUSTOMIZE / "base", "demo": KUSTOMIZE / "overlays" / "demo"}
# The oldest Kubernetes release still supported upstream when this was written (Dec 2026),
# and the newest the validator knows: the manifests must fit both.
VERSIONS = ("1.32", kubernetes_validate.latest_version())
README = ROOT / "README.md"
ENTRYPOINT = ROOT / "deploy" / "container" / "rathaus-container"
# Set by the deployment, not settings of Rathaus: gunicorn's processes, the official
# PostgreSQL image's variables.
NOT_SETTINGS = {"WEB_CONCURRENCY", "PGDATA", "POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB"}
WORKLOADS = {"Deployment", "Job", "StatefulSet", "DaemonSet"}

KUBECTL = shutil.which("kubectl")
needs_kubectl = pytest.mark.skipif(
    KUBECTL is None, reason="kubectl is not installed (apt: kubectl); CI has it"
)


def render(path: Path) -> list[dict[str, Any]]:
    assert KUBECTL is not None
    ergebnis = subprocess.run(
        [KUBECTL, "kustomize", str(path)], capture_output=True, text=True, timeout=60, check=False
    )
    assert ergebnis.returncode == 0, ergebnis.stderr
    return [doc for doc in yaml.safe_load_all(ergebnis.stdout) if doc]


@pytest.fixture(scope="module", params=sorted(KUSTOMIZATIONS))
def rendered(request: pytest.FixtureRequest) -> tuple[str, list[dict[str, Any]]]:
    if KUBECTL is None:
        pytest.skip("kubectl is not installed (apt: kubectl); CI has it")
    return request.param, render(KUSTOMIZATIONS[request.param])


def pod_specs(docs: list[dict[str, Any]]) -> Iterator[tuple[str, dict[str, Any]]]:
    for doc in docs:
        if doc["kind"] in WORKLOADS:
            yield f"{doc['kind']}/{doc['metadata']['name']}", doc["spec"]["template"]["spec"]


def is_rathaus(container: dict[str, Any]) -> bool:
    return container["image"].rsplit("/", 1)[-1].split(":")[0] == "rathaus"


def rule_violations(docs: list[dict[str, Any]]) -> list[str]:
    """What breaks the deployment's rules, one line each (empty: all hold)."""
    fehler: list[str] = []
    names = {(d["kind"], d["metadata"]["name"]) for d in docs}
    for name, spec in pod_specs(docs):
        pod_ctx = spec.get("securityContext", {})
        if not pod_ctx.get("runAsNonRoot"):
            fehler.append(f"{name}: runAsNonRoot missing")
        if pod_ctx.get("seccompProfile", {}).get("type") != "RuntimeDefault":
            fehler.append(f"{name}: seccompProfile RuntimeDefault missing")
        if spec.get("automountServiceAccountToken") is not False:
            fehler.append(f"{name}: automountServiceAccountToken is not false")
        volumes = {v["name"] for v in spec.get("volumes", [])}
        for volume in spec.get("volumes", []):
            claim = volume.get("persistentVolumeClaim", {}).get("claimName")
            if claim and ("PersistentVolumeClaim", claim) not in names:
                fehler.append(f"{name}: claim {claim} is not in the render")
        for c in spec.get("initContainers", []) + spec["containers"]:
            where = f"{name}/{c['name']}"
            ctx = c.get("securityContext", {})
            if ctx.get("readOnlyRootFilesystem") is not True:
                fehler.append(f"{where}: readOnlyRootFilesystem is not true")
            if ctx.get("allowPrivilegeEscalation") is not False:
                fehler.append(f"{where}: allowPrivilegeEscalation is not false")
            if ctx.get("capabilities", {}).get("drop") != ["ALL"]:
                fehler.append(f"{where}: capabilities are not all dropped")
            for art in ("requests", "limits"):
                if not {"cpu", "memory"} <= set(c.get("resources", {}).get(art, {})):
                    fehler.append(f"{where}: resources.{art} lacks cpu or memory")
            for mount in c.get("volumeMounts", []):
                if mount["name"] not in volumes:
                    fehler.append(f"{where}: volume {mount['name']} not defined")
            for quelle in c.get("envFrom", []):
                for art, kind in (("configMapRef", "ConfigMap"), ("secretRef", "Secret")):
                    ref = quelle.get(art, {}).get("name")
                    # The base leaves the Secret to the operator (README).
                    if ref and (kind, ref) not in names and ref != "rathaus-secrets":
                        fehler.append(f"{where}: {kind} {ref} is not in the render")
            if is_rathaus(c):
                mounts = {m["mountPath"] for m in c.get("volumeMounts", [])}
                if not {"/tmp", "/var/lib/rathaus"} <= mounts:
                    fehler.append(f"{where}: /tmp and /var/lib/rathaus must be volumes")
    return fehler


@needs_kubectl
def test_every_object_validates_against_the_kubernetes_schemas(rendered):
    name, docs = rendered
    assert len(docs) >= 10, f"{name}: too few objects rendered"
    for version in VERSIONS:
        for doc in docs:
            try:
                kubernetes_validate.validate(doc, version, strict=True)
            except kubernetes_validate.ValidationError as fehler:
                pytest.fail(f"{name} {doc['kind']}/{doc['metadata']['name']} ({version}): {fehler}")


@needs_kubectl
def test_the_rules_of_the_deployment_hold(rendered):
    name, docs = rendered
    assert rule_violations(docs) == [], name
    kinds = {d["kind"] for d in docs}
    assert {
        "Deployment",
        "Service",
        "HorizontalPodAutoscaler",
        "Job",
        "ConfigMap",
        "PodDisruptionBudget",
        "NetworkPolicy",
    } <= kinds
    assert ("Secret" in kinds) == (name == "demo"), "the base ships no Secret, the demo does"


@needs_kubectl
def test_web_probes_ask_healthz_as_a_host_the_site_answers_to(rendered):
    _name, docs = rendered
    config = next(
        d for d in docs if d["kind"] == "ConfigMap" and d["metadata"]["name"] == "rathaus-config"
    )
    hosts = config["data"]["RATHAUS_ALLOWED_HOSTS"].split(",")
    web = next(
        d for d in docs if d["kind"] == "Deployment" and d["metadata"]["name"] == "rathaus-web"
    )
    container = web["spec"]["template"]["spec"]["containers"][0]
    assert container["args"] == ["web"]
    for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
        get = container[probe]["httpGet"]
        assert get["path"] == "/healthz" and get["port"] == "http", probe
        host = {h["name"]: h["value"] for h in get["httpHeaders"]}["Host"]
        assert host in hosts, f"{probe}: Host {host} not in RATHAUS_ALLOWED_HOSTS"


@needs_kubectl
def test_selectors_and_references_meet_their_targets(rendered):
    _name, docs = rendered
    pods = {
        d["metadata"]["name"]: d["spec"]["template"]["metadata"]["labels"]
        for d in docs
        if d["kind"] == "Deployment"
    }
    for doc in docs:
        if doc["kind"] == "Deployment":
            selector = doc["spec"]["selector"]["matchLabels"]
            assert selector.items() <= pods[doc["metadata"]["name"]].items()
        if doc["kind"] in ("Service", "PodDisruptionBudget"):
            sel = doc["spec"]["selector"]
            sel = sel.get("matchLabels", sel)
            assert any(sel.items() <= labels.items() for labels in pods.values()), doc
        if doc["kind"] == "HorizontalPodAutoscaler":
            assert doc["spec"]["scaleTargetRef"]["name"] in pods


@needs_kubectl
def test_config_holds_only_documented_settings(rendered):
    documented: set[str] = set()
    for zeile in README.read_text().splitlines():
        if zeile.startswith("| `"):
            documented |= set(re.findall(r"`([A-Z][A-Z0-9_]*)`", zeile.split("|")[1]))
    _name, docs = rendered
    for doc in docs:
        if doc["kind"] in ("ConfigMap", "Secret"):
            keys = set(doc.get("data", {})) | set(doc.get("stringData", {}))
            assert keys - documented - NOT_SETTINGS == set(), doc["metadata"]["name"]


@needs_kubectl
def test_every_role_the_manifests_start_exists_in_the_entrypoint(rendered):
    _name, docs = rendered
    rollen = set(re.findall(r"^  ([a-z]+)\)$", ENTRYPOINT.read_text(), re.MULTILINE))
    assert {"web", "worker", "migrate", "bootstrap", "healthcheck"} <= rollen
    for name, spec in pod_specs(docs):
        for c in spec["containers"]:
            if is_rathaus(c):
                assert c["args"][0] in rollen, name


# -- the checks themselves catch what they are for ----------------------------------------


@needs_kubectl
def test_a_misspelt_field_is_rejected_by_the_schema_check():
    docs = render(KUSTOMIZATIONS["base"])
    web = next(d for d in docs if d["kind"] == "Deployment")
    ctx = web["spec"]["template"]["spec"]["containers"][0]["securityContext"]
    ctx["readOnlyRootFilesytem"] = ctx.pop("readOnlyRootFilesystem")
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(web, VERSIONS[0], strict=True)
    web["spec"]["replicas"] = "zwei"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(web, VERSIONS[0], strict=False)


@needs_kubectl
@pytest.mark.parametrize(
    ("aenderung", "meldung"),
    [
        (lambda s: s["containers"][0]["securityContext"].pop("readOnlyRootFilesystem"), "readOnly"),
        (
            lambda s: s["containers"][0]["securityContext"]["capabilities"].update(drop=[]),
            "capabil",
        ),
        (lambda s: s["securityContext"].pop("runAsNonRoot"), "runAsNonRoot"),
        (lambda s: s["containers"][0]["resources"].pop("limits"), "limits"),
        (lambda s: s["containers"][0]["volumeMounts"].pop(0), "/tmp"),
        (lambda s: s.update(automountServiceAccountToken=True), "automount"),
        (lambda s: s["volumes"].pop(0), "not defined"),
    ],
)
def test_a_broken_rule_is_named(aenderung, meldung):
    docs = render(KUSTOMIZATIONS["demo"])
    worker = next(d for d in docs if d["metadata"]["name"] == "rathaus-worker")
    aenderung(worker["spec"]["template"]["spec"])
    fehler = rule_violations(docs)
    assert len(fehler) >= 1 and any(meldung in f for f in fehler), fehler
