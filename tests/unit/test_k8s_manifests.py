"""deploy/k8s: both overlays render with kustomize and validate offline against the Kubernetes
schemas (kubernetes-validate bundles them), and say what the platform promises about its pods."""

import copy

import kubernetes_validate
import pytest

from diaspora_shared.runtime.migrate_cli import SERVICES, service_definition
from gateway.settings import GatewaySettings

from .k8s_manifests import (
    OVERLAYS,
    Manifest,
    consumed_topics,
    containers,
    env_entries,
    ingress_peers,
    named,
    of_kind,
    partitions,
    pod_specs,
    rendered,
    selects,
    service_of,
)

# The oldest Kubernetes the manifests support, and the newest whose schemas are bundled.
KUBERNETES_VERSIONS = ("1.30.0", kubernetes_validate.latest_version())
SECRET_SUFFIXES = ("_SECRET", "_KEY", "_DATABASE_URL", "_PASSWORD")
GATEWAY_PODS = {"podSelector": {"matchLabels": {"app.kubernetes.io/name": "gateway"}}}
INGRESS_CONTROLLER = {
    "namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "ingress-nginx"}}
}
MONITORING_NAMESPACE = {
    "namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "monitoring"}}
}


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_manifest_validates_against_the_kubernetes_schemas(overlay, version):
    failures = []
    for manifest in rendered(overlay):
        try:
            kubernetes_validate.validate(manifest, version, strict=True)
        except kubernetes_validate.ValidationError as error:
            failures.append(f"{manifest['kind']}/{manifest['metadata']['name']}: {error}")
    assert failures == []
    assert len(rendered(overlay)) > 20


def test_the_schema_check_rejects_a_misspelt_or_mistyped_field():
    deployment = named("prod", "Deployment", "reporting")
    misspelt = copy.deepcopy(deployment)
    misspelt["spec"]["template"]["spec"]["containers"][0]["readinessProbes"] = {}
    mistyped = copy.deepcopy(deployment)
    mistyped["spec"]["template"]["spec"]["containers"][0]["readinessProbe"]["periodSeconds"] = "5"
    for broken in (misspelt, mistyped):
        with pytest.raises(kubernetes_validate.ValidationError):
            kubernetes_validate.validate(broken, KUBERNETES_VERSIONS[0], strict=True)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_pod_runs_non_root_on_a_read_only_root_without_capabilities(overlay):
    checked = 0
    for owner, pod in pod_specs(overlay):
        assert pod["securityContext"]["runAsNonRoot"] is True, owner
        assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}, owner
        (tmp,) = [volume for volume in pod["volumes"] if volume["name"] == "tmp"]
        assert "emptyDir" in tmp, owner
        for container in containers(pod):
            security = container["securityContext"]
            assert security["readOnlyRootFilesystem"] is True, owner
            assert security["allowPrivilegeEscalation"] is False, owner
            assert security["capabilities"] == {"drop": ["ALL"]}, owner
            assert {"name": "tmp", "mountPath": "/tmp"} in container["volumeMounts"], owner
            checked += 1
    assert checked == 5 + 4 + 5  # services, their init containers, the Jobs (schemas, topics)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_service_is_probed_on_its_health_endpoints_and_has_resources(overlay):
    deployments = of_kind(overlay, "Deployment")
    assert sorted(service_of(d) for d in deployments) == sorted([*SERVICES, "gateway"])
    for deployment in deployments:
        app = deployment["spec"]["template"]["spec"]["containers"][0]
        assert app["livenessProbe"]["httpGet"]["path"] == "/health/live"
        assert app["readinessProbe"]["httpGet"]["path"] == "/health/ready"
    for owner, pod in pod_specs(overlay):
        for container in containers(pod):
            resources = container["resources"]
            assert {"cpu", "memory"} <= resources["requests"].keys(), owner
            assert "memory" in resources["limits"], owner


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_secrets_are_only_referenced_never_written_in_the_manifests(overlay):
    secret_names = [
        entry for _, entry in env_entries(overlay) if entry["name"].endswith(SECRET_SUFFIXES)
    ]
    assert len(secret_names) > 10
    for entry in secret_names:
        assert "value" not in entry, entry["name"]
        assert "secretKeyRef" in entry["valueFrom"], entry["name"]


