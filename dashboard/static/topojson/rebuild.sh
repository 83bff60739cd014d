#!/bin/sh
# Rebuild world_110m.json from the plotly.js package on the npm registry (see SOURCE.md).
# Needs node and npm; run from this folder. Verifies the result against the recorded hash.
set -eu
VERSION=4.1.1
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && npm pack --silent "plotly.js@$VERSION" >/dev/null &&
  tar xzf "plotly.js-$VERSION.tgz" package/dist/plotly-geo-assets.js)
node -e '
  global.window = {};
  require(process.argv[1]);
  const fs = require("fs");
  fs.writeFileSync("world_110m.json", JSON.stringify(window.Plotly.topojson.world_110m));
' "$WORK/package/dist/plotly-geo-assets.js"
echo "e1bf51740ad28396265e52123ea7315d692f112664ab2cb0f1ea76a96fe1bb0a  world_110m.json" | sha256sum -c -
