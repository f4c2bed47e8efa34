#!/usr/bin/env bash
# Builds the documentation site into site/ (gitignored): the aggregated Javadoc of the Java modules (doclint errors
# fail it), Dokka for the Kotlin notebook API, then the mkdocs site with --strict (a broken link or a page missing
# from the nav fails it). Offline but for Maven Central: no external link lists are fetched.
#   docs/build.sh            everything
#   docs/build.sh --site     the mkdocs site alone (what CI checks; seconds)
# Needs: Java 17, Maven, Debian's mkdocs and mkdocs-material (apt-get install mkdocs mkdocs-material).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if ! command -v mkdocs > /dev/null 2>&1; then
  echo "docs/build.sh: mkdocs is not installed; on Debian: apt-get install mkdocs mkdocs-material" >&2
  exit 2
fi
site_only=""
if [[ "${1:-}" == "--site" ]]; then site_only=1; fi
export OPT_OUT_TRACKING=true
if [[ -z "$site_only" ]]; then
  mvn -B -q -P docs -DskipTests javadoc:aggregate
  rm -rf integration/jupyter/target/dokka integration/reports/target/dokka
  mvn -B -q -P docs -pl integration/reports,integration/jupyter -am -DskipTests compile dokka:dokka
fi
mkdocs build --strict --quiet --site-dir "$root/site"
if [[ -z "$site_only" ]]; then
  rm -rf site/api/java site/api/kotlin site/api/kotlin-reports
  mkdir -p site/api
  cp -r target/reports/apidocs site/api/java
  cp -r integration/jupyter/target/dokka site/api/kotlin
  cp -r integration/reports/target/dokka site/api/kotlin-reports
  echo "docs/build.sh: site/index.html, Javadoc in site/api/java, Dokka in site/api/kotlin and site/api/kotlin-reports"
else
  echo "docs/build.sh: site/index.html (no API references: run without --site for them)"
fi
