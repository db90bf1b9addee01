#!/usr/bin/env bash
# Removes Bookinfo from the current kubectl context, the way upstream's cleanup.sh does:
# first the Istio and Gateway API objects in the namespace (routing, policy, egress), then the
# namespace itself with everything Skaffold deployed into it.
#
#   scripts/cleanup-k8s.sh              namespace bookinfo
#   scripts/cleanup-k8s.sh my-namespace
#
# Use `skaffold delete` instead when Skaffold deployed Bookinfo and its config is at hand.
set -euo pipefail

namespace="${1:-bookinfo}"

if ! kubectl get namespace "$namespace" >/dev/null 2>&1; then
  echo "Namespace $namespace does not exist: nothing to clean up."
  exit 0
fi
# Deleting a namespace deletes everything in it: make sure it is Bookinfo's.
if ! kubectl -n "$namespace" get service productpage >/dev/null 2>&1; then
  echo "Namespace $namespace has no productpage Service; refusing to delete it." >&2
  exit 1
fi

kinds=(
  virtualservices.networking.istio.io
  destinationrules.networking.istio.io
  gateways.networking.istio.io
  serviceentries.networking.istio.io
  sidecars.networking.istio.io
  authorizationpolicies.security.istio.io
  peerauthentications.security.istio.io
  httproutes.gateway.networking.k8s.io
  gateways.gateway.networking.k8s.io
)
for kind in "${kinds[@]}"; do
  # Each kind only exists once its CRD is installed (Gateway API CRDs are optional).
  if kubectl get crd "$kind" >/dev/null 2>&1; then
    kubectl -n "$namespace" delete "$kind" --all --ignore-not-found
  fi
done

echo "Deleting namespace $namespace; this may take up to a minute."
kubectl delete namespace "$namespace" --ignore-not-found --wait=true --timeout=180s
echo "Bookinfo removed from namespace $namespace."