def test_production_generates_no_secret_and_development_defines_every_one_referenced():
    assert of_kind("prod", "Secret") == []
    defined = {
        (secret["metadata"]["name"], key)
        for secret in of_kind("dev", "Secret")
        for key in secret["data"]
    }
    for owner, entry in env_entries("dev"):
        reference = entry.get("valueFrom", {}).get("secretKeyRef")
        if reference:
            assert (reference["name"], reference["key"]) in defined, owner


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_variable_is_a_setting_the_service_reads(overlay):
    """A misspelt variable would be ignored silently (settings ignore unknown names)."""
    for deployment in of_kind(overlay, "Deployment"):
        service = service_of(deployment)
        settings = GatewaySettings if service == "gateway" else service_definition(service).settings
        prefix = f"{service.upper()}_"
        for container in containers(deployment["spec"]["template"]["spec"]):
            for entry in container["env"]:
                field = entry["name"].removeprefix(prefix).lower()
                assert entry["name"].startswith(prefix), entry["name"]
                assert field in settings.model_fields, entry["name"]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_consumers_never_scale_beyond_the_partitions_they_read(overlay):
    autoscalers = of_kind(overlay, "HorizontalPodAutoscaler")
    ceilings = {
        hpa["spec"]["scaleTargetRef"]["name"]: hpa["spec"]["maxReplicas"] for hpa in autoscalers
    }
    for service in SERVICES:
        topics = consumed_topics(service)
        assert topics, f"{service} consumes nothing; is it still a consumer?"
        assert ceilings[service] <= min(partitions(topic) for topic in topics), service
        assert "replicas" not in named(overlay, "Deployment", service)["spec"]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_each_service_migrates_in_a_job_and_its_replicas_wait_for_the_schema(overlay):
    for service in SERVICES:
        job = named(overlay, "Job", f"{service}-migrate")
        (migrate,) = job["spec"]["template"]["spec"]["containers"]
        assert migrate["command"] == ["platform-migrate", service]
        pod = named(overlay, "Deployment", service)["spec"]["template"]["spec"]
        (wait,) = pod["initContainers"]
        assert wait["command"] == ["platform-migrate", service, "--wait"]
        app_env = {entry["name"]: entry for entry in pod["containers"][0]["env"]}
        assert app_env[f"{service.upper()}_MIGRATE_ON_START"]["value"] == "false"
    (topics,) = named(overlay, "Job", "platform-topics")["spec"]["template"]["spec"]["containers"]
    assert topics["command"][:2] == ["platform-topics", "create"]


def peers(*allowed: Manifest) -> list[Manifest]:
    return sorted(allowed, key=repr)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_only_the_gateway_and_the_metrics_scraper_reach_the_services(overlay):
    deny = named(overlay, "NetworkPolicy", "default-deny")["spec"]
    assert deny == {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]}
    for service in SERVICES:
        labels = named(overlay, "Deployment", service)["spec"]["template"]["metadata"]["labels"]
        assert ingress_peers(overlay, labels) == peers(GATEWAY_PODS, MONITORING_NAMESPACE)
    gateway = named(overlay, "Deployment", "gateway")["spec"]["template"]["metadata"]["labels"]
    assert ingress_peers(overlay, gateway) == peers(INGRESS_CONTROLLER, MONITORING_NAMESPACE)


def test_the_gateway_is_the_only_way_in_with_tls_and_no_dev_sign_in_in_production():
    (ingress,) = of_kind("prod", "Ingress")
    (rule,) = ingress["spec"]["rules"]
    (path,) = rule["http"]["paths"]
    assert path["backend"]["service"]["name"] == "gateway"
    assert ingress["spec"]["tls"][0]["hosts"] == [rule["host"]]
    assert [s for s in of_kind("prod", "Service") if s["spec"].get("type") == "LoadBalancer"] == []
    names = {entry["name"] for _, entry in env_entries("prod")}
    assert "GATEWAY_DEV_SIGN_IN" not in names
    assert "GATEWAY_DEV_SIGN_IN" in {entry["name"] for _, entry in env_entries("dev")}


def test_production_disruption_budgets_never_block_a_node_drain():
    """A budget needing as many pods as the autoscaler's floor would stop every drain."""
    floors = {
        hpa["spec"]["scaleTargetRef"]["name"]: hpa["spec"]["minReplicas"]
        for hpa in of_kind("prod", "HorizontalPodAutoscaler")
    }
    budgets = of_kind("prod", "PodDisruptionBudget")
    assert len(budgets) == len(floors) == 5
    for budget in budgets:
        (deployment,) = [
            d
            for d in of_kind("prod", "Deployment")
            if selects(budget["spec"]["selector"], d["spec"]["template"]["metadata"]["labels"])
        ]
        name = deployment["metadata"]["name"]
        assert budget["spec"]["minAvailable"] < floors[name], name


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_gateway_forwards_to_each_service_by_its_kubernetes_service(overlay, monkeypatch):
    gateway = named(overlay, "Deployment", "gateway")["spec"]["template"]["spec"]
    (upstreams,) = [e for e in gateway["containers"][0]["env"] if e["name"] == "GATEWAY_UPSTREAMS"]
    monkeypatch.setenv("GATEWAY_UPSTREAMS", upstreams["value"])
    settings = GatewaySettings(jwt_secret="j" * 48, internal_assertion_secret="a" * 48)
    services = {s["metadata"]["name"]: s for s in of_kind(overlay, "Service")}
    for upstream in settings.upstreams:
        service = services[upstream.name]
        assert upstream.url == f"http://{upstream.name}"  # the Service's port 80
        assert [p["port"] for p in service["spec"]["ports"]] == [80]
    assert sorted(u.name for u in settings.upstreams) == sorted(SERVICES)
