#!/usr/bin/env bash
# Runs, on a GPU machine and in one call, Claritas's CUDA and OpenCL kernels and training steps
# (dev.claritas.benchmarks.gpu.GpuRunner) and PyTorch on the same shapes (python_peer.py: cuDNN with TF32
# off and on, NCHW and channels-last; cuFFT; cuBLAS), then joins the results (ratio_table.py) into a
# table of time ratios — ours/PyTorch, OpenCL/CUDA — and a summary against issue 6's targets.
# Needs .gpu/ from benchmarks/gpu/prepare.sh (run where the project builds) carried along, e.g. with the
# device tool: carry [".gpu"], command "benchmarks/gpu/run-on-device.sh".
# Results (the runner's and the peer's lines, the report, a log) go to $OUT when it is set, else to a
# new folder under /tmp; the report is printed last.
#
# Usage: benchmarks/gpu/run-on-device.sh [options]
#   --quick              fewer repetitions and shorter warm-up (both halves)
#   --only REGEX         only the benchmarks whose name matches, e.g. 'conv fwd 32-32|fft2c'
#   --reps N             timed repetitions per benchmark (default 11)
#   --java-devices LIST  Claritas devices, each in its own JVM (default cuda:0,opencl:0)
#   --peer-device DEV    PyTorch's device (default cuda:0; cpu checks the script without a GPU)
#   --no-java, --no-peer leave one half out
# Environment: OUT (results folder), PYTHON (default python3), JAVA_TIMEOUT_S (per JVM, default 150),
#   PEER_TIMEOUT_S (default 240; a device call may run 600 s: keep the sum below that), OPENCL_ICD
#   (nvidia: use NVIDIA's OpenCL driver alone, the default; system: the ICDs the machine lists, e.g. PoCL).
set -uo pipefail

usage() {
    (($1 == 0)) || exec >&2
    sed -n '/^# Usage:/,/^[^#]/ s/^# \{0,1\}//p' "$0"
    exit "$1"
}

command="$0${*:+ $*}"
common=()
java_devices=cuda:0,opencl:0
peer_device=cuda:0
run_java=1
run_peer=1
while (($#)); do
    case "$1" in
        --quick) common+=(--quick) ;;
        --only | --reps)
            (($# >= 2)) || usage 2
            common+=("$1" "$2")
            shift ;;
        --java-devices)
            (($# >= 2)) || usage 2
            java_devices=$2
            shift ;;
        --peer-device)
            (($# >= 2)) || usage 2
            peer_device=$2
            shift ;;
        --no-java) run_java=0 ;;
        --no-peer) run_peer=0 ;;
        -h | --help) usage 0 ;;
        *) echo "run-on-device.sh: unknown argument '$1'" >&2; usage 2 ;;
    esac
    shift
done

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 1
here=benchmarks/gpu
python=${PYTHON:-python3}
export PYTHONDONTWRITEBYTECODE=1  # no __pycache__ left in the checkout
out=${OUT:-$(mktemp -d /tmp/claritas-gpu.XXXXXX)}
mkdir -p "$out"
log="$out/run.log"
: >"$log"
say() { echo "[run-on-device] $*" | tee -a "$log"; }

say "results in $out; $(date -u +%Y-%m-%dT%H:%M:%SZ); command: $command"

# ---- the machine
{
    echo "## uname: $(uname -srm)"
    if command -v nvidia-smi >/dev/null; then
        nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm,clocks.max.mem,power.limit \
            --format=csv 2>&1
        nvidia-smi 2>&1 | head -20
    else
        echo "no nvidia-smi on this machine"
    fi
    "$python" -c 'import sys, torch
print("python", sys.version.split()[0], "torch", torch.__version__, "cuda", torch.version.cuda,
      "cudnn", torch.backends.cudnn.version() if torch.backends.cudnn.is_available() else None,
      "gpu", torch.cuda.get_device_name(0) if torch.cuda.is_available() else None)' 2>&1
} | tee -a "$log"

# ---- Java
java=""
if ((run_java)); then
    if [[ -x .gpu/jre/bin/java ]]; then
        java=.gpu/jre/bin/java
    elif [[ -f .gpu/jre.tar.xz ]]; then
        tar -xJf .gpu/jre.tar.xz -C .gpu && java=.gpu/jre/bin/java
    fi
    if [[ -z $java || ! -f .gpu/benchmarks.jar ]]; then
        say "no .gpu/jre.tar.xz or .gpu/benchmarks.jar: run benchmarks/gpu/prepare.sh where the project builds and carry .gpu"
        run_java=0
    else
        "$java" -version 2>&1 | head -1 | tee -a "$log"
    fi
fi

