#!/usr/bin/env bash
# The test suite's wall time at a given commit, run the way that commit runs it (`make pytest`,
# so a commit with pytest-xdist runs in parallel and an older one in one process).
#
#   bench/suite_speed.sh [COMMIT] [PYTEST ARGS…]
#   bench/suite_speed.sh main                                    # the whole suite at main
#   bench/suite_speed.sh HEAD tests/backoffice tests/meetings    # a subset at HEAD
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench bench/suite_speed.sh HEAD
#
# The commit is cloned into a temporary directory, which gets its own virtualenv and built
# assets (`make .venv/.test-installed assets`, not timed); then `make pytest` is timed with
# CI=true (so a skip fails) and the wall time, CPU time and the last line of pytest's summary
# are printed. The clone is removed afterwards unless KEEP=1. Run old and new one after the
# other on a quiet machine; compare wall time (and CPU time: the parallel run spends a little
# more of it in total, in less time).
set -euo pipefail

commit="${1:-HEAD}"
shift || true
source_repo="$(cd "$(dirname "$0")/.." && git rev-parse --show-toplevel)"
work="$(mktemp -d "${TMPDIR:-/tmp}/suite-speed.XXXXXX")"
cleanup() { [ "${KEEP:-0}" = 1 ] && echo "kept: $work" || rm -rf "$work"; }
trap cleanup EXIT

sha="$(git -C "$source_repo" rev-parse --verify "${commit}^{commit}")"
git clone --quiet --no-checkout "$source_repo" "$work/repo"
git -C "$work/repo" checkout --quiet "$sha"
cd "$work/repo"
echo "commit $sha ($(git log -1 --format=%s | cut -c1-70))"
echo "building its environment (not timed)…"
make .venv/.test-installed assets >"$work/build.log" 2>&1 || { tail -20 "$work/build.log"; exit 1; }
mkdir -p var

args="-q -p no:cacheprovider $*"
echo "timing: make pytest PYTEST_ARGS=\"$args\""
start=$(date +%s.%N)
set +e
CI=true /usr/bin/time -f "%e %U %S" -o "$work/time" make pytest PYTEST_ARGS="$args" >"$work/pytest.log" 2>&1
status=$?
set -e
end=$(date +%s.%N)
read -r _ user system <"$work/time" || true
grep -E "^[0-9]+ (passed|failed)|^=+ .* in [0-9.]+s" "$work/pytest.log" | tail -1 || true
printf 'wall %.1f s, cpu %.1f s (user %s + system %s, workers included), exit %s\n' \
  "$(echo "$end - $start" | bc)" "$(echo "${user:-0} + ${system:-0}" | bc)" "${user:-?}" "${system:-?}" "$status"
