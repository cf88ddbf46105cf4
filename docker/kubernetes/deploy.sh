#!/bin/sh
# Deploys one release to the current kubectl context and namespace, in the one order that is safe:
#   1/4  apply the ConfigMap (the migrate Job reads it);
#   2/4  create this release's migrate Job, app-migrate-<tag>, and wait until it has succeeded;
#   3/4  apply the base with this release's image (web, worker, CronJobs);
#   4/4  wait for the web and worker rollouts (the web's readiness stays the gate).
# A failed migration stops the deploy before any pod of the new release starts: the running release keeps serving.
# Running it again for the same release is safe: that release's migrate Job is waited on, never created twice.
#
# usage: docker/kubernetes/deploy.sh [--print | --rollback] RELEASE_TAG
#   RELEASE_TAG  the image tag of the release, its version (0.2.0), in the repository of kustomization.yaml
#   --print      print what the deploy would apply and create, then exit (needs kubectl, no cluster)
#   --rollback   put web, worker and CronJobs back on RELEASE_TAG, an earlier release, without migrating:
#                the schema stays as the later release left it (expand/contract, README "Kubernetes")
# It applies the manifests of the checkout it runs from, and keeps the kustomizations it built in
# docker/.deploy/RELEASE_TAG (for `kubectl diff -k`).
# Environment: KUBECTL (default: kubectl; e.g. "kubectl --context prod -n app"), MIGRATE_TIMEOUT and
# ROLLOUT_TIMEOUT in seconds (default 600), POLL_SECONDS (default 5).
# Exit codes: 0 deployed, 1 failed (the message says at which step), 2 usage.
set -eu

usage() {
  echo "usage: $0 [--print | --rollback] RELEASE_TAG" >&2
  exit 2
}

mode=deploy
case "${1:-}" in
  --print) mode=print; shift ;;
  --rollback) mode=rollback; shift ;;
  -h | --help) sed -n '2,20p' "$0"; exit 0 ;;
  -*) usage ;;
esac
[ $# -eq 1 ] || usage
tag=$1
if ! printf '%s\n' "$tag" | grep -Eq '^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$'; then
  echo "$0: '$tag' is not an image tag" >&2
  exit 2
fi

kubectl=${KUBECTL:-kubectl}
migrate_timeout=${MIGRATE_TIMEOUT:-600}
rollout_timeout=${ROLLOUT_TIMEOUT:-600}
poll=${POLL_SECONDS:-5}
here=$(cd "$(dirname "$0")" && pwd)
base=$(basename "$here")
repository=$(sed -n 's/^ *newName: *//p' "$here/kustomization.yaml" | head -n 1)
if [ -z "$repository" ]; then
  echo "$0: no image newName in $here/kustomization.yaml" >&2
  exit 2
fi

# The release as a label value (at most 63 characters, alphanumeric at both ends) and as the migrate Job's name
# suffix (a DNS label: lower case, digits and '-'; the whole name at most 63 characters).
version=$(printf '%s' "$tag" | cut -c1-63 | sed 's/^[^A-Za-z0-9]*//; s/[^A-Za-z0-9]*$//')
suffix=$(printf '%s' "$tag" | tr '[:upper:]' '[:lower:]' | sed 's/[^a-z0-9][^a-z0-9]*/-/g; s/^-//; s/-$//')
if [ -z "$suffix" ] || [ ${#suffix} -gt 51 ]; then
  suffix="$(printf '%s' "$suffix" | cut -c1-40 | sed 's/-$//')-$(printf '%s' "$tag" | cksum | cut -d' ' -f1)"
  suffix=${suffix#-}
fi
job=app-migrate-$suffix

# The kustomizations of this release: the base and the migrate Job, with its image, its version label and, for the
# Job, its own name. Relative paths: kustomize refuses absolute ones.
out=$(cd "$here/.." && pwd)/.deploy/$tag
mkdir -p "$out/release" "$out/migrate"
labels="labels:
  - pairs:
      app.kubernetes.io/version: \"$version\"
    includeSelectors: false
    includeTemplates: true"
cat >"$out/release/kustomization.yaml" <<EOF
# Written by deploy.sh: the base with the image of release $tag.
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ../../../$base
images:
  - name: $repository
    newTag: "$tag"
$labels
EOF
cat >"$out/migrate/kustomization.yaml" <<EOF
# Written by deploy.sh: the migrate Job of release $tag, named $job.
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ../../../$base/migrate
nameSuffix: "-$suffix"
images:
  - name: app
    newName: $repository
    newTag: "$tag"
$labels
EOF

if [ "$mode" = print ]; then
  echo "# kubectl apply -k $out/release -l app.kubernetes.io/component=config; kubectl create -k $out/migrate"
  $kubectl kustomize "$out/migrate"
  echo "---"
  echo "# kubectl apply -k $out/release"
  $kubectl kustomize "$out/release"
  exit 0
fi

wait_for_migration() {
  deadline=$(($(date +%s) + migrate_timeout))
  while :; do
    conditions=$($kubectl get "job/$job" -o 'jsonpath={range .status.conditions[?(@.status=="True")]}{.type}{" "}{end}')
    case " $conditions " in
      *" Complete "*)
        echo "job/$job succeeded"
        return 0
        ;;
      *" Failed "*)
        echo "$0: job/$job failed; nothing of release $tag was rolled out. Its logs: $kubectl logs job/$job" >&2
        echo "$0: once fixed, delete it (kubectl delete job/$job) and deploy again" >&2
        exit 1
        ;;
    esac
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "$0: job/$job has not finished after ${migrate_timeout}s; nothing of release $tag was rolled out" >&2
      exit 1
    fi
    sleep "$poll"
  done
}

if [ "$mode" = deploy ]; then
  echo "1/4 configuration"
  $kubectl apply -k "$out/release" -l app.kubernetes.io/component=config
  echo "2/4 migrate: job/$job"
  if created=$($kubectl create -k "$out/migrate" 2>&1); then
    echo "$created"
  else
    case $created in
      *AlreadyExists* | *"already exists"*)
        echo "job/$job exists: release $tag was migrated, or is migrating, already; waiting on it"
        ;;
      *)
        echo "$created" >&2
        echo "$0: could not create job/$job" >&2
        exit 1
        ;;
    esac
  fi
  wait_for_migration
else
  echo "rollback to release $tag: no migration; the schema stays expanded"
fi

echo "3/4 roll out release $tag"
$kubectl apply -k "$out/release"
echo "4/4 wait for the rollout"
for deployment in app-web app-worker; do
  if ! $kubectl rollout status "deployment/$deployment" --timeout="${rollout_timeout}s"; then
    echo "$0: deployment/$deployment did not roll out; back to the previous release: $kubectl rollout undo deployment/$deployment" >&2
    exit 1
  fi
done
echo "release $tag deployed"
