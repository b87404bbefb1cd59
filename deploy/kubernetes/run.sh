#!/bin/sh
# Runs an audit on Kubernetes: the shards, then the merge. The archive's
# volume (PersistentVolumeClaim copydesk-archive, with listing.txt at its
# root) must exist. Usage: deploy/kubernetes/run.sh [kubectl flags, e.g. -n audit]
set -eu
cd "$(dirname "$0")"

# finished JOB: waits until the Job is Complete or Failed, and prints which.
finished() {
  while :; do
    state=$(kubectl "$@" get job "$job" -o jsonpath='{.status.conditions[?(@.status=="True")].type}')
    case " $state " in
      *" Complete "*) echo Complete; return ;;
      *" Failed "*) echo Failed; return ;;
    esac
    sleep 10
  done
}

kubectl "$@" apply -f reports-pvc.yaml
kubectl "$@" delete job copydesk-shards copydesk-merge --ignore-not-found
kubectl "$@" apply -f shards-job.yaml
job=copydesk-shards
if [ "$(finished "$@")" != Complete ]; then
  echo "copydesk-shards failed: kubectl $* describe job copydesk-shards" >&2
  exit 1
fi
kubectl "$@" apply -f merge-job.yaml
job=copydesk-merge
verdict=$(finished "$@")
kubectl "$@" logs job/copydesk-merge
# The merge fails when a finding fails the audit or a file could not be checked.
[ "$verdict" = Complete ]
