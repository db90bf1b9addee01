#!/usr/bin/env bash
# Builds the four Bookinfo images with the tag the manifests use for `kubectl apply -k`: the
# project version from package.json (bookinfo/<service>:<version>). `npm run images` runs it.
#
#   scripts/build-images.sh                 build with docker
#   scripts/build-images.sh --kind [NAME]   then load them into the kind cluster NAME (default: kind)
#   scripts/build-images.sh --minikube      then load them into minikube
set -euo pipefail
cd "$(dirname "$0")/.."

version="$(node -p "require('./package.json').version")"
services=(productpage details reviews ratings)
images=()
for service in "${services[@]}"; do
  image="bookinfo/$service:$version"
  docker build -t "$image" -f "services/$service/Dockerfile" .
  images+=("$image")
done

case "${1:-}" in
  "") ;;
  --kind) kind load docker-image --name "${2:-kind}" "${images[@]}" ;;
  --minikube) for image in "${images[@]}"; do minikube image load "$image"; done ;;
  *) echo "build-images.sh: unknown argument $1" >&2; exit 2 ;;
esac
echo "Built ${images[*]}"
