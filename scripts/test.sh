#!/usr/bin/env bash
# The whole test suite under jax, torch and tensorflow, one process per backend
# (KERAS_BACKEND is read at import). Creates/updates the test environment in .venv
# first, lints with ruff, prints a summary per backend and exits non-zero if any fails.
#
#   bash scripts/test.sh                # all three backends
#   BACKENDS="jax" bash scripts/test.sh # a subset
#   SKIP_INSTALL=1 bash scripts/test.sh # reuse .venv as it is
set -uo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
PY=${PYTHON:-python3}
BACKENDS=${BACKENDS:-"jax torch tensorflow"}
WORKERS=${WORKERS:-2}

if [ -z "${SKIP_INSTALL:-}" ]; then
  [ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV" || exit 1
  "$VENV/bin/python" -m pip install -q --upgrade pip || exit 1
  # Pins (torch's CPU wheel, numpy < 2.5 for TensorFlow) live in the constraints file,
  # not in the package metadata.
  "$VENV/bin/python" -m pip install -q -c constraints-test.txt \
    -e ".[jax,torch,test,onnx,docs]" tensorflow-cpu || exit 1
fi

export TF_CPP_MIN_LOG_LEVEL=${TF_CPP_MIN_LOG_LEVEL:-2}
mkdir -p out
# The oldest supported Keras (pyproject: keras>=3.8), beside .venv, not in it: one test
# runs `activation="keras_acts>name"` against it in a subprocess (a few seconds; the test
# skips, saying so, where the install failed, e.g. offline).
[ -f out/keras-3.8.0/keras/__init__.py ] ||
  "$VENV/bin/python" -m pip install -q --no-deps --target out/keras-3.8.0 keras==3.8.0 ||
  echo "keras==3.8.0 not installed: its test will be skipped"
echo "== ruff"
"$VENV/bin/ruff" check keras_acts tests examples scripts docs/*.py || exit 1
"$VENV/bin/ruff" format --check keras_acts tests examples scripts docs/*.py || exit 1

# The docs site, once (not per backend): pages and figures are generated from the
# catalogue, so a new entry without docs or a broken link fails here.
echo "== mkdocs build --strict"
KERAS_BACKEND=jax NO_MKDOCS_2_WARNING=1 "$VENV/bin/mkdocs" build --strict --quiet \
  --site-dir out/site 2>&1 | tee out/mkdocs.log
[ "${PIPESTATUS[0]}" -eq 0 ] || { echo "mkdocs build failed (out/mkdocs.log)"; exit 1; }
# The built site in headless Chromium, offline: formulas rendered, images loaded,
# screenshots in out/docs-check (skips, saying so, where no Chromium is installed).
echo "== docs in a browser"
"$VENV/bin/python" scripts/check_docs.py out/site --out out/docs-check || exit 1

status=0
declare -A summary
for backend in $BACKENDS; do
  echo "== pytest, KERAS_BACKEND=$backend"
  log="out/pytest-$backend.log"
  KERAS_BACKEND=$backend "$VENV/bin/python" -m pytest -n "$WORKERS" -q -rfE \
    --junitxml="out/junit-$backend.xml" "$@" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  [ "$rc" -eq 0 ] || status=1
  line=$(grep -E '^=* *[0-9]+ (passed|failed|errors?|skipped)|no tests ran' "$log" | tail -n 1 | sed 's/=//g; s/^ *//; s/ *$//')
  summary[$backend]="${line:-no pytest summary} (exit $rc)"
done

echo
echo "== summary"
for backend in $BACKENDS; do
  printf '%-11s %s\n' "$backend:" "${summary[$backend]}"
done
exit $status
