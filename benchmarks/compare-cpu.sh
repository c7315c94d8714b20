#!/usr/bin/env bash
# Compares Claritas's CPU kernels and training steps with PyTorch (and the FFT with JTransforms) on this
# machine, in one run with the repetitions interleaved, and prints medians, ratios, fractions of the
# measured FMA peak, peak memory and, last, one line:
#   summary: conv_fwd=R1 conv_fwd_bwd=R2 fft2=R3 unet_step=R4 dncnn_step=R5
# where each R is the geometric mean of Claritas's speed relative to PyTorch (>1: Claritas is faster).
#
# Usage: benchmarks/compare-cpu.sh [--quick] [--only REGEX] [--heap SIZE]
#   --quick       fewer shapes and repetitions, two threads (GEMM also one): a few minutes on 2 cores
#   --only REGEX  only the benchmarks whose name matches, e.g. --only 'conv fwd 32-32' (the peak
#                 memory lines are named 'rss unet' and 'rss dncnn')
#   --heap SIZE   the Java workers' maximum heap (-Xmx), for the timings and the peak memory alike
#                 (default 1g; 'jvm' leaves the heap to the JVM's own sizing, a quarter of the RAM)
# Environment: PYTHON (default /usr/bin/python3, Debian's, which has torch 1.13 with oneDNN);
#   OMP_WAIT_POLICY for PyTorch's OpenMP threads (default here PASSIVE, see below).
set -euo pipefail

usage() {
    (($1 == 0)) || exec >&2
    sed -n 's/^# \{0,1\}//; /^Usage:/,/^Environment:/p' "$0"
    exit "$1"
}

args=()
while (($#)); do
    case "$1" in
        --quick) args+=(--quick) ;;
        --only | --heap)
            (($# >= 2)) || usage 2
            args+=("$1" "$2")
            shift ;;
        -h | --help) usage 0 ;;
        *) echo "compare-cpu.sh: unknown argument '$1'" >&2; usage 2 ;;
    esac
    shift
done

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
python=${PYTHON:-/usr/bin/python3}
jar="$root/benchmarks/target/benchmarks.jar"

if ! "$python" -c 'import torch' 2>/dev/null; then
    echo "compare-cpu.sh: $python cannot import torch; on Debian: apt-get install python3-torch" >&2
    exit 1
fi

# Build when a source or pom is newer than the jar (Maven itself takes ~20 s to find nothing to do);
# its output is kept out of the report unless the build fails.
stale() {
    [[ ! -f $jar ]] ||
        [[ -n $(find "$root" -path "$root/*/src/main/*" -newer "$jar" -print -quit) ]] ||
        [[ -n $(find "$root" -maxdepth 2 -name pom.xml -newer "$jar" -print -quit) ]]
}
if stale; then
    log=$(mktemp)
    trap 'rm -f "$log"' EXIT
    if ! "$root/mvnw" -q -pl benchmarks -am package -DskipTests >"$log" 2>&1; then
        cat "$log" >&2
        echo "compare-cpu.sh: the build failed" >&2
        exit 1
    fi
fi

# The command as typed, quoted, so that the report says how to reproduce it.
command="benchmarks/compare-cpu.sh"
for a in "${args[@]}"; do
    command+=" $(printf '%q' "$a")"
done

# PyTorch's OpenMP threads spin while they wait by default. On a shared machine whose other jobs take
# the cores, a parallel region then waits for a descheduled spinner: two-thread medians of torch ops
# swung tenfold between runs, while PASSIVE ones were stable and faster. Set it to compare otherwise.
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}

java_home=$("$root/bin/find-jdk")
cd "$root"
"$java_home/bin/java" -cp "$jar" \
    dev.claritas.benchmarks.compare.CompareCpu "${args[@]}" \
    --python "$python" --torch-worker "$here/scripts/torch_worker.py" --command "$command"
