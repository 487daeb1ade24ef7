#!/usr/bin/env bash
# Checks deploy/k8s without a cluster: kustomize renders it (a broken file, a missing resource or bad YAML fails here),
# then every object is checked for what production needs of it (lint.py says what). Exits non-zero on any finding.
#   deploy/k8s/lint.sh      (a second or two; deploy/test.sh runs it)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if ! /usr/bin/python3 -c "import yaml" 2>/dev/null; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-yaml >/dev/null
fi
command -v kubectl >/dev/null || { echo "[k8s] kubectl is needed to render deploy/k8s (Debian: kubernetes-client)" >&2; exit 1; }
kubectl kustomize "$here" | /usr/bin/python3 "$here/lint.py"
