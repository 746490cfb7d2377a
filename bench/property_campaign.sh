#!/bin/sh
# A long campaign of the property-based tests (tests/test_properties.py), on one process:
#   bench/property_campaign.sh [MINUTES] [EXAMPLES]
# runs the properties again and again, EXAMPLES examples per property a round (default
# 500) and a fresh random seed each round, until MINUTES (default 120) have passed, and
# prints each round's result and the number of cases run. Failing examples are kept in
# the Hypothesis database $FACTCHECK_PROPERTY_DB (default /tmp/factcheck-property-db),
# so a later round, or `pytest tests/test_properties.py` with the same variable, replays
# them first. The log of every round is kept in $FACTCHECK_PROPERTY_LOGS (default
# /tmp/factcheck-property-logs).
set -u
cd "$(dirname "$0")/.."
minutes=${1:-120}
examples=${2:-500}
python=${PYTHON:-.venv/bin/python}
logs=${FACTCHECK_PROPERTY_LOGS:-/tmp/factcheck-property-logs}
export FACTCHECK_PROPERTY_DB=${FACTCHECK_PROPERTY_DB:-/tmp/factcheck-property-db}
export FACTCHECK_PROPERTY_EXAMPLES=$examples
export FACTCHECK_PROPERTY_COUNT="$logs/counts"
mkdir -p "$logs"
: > "$FACTCHECK_PROPERTY_COUNT"
start=$(date +%s)
deadline=$((start + minutes * 60))
round=0
failed=0
while [ "$(date +%s)" -lt "$deadline" ]; do
    round=$((round + 1))
    seed=$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')
    log="$logs/round-$round.log"
    if "$python" -m pytest -q -p no:cacheprovider tests/test_properties.py --hypothesis-seed="$seed" \
            --hypothesis-show-statistics > "$log" 2>&1; then
        result=passed
    else
        result=FAILED
        failed=$((failed + 1))
    fi
    cases=$(awk '{n += $2} END {print n + 0}' "$FACTCHECK_PROPERTY_COUNT")
    echo "$(date -u +%H:%M:%S) round $round (seed $seed): $result; $cases cases so far ($log)"
done
elapsed=$(( ($(date +%s) - start) / 60 ))
echo "campaign: $round rounds in $elapsed min, $failed failed;" \
     "cases by property: $(awk '{n[$1] += $2} END {for (k in n) printf "%s %d, ", k, n[k]}' "$FACTCHECK_PROPERTY_COUNT")"
[ "$failed" -eq 0 ]
