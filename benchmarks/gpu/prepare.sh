#!/usr/bin/env bash
# Packs into .gpu/ (at the repository root, ignored by git) what benchmarks/gpu/run-on-device.sh needs on
# a GPU machine that has no Java and reaches no registry:
#   .gpu/jre.tar.xz       a jlink'ed JDK 25 (/work/shared/gpu/pack-jre.sh), about 21 MB
#   .gpu/benchmarks.jar   the benchmarks' shaded jar (JMH suites, GpuRunner, every module, PTX kernels,
#                         JOCL and JCuda) without the natives no Linux x86-64 driver-API run loads
#   .gpu/ocl/libOpenCL.so.1  this machine's OpenCL ICD loader, used there only if it has none
# Run it HERE (where Maven, nvcc and JDK 25 are), from anywhere in the repository; then run the benchmarks
# with the device tool: carry [".gpu"], command "benchmarks/gpu/run-on-device.sh".
#
# Usage: benchmarks/gpu/prepare.sh [--skip-build] [--repack-jre]
#   --skip-build   use benchmarks/target/benchmarks.jar as it is
#   --repack-jre   pack the JRE again even if .gpu/jre.tar.xz exists
# Environment: PACK_JRE  path of pack-jre.sh (default: ../shared/gpu/pack-jre.sh beside the repository,
#                        else /work/shared/gpu/pack-jre.sh)
#              MVN_ARGS  arguments for ./mvnw before the goals (default: -o -q)
set -euo pipefail

usage() {
    (($1 == 0)) || exec >&2
    sed -n '/^# Usage:/,/^[^#]/ s/^# \{0,1\}//p' "$0"
    exit "$1"
}

build=1
repack=0
while (($#)); do
    case "$1" in
        --skip-build) build=0 ;;
        --repack-jre) repack=1 ;;
        -h | --help) usage 0 ;;
        *) echo "prepare.sh: unknown argument '$1'" >&2; usage 2 ;;
    esac
    shift
done

root=$(cd "$(dirname "$0")/../.." && pwd)
gpu="$root/.gpu"
jar="$root/benchmarks/target/benchmarks.jar"
# The budget of one device call is 64 MiB for the working tree and the carried paths together.
max_gpu_mib=48

if ((build)); then
    echo "[prepare] building the benchmarks jar (./mvnw ${MVN_ARGS:--o -q} -pl benchmarks -am package -DskipTests)"
    # shellcheck disable=SC2086
    (cd "$root" && ./mvnw ${MVN_ARGS:--o -q} -pl benchmarks -am package -DskipTests)
fi
[[ -f $jar ]] || { echo "prepare.sh: $jar is missing; build it (drop --skip-build)" >&2; exit 1; }
if ! unzip -l "$jar" 'dev/claritas/kernels/cuda/ptx/copy_float.ptx' >/dev/null 2>&1; then
    echo "prepare.sh: $jar holds no PTX: it was built without nvcc, so CUDA would be unavailable there" >&2
    exit 1
fi

mkdir -p "$gpu"
# A JRE unpacked by an earlier run-on-device.sh here would be carried too, and is over the limit by itself.
rm -rf "$gpu/jre"
if ((repack)) || [[ ! -f $gpu/jre.tar.xz ]]; then
    pack=${PACK_JRE:-}
    if [[ -z $pack ]]; then
        for candidate in "$root/../shared/gpu/pack-jre.sh" /work/shared/gpu/pack-jre.sh; do
            if [[ -f $candidate ]]; then
                pack=$candidate
                break
            fi
        done
    fi
    [[ -n $pack && -f $pack ]] || { echo "prepare.sh: pack-jre.sh not found; set PACK_JRE" >&2; exit 1; }
    echo "[prepare] packing the JRE with $pack"
    # pack-jre.sh writes .gpu/jre.tar.xz at the root of the git repository it is run in (and ignores .gpu/ there).
    (cd "$root" && bash "$pack")
else
    echo "[prepare] keeping $gpu/jre.tar.xz (--repack-jre to redo it)"
fi
[[ -f $gpu/jre.tar.xz ]] || { echo "prepare.sh: no $gpu/jre.tar.xz after packing" >&2; exit 1; }

# The shaded jar without natives that a Linux x86-64 run through the CUDA driver API never loads (JCudaDriver
# loads only libJCudaDriver): JCuda's PTX compiler (24 MB, 9 MB packed) and NVRTC bindings, and JOCL's
# libraries for other systems.
cp "$jar" "$gpu/benchmarks.jar.tmp"
zip -q -d "$gpu/benchmarks.jar.tmp" 'lib/libJNvPTXCompiler-*' 'lib/libJNvrtc-*' 'lib/*.dll' 'lib/*.dylib' \
    'lib/*-arm64.so' >/dev/null
for needed in 'lib/libJCudaDriver-*-linux-x86_64.so' 'lib/libJOCL_*-linux-x86_64.so' \
    'dev/claritas/benchmarks/gpu/GpuRunner.class' 'META-INF/BenchmarkList'; do
    if ! unzip -l "$gpu/benchmarks.jar.tmp" "$needed" >/dev/null 2>&1; then
        echo "prepare.sh: the trimmed jar lacks $needed" >&2
        rm -f "$gpu/benchmarks.jar.tmp"
        exit 1
    fi
done
mv "$gpu/benchmarks.jar.tmp" "$gpu/benchmarks.jar"

# An OpenCL ICD loader for a machine whose NVIDIA driver has the OpenCL library but no loader.
# (awk reads to the end: an early exit would kill ldconfig with SIGPIPE, which pipefail turns into a failure)
loader=$(ldconfig -p 2>/dev/null | awk '/libOpenCL\.so\.1 .*x86-64/ && !found {print $NF; found = 1}')
if [[ -n $loader ]]; then
    mkdir -p "$gpu/ocl"
    cp -L "$loader" "$gpu/ocl/libOpenCL.so.1"
else
    echo "[prepare] no libOpenCL.so.1 here to carry: OpenCL will run there only if that machine has a loader"
fi

echo "[prepare] contents of $gpu:"
(cd "$gpu" && find . -type f ! -path './jre/*' -exec ls -l {} + | awk '{printf "  %10d  %s\n", $5, $9}')
total=$(find "$gpu" -type f ! -path "$gpu/jre/*" -printf '%s\n' | awk '{s += $1} END {print s + 0}')
mib=$(((total + 1048575) / 1048576))
echo "[prepare] $mib MiB to carry (the device call's limit is 64 MiB with the working tree)"
if ((mib > max_gpu_mib)); then
    echo "prepare.sh: .gpu is over $max_gpu_mib MiB; the working tree may not fit beside it" >&2
    exit 1
fi
cat <<EOF
[prepare] done. On the GPU machine (device tool, run from the repository root):
  carry: [".gpu"]
  command: benchmarks/gpu/run-on-device.sh            (--quick for a shorter run; --help for options)
EOF
