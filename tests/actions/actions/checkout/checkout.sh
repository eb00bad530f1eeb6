#!/usr/bin/env bash
# What actions/checkout does, against $GITHUB_SERVER_URL/$GITHUB_REPOSITORY (which the test
# rewrites to a local bare repository through git's url.insteadOf).
set -euo pipefail
: "${CMCHECK_ACT_UPLOADS:?this stand-in runs only inside tests/test_act_scenario.py}"
target="$GITHUB_WORKSPACE/$INPUT_PATH"
url="$GITHUB_SERVER_URL/$GITHUB_REPOSITORY"
ref="$INPUT_REF"
if [ -z "$ref" ]; then
  # GitHub checks out refs/pull/N/merge on a pull request and the pushed SHA otherwise.
  case "$GITHUB_REF" in refs/pull/*) ref="$GITHUB_REF" ;; *) ref="$GITHUB_SHA" ;; esac
fi
depth=()
[ "$INPUT_FETCH_DEPTH" = "0" ] || depth=(--depth "$INPUT_FETCH_DEPTH")
# A fresh clone every time, as on a fresh runner (the workspace itself may be the target).
mkdir -p "$target"
find "$target" -mindepth 1 -delete
git init -q "$target"
cd "$target"
git remote add origin "$url"
if [ "$INPUT_FETCH_DEPTH" = "0" ]; then
  git fetch -q --no-tags --prune origin '+refs/heads/*:refs/remotes/origin/*' '+refs/tags/*:refs/tags/*'
fi
if [[ "$ref" =~ ^[0-9a-f]{40}$ ]]; then
  git fetch -q --no-tags "${depth[@]}" origin "$ref"
  git checkout -q --detach "$ref"
elif [[ "$ref" == refs/* ]]; then
  git fetch -q --no-tags "${depth[@]}" origin "+$ref:$ref"
  git checkout -q --detach "$ref"
else
  git fetch -q --no-tags "${depth[@]}" origin "+refs/heads/$ref:refs/remotes/origin/$ref"
  git checkout -q -B "$ref" "refs/remotes/origin/$ref"
fi
echo "checked out $ref at $(git rev-parse HEAD) into $INPUT_PATH ($(git rev-list --count HEAD) commits)"
