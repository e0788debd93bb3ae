#!/bin/sh
# Generates ./configure from configure.ac and Makefile.am.  Needs autoconf,
# automake, libtool and pkg-config (Debian: apt-get install autoconf
# automake libtool pkg-config).
set -e
cd "$(dirname "$0")"
mkdir -p m4
autoreconf --install --force
