#!/usr/bin/env bash
# Checks deploy/k8s without a cluster: kustomize renders it (a broken file, a missing resource or bad YAML fails here),
# then every object is checked for what production needs of it (lint.py says what). Exits non-zero on any finding.
#   deploy/k8s/lint.sh      (a second or two; deploy/test.sh runs it)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
missing=()
/usr/bin/python3 -c "import yaml" 2>/dev/null || missing+=(python3-yaml)
command -v kubectl >/dev/null || missing+=(kubernetes-client)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
kubectl kustomize "$here" | /usr/bin/python3 "$here/lint.py"
