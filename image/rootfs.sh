#!/usr/bin/env bash
# The container image's root file system, for Jib (`mvn -B -Pimage package`, see cli/pom.xml): no
# base image is pulled from a registry. It holds
#   - a Java runtime made by jlink from the JDK that builds (only the modules the jar needs, as
#     jdeps lists them, plus the crypto and zip-file-system providers that are found by lookup);
#   - the C libraries that runtime links against (libc6, libgcc-s1, libstdc++6, zlib1g), unpacked
#     from Debian's own packages (apt-get download), as distroless images are made;
#   - /etc/passwd and /etc/group, /tmp (SQLite's JDBC driver unpacks its native library there)
#     and /data (the data directory, meant to be a volume).
# Symbolic links are replaced by copies of what they point to inside the tree: Jib copies the
# files it is given, and an absolute link would point into the build machine.
#
#   image/rootfs.sh JAR OUT_DIR
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 JAR OUT_DIR" >&2; exit 2; }
jar=$1
out=$2
command -v apt-get >/dev/null || { echo "$0: needs Debian's apt-get (the runtime's C libraries come from Debian's packages)" >&2; exit 2; }
java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
[ -x "$java_home/bin/jlink" ] && [ -d "$java_home/jmods" ] \
  || { echo "$0: $java_home has no jlink and jmods (install the JDK, e.g. openjdk-17-jdk-headless)" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/iamlocal-rootfs.XXXXXX")
trap 'rm -rf "$work"' EXIT
rm -rf "$out"
mkdir -p "$out"

# C libraries from Debian's packages, in the versions this machine's Debian release has
(cd "$work" && apt-get download -q libc6 libgcc-s1 libstdc++6 zlib1g >/dev/null 2>&1) \
  || { apt-get update -qq >/dev/null 2>&1 && (cd "$work" && apt-get download -q libc6 libgcc-s1 libstdc++6 zlib1g >/dev/null); }
for deb in "$work"/*.deb; do
  dpkg-deb -x "$deb" "$out"
done
# the packages' copyright files stay (their licenses ask for it: LGPL, GPL with the runtime
# exception, zlib's); the rest of their documentation goes
find "$out/usr/share/doc" -type f ! -name copyright -delete 2>/dev/null || true
rm -rf "$out/usr/share/lintian" "$out/usr/share/gcc" "$out/usr/share/gdb" "$out/usr/lib/x86_64-linux-gnu/gconv"

# the Java runtime
modules=$("$java_home/bin/jdeps" --print-module-deps --ignore-missing-deps -q --multi-release 17 "$jar")
"$java_home/bin/jlink" --add-modules "$modules,jdk.crypto.ec,jdk.zipfs,jdk.localedata" --include-locales en \
  --strip-debug --no-header-files --no-man-pages --compress=2 --output "$out/opt/java" >/dev/null

# symbolic links -> copies of their targets, resolved inside the tree
while IFS= read -r -d '' link; do
  target=$(readlink "$link")
  case "$target" in
    /*) resolved="$out$target" ;;
    *) resolved="$(dirname "$link")/$target" ;;
  esac
  rm "$link"
  if [ -e "$resolved" ]; then
    cp -rL "$resolved" "$link"
  fi
done < <(find "$out" -type l -print0)

mkdir -p "$out/etc" "$out/tmp" "$out/data"
printf 'root:x:0:0:root:/root:/sbin/nologin\n' >"$out/etc/passwd"
printf 'root:x:0:\n' >"$out/etc/group"
echo "rootfs: $(du -sh "$out" | cut -f1) in $out (Java runtime: $modules)"
