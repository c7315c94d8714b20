#!/usr/bin/env bash
# Compiles every GPU kernel source (src/main/resources/dev/claritas/kernels/gpu/*.cl) to PTX for the
# CUDA backend, once per element type listed on the file's first line ("/* dtypes: float double */").
# Called by Maven (generate-resources) with the output folder; the PTX ships inside the jar.
# Without nvcc the build goes on and the CUDA backend reports itself unavailable; with nvcc, a kernel
# that does not compile fails the build. Up-to-date PTX (newer than its source and every header) is kept.
set -euo pipefail

out=$1
src=$(dirname "$0")/src/main/resources/dev/claritas/kernels/gpu
arch=${CLARITAS_CUDA_ARCH:-compute_75}

nvcc=$(command -v nvcc || true)
if [[ -z $nvcc && -x /usr/local/cuda/bin/nvcc ]]; then
    nvcc=/usr/local/cuda/bin/nvcc
fi
if [[ -z $nvcc ]]; then
    echo "[claritas] nvcc not found: building without CUDA kernels; the CUDA backend will be unavailable"
    exit 0
fi

mkdir -p "$out"
defines() {
    case $1 in
        float) echo "-DCLARITAS_T=float -DT_IS_FLOAT" ;;
        double) echo "-DCLARITAS_T=double -DT_IS_FLOAT -DT_IS_DOUBLE" ;;
        long) echo "-DCLARITAS_T=long -DT_IS_INT" ;;
        uchar) echo "-DCLARITAS_T=uchar -DT_IS_BOOL" ;;
        *) echo "unknown dtype '$1'" >&2; exit 1 ;;
    esac
}

jobs=()
for cl in "$src"/*.cl; do
    name=$(basename "$cl" .cl)
    dtypes=$(head -1 "$cl" | sed -n 's/.*dtypes:\([a-z ]*\).*/\1/p')
    if [[ -z $dtypes ]]; then
        echo "[claritas] $cl: first line must list its dtypes, e.g. /* dtypes: float double */" >&2
        exit 1
    fi
    for t in $dtypes; do
        ptx=$out/${name}_$t.ptx
        if [[ -f $ptx && $ptx -nt $cl && -z $(find "$src" -name '*.h' -newer "$ptx" -print -quit) ]]; then
            continue
        fi
        jobs+=("$cl|$t|$ptx")
    done
done
if (( ${#jobs[@]} == 0 )); then
    exit 0
fi
echo "[claritas] compiling ${#jobs[@]} CUDA kernel modules with $nvcc ($arch)"
compile() {
    IFS='|' read -r cl t ptx <<< "$1"
    # shellcheck disable=SC2046
    "$nvcc" -x cu -arch="$arch" -ptx -O3 $(defines "$t") -include "$src/dialect.h" -include "$src/ops.h" \
        "$cl" -o "$ptx.tmp" && mv "$ptx.tmp" "$ptx"
}
export -f compile defines
export nvcc arch src
printf '%s\n' "${jobs[@]}" | xargs -P "$(nproc)" -I{} bash -c 'compile "$@"' _ {}
