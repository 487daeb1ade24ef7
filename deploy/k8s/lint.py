"""Reads rendered manifests on stdin and checks what surviving the loss of one machine needs of each object."""
import sys

import yaml

docs = [d for d in yaml.safe_load_all(sys.stdin) if d]
problems = []
KNOWN = {
    ("v1", "Namespace"), ("v1", "ConfigMap"), ("v1", "Service"), ("apps/v1", "Deployment"), ("policy/v1", "PodDisruptionBudget"),
    ("networking.k8s.io/v1", "Ingress"), ("rabbitmq.com/v1beta1", "RabbitmqCluster"), ("postgresql.cnpg.io/v1", "Cluster"),
    ("postgresql.cnpg.io/v1", "ScheduledBackup"),
}
SECRET_WORDS = ("key", "token", "secret", "password")


def where(doc):
    return f"{doc.get('kind')}/{doc.get('metadata', {}).get('name')}"


def selects(selector, labels):
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


for doc in docs:
    if (doc.get("apiVersion"), doc.get("kind")) not in KNOWN:
        problems.append(f"{where(doc)}: unexpected apiVersion/kind {doc.get('apiVersion')}/{doc.get('kind')}")
    if not doc.get("metadata", {}).get("name"):
        problems.append(f"{where(doc)}: no metadata.name")
    if doc.get("kind") != "Namespace" and doc.get("metadata", {}).get("namespace") != "cers":
        problems.append(f"{where(doc)}: not in namespace cers")
    if doc.get("kind") == "ConfigMap":
        for name in doc.get("data", {}):
            if any(w in name.lower() for w in SECRET_WORDS):
                problems.append(f"{where(doc)}: {name} looks secret; it belongs in a Secret")

deployments = [d for d in docs if d.get("kind") == "Deployment"]
pdbs = [d for d in docs if d.get("kind") == "PodDisruptionBudget"]
services = [d for d in docs if d.get("kind") == "Service"]
for d in deployments:
    spec = d.get("spec", {})
    pod = spec.get("template", {}).get("spec", {})
    labels = spec.get("template", {}).get("metadata", {}).get("labels", {})
    if not selects(spec.get("selector", {}).get("matchLabels"), labels):
        problems.append(f"{where(d)}: selector does not match the pod's labels")
    if spec.get("replicas", 1) < 2:
        problems.append(f"{where(d)}: fewer than two replicas")
    if spec.get("strategy", {}).get("rollingUpdate", {}).get("maxUnavailable") != 0:
        problems.append(f"{where(d)}: a rolling update may take a replica away before its successor is ready (maxUnavailable must be 0)")
    spread = [c for c in pod.get("topologySpreadConstraints", []) if c.get("topologyKey") == "kubernetes.io/hostname" and c.get("whenUnsatisfiable") == "DoNotSchedule"]
    anti = pod.get("affinity", {}).get("podAntiAffinity", {}).get("requiredDuringSchedulingIgnoredDuringExecution")
    if not spread and not anti:
        problems.append(f"{where(d)}: replicas may share a machine (no hostname spread or required anti-affinity)")
    if not any(selects(p.get("spec", {}).get("selector", {}).get("matchLabels"), labels) for p in pdbs):
        problems.append(f"{where(d)}: no PodDisruptionBudget")
    if not any(selects(s.get("spec", {}).get("selector"), labels) for s in services):
        problems.append(f"{where(d)}: no Service")
    for c in pod.get("containers", []):
        for probe, path in (("readinessProbe", "/health/ready"), ("livenessProbe", "/health/live")):
            if c.get(probe, {}).get("httpGet", {}).get("path") != path:
                problems.append(f"{where(d)} {c.get('name')}: {probe} is not GET {path}")
        requests = c.get("resources", {}).get("requests", {})
        if "cpu" not in requests or "memory" not in requests:
            problems.append(f"{where(d)} {c.get('name')}: no cpu and memory requests")
        for e in c.get("env", []):
            if "value" in e and any(w in e["name"].lower() for w in SECRET_WORDS):
                problems.append(f"{where(d)} {c.get('name')}: {e['name']} given as a literal; take it from a Secret")
        if not any("secretRef" in s for s in c.get("envFrom", [])):
            problems.append(f"{where(d)} {c.get('name')}: no Secret in envFrom")

for p in pdbs:
    if p.get("spec", {}).get("minAvailable", 0) < 1 and "maxUnavailable" not in p.get("spec", {}):
        problems.append(f"{where(p)}: allows every replica to go")

for kind, field, least in (("RabbitmqCluster", "replicas", 3), ("Cluster", "instances", 2)):
    found = [d for d in docs if d.get("kind") == kind]
    if not found:
        problems.append(f"no {kind}")
    for d in found:
        if d.get("spec", {}).get(field, 1) < least:
            problems.append(f"{where(d)}: {field} below {least}")

rabbit_config = "".join(d.get("spec", {}).get("rabbitmq", {}).get("additionalConfig", "") for d in docs if d.get("kind") == "RabbitmqCluster")
if "pause_minority" not in rabbit_config:
    problems.append("RabbitmqCluster: cluster_partition_handling is not pause_minority")
if not any(d.get("data", {}).get("RabbitMq__QuorumQueues") == "true" for d in docs if d.get("kind") == "ConfigMap"):
    problems.append("ConfigMap: RabbitMq__QuorumQueues is not true")

for problem in problems:
    print(f"[k8s] {problem}", file=sys.stderr)
print(f"[k8s] {len(docs)} objects, {len(deployments)} deployments: {'problems: ' + str(len(problems)) if problems else 'passed'}", file=sys.stderr)
sys.exit(1 if problems else 0)
