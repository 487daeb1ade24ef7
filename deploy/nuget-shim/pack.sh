#!/usr/bin/env bash
# Re-packs the Patched.DistributedLock.Postgres shim into deploy/nuget-feed (see docs/adr/0001-distributedlock-shim.md).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dotnet pack "$here/Patched.DistributedLock.Postgres/Patched.DistributedLock.Postgres.csproj" \
  --configuration Release --output "$here/../nuget-feed" -p:ContinuousIntegrationBuild=true --nologo -v quiet
