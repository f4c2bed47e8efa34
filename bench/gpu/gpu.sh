#!/usr/bin/env bash
# HebbKit's GPU path: run HebbKit (DJL 0.35.1, PyTorch engine) on a GPU machine whose only libtorch is the one inside
# its Python PyTorch, with no JDK and no network there. One entry point; `gpu.sh help` lists the sub-commands.
#
# Here (JDK 17 + Maven):   gpu.sh prepare OUT [--djl DIR]       bundle: small Java runtime, jars, DJL's JNI sources
#                          gpu.sh data-parts DATA_DIR OUT [MIB]  CIFAR-10 binaries as a tar in parts, with checksums
# There (GPU, PyTorch):    gpu.sh data-join PARTS DATA_DIR       check the parts, join, unpack
#                          gpu.sh build-jni BUNDLE               build DJL's JNI library against that machine's libtorch
#                          source BUNDLE/env.sh                  PYTORCH_LIBRARY_PATH, ... and a `hebbkit` function
#                          gpu.sh reproduce BUNDLE DATA_DIR OUT  doctor, the 3-layer preset, the same recipe in PyTorch
set -euo pipefail

readonly DJL_TAG=v0.35.1
readonly DJL_VERSION=0.35.1
readonly DJL_URL=https://github.com/deepjavalibrary/djl
readonly TRANSFER_MIB=64
readonly JNI_HEADER=ai_djl_pytorch_jni_PyTorchLibrary.h
readonly CIFAR_FILES=(cifar-10/cifar-10-batches-bin/data_batch_1.bin cifar-10/cifar-10-batches-bin/data_batch_2.bin
  cifar-10/cifar-10-batches-bin/data_batch_3.bin cifar-10/cifar-10-batches-bin/data_batch_4.bin
  cifar-10/cifar-10-batches-bin/data_batch_5.bin cifar-10/cifar-10-batches-bin/test_batch.bin
  cifar-10/cifar-10-batches-bin/batches.meta.txt)
# every JVM this script starts
readonly JVM_FLAGS=(-Dai.djl.offline=true -DOPT_OUT_TRACKING=true)
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

die() {
  echo "gpu.sh: error: $*" >&2
  exit 1
}
note() { echo "gpu.sh: $*" >&2; }
need() { command -v "$1" >/dev/null 2>&1 || die "'$1' is not on PATH: $2"; }
mib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
bytes_of() { du -sb "$1" | cut -f1; }

