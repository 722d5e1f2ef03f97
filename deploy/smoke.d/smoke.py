"""deploy/smoke: the Rathaus image and the demo manifests, run for real with podman.

Renders deploy/kubernetes/overlays/demo with `kubectl kustomize` and turns its objects
into the `podman run` calls Kubernetes would make of them (one podman pod stands for the
cluster network: each Service name resolves to it; PersistentVolumeClaims become named
volumes, emptyDirs anonymous ones; the securityContext becomes --user, --read-only,
--cap-drop ALL and no-new-privileges; resources become --memory and --cpus; Deployments
get the restart policy "always"). Then: PostgreSQL and Redis, the migrate Job, the
catalogue (bootstrap), web and worker; /healthz, a catalogue search, an Antrag through
the API, filed in the E-Akte with its Verfahren by the worker; the worker killed and
restarted by its restart policy, with Anträge submitted meanwhile, none lost.
Every step prints its time; everything is removed at the end, also on failure.

Only the standard library: it runs with the host's python3 before any virtual
environment exists (a clean clone). YAML is read by the image's own Python.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
IMAGE = os.environ.get("IMAGE", "localhost/rathaus:latest")
# Seconds for everything after the image is built (a cold build of the image alone takes
# 4–7 minutes here; CI gives the whole phase its own limit).
BUDGET = int(os.environ.get("SMOKE_BUDGET", "600"))
PODMAN = ["podman", "--runtime", "runc", "--cgroup-manager=cgroupfs"]
ULIMITS = ["--ulimit", "nofile=20000:20000", "--ulimit", "nproc=4096:4096"]
LEIKA = "99050053020000"  # the demo Leistung with a real FIM form (rathaus bootstrap)
ANTRAG = HERE / "antrag.json"  # valid answers to that form (S05000001319)
DEMO = ROOT / "deploy" / "kubernetes" / "overlays" / "demo"
# The pod's infra container takes no --ulimit; without these limits runc fails here
# ("error setting rlimit type 7"): podman's defaults for every container of this run.
CONTAINERS_CONF = '[containers]\ndefault_ulimits = ["nofile=20000:20000", "nproc=4096:4096"]\n'
T0 = time.monotonic()
BUILT: list[float] = []  # when the image step ended


class SmokeError(Exception):
    pass


def stamp() -> str:
    return f"[{time.strftime('%H:%M:%S')} +{time.monotonic() - T0:6.1f}s]"


def say(text: str) -> None:
    print(f"{stamp()} {text}", flush=True)


class Schritt:
    """One step: its name on entry, its duration on exit; the table at the end."""

    done: list[tuple[str, float, str]] = []

    def __init__(self, name: str) -> None:
        self.name = name

    def __enter__(self) -> Schritt:
        self.t = time.monotonic()
        self.detail = ""
        say(f"==> {self.name}")
        if BUILT and time.monotonic() - BUILT[0] > BUDGET:
            raise SmokeError(f"time budget of {BUDGET} s used up before '{self.name}'")
        return self

    def __exit__(self, typ: Any, exc: Any, tb: Any) -> None:
        dauer = time.monotonic() - self.t
        status = "ok" if typ is None else "FAILED"
        Schritt.done.append(
            (self.name, dauer, status if not self.detail else f"{status}: {self.detail}")
        )
        say(
            f"<== {self.name}: {status} ({dauer:.1f} s){' – ' + self.detail if self.detail else ''}"
        )


def run(
    args: list[str], *, check: bool = True, timeout: float = 300, **kw: Any
) -> subprocess.CompletedProcess[str]:
    ergebnis = subprocess.run(  # noqa: S603 - our own argument lists
        args, capture_output=True, text=True, timeout=timeout, check=False, **kw
    )
    if check and ergebnis.returncode != 0:
        raise SmokeError(
            f"{' '.join(args[:8])} … exit {ergebnis.returncode}\n"
            f"{ergebnis.stdout[-3000:]}\n{ergebnis.stderr[-3000:]}"
        )
    return ergebnis


def podman(*args: str, **kw: Any) -> subprocess.CompletedProcess[str]:
    return run([*PODMAN, *args], **kw)


def wait_until(what: str, probe: Any, timeout: float, interval: float = 1.0) -> Any:
    ende = time.monotonic() + timeout
    letzter: Any = None
    while time.monotonic() < ende:
        try:
            letzter = probe()
        except Exception as fehler:  # the thing is not up yet
            letzter = fehler
        else:
            if letzter:
                return letzter
        time.sleep(interval)
    raise SmokeError(f"{what}: not reached within {timeout:.0f} s (last: {letzter!r})")


# -- manifests → podman -----------------------------------------------------------------


class Cluster:
    def __init__(self, docs: list[dict[str, Any]], name: str, port: int) -> None:
        self.docs = docs
        self.name = name
        self.port = port
        self.volumes: list[str] = []
        self.containers: list[str] = []
        self.by_kind: dict[tuple[str, str], dict[str, Any]] = {
            (d["kind"], d["metadata"]["name"]): d for d in docs
        }

    def get(self, kind: str, name: str) -> dict[str, Any]:
        for (k, n), doc in self.by_kind.items():
            # generated ConfigMaps and Secrets carry a hash suffix
            if k == kind and (n == name or n.rsplit("-", 1)[0] == name):
                return doc
        raise SmokeError(f"{kind}/{name} is not in the rendered manifests")

    def create_pod(self) -> None:
        hosts: list[str] = []
        for (kind, name), _doc in self.by_kind.items():
            if kind == "Service":
                hosts += ["--add-host", f"{name}:127.0.0.1"]
        podman("pod", "create", "--name", self.name, *hosts, "-p", f"127.0.0.1:{self.port}:8000")

    def env_of(self, container: dict[str, Any]) -> list[str]:
        env: dict[str, str] = {}
        for quelle in container.get("envFrom", []):
            if "configMapRef" in quelle:
                env.update(self.get("ConfigMap", quelle["configMapRef"]["name"]).get("data", {}))
            if "secretRef" in quelle:
                import base64

                daten = self.get("Secret", quelle["secretRef"]["name"]).get("data", {})
                env.update({k: base64.b64decode(v).decode() for k, v in daten.items()})
        for eintrag in container.get("env", []):
            env[eintrag["name"]] = eintrag["value"]
        args: list[str] = []
        for key, value in env.items():
            args += ["--env", f"{key}={value}"]
        return args

    def volume_args(self, spec: dict[str, Any], container: dict[str, Any]) -> list[str]:
        volumes = {v["name"]: v for v in spec.get("volumes", [])}
        args: list[str] = []
        for mount in container.get("volumeMounts", []):
            volume = volumes[mount["name"]]
            ziel = mount["mountPath"]
            if "persistentVolumeClaim" in volume:
                name = f"{self.name}-{volume['persistentVolumeClaim']['claimName']}"
                if name not in self.volumes:
                    podman("volume", "create", name)
                    self.volumes.append(name)
                args += ["-v", f"{name}:{ziel}"]
            elif "emptyDir" in volume:
                # owned by the container's user (U): writable for it, as fsGroup makes an emptyDir
                groesse = (volume["emptyDir"] or {}).get("sizeLimit", "256Mi")
                groesse = groesse.replace("Gi", "g").replace("Mi", "m")
                args += ["--tmpfs", f"{ziel}:rw,exec,nosuid,nodev,size={groesse},U"]
            else:
                raise SmokeError(f"volume kind of {mount['name']} not supported here")
        return args

    def security_args(self, spec: dict[str, Any], container: dict[str, Any]) -> list[str]:
        pod = spec.get("securityContext", {})
        ctx = container.get("securityContext", {})
        args: list[str] = []
        user = ctx.get("runAsUser", pod.get("runAsUser"))
        group = ctx.get("runAsGroup", pod.get("runAsGroup"))
        if user is not None:
            args += ["--user", f"{user}:{group}" if group is not None else str(user)]
        if ctx.get("readOnlyRootFilesystem"):
            # /tmp and the data folder are volumes; nothing else may be written.
            args += ["--read-only", "--read-only-tmpfs=false"]
        if ctx.get("capabilities", {}).get("drop") == ["ALL"]:
            args += ["--cap-drop", "ALL"]
        if ctx.get("allowPrivilegeEscalation") is False:
            args += ["--security-opt", "no-new-privileges"]
        limits = container.get("resources", {}).get("limits", {})
        if "memory" in limits:
            args += ["--memory", limits["memory"].replace("Gi", "g").replace("Mi", "m")]
        if "cpu" in limits:
            cpu = limits["cpu"]
            args += ["--cpus", str(int(cpu[:-1]) / 1000 if cpu.endswith("m") else float(cpu))]
        return args

    def container_args(
        self, spec: dict[str, Any], container: dict[str, Any], *, restart: str
    ) -> list[str]:
        args = [
            "--pod",
            self.name,
            "--restart",
            restart,
            *ULIMITS,
            *self.security_args(spec, container),
            *self.env_of(container),
            *self.volume_args(spec, container),
        ]
        if container.get("command"):
            args += ["--entrypoint", json.dumps(container["command"])]
        return args

    def start(
        self, kind: str, name: str, *, extra: list[str] = (), args: list[str] | None = None
    ) -> str:
        """Start the workload's (first) container detached; its name."""
        doc = self.get(kind, name)
        spec = doc["spec"]["template"]["spec"]
        container = spec["containers"][0]
        ctr = f"{self.name}-{name}"
        restart = "always" if kind == "Deployment" else "no"
        podman(
            "run",
            "-d",
            "--name",
            ctr,
            *self.container_args(spec, container, restart=restart),
            *extra,
            container["image"],
            *(args if args is not None else container.get("args", [])),
        )
        self.containers.append(ctr)
        return ctr

    def run_to_end(
        self,
        kind: str,
        name: str,
        *,
        timeout: float,
        extra: list[str] = (),
        args: list[str] | None = None,
        init: int | None = None,
    ) -> str:
        """Run a Job's container (or an init container) in the foreground; its output."""
        doc = self.get(kind, name)
        spec = doc["spec"]["template"]["spec"]
        container = spec["initContainers"][init] if init is not None else spec["containers"][0]
        ctr = f"{self.name}-{name}-{container['name']}-{secrets.token_hex(2)}"
        ergebnis = podman(
            "run",
            "--rm",
            "--name",
            ctr,
            *self.container_args(spec, container, restart="no"),
            *extra,
            container["image"],
            *(args if args is not None else container.get("args", [])),
            timeout=timeout,
            check=False,
        )
        if ergebnis.returncode != 0:
            raise SmokeError(
                f"{name} ({container['name']}) exit {ergebnis.returncode}:\n"
                f"{ergebnis.stdout[-3000:]}\n{ergebnis.stderr[-3000:]}"
            )
        return ergebnis.stdout + ergebnis.stderr

    def exec_probe(self, ctr: str, kind: str, name: str) -> bool:
        probe = self.get(kind, name)["spec"]["template"]["spec"]["containers"][0]["readinessProbe"]
        return (
            podman("exec", ctr, *probe["exec"]["command"], check=False, timeout=30).returncode == 0
        )

    def teardown(self) -> None:
        podman("pod", "rm", "--force", "--time", "0", self.name, check=False, timeout=120)
        for volume in self.volumes:
            podman("volume", "rm", "--force", volume, check=False, timeout=60)


