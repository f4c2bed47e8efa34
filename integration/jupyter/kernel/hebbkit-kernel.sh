#!/usr/bin/env bash
# ./hebbkit kernel install | ./hebbkit notebook [jupyter options]
#   kernel install: installs HebbKit's modules into the local Maven repository (so that a notebook's
#     @file:DependsOn("org.hebbkit:hebbkit-jupyter:0.1.0-SNAPSHOT") finds them), resolves the Kotlin Jupyter
#     kernel's jars with Maven, and writes a kernelspec "hebbkit-kotlin" that starts the kernel on this JDK 17
#     with its log quietened, -Dai.djl.offline=true and the launcher's glibc settings.
#   notebook: installs the kernel as 'kernel install' does when no kernelspec is there yet, then starts Jupyter
#     (jupyter notebook) on notebooks/, passing the options given on to it.
# Environment: HEBBKIT_KERNEL_HOME (default ~/.hebbkit/kernel), JUPYTER_DATA_DIR (where kernelspecs go).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
kernel_home="${HEBBKIT_KERNEL_HOME:-$HOME/.hebbkit/kernel}"
data_dir="${JUPYTER_DATA_DIR:-$HOME/.local/share/jupyter}"
spec_dir="$data_dir/kernels/hebbkit-kotlin"
glibc="glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=536870912:glibc.malloc.arena_max=1"

need() {
  if ! command -v "$1" > /dev/null 2>&1; then
    echo "hebbkit: '$1' is not installed. $2" >&2
    exit 2
  fi
}

install_kernel() {
  need java "Install JDK 17 (Debian: apt-get install openjdk-17-jdk-headless)."
  need mvn "Install Apache Maven (Debian: apt-get install maven)."
  echo "hebbkit: installing HebbKit into the local Maven repository (mvn install, tests skipped)..." >&2
  (cd "$root" && mvn -B -q -DskipTests install) >&2
  echo "hebbkit: resolving the Kotlin Jupyter kernel's jars..." >&2
  local lib="$kernel_home/lib"
  local fresh="$kernel_home/lib.new"
  rm -rf "$fresh"
  mvn -B -q -f "$root/integration/jupyter/kernel/pom.xml" dependency:copy-dependencies -DoutputDirectory="$fresh" >&2
  rm -rf "$lib"
  mv "$fresh" "$lib"
  mkdir -p "$kernel_home/home" "$spec_dir"
  cp "$root/integration/jupyter/kernel/logback.xml" "$kernel_home/logback.xml"
  local java_bin
  java_bin="$(command -v java)"
  local classpath
  classpath="$(ls "$lib"/*.jar | tr '\n' ':' | sed 's/:$//')"
  /usr/bin/python3 - "$spec_dir/kernel.json" "$java_bin" "$lib" "$classpath" "$kernel_home" "$glibc" <<'PY'
import json, os, sys
target, java, lib, classpath, home, glibc = sys.argv[1:]
spec = {
    "display_name": "Kotlin (HebbKit)",
    "language": "kotlin",
    "interrupt_mode": "message",
    "argv": [java, "-Dai.djl.offline=true", "-DOPT_OUT_TRACKING=true", "--add-modules", "jdk.incubator.vector",
             "-Dlogback.configurationFile=" + os.path.join(home, "logback.xml"),
             "-cp", lib + "/*", "org.jetbrains.kotlinx.jupyter.IkotlinKt", "{connection_file}",
             "-classpath=" + classpath, "-home=" + os.path.join(home, "home")],
    "env": {"OPT_OUT_TRACKING": "true", "GLIBC_TUNABLES": glibc},
}
tmp = target + ".tmp"
with open(tmp, "w") as f:
    json.dump(spec, f, indent=2)
os.replace(tmp, target)
PY
  echo "hebbkit: kernelspec 'hebbkit-kotlin' written to $spec_dir" >&2
}

usage() {
  printf '%s\n' \
    "Usage: ./hebbkit kernel install" \
    "         Installs HebbKit's modules into the local Maven repository (mvn install, tests skipped), resolves the" \
    "         Kotlin Jupyter kernel's jars and writes the kernelspec 'hebbkit-kotlin'." \
    "       ./hebbkit notebook [JUPYTER-OPTIONS]" \
    "         Starts Jupyter on notebooks/ (installing the kernel first when it is missing); JUPYTER-OPTIONS go to" \
    "         'jupyter notebook'." \
    "Environment: HEBBKIT_KERNEL_HOME (default ~/.hebbkit/kernel), JUPYTER_DATA_DIR (where kernelspecs go)."
}

# is_help ARG...: one of the arguments asks for help (nothing is installed or started then)
is_help() {
  local argument
  for argument in "$@"; do
    if [[ "$argument" == "-h" || "$argument" == "--help" || "$argument" == "help" ]]; then
      return 0
    fi
  done
  return 1
}

case "${1:-}" in
  kernel)
    shift
    if is_help "$@"; then
      usage
      exit 0
    fi
    case "${1:-}" in
      install)
        if [[ $# -gt 1 ]]; then
          echo "hebbkit: 'kernel install' takes no arguments, got '$2'; run './hebbkit kernel install' alone" >&2
          exit 2
        fi
        install_kernel ;;
      "")
        echo "hebbkit: 'kernel' needs its sub-command: './hebbkit kernel install' (or './hebbkit kernel --help')" >&2
        exit 2 ;;
      *)
        echo "hebbkit: unknown 'kernel' sub-command '$1'; there is one: './hebbkit kernel install' (see --help)" >&2
        exit 2 ;;
    esac
    ;;
  notebook)
    shift
    if is_help "$@"; then
      usage
      exit 0
    fi
    # Debian's jupyter-core gives 'jupyter' without the notebook server: check for the server before installing
    need jupyter-notebook "Install Jupyter Notebook from Debian: apt-get install jupyter-notebook jupyter-nbconvert python3-nbclient python3-ipykernel"
    if [[ ! -f "$spec_dir/kernel.json" ]]; then
      install_kernel
    fi
    exec jupyter notebook --notebook-dir="$root/notebooks" "$@"
    ;;
  *)
    echo "hebbkit: unknown launcher command '${1:-}'; use './hebbkit kernel install' or './hebbkit notebook' (see --help)" >&2
    exit 2
    ;;
esac
