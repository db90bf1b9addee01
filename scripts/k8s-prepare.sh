#!/usr/bin/env bash
# Checks what Bookinfo needs in the cluster, then creates and labels its namespace. Skaffold runs
# it before every deploy (skaffold.yaml); run it yourself before `kubectl apply -k`.
#
#   scripts/k8s-prepare.sh                         sidecars: istio-injection=enabled
#   scripts/k8s-prepare.sh --mode ambient          ambient: istio.io/dataplane-mode=ambient
#   scripts/k8s-prepare.sh --gateway-api           also require the Gateway API CRDs
#   scripts/k8s-prepare.sh --namespace my-ns
#
# The namespace is created only when absent, and labelled only when its data-plane label is not
# already the wanted one: a second run changes nothing. Neither Skaffold nor `kubectl delete -k`
# deletes it, because no manifest declares it.
set -euo pipefail

# Floors (docs/kubernetes.md, "Requirements"): the manifests use Istio's v1 APIs (Istio 1.22),
# ambient mode needs a waypoint-capable ztunnel (Istio 1.24), skaffold.yaml is skaffold/v3.
min_istio=1.22
min_istio_ambient=1.24
min_skaffold=2.0.0

mode=sidecar
namespace=bookinfo
gateway_api=no
while [ $# -gt 0 ]; do
  case "$1" in
    --mode) mode="${2:-}"; shift 2 ;;
    --namespace) namespace="${2:-}"; shift 2 ;;
    --gateway-api) gateway_api=yes; shift ;;
    *) echo "k8s-prepare.sh: unknown argument $1 (see the comment at the top of this script)" >&2; exit 2 ;;
  esac
done
case "$mode" in
  sidecar | ambient) ;;
  *) echo "k8s-prepare.sh: --mode must be sidecar or ambient, not '$mode'" >&2; exit 2 ;;
esac

# Skaffold sets SKAFFOLD_KUBE_CONTEXT for deploy hooks: act on the cluster it deploys to.
k() { kubectl ${SKAFFOLD_KUBE_CONTEXT:+--context="$SKAFFOLD_KUBE_CONTEXT"} "$@"; }
fail() { echo "k8s-prepare.sh: $*" >&2; exit 1; }

# Is version $1 at least $2 (dotted numbers, a leading v and any -suffix ignored)?
at_least() {
  local IFS=.
  local -a have want
  read -r -a have <<< "${1#v}"
  read -r -a want <<< "$2"
  for i in 0 1 2; do
    local h="${have[$i]:-0}" w="${want[$i]:-0}"
    h="${h%%[!0-9]*}"
    if [ "${h:-0}" -gt "$w" ]; then return 0; fi
    if [ "${h:-0}" -lt "$w" ]; then return 1; fi
  done
  return 0
}

if command -v skaffold >/dev/null 2>&1; then
  skaffold_version="$(skaffold version 2>/dev/null || true)"
  if [ -n "$skaffold_version" ] && ! at_least "$skaffold_version" "$min_skaffold"; then
    fail "Skaffold $skaffold_version is too old: Bookinfo needs Skaffold $min_skaffold or newer (docs/kubernetes.md, Requirements)."
  fi
fi

api_versions="$(k api-versions 2>/dev/null)" || fail "cannot reach the cluster with kubectl${SKAFFOLD_KUBE_CONTEXT:+ (context $SKAFFOLD_KUBE_CONTEXT)}."
for api in networking.istio.io/v1 security.istio.io/v1; do
  if ! grep -qx "$api" <<< "$api_versions"; then
    fail "the cluster does not serve $api: install Istio $min_istio or newer first, e.g. 'istioctl install' (docs/kubernetes.md, Requirements)."
  fi
done
if [ "$mode" = ambient ]; then
  k -n istio-system get daemonset ztunnel >/dev/null 2>&1 ||
    fail "ambient mode needs Istio $min_istio_ambient or newer installed with ztunnel: 'istioctl install --set profile=ambient' (docs/kubernetes.md, Ambient mode)."
fi
if [ "$gateway_api" = yes ] || [ "$mode" = ambient ]; then
  grep -qx gateway.networking.k8s.io/v1 <<< "$api_versions" ||
    fail "the Gateway API CRDs are not installed: see docs/kubernetes.md, 'Gateway API'."
fi

if k get namespace "$namespace" >/dev/null 2>&1; then
  echo "Namespace $namespace exists."
else
  k create namespace "$namespace"
fi

# One data plane per namespace: the label of the other mode is removed.
if [ "$mode" = sidecar ]; then
  wanted=(istio-injection=enabled istio.io/dataplane-mode-)
  have="$(k get namespace "$namespace" -o 'jsonpath={.metadata.labels.istio-injection}/{.metadata.labels.istio\.io/dataplane-mode}')"
  [ "$have" = enabled/ ] && current=yes || current=no
else
  wanted=(istio.io/dataplane-mode=ambient istio-injection-)
  have="$(k get namespace "$namespace" -o 'jsonpath={.metadata.labels.istio-injection}/{.metadata.labels.istio\.io/dataplane-mode}')"
  [ "$have" = /ambient ] && current=yes || current=no
fi
if [ "$current" = yes ]; then
  echo "Namespace $namespace is already labelled for $mode mode."
else
  k label namespace "$namespace" --overwrite "${wanted[@]}"
  echo "Namespace $namespace labelled for $mode mode; pods that were running keep their old data plane until restarted."
fi
