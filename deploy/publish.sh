#!/bin/sh
# Publish the index build an image carries (/index, made when the image was built) into
# the index directory the replicas share, as they expect a new build to arrive
# (docs/deployment.md, "The index is a build artifact"): the build copied under a
# temporary name (.tmp-*, which servers skip and the next ingest removes) and renamed
# when complete, then `current` moved with one atomic rename. A build already there is
# left alone: replicas map its files, and rewriting them in place would damage it.
# Replicas swap to the new build within LINGODOCS_RELOAD_INTERVAL, failing no request.
#   publish.sh [FROM] [TO]     (defaults: /index /shared)
set -eu
from=${1:-/index}
to=${2:-/shared}
target=$(readlink "$from/current")   # builds/<build id>, relative
id=$(basename "$target")
mkdir -p "$to/builds"
if [ ! -e "$to/builds/$id" ]; then
  tmp="$to/builds/.tmp-$id-$$"
  cp -a "$from/builds/$id" "$tmp"
  sync
  mv "$tmp" "$to/builds/$id"
fi
ln -sfn "builds/$id" "$to/.current-$$"
mv -T "$to/.current-$$" "$to/current"
sync
echo "publish.sh: $to/current -> builds/$id"