# OpenCL: NVIDIA's ICD is libnvidia-opencl.so.1. Point the ICD loader at it alone (so that opencl:0 is the
# GPU even where PoCL is installed too), and use the loader from .gpu/ocl when the machine has none.
setup_opencl() {
    local nv dir libs
    libs=$(ldconfig -p 2>/dev/null)
    nv=$(awk '/libnvidia-opencl\.so\.1/ && !found {print $NF; found = 1}' <<<"$libs")
    if [[ -z $nv ]]; then
        for dir in /usr/local/nvidia/lib64 /usr/local/nvidia/lib /usr/lib/x86_64-linux-gnu /usr/lib64 /usr/local/cuda/lib64; do
            if [[ -e $dir/libnvidia-opencl.so.1 ]]; then
                nv=$dir/libnvidia-opencl.so.1
                break
            fi
        done
    fi
    if [[ -z $nv ]]; then
        say "no NVIDIA OpenCL ICD (libnvidia-opencl.so.1) on this machine: OpenCL is not measured"
        return 1
    fi
    icd_dir=$(mktemp -d)
    echo "$nv" >"$icd_dir/nvidia.icd"
    export OCL_ICD_VENDORS="$icd_dir"
    if ! grep -q 'libOpenCL\.so\.1 ' <<<"$libs"; then
        if [[ -f .gpu/ocl/libOpenCL.so.1 ]]; then
            export LD_LIBRARY_PATH="$root/.gpu/ocl${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
            say "OpenCL: the machine has no ICD loader; using the one carried in .gpu/ocl"
        else
            say "OpenCL: no ICD loader (libOpenCL.so.1) here or in .gpu/ocl: OpenCL is not measured"
            return 1
        fi
    fi
    say "OpenCL: NVIDIA's ICD $nv"
}

tsvs=()
icd_dir=""
if ((run_java)); then
    IFS=, read -r -a devices <<<"$java_devices"
    for d in "${devices[@]}"; do
        if [[ $d == opencl* && ${OPENCL_ICD:-nvidia} == nvidia && -z $icd_dir ]] && ! setup_opencl; then
            continue
        fi
        file="$out/java-${d//:/}.tsv"
        say "Claritas on $d: GpuRunner ${common[*]} (at most ${JAVA_TIMEOUT_S:-150} s)"
        timeout "${JAVA_TIMEOUT_S:-150}" "$java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
            -cp .gpu/benchmarks.jar dev.claritas.benchmarks.gpu.GpuRunner --devices "$d" "${common[@]}" \
            2>>"$log" | tee "$file"
        rc=${PIPESTATUS[0]}
        ((rc == 0)) || say "GpuRunner on $d exited with $rc$( ((rc == 124)) && echo ' (timed out: the lines so far are kept)')"
        if [[ $d == opencl* ]] && grep -q "^# device $d (" "$file" && ! grep -qi "^# device $d (.*nvidia" "$file"; then
            say "warning: $d is not an NVIDIA device ($(grep "^# device $d" "$file")): OpenCL/CUDA ratios are not about the GPU"
        fi
        tsvs+=("$file")
    done
fi

# ---- PyTorch
if ((run_peer)); then
    file="$out/torch.tsv"
    say "PyTorch on $peer_device: python_peer.py ${common[*]} (at most ${PEER_TIMEOUT_S:-240} s)"
    PYTHONUNBUFFERED=1 timeout "${PEER_TIMEOUT_S:-240}" "$python" "$here/python_peer.py" --device "$peer_device" \
        "${common[@]}" 2>>"$log" | tee "$file"
    rc=${PIPESTATUS[0]}
    ((rc == 0)) || say "python_peer.py exited with $rc$( ((rc == 124)) && echo ' (timed out: the lines so far are kept)')"
    tsvs+=("$file")
fi

# ---- the ratio table
if ((${#tsvs[@]} == 0)); then
    say "nothing was measured"
    exit 1
fi
# Ours against the peer: the first CUDA device asked for, else the first one that is not OpenCL (a CPU check).
ours=$(tr , '\n' <<<"$java_devices" | grep -m1 '^cuda' || tr , '\n' <<<"$java_devices" | grep -m1 -v '^opencl' || echo cuda:0)
opencl=$(tr , '\n' <<<"$java_devices" | grep -m1 '^opencl' || echo opencl:0)
echo
"$python" "$here/ratio_table.py" --cuda "$ours" --opencl "$opencl" --peer "$peer_device" "${tsvs[@]}" 2>>"$log" |
    tee "$out/report.txt"
rc=${PIPESTATUS[0]}
[[ -z $icd_dir ]] || rm -rf "$icd_dir"
say "files: $(cd "$out" && ls | tr '\n' ' ')"
exit "$rc"