# -- HTTP -------------------------------------------------------------------------------


def http(
    cluster: Cluster,
    method: str,
    path: str,
    *,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 30,
) -> tuple[int, Any]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{cluster.port}{path}",
        data=body,
        method=method,
        headers={"Host": "localhost", "Accept": "application/json", **(headers or {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as antwort:  # noqa: S310
            inhalt = antwort.read()
            status = antwort.status
    except urllib.error.HTTPError as fehler:
        inhalt, status = fehler.read(), fehler.code
    try:
        return status, json.loads(inhalt)
    except ValueError:
        return status, inhalt.decode(errors="replace")


def multipart(felder: dict[str, str]) -> tuple[bytes, str]:
    grenze = f"smoke-{secrets.token_hex(12)}"
    teile = []
    for name, wert in felder.items():
        teile.append(
            f'--{grenze}\r\nContent-Disposition: form-data; name="{name}"\r\n'
            f"Content-Type: text/plain; charset=utf-8\r\n\r\n{wert}\r\n"
        )
    teile.append(f"--{grenze}--\r\n")
    return "".join(teile).encode(), f"multipart/form-data; boundary={grenze}"


def submit(cluster: Cluster, token: str, schema_url: str, nummer: int) -> str:
    daten = json.loads(ANTRAG.read_text())
    daten["G05000012012"]["G05000012723"]["F05000017763"] = f"Varieté am Hafen {nummer}"
    daten_text = json.dumps(daten, ensure_ascii=False)
    metadaten = {
        "publicServiceType": {"identifier": f"urn:de:fim:leika:leistung:{LEIKA}"},
        "contentStructure": {
            "data": {
                "hash": {
                    "type": "sha512",
                    "content": hashlib.sha512(daten_text.encode()).hexdigest(),
                },
                "submissionSchema": {"schemaUri": schema_url, "mimeType": "application/json"},
            },
            "attachments": [],
        },
    }
    body, typ = multipart({"metadata": json.dumps(metadaten), "data": daten_text})
    status, antwort = http(
        cluster,
        "POST",
        "/api/v1/antraege/",
        body=body,
        headers={
            "Content-Type": typ,
            "Authorization": f"Bearer {token}",
            "Idempotency-Key": str(uuid.uuid4()),
        },
    )
    if status != 201:
        raise SmokeError(f"POST /api/v1/antraege/: {status} {antwort}")
    return str(antwort["aktenzeichen"])


# A scan made in the container, recognised by ocrmypdf (Tesseract, Ghostscript) as the worker
# does with scanned Anlagen: proves the OCR tools work as user 10001 on a read-only root.
OCR_PY = """
import logging
from PIL import Image, ImageDraw, ImageFont
import ocrmypdf
from pypdf import PdfReader
bild = Image.new("L", (1400, 300), 255)
schrift = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 64)
ImageDraw.Draw(bild).text((40, 100), "Antrag auf Gewerbeerlaubnis", font=schrift, fill=0)
bild.save("/tmp/smoke-scan.png", dpi=(300, 300))
logging.disable(logging.WARNING)
ocrmypdf.ocr("/tmp/smoke-scan.png", "/tmp/smoke-scan.pdf", language="deu", image_dpi=300,
             progress_bar=False)
print("OCR: " + PdfReader("/tmp/smoke-scan.pdf").pages[0].extract_text().strip())
"""

STATUS_PY = """
import json
from rathaus.akten.models import Dokument
from rathaus.antraege.models import Antrag
from rathaus.verfahren.models import Eingang, Verfahren
out = {}
for az in AZS:
    a = Antrag.objects.filter(aktenzeichen=az).first()
    e = Eingang.objects.filter(antrag=a).select_related("vorgang__akte").first() if a else None
    v = Verfahren.objects.filter(antrag=a).first() if a else None
    out[az] = {
        "schritte": sorted(e.erledigt) if e else [],
        "vorgang": str(e.vorgang) if e and e.vorgang else None,
        "dokumente": Dokument.objects.filter(vorgang=e.vorgang).count() if e and e.vorgang else 0,
        "verfahren": v.aktenzeichen if v else None,
    }
out["_verfahren_gesamt"] = Verfahren.objects.filter(antrag__clientsystem__name="smoke").count()
print("SMOKE-JSON " + json.dumps(out))
"""


def status_of(ctr: str, aktenzeichen: list[str]) -> dict[str, Any]:
    code = f"AZS = {json.dumps(aktenzeichen)}\n{STATUS_PY}"
    ergebnis = podman("exec", ctr, "rathaus", "shell", "-c", code, timeout=120)
    zeile = next(z for z in ergebnis.stdout.splitlines() if z.startswith("SMOKE-JSON "))
    return dict(json.loads(zeile.removeprefix("SMOKE-JSON ")))


def all_filed(ctr: str, aktenzeichen: list[str]) -> dict[str, Any] | None:
    stand = status_of(ctr, aktenzeichen)
    fertig = all(
        stand[az]["vorgang"] and stand[az]["dokumente"] and stand[az]["verfahren"]
        for az in aktenzeichen
    )
    return stand if fertig else None


# -- the run ----------------------------------------------------------------------------


def render(ziel: Path) -> list[dict[str, Any]]:
    """The demo overlay with the images made here and a fresh secret key."""
    name, _, tag = IMAGE.rpartition(":")
    (ziel / "kustomization.yaml").write_text(
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
        # kustomize takes no absolute path here
        f"resources: [{json.dumps(os.path.relpath(DEMO, ziel))}]\n"
        "images:\n"
        f'  - {{name: localhost/rathaus, newName: {name}, newTag: "{tag}"}}\n'
        "  - {name: docker.io/library/postgres, newName: localhost/rathaus-smoke-postgres,\n"
        '     newTag: "17"}\n'
        '  - {name: docker.io/library/redis, newName: localhost/rathaus-smoke-redis, newTag: "7"}\n'
        "secretGenerator:\n"
        "  - name: rathaus-secrets\n    behavior: merge\n"
        f"    literals: [RATHAUS_SECRET_KEY={secrets.token_urlsafe(48)}]\n"
    )
    yaml_text = run(["kubectl", "kustomize", str(ziel)]).stdout
    # YAML to JSON by the image's Python (PyYAML is one of its dependencies).
    ergebnis = podman(
        "run",
        "--rm",
        "-i",
        "--network",
        "none",
        *ULIMITS,
        "--entrypoint",
        "python3",
        IMAGE,
        "-c",
        "import json, sys, yaml; "
        "json.dump([d for d in yaml.safe_load_all(sys.stdin) if d], sys.stdout)",
        input=yaml_text,
    )
    return list(json.loads(ergebnis.stdout))


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def base_image() -> str:
    datei = ROOT / "var" / "image" / "base.txt"
    return datei.read_text().strip() if datei.is_file() else "localhost/debian:trixie-minbase"


def main() -> int:
    cluster: Cluster | None = None
    tmp = Path(tempfile.mkdtemp(prefix="rathaus-smoke."))
    (tmp / "containers.conf").write_text(CONTAINERS_CONF)
    os.environ["CONTAINERS_CONF"] = str(tmp / "containers.conf")

    def beenden(signum: int, _frame: Any) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, beenden)
    signal.signal(signal.SIGINT, beenden)
    ok = False
    try:
        with Schritt("image (make image)") as s:
            if (
                os.environ.get("SMOKE_SKIP_BUILD") == "1"
                and podman("image", "exists", IMAGE, check=False).returncode == 0
            ):
                s.detail = f"{IMAGE} reused (SMOKE_SKIP_BUILD=1)"
            else:
                ergebnis = run(
                    [str(ROOT / "deploy" / "image")],
                    timeout=1200,
                    env={**os.environ, "IMAGE": IMAGE},
                )
                s.detail = ergebnis.stdout.strip().splitlines()[-1].split("image: ", 1)[-1]
        BUILT.append(time.monotonic())
        with Schritt("image facts (user, labels, health check, no secrets, SBOM)") as s:
            info = json.loads(podman("image", "inspect", IMAGE).stdout)[0]
            config = info["Config"]
            labels = config.get("Labels") or {}
            if config.get("User") != "10001:10001":
                raise SmokeError(f"image user {config.get('User')!r}, not 10001:10001")
            if labels.get("org.opencontainers.image.licenses") != "EUPL-1.2":
                raise SmokeError(f"labels: {labels}")
            # podman shows the docker-format health check beside the OCI config
            gesund = info.get("Healthcheck") or info.get("HealthCheck") or {}
            if not gesund.get("Test"):
                raise SmokeError("no HEALTHCHECK in the image")
            geheim = [e for e in config.get("Env", []) if re.search(r"SECRET|PASSWORD|TOKEN", e)]
            if geheim:
                raise SmokeError(f"secret-like settings baked in: {geheim}")
            sbom = podman(
                "run",
                "--rm",
                "--network",
                "none",
                "--entrypoint",
                "cat",
                IMAGE,
                "/app/sbom.cdx.json",
            ).stdout
            teile = len(json.loads(sbom)["components"])
            s.detail = (
                f"user {config['User']}, {labels.get('org.opencontainers.image.version')} "
                f"({labels.get('org.opencontainers.image.revision')}), SBOM {teile} components"
            )
        with Schritt("PostgreSQL and Redis images (Debian packages)") as s:
            for was in ("postgres", "redis"):
                tag = "17" if was == "postgres" else "7"
                podman(
                    "build",
                    "--format",
                    "docker",
                    "--network",
                    "host",
                    *ULIMITS,
                    "--layers",
                    "--build-arg",
                    f"BASE={base_image()}",
                    "-f",
                    str(HERE / f"{was}.Containerfile"),
                    "-t",
                    f"localhost/rathaus-smoke-{was}:{tag}",
                    str(HERE),
                    timeout=600,
                )
            s.detail = f"on {base_image()}"
        with Schritt("render deploy/kubernetes/overlays/demo") as s:
            docs = render(tmp)
            cluster = Cluster(docs, f"rathaus-smoke-{secrets.token_hex(3)}", free_port())
            s.detail = f"{len(docs)} objects → pod {cluster.name}, web on 127.0.0.1:{cluster.port}"
        with Schritt("start PostgreSQL and Redis (Deployments)") as s:
            cluster.create_pod()
            pg = cluster.start("Deployment", "rathaus-postgres")
            redis = cluster.start("Deployment", "rathaus-redis")
            wait_until(
                "PostgreSQL ready",
                lambda: cluster.exec_probe(pg, "Deployment", "rathaus-postgres"),
                90,
            )
            wait_until(
                "Redis ready", lambda: cluster.exec_probe(redis, "Deployment", "rathaus-redis"), 60
            )
        with Schritt("migrate Job") as s:
            ausgabe = cluster.run_to_end("Job", "rathaus-migrate", timeout=300)
            s.detail = f"{ausgabe.count('Applying ')} migrations applied"
        with Schritt("bootstrap (catalogue and demo data, one-off)") as s:
            cluster.run_to_end(
                "Job",
                "rathaus-migrate",
                timeout=300,
                args=["bootstrap"],
            )
        with Schritt("web: wait-for-migrations, gunicorn, /healthz") as s:
            cluster.run_to_end("Deployment", "rathaus-web", timeout=120, init=0)
            t_web = time.monotonic()
            web = cluster.start("Deployment", "rathaus-web")
            wait_until(
                "/healthz 200",
                lambda: http(cluster, "GET", "/healthz", timeout=5)[0] == 200,
                120,
                0.5,
            )
            s.detail = f"healthy {time.monotonic() - t_web:.1f} s after start"
        with Schritt("worker: rqworker, seen by /healthz") as s:
            worker = cluster.start("Deployment", "rathaus-worker")
            gesund = wait_until(
                "worker registered",
                lambda: (
                    (h := http(cluster, "GET", "/healthz")[1])["checks"]["worker"].get("workers", 0)
                    >= 1
                    and h
                ),
                120,
                1,
            )
            s.detail = json.dumps(gesund["checks"]["worker"])
        with Schritt("image HEALTHCHECK (web and worker)") as s:
            for ctr in (web, worker):
                podman("healthcheck", "run", ctr, timeout=60)
            s.detail = "healthy"
        with Schritt("OCR in the worker container (read-only root, user 10001)") as s:
            ausgabe = podman("exec", worker, "python3", "-c", OCR_PY, timeout=240).stdout
            if "Gewerbeerlaubnis" not in ausgabe:
                raise SmokeError(f"OCR did not read the scan: {ausgabe[-500:]}")
            s.detail = ausgabe.strip().splitlines()[-1]
        with Schritt("catalogue search GET /api/v1/leistungen/?q=Schaustellung") as s:
            status, antwort = http(cluster, "GET", "/api/v1/leistungen/?q=Schaustellung")
            if status != 200 or not any(
                r.get("leika_schluessel") == LEIKA for r in antwort["results"]
            ):
                raise SmokeError(f"search: {status} {str(antwort)[:500]}")
            status, formulare = http(cluster, "GET", "/api/v1/formulare/")
            schema_url = next(
                f["schema_url"] for f in formulare["results"] if f["leika_schluessel"] == LEIKA
            )
            s.detail = f"{antwort['count']} hits; form {schema_url}"
        with Schritt("client system token (rathaus shell, clientsystem_create)") as s:
            code = (
                "from rathaus.antraege.services import clientsystem_create\n"
                "_c, t = clientsystem_create(\n"
                "    name='smoke', scopes=['antraege:einreichen'], actor='deploy/smoke'\n"
                ")\n"
                "print('SMOKE-TOKEN ' + t)\n"
            )
            ausgabe = podman("exec", web, "rathaus", "shell", "-c", code, timeout=120).stdout
            token = next(z for z in ausgabe.splitlines() if z.startswith("SMOKE-TOKEN ")).split(
                " ", 1
            )[1]
        with Schritt("submit Antrag A (POST /api/v1/antraege/)") as s:
            az_a = submit(cluster, token, schema_url, 1)
            s.detail = az_a
        with Schritt("worker files A in the E-Akte and opens its Verfahren") as s:
            stand = wait_until("A filed", lambda: all_filed(web, [az_a]), 180, 2)
            a = stand[az_a]
            s.detail = (
                f"Vorgang {a['vorgang']}, {a['dokumente']} Dokumente, Verfahren {a['verfahren']}"
            )
        with Schritt("kill -9 the worker; restarted by its restart policy") as s:
            vorher = int(
                podman("inspect", "--format", "{{.RestartCount}}", worker).stdout.strip() or 0
            )
            pid = podman("inspect", "--format", "{{.State.Pid}}", worker).stdout.strip()
            os.kill(int(pid), signal.SIGKILL)

            def neu_gestartet() -> bool:
                zahl = podman(
                    "inspect", "--format", "{{.RestartCount}} {{.State.Running}}", worker
                ).stdout.split()
                return int(zahl[0]) > vorher and zahl[1] == "true"

            # Only once the killed process is gone: a job that a dying worker took from
            # the queue waits for the outbox sweep, which RQ may hold back up to 10
            # minutes after a crash (README, Task workers) -- seen here once.
            wait_until("worker restart", neu_gestartet, 60, 0.2)
            s.detail = f"pid {pid} killed; RestartCount {vorher + 1}"
        with Schritt("submit B and C while the new worker starts") as s:
            az_b = submit(cluster, token, schema_url, 2)
            az_c = submit(cluster, token, schema_url, 3)
            gesehen = http(cluster, "GET", "/healthz")[1]["checks"]["worker"]
            s.detail = f"{az_b}, {az_c}; worker check then: {json.dumps(gesehen)}"
        with Schritt("B and C filed with their Verfahren, nothing lost or doubled") as s:
            stand = wait_until("B and C filed", lambda: all_filed(web, [az_a, az_b, az_c]), 240, 2)
            if stand["_verfahren_gesamt"] != 3:
                raise SmokeError(f"3 Anträge, {stand['_verfahren_gesamt']} Verfahren: {stand}")
            s.detail = ", ".join(f"{az} → {stand[az]['verfahren']}" for az in (az_a, az_b, az_c))
        ok = True
    except Exception as fehler:  # every failure: say it, show the logs, tear down
        say(f"ERROR: {fehler!r}" if not isinstance(fehler, SmokeError) else f"ERROR: {fehler}")
        if cluster is not None:
            for ctr in cluster.containers:
                logs = podman("logs", "--tail", "25", ctr, check=False, timeout=30)
                print(f"--- last lines of {ctr} ---\n{logs.stdout}{logs.stderr}", flush=True)
    finally:
        with Schritt("teardown (pod, containers, volumes)"):
            if cluster is not None:
                cluster.teardown()
            import shutil

            shutil.rmtree(tmp, ignore_errors=True)
        gesamt = time.monotonic() - T0
        ohne_bild = time.monotonic() - (BUILT[0] if BUILT else T0)
        print("\n==================== deploy/smoke ====================")
        for name, dauer, status in Schritt.done:
            print(f"{dauer:7.1f} s  {name}: {status}")
        print(f"{ohne_bild:7.1f} s  after the image (budget {BUDGET} s)")
        print(f"{gesamt:7.1f} s  total")
        if ok and ohne_bild > BUDGET:
            print(f"smoke FAILED: {ohne_bild:.0f} s after the image, over the budget of {BUDGET} s")
            ok = False
        print("smoke passed" if ok else "smoke FAILED", flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
