#!/bin/sh
# Prints the home of a JDK 22 or newer: $JAVA_HOME if it is one, else the newest under /usr/lib/jvm
# (and a few other usual places), else the java on PATH if it is new enough. Fails with a clear
# message when there is none.
set -eu

jdk_major() { # $1 = JDK home; prints its feature version or nothing
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n 1)
  case "$v" in 1.*) echo 1 ;; *) echo "$v" ;; esac
}

if [ -n "${JAVA_HOME:-}" ]; then
  m=$(jdk_major "$JAVA_HOME")
  if [ -n "$m" ] && [ "$m" -ge 22 ] 2>/dev/null; then echo "$JAVA_HOME"; exit 0; fi
fi

best=""; best_m=0
for d in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
  [ -d "$d" ] || continue
  m=$(jdk_major "$d")
  if [ -n "$m" ] && [ "$m" -ge 22 ] 2>/dev/null && [ "$m" -gt "$best_m" ]; then best="$d"; best_m="$m"; fi
done
if [ -n "$best" ]; then echo "$best"; exit 0; fi

if command -v javac >/dev/null 2>&1; then
  home=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
  m=$(jdk_major "$home")
  if [ -n "$m" ] && [ "$m" -ge 22 ] 2>/dev/null; then echo "$home"; exit 0; fi
fi

echo "ebpf4j needs a JDK 22 or newer (Panama FFM) and found none (JAVA_HOME=${JAVA_HOME:-unset})." >&2
echo "Install one (Debian/Ubuntu: apt-get install openjdk-25-jdk-headless, or a Temurin 25 package) or set JAVA_HOME." >&2
exit 1
