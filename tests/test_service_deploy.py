"""deploy/tactful.yaml: the Kubernetes manifest points at endpoints and ports that exist."""
from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _documents() -> dict[str, dict]:
    text = (ROOT / "deploy" / "tactful.yaml").read_text(encoding="utf-8")
    return {doc["kind"]: doc for doc in yaml.safe_load_all(text) if doc}


def test_manifest_has_a_deployment_a_service_and_an_autoscaler():
    assert set(_documents()) == {"Deployment", "Service", "HorizontalPodAutoscaler"}


def test_deployment_probes_resources_and_user():
    deployment = _documents()["Deployment"]
    pod = deployment["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    assert container["args"][:2] == ["tactful", "serve"]
    port = container["ports"][0]["containerPort"]
    assert container["args"][container["args"].index("--port") + 1] == str(port)
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
        assert container[probe]["httpGet"]["port"] == container["ports"][0]["name"]
    assert {"cpu", "memory"} <= set(container["resources"]["requests"])
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert deployment["spec"]["selector"]["matchLabels"].items() <= deployment["spec"]["template"]["metadata"][
        "labels"].items()
    env = {item["name"] for item in container["env"]}
    assert env <= {"TACTFUL_WORKERS", "TACTFUL_LOG_LEVEL", "TACTFUL_MAX_BODY_BYTES", "TACTFUL_MAX_BATCH",
                   "TACTFUL_API_KEYS", "TACTFUL_CONFIG", "TACTFUL_NO_MODEL", "TACTFUL_TEAM_KEYS",
                   "TACTFUL_DATABASE_URL", "TACTFUL_FEEDBACK_DB", "TACTFUL_MODELS_ROOT"}
    # The root filesystem is read-only: the feedback database and the team models live on a mounted volume.
    mounts = {mount["mountPath"] for mount in container["volumeMounts"]}
    values = {item["name"]: item.get("value") for item in container["env"]}
    for name in ("TACTFUL_FEEDBACK_DB", "TACTFUL_MODELS_ROOT"):
        assert any(values[name].startswith(mount + "/") for mount in mounts), name


def test_service_and_autoscaler_target_the_deployment():
    docs = _documents()
    deployment, service, hpa = docs["Deployment"], docs["Service"], docs["HorizontalPodAutoscaler"]
    assert service["spec"]["selector"].items() <= deployment["spec"]["template"]["metadata"]["labels"].items()
    assert service["spec"]["ports"][0]["targetPort"] == "http"
    target = hpa["spec"]["scaleTargetRef"]
    assert (target["kind"], target["name"]) == ("Deployment", deployment["metadata"]["name"])
    assert 1 <= hpa["spec"]["minReplicas"] <= hpa["spec"]["maxReplicas"]
