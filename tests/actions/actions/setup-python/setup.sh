#!/usr/bin/env bash
# A fresh Python per job, so that every install step really installs: like setup-python, which
# puts a prebuilt Python from the tool cache on PATH, it copies a clean virtual environment the
# test made once (CMCHECK_ACT_PYTHON_HOME). pip may read only the wheelhouse (no network), and
# with `cache: pip` keeps one cache across jobs.
set -euo pipefail
: "${CMCHECK_ACT_UPLOADS:?this stand-in runs only inside tests/test_act_scenario.py}"
: "${CMCHECK_ACT_WHEELHOUSE:?no wheelhouse: scripts/test fills it}"
: "${CMCHECK_ACT_PYTHON_HOME:?no Python to copy}"
venv="$RUNNER_TEMP/python"
rm -rf "$venv"
cp -a "$CMCHECK_ACT_PYTHON_HOME" "$venv"
echo "$venv/bin" >> "$GITHUB_PATH"
{
  echo "PIP_NO_INDEX=1"
  echo "PIP_FIND_LINKS=$CMCHECK_ACT_WHEELHOUSE"
  echo "PIP_DISABLE_PIP_VERSION_CHECK=1"
  # The test skips compiling every installed module to bytecode (seconds per job on 2 cores);
  # bench/act.py keeps it, as on GitHub.
  [ "${CMCHECK_ACT_NO_COMPILE:-}" != 1 ] || echo "PIP_NO_COMPILE=1"
} >> "$GITHUB_ENV"
if [ "$INPUT_CACHE" = "pip" ]; then
  # Like setup-python: the cache key needs a dependency file, and none found is an error.
  pattern="${INPUT_CACHE_DEPENDENCY_PATH:-**/requirements.txt}"
  shopt -s globstar nullglob
  files=($GITHUB_WORKSPACE/$pattern)
  if [ "${#files[@]}" -eq 0 ]; then
    echo "::error::No file in $GITHUB_WORKSPACE matched to [$pattern], make sure you have checked out the target repository"
    exit 1
  fi
  echo "PIP_CACHE_DIR=$CMCHECK_ACT_PIP_CACHE" >> "$GITHUB_ENV"
  echo "pip cache: ${#files[@]} dependency file(s)"
else
  echo "PIP_NO_CACHE_DIR=1" >> "$GITHUB_ENV"
fi
"$venv/bin/python" --version
