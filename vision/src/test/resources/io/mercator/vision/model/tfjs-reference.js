// Runs a TF.js layers model in TF.js itself (CPU backend), the reference Mercator's DJL
// implementation is checked against. Usage:
//   node tfjs-reference.js MODEL_DIR INPUT.f32 N OUT_LAYER[,OUT_LAYER...] > out.json
// INPUT.f32: N images of 224x224x3 float32, little-endian, NHWC. Prints {"LAYER": [[...], ...]}.
'use strict';
const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');

async function main() {
  const [dir, inputFile, n, layers] = process.argv.slice(2);
  await tf.setBackend('cpu');
  const mj = JSON.parse(fs.readFileSync(path.join(dir, 'model.json')));
  const specs = [];
  const buffers = [];
  for (const g of mj.weightsManifest) {
    specs.push(...g.weights);
    for (const p of g.paths) buffers.push(fs.readFileSync(path.join(dir, p)));
  }
  const all = Buffer.concat(buffers);
  const model = await tf.loadLayersModel(tf.io.fromMemory({
    modelTopology: mj.modelTopology, weightSpecs: specs,
    weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
  }));
  const names = layers.split(',');
  const probe = tf.model({ inputs: model.inputs, outputs: names.map((l) => model.getLayer(l).output) });
  const raw = fs.readFileSync(inputFile);
  const data = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  const x = tf.tensor4d(data, [Number(n), 224, 224, 3]);
  let outs = probe.predict(x);
  if (!Array.isArray(outs)) outs = [outs];
  const result = {};
  for (let i = 0; i < names.length; i++) {
    const shape = outs[i].shape;
    const values = await outs[i].data();
    const per = values.length / shape[0];
    result[names[i]] = [];
    for (let b = 0; b < shape[0]; b++) result[names[i]].push(Array.from(values.slice(b * per, (b + 1) * per)));
  }
  process.stdout.write(JSON.stringify(result));
}
main().catch((e) => { console.error(e); process.exit(1); });