usage() {
  cat <<'EOF'
Usage: gpu.sh COMMAND ARGS

On a machine with JDK 17 and Maven (this one):
  prepare OUT [--djl GIT_DIR_OR_CHECKOUT] [--no-build]
      Builds HebbKit from a copy of this working tree (mvn -o, tests skipped; the repository's own target/ folders
      are not touched), links a small Java runtime (jlink), and writes into OUT (new or empty): jre/, lib/ (the CLI
      jar and its dependencies without pytorch-native-cpu), include/ (jni.h, linux/jni_md.h), djl-pytorch-native/
      (DJL v0.35.1's JNI sources, with the JNI header generated here), gpu.sh, softhebb_torch.py, BUILD-INFO and
      MANIFEST (SHA-256 and size of every file). --djl: a local DJL git directory (bare or checkout) with tag
      v0.35.1, or an unpacked DJL v0.35.1 source tree; without it the sources are cloned from GitHub.
      --no-build: bundle the jars already in integration/cli/target instead of building.
  data-parts DATA_DIR OUT [MIB]
      The CIFAR-10 binaries (DATA_DIR/cifar-10/cifar-10-batches-bin: five data batches, test batch,
      batches.meta.txt) as one tar split into parts of at most MIB MiB (default 60), with PARTS.sha256 (the
      parts) and FILES.sha256 (the files inside).
  parts DIR OUT [MIB]
      The same for any directory (e.g. a bundle larger than one transfer): DIR's contents, tarred and split.

On the GPU machine (Python PyTorch, CMake, a C++ compiler; no JDK or network needed):
  data-join PARTS_DIR DATA_DIR      (or: join PARTS_DIR DIR)
      Checks every part against PARTS.sha256, joins and unpacks them into a temporary folder inside DATA_DIR,
      checks every file against FILES.sha256, and only then moves them in place. Refuses, and writes nothing,
      on a missing or corrupt part or when a different file of the same name is already there.
  build-jni BUNDLE [--python PY] [--torch-lib DIR] [--torch-cmake DIR] [--torch-include DIR] [--version V]
                   [--flavor F] [--cxx11-abi 0|1] [--cuda yes|no] [--direct] [--jobs N] [--build-dir DIR]
                   [--jni FILE]
      Builds DJL's JNI library (libdjl_torch.so) from BUNDLE/djl-pytorch-native against the machine's libtorch
      (found through PY's torch, default python3; every value can be given instead), installs it as
      BUNDLE/djl-cache/pytorch/<version>-<flavor>-linux-x86_64/0.35.1-libdjl_torch.so and writes BUNDLE/env.sh.
      CMake with DJL's CMakeLists.txt first; if CMake cannot configure (e.g. a CUDA PyTorch without the CUDA
      toolkit), the same sources are compiled directly with the C++ compiler (--direct: only that).
      --cuda yes: compile with USE_CUDA as DJL's own cu builds (needs the CUDA toolkit's headers; adds only
      DJL's CUDA cache release and TorchScript inference stream, unused by HebbKit); default no.
      --jni FILE: install a libdjl_torch.so built earlier for the same libtorch (e.g. brought back from an
      earlier session) instead of building.
  reproduce BUNDLE DATA_DIR OUT [--only hebbkit|torch] [--limit N] [--probe-epochs E] [--seed S]
                   [--python PY] [--timeout SECONDS] [--device gpu|cpu]
      Sources BUNDLE/env.sh, runs `hebbkit doctor --device gpu`, then `hebbkit train --preset
      softhebb-cifar10-3layer --device gpu` into OUT/hebbkit-3layer, then softhebb_torch.py --device cuda (the same
      recipe in the machine's PyTorch), each timed (wall time; peak GPU memory sampled with nvidia-smi); writes
      OUT/summary.txt with both times and their ratio (--only SIDE: OUT/summary-SIDE.txt, and summary.txt once
      both sides have run into the same OUT). --limit/--probe-epochs shorten both sides alike (a smoke
      test); --timeout stops each side after SECONDS and still writes the summary; --device cpu runs the same
      steps on the CPU (to try this script where there is no GPU).

Order on a GPU machine: prepare (here) -> carry the bundle and the data parts -> data-join, build-jni,
source BUNDLE/env.sh, reproduce. See bench/README.md, "GPU path (bench/gpu)".
EOF
}

# ---------------------------------------------------------------------------------------------------------------------
# parts / join: a directory's files as one tar split into parts, with checksums of the parts and of the files

# split_tree SRC OUT MIB NAME FILE...: FILEs (relative to SRC) as one gzip-compressed tar, split into
# OUT/NAME.tar.gz.part-NNN
split_tree() {
  local src="$1" out="$2" size="$3" name="$4"
  shift 4
  [[ "$size" =~ ^[1-9][0-9]*$ ]] || die "part size must be a whole number of MiB, got '$size'"
  if [[ -e "$out" && -n "$(ls -A "$out" 2>/dev/null)" ]]; then
    die "$out exists and is not empty; give a new or empty folder for the parts"
  fi
  mkdir -p "$out"
  out="$(cd "$out" && pwd)"
  (cd "$src" && sha256sum -- "$@") >"$out/FILES.sha256"
  local raw
  raw=$(cd "$src" && du -cb -- "$@" | tail -1 | cut -f1)
  (cd "$src" && tar --format=gnu --owner=0 --group=0 --numeric-owner -cf - -- "$@") | gzip -6 |
    split -b "${size}M" -d -a 3 - "$out/$name.tar.gz.part-"
  local count total
  count=$(find "$out" -maxdepth 1 -name "$name.tar.gz.part-*" | wc -l)
  (cd "$out" && sha256sum -- "$name".tar.gz.part-* >PARTS.sha256)
  total=$(cat "$out/$name".tar.gz.part-* | wc -c)
  echo "wrote $count part(s) of at most $size MiB into $out: $# files, $(mib "$raw") MiB, as $(mib "$total") MiB of" \
    "gzip-compressed tar:"
  (cd "$out" && ls -l -- "$name".tar.gz.part-* PARTS.sha256 FILES.sha256 | awk '{ printf "  %12d  %s\n", $5, $9 }')
  echo "carry every part with PARTS.sha256 and FILES.sha256; join there with: gpu.sh join $out DEST" \
    "(for data: gpu.sh data-join PARTS_DIR DATA_DIR)"
}

# join_tree PARTS_DIR DEST: check, join, unpack into DEST/.gpu-join.*, check the files, then move them in
join_tree() {
  local parts="$1" dest="$2"
  [[ -d "$parts" ]] || die "no folder $parts (the parts written by gpu.sh parts/data-parts)"
  parts="$(cd "$parts" && pwd)"
  [[ -f "$parts/PARTS.sha256" ]] || die "$parts has no PARTS.sha256: copy it from the folder gpu.sh parts/data-parts wrote"
  [[ -f "$parts/FILES.sha256" ]] || die "$parts has no FILES.sha256: copy it from the folder gpu.sh parts/data-parts wrote"
  local names=() line name missing=() bad=()
  while read -r line; do
    [[ -n "$line" ]] || continue
    name="${line#*  }"
    names+=("$name")
    [[ -f "$parts/$name" ]] || missing+=("$name")
  done <"$parts/PARTS.sha256"
  ((${#names[@]} > 0)) || die "$parts/PARTS.sha256 lists no parts"
  if ((${#missing[@]} > 0)); then
    die "${#missing[@]} of ${#names[@]} parts missing in $parts: ${missing[*]}; copy them there (nothing was written)"
  fi
  note "checking ${#names[@]} part(s) against PARTS.sha256..."
  local check
  check="$(cd "$parts" && sha256sum -c PARTS.sha256 2>&1)" || {
    bad=($(printf '%s\n' "$check" | awk -F': ' '$NF == "FAILED" || $NF ~ /No such file/ { print $1 }'))
    die "corrupt part(s) in $parts (SHA-256 differs): ${bad[*]}; copy them again (nothing was written)"
  }
  local created=""
  if [[ ! -d "$dest" ]]; then
    mkdir -p "$dest"
    created="$dest"
  fi
  dest="$(cd "$dest" && pwd)"
  local tmp
  tmp="$(mktemp -d "$dest/.gpu-join.XXXXXX")"
  # shellcheck disable=SC2064
  trap "rm -rf '$tmp'; [[ -n '$created' ]] && rmdir '$created' 2>/dev/null; true" EXIT
  local unpack=(cat)
  [[ "${names[0]}" == *.tar.gz.part-* ]] && unpack=(gzip -dc)
  (cd "$parts" && cat -- "${names[@]}") | "${unpack[@]}" | tar -x -C "$tmp" -f - ||
    die "the joined parts are not a readable tar (were they made by gpu.sh parts?); nothing was written"
  check="$(cd "$tmp" && sha256sum -c "$parts/FILES.sha256" 2>&1)" || {
    bad=($(printf '%s\n' "$check" | awk -F': ' '$NF == "FAILED" || $NF ~ /No such file/ { print $1 }'))
    die "file(s) unpacked from the parts differ from FILES.sha256: ${bad[*]}; nothing was written"
  }
  # refuse before moving anything when a different file of the same name is already in DEST
  local conflicts=() f
  while IFS= read -r -d '' f; do
    f="${f#"$tmp"/}"
    if [[ -e "$dest/$f" ]] && ! cmp -s "$tmp/$f" "$dest/$f"; then conflicts+=("$dest/$f"); fi
  done < <(find "$tmp" -type f -print0)
  if ((${#conflicts[@]} > 0)); then
    die "different file(s) already there: ${conflicts[*]}; move them away or choose another folder (nothing was written)"
  fi
  # move each top-most missing entry (a rename, on the same file system); identical files already there stay
  local moved=0 kept=0
  move_missing() {
    local rel="$1" entry
    for entry in "$tmp/$rel"* "$tmp/$rel".[!.]*; do
      [[ -e "$entry" ]] || continue
      local r="${entry#"$tmp"/}"
      if [[ ! -e "$dest/$r" ]]; then
        mv "$entry" "$dest/$r"
        moved=$((moved + 1))
      elif [[ -d "$entry" ]]; then
        move_missing "$r/"
      else
        kept=$((kept + 1))
      fi
    done
  }
  move_missing ""
  rm -rf "$tmp"
  trap - EXIT
  echo "joined ${#names[@]} part(s) into $dest: every file matches FILES.sha256 ($(wc -l <"$parts/FILES.sha256") files;" \
    "$moved new entr$( ((moved == 1)) && echo y || echo ies) moved in, $kept identical file(s) already there)"
}

cmd_parts() {
  (($# >= 2 && $# <= 3)) || die "usage: gpu.sh parts DIR OUT [MIB]"
  local src="$1" out="$2" size="${3:-60}"
  [[ -d "$src" ]] || die "no folder $src"
  local files=()
  while IFS= read -r -d '' f; do files+=("${f#./}"); done < <(cd "$src" && find . -type f -print0 | sort -z)
  ((${#files[@]} > 0)) || die "$src holds no files"
  if [[ -n "$(cd "$src" && find . -type l -print -quit)" ]]; then
    die "$src holds symbolic links, which the parts would not carry; replace them by copies"
  fi
  split_tree "$src" "$out" "$size" "$(basename "$(cd "$src" && pwd)")" "${files[@]}"
}

cmd_join() {
  (($# == 2)) || die "usage: gpu.sh join PARTS_DIR DIR"
  join_tree "$1" "$2"
}

cmd_data_parts() {
  (($# >= 2 && $# <= 3)) || die "usage: gpu.sh data-parts DATA_DIR OUT [MIB]"
  local data="$1" out="$2" size="${3:-60}" f missing=()
  [[ -d "$data" ]] || die "no data folder $data (the folder holding cifar-10/cifar-10-batches-bin)"
  for f in "${CIFAR_FILES[@]}"; do [[ -f "$data/$f" ]] || missing+=("$f"); done
  ((${#missing[@]} == 0)) || die "$data lacks ${missing[*]}: give the data folder that holds cifar-10/cifar-10-batches-bin"
  if [[ -f "$data/SHA256SUMS" ]]; then
    # the data folder's own list, where it names these files: they must match before anything is split
    local listed
    listed="$(grep -F -f <(printf '  %s\n' "${CIFAR_FILES[@]}") "$data/SHA256SUMS" || true)"
    if [[ -n "$listed" ]]; then
      (cd "$data" && sha256sum -c --quiet <<<"$listed") ||
        die "files in $data differ from its SHA256SUMS; fix the data folder first"
      echo "the $(wc -l <<<"$listed") CIFAR-10 files match $data/SHA256SUMS"
    fi
  fi
  split_tree "$data" "$out" "$size" cifar-10 "${CIFAR_FILES[@]}"
}

cmd_data_join() {
  (($# == 2)) || die "usage: gpu.sh data-join PARTS_DIR DATA_DIR"
  join_tree "$1" "$2"
  local f
  for f in "${CIFAR_FILES[@]}"; do
    [[ -f "$2/$f" ]] || die "$2/$f is missing after the join: were these parts made by gpu.sh data-parts?"
  done
  echo "CIFAR-10 ready: $(cd "$2" && pwd)/cifar-10/cifar-10-batches-bin (pass $(cd "$2" && pwd) as DATA_DIR)"
}

# ---------------------------------------------------------------------------------------------------------------------
# prepare

cmd_prepare() {
  local out="" djl="" build=true
  while (($#)); do
    case "$1" in
      --djl) (($# >= 2)) || die "--djl needs a folder"; djl="$2"; shift 2 ;;
      --no-build) build=false; shift ;;
      -h | --help) usage; exit 0 ;;
      -*) die "prepare: unknown option $1 (see gpu.sh help)" ;;
      *) [[ -z "$out" ]] || die "prepare takes one OUT folder, got '$out' and '$1'"; out="$1"; shift ;;
    esac
  done
  [[ -n "$out" ]] || die "usage: gpu.sh prepare OUT [--djl GIT_DIR_OR_CHECKOUT] [--no-build]"
  local repo
  repo="$(cd "$here/../.." && pwd)"
  [[ -f "$repo/pom.xml" && -d "$repo/integration/cli" ]] || die "$repo is not the HebbKit repository (gpu.sh must stay in bench/gpu)"

  # the JDK: JAVA_HOME, else the one javac belongs to
  local jdk
  if [[ -n "${JAVA_HOME:-}" && -x "${JAVA_HOME}/bin/jlink" ]]; then
    jdk="$JAVA_HOME"
  else
    need javac "prepare needs a JDK 17 (javac, jdeps, jlink); install one (Debian: apt-get install openjdk-17-jdk-headless) or set JAVA_HOME"
    jdk="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"
  fi
  local tool
  for tool in java javac jdeps jlink; do
    [[ -x "$jdk/bin/$tool" ]] || die "$jdk/bin/$tool missing: prepare needs a full JDK 17 (set JAVA_HOME to one)"
  done
  local major
  major="$("$jdk/bin/javac" -version 2>&1 | sed -E 's/^javac ([0-9]+).*/\1/')"
  [[ "$major" =~ ^[0-9]+$ && "$major" -ge 17 ]] || die "JDK at $jdk is version '$major'; HebbKit needs 17 or newer (set JAVA_HOME)"
  [[ -f "$jdk/include/jni.h" && -f "$jdk/include/linux/jni_md.h" ]] ||
    die "$jdk/include lacks jni.h or linux/jni_md.h (a JRE, not a JDK?); set JAVA_HOME to a full JDK"
  need sha256sum "install coreutils"
  need git "install git"
  $build && need mvn "install Maven (Debian: apt-get install maven), or pass --no-build to bundle the jars already built"

  if [[ -e "$out" && -n "$(ls -A "$out" 2>/dev/null)" ]]; then
    if [[ -f "$out/.prepare-incomplete" ]] ||
      { [[ -f "$out/MANIFEST" ]] && head -1 "$out/MANIFEST" | grep -q '^# HebbKit GPU bundle'; }; then
      note "replacing the earlier (or unfinished) bundle in $out"
      rm -rf "$out"
    else
      die "$out exists and is not empty (and is not an earlier bundle); give a new or empty folder"
    fi
  fi
  mkdir -p "$out"
  out="$(cd "$out" && pwd)"
  # marks an unfinished bundle (a later prepare may replace it); removed just before the MANIFEST is written
  echo "gpu.sh prepare started $(date -u +%Y-%m-%dT%H:%M:%SZ) and has not finished" >"$out/.prepare-incomplete"
  local work
  work="$(mktemp -d "${TMPDIR:-/tmp}/hebbkit-gpu-prepare.XXXXXX")"
  # shellcheck disable=SC2064
  trap "rm -rf '$work'" EXIT

  # 1. HebbKit, built from a copy of the working tree (tracked and untracked, not ignored files)
  local target="$repo/integration/cli/target" commit dirty
  commit="$(git -C "$repo" rev-parse HEAD 2>/dev/null || echo unknown)"
  dirty="$(git -C "$repo" status --porcelain 2>/dev/null | wc -l)"
  if $build; then
    note "building HebbKit from a copy of $repo (commit ${commit:0:12}, $dirty changed or new file(s)) in $work/src..."
    mkdir -p "$work/src"
    (cd "$repo" && git ls-files -z -c -o --exclude-standard |
      tar --null --ignore-failed-read -T - -cf - 2>/dev/null) | tar -x -C "$work/src"
    if ! (cd "$work/src" && mvn -o -q -B -DskipTests package -pl integration/cli -am) >"$work/mvn.log" 2>&1; then
      tail -30 "$work/mvn.log" >&2
      die "HebbKit did not build (mvn -o -q -DskipTests package -pl integration/cli -am, the log's end above);" \
        "fix the build, run it online once if Maven lacks a dependency, or pass --no-build to bundle integration/cli/target"
    fi
    target="$work/src/integration/cli/target"
  fi
  local cli="$target/hebbkit-cli-0.1.0-SNAPSHOT.jar"
  [[ -f "$cli" && -d "$target/lib" ]] ||
    die "$cli or its lib/ folder is missing; build first: cd $repo && mvn -o -q -DskipTests package -pl integration/cli -am"
  mkdir -p "$out/lib"
  cp "$cli" "$out/lib/"
  local jar skipped=()
  for jar in "$target/lib/"*.jar; do
    case "$(basename "$jar")" in
      pytorch-native-cpu-*) skipped+=("$(basename "$jar")") ;;
      *) cp "$jar" "$out/lib/" ;;
    esac
  done
  note "lib/: $(ls "$out/lib" | wc -l) jars ($(mib "$(bytes_of "$out/lib")") MiB); left out: ${skipped[*]:-nothing}"

  # 2. a small Java runtime: the modules the jars use, plus jdk.unsupported (sun.misc.Unsafe) and jdk.crypto.ec
  #    (TLS with EC keys, for dataset downloads)
  local modules
  modules="$("$jdk/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release 17 "$out/lib/"*.jar \
    2>"$work/jdeps.log" | tail -1)" || { cat "$work/jdeps.log" >&2; die "jdeps failed on the bundled jars (log above)"; }
  [[ "$modules" =~ ^[a-z.,]+$ ]] || { cat "$work/jdeps.log" >&2; die "jdeps printed no module list (got '$modules')"; }
  modules="$(tr , '\n' <<<"$modules,jdk.unsupported,jdk.crypto.ec" | awk 'NF && !seen[$0]++' | paste -sd,)"
  note "jlink: $modules"
  "$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --compress=2 \
    --output "$out/jre" >"$work/jlink.log" 2>&1 || { cat "$work/jlink.log" >&2; die "jlink failed (log above)"; }
  # the runtime's native libraries without their symbol tables (libjvm.so: about 23 -> 20 MB), when strip is there
  local stripped="no (strip not found)"
  if command -v strip >/dev/null 2>&1; then
    find "$out/jre" -name '*.so' -exec strip --strip-unneeded {} +
    stripped="yes (strip --strip-unneeded)"
  fi
  mkdir -p "$out/include/linux"
  cp "$jdk/include/jni.h" "$out/include/"
  cp "$jdk/include/linux/jni_md.h" "$out/include/linux/"

  # 3. DJL's JNI sources at v0.35.1 (a build input, never committed) and the JNI header javac makes from them
  local djlsrc="$work/djl" paths=(engines/pytorch/pytorch-native api/src/main/native
    engines/pytorch/pytorch-engine/src/main/java/ai/djl/pytorch/jni LICENSE NOTICE) djlcommit="unknown"
  mkdir -p "$djlsrc"
  archive_djl() { # GIT_DIR: the tag's files into $djlsrc
    git --git-dir="$1" rev-parse -q --verify "refs/tags/$DJL_TAG^{commit}" >/dev/null ||
      die "$1 has no tag $DJL_TAG; fetch it (git fetch --tags) or give another DJL repository with --djl"
    djlcommit="$(git --git-dir="$1" rev-parse "refs/tags/$DJL_TAG^{commit}")"
    local have=() p
    for p in "${paths[@]}"; do
      git --git-dir="$1" cat-file -e "$DJL_TAG:$p" 2>/dev/null && have+=("$p")
    done
    git --git-dir="$1" archive "$DJL_TAG" "${have[@]}" | tar -x -C "$djlsrc"
  }
  if [[ -z "$djl" ]]; then
    note "no --djl: cloning DJL $DJL_TAG from $DJL_URL..."
    git clone -q --depth 1 --branch "$DJL_TAG" "$DJL_URL" "$work/djl-clone" 2>"$work/clone.log" ||
      { cat "$work/clone.log" >&2; die "could not clone $DJL_URL (offline?); pass --djl with a local DJL repository or source tree at $DJL_TAG"; }
    archive_djl "$work/djl-clone/.git"
  elif [[ -d "$djl" && -f "$djl/HEAD" && -d "$djl/objects" ]]; then
    archive_djl "$djl"
  elif [[ -d "$djl/.git" ]]; then
    archive_djl "$djl/.git"
  elif [[ -f "$djl/engines/pytorch/pytorch-native/CMakeLists.txt" ]]; then
    note "warning: $djl is a plain source tree: its version cannot be checked against $DJL_TAG"
    local p
    for p in "${paths[@]}"; do
      [[ -e "$djl/$p" ]] || continue
      mkdir -p "$djlsrc/$(dirname "$p")"
      cp -r "$djl/$p" "$djlsrc/$p"
    done
    djlcommit="plain source tree $djl"
  else
    die "--djl $djl is neither a DJL git directory (bare or checkout) nor a DJL source tree" \
      "(engines/pytorch/pytorch-native/CMakeLists.txt)"
  fi
  local native="$djlsrc/engines/pytorch/pytorch-native"
  [[ -f "$native/CMakeLists.txt" && -f "$djlsrc/api/src/main/native/djl/utils.h" ]] ||
    die "DJL's sources lack engines/pytorch/pytorch-native/CMakeLists.txt or api/src/main/native/djl/utils.h"
  local lib_java="$djlsrc/engines/pytorch/pytorch-engine/src/main/java/ai/djl/pytorch/jni/PyTorchLibrary.java"
  [[ -f "$lib_java" ]] || die "DJL's sources lack $lib_java (needed for the JNI header)"
  local dst="$out/djl-pytorch-native"
  mkdir -p "$dst"
  cp -r "$native/." "$dst/"
  # (its .gitignore would hide build/include from git, and so from copies of a working tree that hold the bundle)
  rm -rf "$dst/build" "$dst/libtorch" "$dst/src/main/java" "$dst/.gitignore"
  # where DJL's CMakeLists.txt looks: build/include for the JNI header (relative to its folder), and
  # UTILS_INCLUDE_DIR for djl/utils.h (gpu.sh build-jni passes api-native)
  mkdir -p "$dst/build/include" "$dst/api-native/djl"
  cp "$djlsrc/api/src/main/native/djl/utils.h" "$dst/api-native/djl/"
  "$jdk/bin/javac" -h "$dst/build/include" -d "$work/classes" \
    -sourcepath "$djlsrc/engines/pytorch/pytorch-engine/src/main/java" "$lib_java" >"$work/javac.log" 2>&1 ||
    { cat "$work/javac.log" >&2; die "javac -h could not generate DJL's JNI header (log above)"; }
  [[ -f "$dst/build/include/$JNI_HEADER" ]] || die "javac -h wrote no $JNI_HEADER"
  local f
  for f in LICENSE NOTICE; do
    if [[ -f "$djlsrc/$f" ]]; then cp "$djlsrc/$f" "$dst/DJL-$f"; fi
  done
  printf 'DJL %s (commit %s), engines/pytorch/pytorch-native with api/src/main/native/djl/utils.h as api-native/;\n%s\n' \
    "$DJL_TAG" "$djlcommit" "build/include/$JNI_HEADER: generated by javac -h from pytorch-engine's PyTorchLibrary.java" \
    >"$dst/SOURCE"

  # 4. the scripts
  cp "$here/gpu.sh" "$here/softhebb_torch.py" "$out/"
  chmod +x "$out/gpu.sh"

  # links do not travel everywhere: replace each by a copy of its target, drop those pointing nowhere (DJL's gradlew
  # links point outside the folder copied)
  local link target_file
  while IFS= read -r -d '' link; do
    target_file="$(readlink -f "$link" || true)"
    if [[ -n "$target_file" && -f "$target_file" ]]; then
      cp --remove-destination "$target_file" "$link"
    else
      note "dropping the link ${link#"$out"/} (its target $(readlink "$link") is not in the bundle)"
      rm "$link"
    fi
  done < <(find "$out" -type l -print0)

  {
    echo "hebbkit commit: $commit ($dirty changed or new file(s) in the working tree when bundled)"
    echo "built: $($build && echo "mvn -o -DskipTests package -pl integration/cli -am, from a copy of the working tree" || echo "no (jars from integration/cli/target)")"
    echo "jdk: $("$jdk/bin/java" -version 2>&1 | head -1) ($jdk)"
    echo "jre modules: $modules"
    echo "jre native libraries stripped: $stripped"
    echo "djl: $DJL_TAG ($djlcommit)"
    echo "made: $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(uname -srm)"
  } >"$out/BUILD-INFO"

  # 5. the runtime starts
  note "checking the runtime..."
  "$out/jre/bin/java" -version 2>&1 | sed 's/^/  /'
  local version
  version="$("$out/jre/bin/java" "${JVM_FLAGS[@]}" -cp "$out/lib/*" org.hebbkit.cli.HebbKitCommand --version 2>&1)" ||
    die "the bundled runtime cannot start HebbKit: $version"
  echo "  $version (jre/bin/java -cp 'lib/*' org.hebbkit.cli.HebbKitCommand --version)"

  rm -f "$out/.prepare-incomplete"
  write_manifest "$out"
  local total
  total="$(bytes_of "$out")"
  echo "bundle $out: $(mib "$total") MiB ($total bytes, $(($(wc -l <"$out/MANIFEST") - 2)) files):"
  for f in jre lib include djl-pytorch-native; do
    printf '  %-20s %8s MiB\n' "$f/" "$(mib "$(bytes_of "$out/$f")")"
  done
  local packed
  packed="$(tar -C "$out" -cf - . | gzip -6 | wc -c)"
  echo "as a gzip-compressed tar (gpu.sh parts): $(mib "$packed") MiB"
  if ((total > TRANSFER_MIB * 1048576)); then
    echo "warning: the bundle ($(mib "$total") MiB) is larger than one transfer of $TRANSFER_MIB MiB; carry it packed" \
      "($(mib "$packed") MiB$( ((packed > (TRANSFER_MIB - 4) * 1048576)) && echo ", in more than one part")):" >&2
    echo "  gpu.sh parts $out PARTS_DIR 60    (here: gzip-compressed tar in parts of at most 60 MiB)" >&2
    echo "  gpu.sh join PARTS_DIR BUNDLE      (there, with every part, PARTS.sha256 and FILES.sha256)" >&2
  fi
}

write_manifest() {
  local out="$1" tmp
  tmp="$(mktemp)"
  {
    echo "# HebbKit GPU bundle, made by gpu.sh prepare on $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "# sha256 bytes path (relative to the bundle)"
    (cd "$out" && find . -type f ! -name MANIFEST -printf '%P\n' | LC_ALL=C sort | while IFS= read -r f; do
      printf '%s %s %s\n' "$(sha256sum -- "$f" | cut -d' ' -f1)" "$(stat -c %s -- "$f")" "$f"
    done)
  } >"$tmp"
  mv "$tmp" "$out/MANIFEST"
  chmod 644 "$out/MANIFEST"
}

# check_manifest BUNDLE: every file listed is there with its size and SHA-256
check_manifest() {
  local bundle="$1" sum size path bad=() n=0
  [[ -f "$bundle/MANIFEST" ]] || die "$bundle has no MANIFEST: is it a bundle made by gpu.sh prepare?"
  while read -r sum size path; do
    [[ "$sum" == \#* || -z "$sum" ]] && continue
    n=$((n + 1))
    if [[ ! -f "$bundle/$path" ]]; then
      bad+=("$path (missing)")
    elif [[ "$(stat -c %s -- "$bundle/$path")" != "$size" ]]; then
      bad+=("$path (size)")
    elif [[ "$(sha256sum -- "$bundle/$path" | cut -d' ' -f1)" != "$sum" ]]; then
      bad+=("$path (SHA-256)")
    fi
  done <"$bundle/MANIFEST"
  ((${#bad[@]} == 0)) || die "the bundle $bundle is incomplete or damaged: ${bad[*]:0:10}$( ((${#bad[@]} > 10)) && echo " ...") (${#bad[@]} of $n files); copy it again"
  note "bundle $bundle: all $n files match MANIFEST"
  # executable bits may not survive every transfer
  chmod +x "$bundle/jre/bin/"* "$bundle/gpu.sh" 2>/dev/null || true
  [[ -f "$bundle/jre/lib/jspawnhelper" ]] && chmod +x "$bundle/jre/lib/jspawnhelper"
  true
}

# ---------------------------------------------------------------------------------------------------------------------
# build-jni

cmd_build_jni() {
  local bundle="" python="${PYTHON:-python3}" torch_lib="" torch_cmake="" torch_include="" version="" flavor=""
  local abi="" cuda=no direct=false jobs="" build_dir="" jni=""
  while (($#)); do
    case "$1" in
      --python | --torch-lib | --torch-cmake | --torch-include | --version | --flavor | --cxx11-abi | --cuda | --jobs | --build-dir | --jni)
        (($# >= 2)) || die "$1 needs a value"
        case "$1" in
          --python) python="$2" ;;
          --torch-lib) torch_lib="$2" ;;
          --torch-cmake) torch_cmake="$2" ;;
          --torch-include) torch_include="$2" ;;
          --version) version="$2" ;;
          --flavor) flavor="$2" ;;
          --cxx11-abi) abi="$2" ;;
          --cuda) cuda="$2" ;;
          --jobs) jobs="$2" ;;
          --build-dir) build_dir="$2" ;;
          --jni) jni="$2" ;;
        esac
        shift 2 ;;
      --direct) direct=true; shift ;;
      -h | --help) usage; exit 0 ;;
      -*) die "build-jni: unknown option $1 (see gpu.sh help)" ;;
      *) [[ -z "$bundle" ]] || die "build-jni takes one BUNDLE, got '$bundle' and '$1'"; bundle="$1"; shift ;;
    esac
  done
  [[ -n "$bundle" ]] || die "usage: gpu.sh build-jni BUNDLE [--torch-lib DIR --torch-cmake DIR --version V --flavor F ...]"
  [[ -d "$bundle" ]] || die "no bundle folder $bundle (made by gpu.sh prepare, or joined with gpu.sh join)"
  bundle="$(cd "$bundle" && pwd)"
  [[ "$cuda" =~ ^(yes|no)$ ]] || die "--cuda takes yes or no, got '$cuda'"
  [[ -z "$abi" || "$abi" =~ ^[01]$ ]] || die "--cxx11-abi takes 0 or 1, got '$abi'"
  if [[ -n "$jni" ]]; then
    [[ -f "$jni" ]] || die "--jni $jni: no such file (a libdjl_torch.so built earlier by gpu.sh build-jni)"
    jni="$(cd "$(dirname "$jni")" && pwd)/$(basename "$jni")"
  fi
  check_manifest "$bundle"
  local src="$bundle/djl-pytorch-native"
  [[ -f "$src/CMakeLists.txt" && -f "$src/build/include/$JNI_HEADER" && -f "$src/api-native/djl/utils.h" ]] ||
    die "$src lacks CMakeLists.txt, build/include/$JNI_HEADER or api-native/djl/utils.h; make the bundle again with gpu.sh prepare"
  jobs="${jobs:-$(nproc 2>/dev/null || echo 2)}"
  build_dir="${build_dir:-$bundle/jni-build}"

  # 1. the libtorch to build against: python's torch, unless every value is given
  local py_cuda="" py_device="" nvidia_dirs=""
  if [[ -z "$torch_lib" || -z "$version" || -z "$flavor" ||
    (-z "$jni" && ((-z "$torch_cmake" && -z "$torch_include") || -z "$abi")) ]]; then
    command -v "$python" >/dev/null 2>&1 || die "no '$python' to ask for PyTorch; pass --python PY, or every one of" \
      "--torch-lib --torch-cmake --version --flavor --cxx11-abi"
    local info err
    err="$(mktemp)"
    # one KEY=value line each; warnings go to stderr, apart
    info="$("$python" - 2>"$err" <<'EOF'
import glob, os, torch
here = os.path.dirname(torch.__file__)
print("version=" + torch.__version__)
print("cuda=" + (torch.version.cuda or ""))
print("lib=" + os.path.join(here, "lib"))
print("cmake=" + torch.utils.cmake_prefix_path)
print("include=" + os.path.join(here, "include"))
print("abi=%d" % int(torch._C._GLIBCXX_USE_CXX11_ABI))
# the CUDA libraries of pip's nvidia-* packages (cuDNN opens some of its own by name, so the loader must find them)
site = os.path.dirname(here)
dirs = [d for d in sorted(glob.glob(os.path.join(site, "nvidia", "*", "lib")) +
                          glob.glob(os.path.join(site, "nvidia", "*", "*", "lib")))
        if glob.glob(os.path.join(d, "*.so*"))]
print("nvidia=" + ":".join(dirs))
try:
    print("device=" + (torch.cuda.get_device_name(0) if torch.cuda.is_available() else "no CUDA device"))
except Exception as e:
    print("device=CUDA check failed: %s" % e)
EOF
    )" || { local why; why="$(tail -1 "$err")"; rm -f "$err"
      die "$python cannot import torch ($why); pass --python with the Python that has PyTorch," \
        "or give --torch-lib --torch-cmake --version --flavor --cxx11-abi"; }
    rm -f "$err"
    local key value
    declare -A py=()
    while IFS='=' read -r key value; do py[$key]="$value"; done <<<"$info"
    note "$python: torch ${py[version]}, CUDA ${py[cuda]:-none}, ${py[device]}"
    py_cuda="${py[cuda]}"
    py_device="${py[device]}"
    nvidia_dirs="${py[nvidia]}"
    [[ -n "$version" ]] || version="${py[version]}"
    [[ -n "$torch_lib" ]] || torch_lib="${py[lib]}"
    [[ -n "$torch_cmake" ]] || torch_cmake="${py[cmake]}"
    [[ -n "$torch_include" ]] || torch_include="${py[include]}"
    [[ -n "$abi" ]] || abi="${py[abi]}"
    if [[ -z "$flavor" ]]; then
      if [[ -n "$py_cuda" ]]; then flavor="cu${py_cuda//./}"; else flavor=cpu; fi
    fi
  fi
  # DJL's version pattern is N.N.N: 2.11.0+cu130 -> 2.11.0
  local full_version="$version"
  [[ "$version" =~ ^([0-9]+\.[0-9]+\.[0-9]+) ]] || die "cannot read a version N.N.N from '$version'; pass --version"
  version="${BASH_REMATCH[1]}"
  [[ "$flavor" =~ ^(cpu|cu[0-9]+)$ ]] || die "--flavor must be cpu or cuNNN (e.g. cu130), got '$flavor'"
  [[ -d "$torch_lib" ]] || die "no libtorch folder $torch_lib; pass --torch-lib DIR (the folder holding libtorch.so)"
  torch_lib="$(cd "$torch_lib" && pwd)"
  [[ -e "$torch_lib/libtorch.so" ]] || die "$torch_lib has no libtorch.so (DJL's PYTORCH_LIBRARY_PATH needs it); pass --torch-lib"
  if [[ -z "$torch_include" ]]; then torch_include="$(cd "$torch_lib/.." && pwd)/include"; fi
  [[ -n "$abi" ]] || abi=1
  local classifier="linux-$(uname -m | sed 's/amd64/x86_64/')"
  local pt_macro=""
  # as DJL's build.sh: libtorch 1.13.1, 2.0.1 and 2.1.x build with PT_VERSION=V1_13_X
  if [[ "$version" == 1.13.* || "$version" == 2.0.* || "$version" == 2.1.* ]]; then pt_macro=V1_13_X; fi
  local use_cuda=""
  # USE_CUDA (DJL's own cu builds) adds only torchCudaEmptyCache and a separate CUDA stream for TorchScript
  # inference, neither used by HebbKit, and needs the CUDA toolkit's headers; without it GPU tensors work all the
  # same (libtorch_cuda.so registers the CUDA kernels; DJL loads it itself for a cu flavour). Off unless --cuda yes.
  if [[ "$cuda" == yes ]]; then
    local cuda_home="${CUDA_HOME:-${CUDA_PATH:-/usr/local/cuda}}"
    [[ -f "$cuda_home/include/cuda_runtime_api.h" ]] ||
      die "--cuda yes needs the CUDA toolkit's headers: no $cuda_home/include/cuda_runtime_api.h (set CUDA_HOME)"
    use_cuda=1
  fi
  # TorchConfig.cmake: in the prefix's Torch/ (PyTorch's cmake_prefix_path) or in the folder given
  local torch_dir=""
  if [[ -f "$torch_cmake/TorchConfig.cmake" ]]; then
    torch_dir="$torch_cmake"
  elif [[ -f "$torch_cmake/Torch/TorchConfig.cmake" ]]; then
    torch_dir="$torch_cmake/Torch"
  elif [[ -n "$torch_cmake" && -z "$jni" ]] && ! $direct; then
    note "warning: no TorchConfig.cmake in $torch_cmake or $torch_cmake/Torch; CMake searches its default places"
  fi
  local built="" how=""
  if [[ -n "$jni" ]]; then
    built="$jni"
    how="prebuilt, from $jni"
    note "installing the prebuilt $jni for libtorch $version ($full_version), flavour $flavor, at $torch_lib (no build)"
  else
    note "building DJL $DJL_VERSION's JNI for libtorch $version ($full_version), flavour $flavor, cxx11 abi $abi," \
      "PT_VERSION ${pt_macro:-none}, USE_CUDA ${use_cuda:-off}, $jobs job(s), in $build_dir"
    note "  libtorch: $torch_lib; cmake: ${torch_cmake:-none}; include: $torch_include"
    rm -rf "$build_dir"
    mkdir -p "$build_dir"
  fi
  if [[ -z "$built" ]] && ! $direct; then
    need cmake "install CMake (or pass --direct to compile without it)"
    [[ -n "$torch_cmake" ]] || die "no CMake prefix for Torch; pass --torch-cmake DIR (or --direct)"
    local generator=()
    command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)
    local cmake_args=("${generator[@]}" -S "$src" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release
      "-DCMAKE_PREFIX_PATH=$torch_cmake"
      "-DJAVA_INCLUDE_PATH=$bundle/include" "-DJAVA_INCLUDE_PATH2=$bundle/include/linux"
      "-DJAVA_JVM_LIBRARY=$bundle/jre/lib/server/libjvm.so" "-DJAVA_AWT_INCLUDE_PATH=NotNeeded"
      "-DJAVA_AWT_LIBRARY=NotNeeded" "-DUTILS_INCLUDE_DIR=$src/api-native"
      "-DCMAKE_SHARED_LINKER_FLAGS=-Wl,-rpath,$torch_lib$([[ "$flavor" == cu* ]] && echo " -Wl,--as-needed")")
    if [[ -n "$torch_dir" ]]; then cmake_args+=("-DTorch_DIR=$torch_dir"); fi
    if [[ -n "$pt_macro" ]]; then cmake_args+=("-DPT_VERSION=$pt_macro"); fi
    if [[ -n "$use_cuda" ]]; then cmake_args+=(-DUSE_CUDA=1); fi
    note "cmake configure (log: $build_dir/configure.log)..."
    if cmake "${cmake_args[@]}" >"$build_dir/configure.log" 2>&1; then
      note "cmake build (log: $build_dir/build.log)..."
      if cmake --build "$build_dir" --config Release -j "$jobs" >"$build_dir/build.log" 2>&1; then
        built="$build_dir/libdjl_torch.so"
        how="cmake (DJL's CMakeLists.txt)"
      else
        first_errors "$build_dir/build.log"
        die "DJL $DJL_TAG's JNI sources did not compile against libtorch $full_version (first errors above; full log:" \
          "$build_dir/build.log). These sources were written for libtorch 2.7.1: a newer DJL's pytorch-native may" \
          "build (gpu.sh prepare --djl with it, if its Java side still matches 0.35.1's), or a libtorch 2.7.x"
      fi
    else
      grep -E -A3 'CMake Error|error' "$build_dir/configure.log" | head -20 >&2 || true
      note "cmake could not configure (the lines above; full log: $build_dir/configure.log);" \
        "compiling directly with the C++ compiler instead"
    fi
  fi
  if [[ -z "$built" ]]; then
    build_direct "$src" "$build_dir/direct" "$torch_lib" "$torch_include" "$abi" "$pt_macro" "$use_cuda" "$jobs" "$bundle"
    built="$build_dir/direct/libdjl_torch.so"
    how="direct (c++ without CMake)"
  fi
  [[ -f "$built" ]] || die "the build finished without $built"

  # 2. checks: every native method of the header is defined; every library it needs resolves
  local declared defined unresolved
  declared="$(grep -c '^JNIEXPORT' "$src/build/include/$JNI_HEADER")"
  defined="$(nm -D --defined-only "$built" | grep -c ' Java_ai_djl_pytorch_jni_PyTorchLibrary_' || true)"
  ((defined >= declared)) || note "warning: $built defines $defined of the header's $declared native methods;" \
    "calls to the others would fail with UnsatisfiedLinkError"
  note "$(basename "$built") needs: $(readelf -d "$built" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | paste -sd' ')"
  unresolved="$(ldd "$built" 2>&1 | grep 'not found' || true)"
  [[ -z "$unresolved" ]] || note "warning: libraries ldd cannot resolve (DJL loads libtorch's own first, so these may" \
    "still work): $unresolved"

  # 3. install where DJL 0.35.1 looks, and env.sh
  local cache="$bundle/djl-cache"
  local dest="$cache/pytorch/$version-$flavor-$classifier"
  mkdir -p "$dest"
  cp "$built" "$dest/$DJL_VERSION-libdjl_torch.so"
  write_env "$bundle" "$torch_lib" "$version" "$flavor" "$full_version" "$how" "$nvidia_dirs"
  echo "built $dest/$DJL_VERSION-libdjl_torch.so ($how; $(mib "$(stat -c %s "$built")") MiB; $defined of $declared native methods)"
  echo "wrote $bundle/env.sh: PYTORCH_LIBRARY_PATH=$torch_lib PYTORCH_VERSION=$version PYTORCH_FLAVOR=$flavor" \
    "DJL_CACHE_DIR=$cache; next: source $bundle/env.sh && hebbkit doctor --device $([[ "$flavor" == cu* ]] && echo gpu || echo cpu)"
}

# prints the first compiler errors of a build log
first_errors() {
  echo "---- first errors ($1) ----" >&2
  grep -E -m 12 -B2 -A3 'error:|Error |undefined reference' "$1" | head -60 >&2 || tail -30 "$1" >&2
  echo "----" >&2
}

# build_direct SRC OUT TORCH_LIB TORCH_INCLUDE ABI PT_MACRO USE_CUDA JOBS BUNDLE: DJL's sources compiled and linked
# with the C++ compiler, the same definitions and libraries as DJL's CMakeLists.txt
build_direct() {
  local src="$1" out="$2" torch_lib="$3" inc="$4" abi="$5" pt="$6" use_cuda="$7" jobs="$8" bundle="$9"
  local cxx="${CXX:-c++}"
  need "$cxx" "install a C++ compiler (Debian: apt-get install g++) or set CXX"
  [[ -f "$inc/torch/csrc/api/include/torch/torch.h" || -f "$inc/torch/torch.h" ]] ||
    die "no libtorch headers under $inc (torch/csrc/api/include/torch/torch.h); pass --torch-include DIR"
  mkdir -p "$out"
  local flags=(-std=c++17 -O2 -fPIC -DNDEBUG "-D_GLIBCXX_USE_CXX11_ABI=$abi" -I "$src/build/include"
    -I "$src/api-native" -I "$bundle/include" -I "$bundle/include/linux" -I "$inc" -I "$inc/torch/csrc/api/include")
  if [[ -n "$pt" ]]; then flags+=("-D$pt"); fi
  if [[ -n "$use_cuda" ]]; then flags+=(-DUSE_CUDA -I "${CUDA_HOME:-${CUDA_PATH:-/usr/local/cuda}}/include"); fi
  # one source per call: compile.sh SOURCE
  printf '#!/usr/bin/env bash\nset -e\nexec %q' "$cxx" >"$out/compile.sh"
  printf ' %q' "${flags[@]}" >>"$out/compile.sh"
  printf ' -c "$1" -o %q/"$(basename "$1" .cc).o"\n' "$out" >>"$out/compile.sh"
  note "compiling $(ls "$src"/src/main/native/*.cc | wc -l) sources with $cxx, $jobs job(s) (log: $out/build.log)..."
  printf '%s\n' "$src"/src/main/native/*.cc | xargs -P "$jobs" -n 1 bash "$out/compile.sh" >"$out/build.log" 2>&1 || {
    first_errors "$out/build.log"
    die "DJL $DJL_TAG's JNI sources did not compile against the libtorch headers in $inc (first errors above; full" \
      "log: $out/build.log). They were written for libtorch 2.7.1: a newer DJL's pytorch-native may build" \
      "(gpu.sh prepare --djl with it), or a libtorch 2.7.x"
  }
  local libs=(-ltorch -ltorch_cpu -lc10) l
  for l in torch_cuda c10_cuda; do
    if [[ -e "$torch_lib/lib$l.so" ]]; then libs+=("-l$l"); fi
  done
  "$cxx" -shared -o "$out/libdjl_torch.so" "$out"/*.o -L "$torch_lib" -Wl,--no-as-needed "${libs[@]}" -Wl,--as-needed \
    -Wl,-rpath,'$ORIGIN' -Wl,-rpath,"$torch_lib" >>"$out/build.log" 2>&1 || {
    first_errors "$out/build.log"
    die "linking libdjl_torch.so failed (above; log: $out/build.log)"
  }
}

write_env() {
  local bundle="$1" torch_lib="$2" version="$3" flavor="$4" full="$5" how="$6" nvidia="${7:-}"
  cat >"$bundle/env.sh.tmp" <<EOF
# Written by gpu.sh build-jni on $(date -u +%Y-%m-%dT%H:%M:%SZ): HebbKit on this machine's libtorch $full ($flavor),
# through DJL $DJL_VERSION's JNI library built here ($how). Source it: . $bundle/env.sh
# DJL reads: PYTORCH_LIBRARY_PATH (the folder holding libtorch.so; DJL loads its libraries itself),
# PYTORCH_VERSION and PYTORCH_FLAVOR (name the JNI cache folder; a cu flavour makes DJL load libtorch_cuda.so),
# DJL_CACHE_DIR (the cache holding pytorch/$version-$flavor-linux-x86_64/$DJL_VERSION-libdjl_torch.so;
# ENGINE_CACHE_DIR would override it, so it is unset).
HEBBKIT_BUNDLE="\$(cd "\$(dirname "\${BASH_SOURCE[0]}")" && pwd)"
export HEBBKIT_BUNDLE
export PYTORCH_LIBRARY_PATH='$torch_lib'
# libtorch's folder and those of pip's nvidia-* CUDA libraries (cuDNN opens parts of itself by name)
export LD_LIBRARY_PATH='$torch_lib${nvidia:+:$nvidia}'\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}
export PYTORCH_VERSION='$version'
export PYTORCH_FLAVOR='$flavor'
export DJL_CACHE_DIR="\$HEBBKIT_BUNDLE/djl-cache"
unset ENGINE_CACHE_DIR
export JAVA_HOME="\$HEBBKIT_BUNDLE/jre"
export OPT_OUT_TRACKING=true
# as ./hebbkit: HEBBKIT_JAVA_OPTS for JVM options; glibc keeps freed memory for the next arrays
hebbkit() {
  GLIBC_TUNABLES="\${GLIBC_TUNABLES:+\$GLIBC_TUNABLES:}glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=536870912:glibc.malloc.arena_max=1" \\
    "\$JAVA_HOME/bin/java" \${HEBBKIT_JAVA_OPTS:-} -Dai.djl.offline=true -DOPT_OUT_TRACKING=true \\
    -cp "\$HEBBKIT_BUNDLE/lib/*" org.hebbkit.cli.HebbKitCommand "\$@"
}
export -f hebbkit
EOF
  mv "$bundle/env.sh.tmp" "$bundle/env.sh"
}

# ---------------------------------------------------------------------------------------------------------------------
# reproduce

# GPU memory sampler: nvidia-smi every 200 ms into a file; peak_mib FILE prints the largest value (MiB, any GPU)
sampler_pid=""
start_sampler() {
  sampler_pid=""
  command -v nvidia-smi >/dev/null 2>&1 || return 0
  nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits -lms 200 >"$1" 2>/dev/null &
  sampler_pid=$!
}
stop_sampler() {
  [[ -n "$sampler_pid" ]] || return 0
  kill "$sampler_pid" 2>/dev/null || true
  wait "$sampler_pid" 2>/dev/null || true
  sampler_pid=""
}
# exit_text CODE: the exit status, saying when --timeout stopped the command
exit_text() {
  if [[ "$1" == 124 || "$1" == 137 ]]; then echo "$1 (stopped by --timeout)"; else echo "$1"; fi
}
peak_mib() {
  [[ -s "$1" ]] || { echo "n/a"; return; }
  awk '$1 ~ /^[0-9]+$/ && $1 > m { m = $1 } END { print (m == "" ? "n/a" : m " MiB") }' "$1"
}

# timed_side LOG MEMORY_FILE COMMAND...: runs COMMAND (output shown and kept in LOG) with the GPU memory sampled into
# MEMORY_FILE; sets side_rc, side_wall (seconds) and side_peak
side_rc=0 side_wall="" side_peak="n/a"
timed_side() {
  local log="$1" memory="$2" start end
  shift 2
  start_sampler "$memory"
  start=$(date +%s.%N)
  side_rc=0
  "$@" 2>&1 | tee "$log" || side_rc=${PIPESTATUS[0]}
  end=$(date +%s.%N)
  stop_sampler
  side_wall=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
  side_peak="$(peak_mib "$memory")"
}

cmd_reproduce() {
  local pos=() only="" limit="" probe_epochs="" seed=0 python="${PYTHON:-python3}" timeout_s="" device=gpu
  while (($#)); do
    case "$1" in
      --only | --limit | --probe-epochs | --seed | --python | --timeout | --device)
        (($# >= 2)) || die "$1 needs a value"
        case "$1" in
          --only) only="$2" ;;
          --limit) limit="$2" ;;
          --probe-epochs) probe_epochs="$2" ;;
          --seed) seed="$2" ;;
          --python) python="$2" ;;
          --timeout) timeout_s="$2" ;;
          --device) device="$2" ;;
        esac
        shift 2 ;;
      -h | --help) usage; exit 0 ;;
      -*) die "reproduce: unknown option $1 (see gpu.sh help)" ;;
      *) pos+=("$1"); shift ;;
    esac
  done
  ((${#pos[@]} == 3)) || die "usage: gpu.sh reproduce BUNDLE DATA_DIR OUT [--only hebbkit|torch] [--limit N] [--probe-epochs E]"
  local bundle="${pos[0]}" data="${pos[1]}" out="${pos[2]}"
  [[ -z "$only" || "$only" == hebbkit || "$only" == torch ]] || die "--only takes hebbkit or torch, got '$only'"
  # --device cpu: the same steps on the CPU (to try the script on a machine without a GPU)
  local torch_device=cuda
  case "$device" in
    gpu) ;;
    cpu) torch_device=cpu ;;
    *) die "--device takes gpu or cpu, got '$device'" ;;
  esac
  local n
  for n in "$limit" "$probe_epochs" "$seed" "$timeout_s"; do
    [[ -z "$n" || "$n" =~ ^[0-9]+$ ]] || die "--limit, --probe-epochs, --seed and --timeout take whole numbers, got '$n'"
  done
  [[ -d "$bundle" ]] || die "no bundle folder $bundle"
  bundle="$(cd "$bundle" && pwd)"
  local f
  for f in "${CIFAR_FILES[@]}"; do
    [[ -f "$data/$f" ]] || die "no $data/$f: join the data first (gpu.sh data-join PARTS_DIR $data)"
  done
  data="$(cd "$data" && pwd)"
  local script="$bundle/softhebb_torch.py"
  [[ -f "$script" ]] || script="$here/softhebb_torch.py"
  mkdir -p "$out"
  out="$(cd "$out" && pwd)"
  [[ ! -e "$out/hebbkit-3layer" || "$only" == torch ]] ||
    die "$out/hebbkit-3layer exists (an earlier run); choose a new OUT or move it away"
  # one side alone (--only, e.g. one side per call) writes summary-SIDE.txt; summary.txt joins the two when both are there
  local summary="$out/summary${only:+-$only}.txt"
  local hebbkit_args=() torch_args=()
  [[ -n "$limit" ]] && hebbkit_args+=(--limit-train "$limit" --limit-test "$limit") && torch_args+=(--limit "$limit")
  [[ -n "$probe_epochs" ]] && hebbkit_args+=(--probe-epochs "$probe_epochs") && torch_args+=(--probe-epochs "$probe_epochs")
  local limiter=()
  [[ -n "$timeout_s" ]] && limiter=(timeout -k 10 "$timeout_s")

  {
    echo "HebbKit GPU reproduction, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(uname -n)"
    command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi --query-gpu=name,driver_version,memory.total,memory.used \
      --format=csv,noheader | sed 's/^/gpu: /'
    [[ -f "$bundle/BUILD-INFO" ]] && sed 's/^/bundle: /' "$bundle/BUILD-INFO"
    echo "data: $data; seed $seed${limit:+; limit $limit train and test images}${probe_epochs:+; probe epochs $probe_epochs}"
  } >"$summary"

  local hk_wall="" hk_rc="" hk_peak="n/a" th_wall="" th_rc="" th_peak="n/a"
  if [[ "$only" != torch ]]; then
    [[ -f "$bundle/env.sh" ]] || die "no $bundle/env.sh: run gpu.sh build-jni $bundle first"
    # shellcheck disable=SC1091
    source "$bundle/env.sh"
    {
      echo "env: PYTORCH_LIBRARY_PATH=$PYTORCH_LIBRARY_PATH PYTORCH_VERSION=$PYTORCH_VERSION PYTORCH_FLAVOR=$PYTORCH_FLAVOR"
      echo "env: DJL_CACHE_DIR=$DJL_CACHE_DIR JAVA_HOME=$JAVA_HOME"
    } >>"$summary"
    note "hebbkit doctor --device $device (log: $out/doctor.log)"
    local doc_rc=0
    hebbkit doctor --device "$device" >"$out/doctor.log" 2>&1 || doc_rc=$?
    cat "$out/doctor.log"
    { echo; echo "== hebbkit doctor --device $device: exit $doc_rc"; sed 's/^/  /' "$out/doctor.log"; } >>"$summary"
    if ((doc_rc != 0)); then
      echo "hebbkit doctor failed: HebbKit's GPU path does not work here (see above); training skipped" >>"$summary"
      die "hebbkit doctor --device $device failed (exit $doc_rc, output above, also in $summary); check env.sh's" \
        "PYTORCH_* values and the JNI build (gpu.sh build-jni); run with --only torch for the PyTorch side alone"
    fi
    note "hebbkit train --preset softhebb-cifar10-3layer --seed $seed --device $device ${hebbkit_args[*]} (log: $out/hebbkit-train.log)"
    timed_side "$out/hebbkit-train.log" "$out/gpu-memory-hebbkit.txt" "${limiter[@]}" bash -c 'hebbkit "$@"' hebbkit \
      train --preset softhebb-cifar10-3layer --seed "$seed" --device "$device" --data "$data" \
      --out "$out/hebbkit-3layer" "${hebbkit_args[@]}"
    hk_rc=$side_rc hk_wall=$side_wall hk_peak=$side_peak
    {
      echo
      echo "== hebbkit train ($device): exit $(exit_text "$hk_rc"), wall $hk_wall s, peak GPU memory used (nvidia-smi) $hk_peak"
      # without the progress bars: the stage table and the accuracies (or the end, when it failed)
      tr '\r' '\n' <"$out/hebbkit-train.log" | grep -v -E '\[[#-]+\] ' | grep -v '^ *$' >"$out/hebbkit-train.clean"
      if grep -q '^stages:' "$out/hebbkit-train.clean"; then
        sed -n '/^stages:/,$p' "$out/hebbkit-train.clean" | sed 's/^/  /'
      else
        tail -25 "$out/hebbkit-train.clean" | sed 's/^/  /'
      fi
      rm -f "$out/hebbkit-train.clean"
    } >>"$summary"
  fi
  if [[ "$only" != hebbkit ]]; then
    note "$python softhebb_torch.py --device $torch_device ${torch_args[*]} (log: $out/torch.log)"
    timed_side "$out/torch.log" "$out/gpu-memory-torch.txt" "${limiter[@]}" "$python" "$script" "$data" \
      --device "$torch_device" --seed "$seed" "${torch_args[@]}"
    th_rc=$side_rc th_wall=$side_wall th_peak=$side_peak
    {
      echo
      echo "== softhebb_torch.py (PyTorch, $torch_device): exit $(exit_text "$th_rc"), wall $th_wall s, peak GPU memory used (nvidia-smi) $th_peak"
      sed 's/^/  /' "$out/torch.log" | tail -40
    } >>"$summary"
  fi
  {
    echo
    echo "== result"
    [[ -n "$hk_wall" ]] && echo "hebbkit (DJL $DJL_VERSION, libtorch ${PYTORCH_VERSION:-?} ${PYTORCH_FLAVOR:-?}): wall $hk_wall s, exit $(exit_text "$hk_rc"), peak $hk_peak"
    [[ -n "$th_wall" ]] && echo "pytorch (softhebb_torch.py): wall $th_wall s, exit $(exit_text "$th_rc"), peak $th_peak"
    if [[ -n "$hk_wall" && -n "$th_wall" ]]; then
      awk -v h="$hk_wall" -v t="$th_wall" 'BEGIN { if (t > 0) printf "ratio hebbkit/pytorch wall time: %.2f\n", h / t }'
    fi
    echo "(wall times include each process's start; nvidia-smi's memory is the whole GPU's, sampled every 200 ms)"
  } >>"$summary"
  if [[ -n "$only" && -f "$out/summary-hebbkit.txt" && -f "$out/summary-torch.txt" ]]; then
    local h t
    h="$(sed -n 's/^hebbkit (.*): wall \([0-9.]*\) s,.*/\1/p' "$out/summary-hebbkit.txt")"
    t="$(sed -n 's/^pytorch (.*): wall \([0-9.]*\) s,.*/\1/p' "$out/summary-torch.txt")"
    {
      cat "$out/summary-hebbkit.txt"
      echo
      echo "######## the PyTorch side, from a separate call"
      sed -n '/^== softhebb_torch.py/,$p' "$out/summary-torch.txt"
      echo
      echo "== both sides"
      grep -h -E '^(hebbkit|pytorch) \(' "$out/summary-hebbkit.txt" "$out/summary-torch.txt"
      if [[ -n "$h" && -n "$t" ]]; then
        awk -v h="$h" -v t="$t" 'BEGIN { if (t > 0) printf "ratio hebbkit/pytorch wall time: %.2f\n", h / t }'
      fi
    } >"$out/summary.txt"
    summary="$out/summary.txt"
    echo
    sed -n '/^== both sides/,$p' "$summary"
  else
    echo
    sed -n '/^== result/,$p' "$summary"
  fi
  echo "summary: $summary"
  [[ "${hk_rc:-0}" == 0 && "${th_rc:-0}" == 0 ]] || die "a side failed (hebbkit exit ${hk_rc:-not run}, pytorch exit ${th_rc:-not run}); see $summary"
}

# ---------------------------------------------------------------------------------------------------------------------

main() {
  (($#)) || { usage >&2; exit 2; }
  local command="$1"
  shift
  case "$command" in
    prepare) cmd_prepare "$@" ;;
    data-parts) cmd_data_parts "$@" ;;
    data-join) cmd_data_join "$@" ;;
    parts) cmd_parts "$@" ;;
    join) cmd_join "$@" ;;
    build-jni) cmd_build_jni "$@" ;;
    reproduce) cmd_reproduce "$@" ;;
    help | -h | --help) usage ;;
    *) usage >&2; echo >&2; die "unknown command '$command'" ;;
  esac
}

main "$@"
