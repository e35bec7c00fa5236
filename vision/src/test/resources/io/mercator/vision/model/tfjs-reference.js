// Runs a TF.js model in TF.js itself (CPU backend): the reference Mercator's DJL implementations
// (KerasNetwork for layers models, TfjsGraph for graph models) are checked against. Usage:
//   node tfjs-reference.js MODEL.json INPUT.f32 N H W OUT[,OUT...] > out.json
// INPUT.f32: N images of HxWx3 float32, little-endian, NHWC. OUT: layer names (layers model) or
// node names (graph model). Prints {"OUT": [[...], ...]}.
'use strict';
const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');

async function main() {
  const [file, inputFile, n, h, w, outs] = process.argv.slice(2);
  await tf.setBackend('cpu');
  const mj = JSON.parse(fs.readFileSync(file));
  const specs = [];
  const buffers = [];
  for (const g of mj.weightsManifest) {
    specs.push(...g.weights);
    for (const p of g.paths) buffers.push(fs.readFileSync(path.join(path.dirname(file), p)));
  }
  const all = Buffer.concat(buffers);
  const graph = mj.format === 'graph-model' || Array.isArray(mj.modelTopology.node);
  const artifacts = tf.io.fromMemory({
    modelTopology: mj.modelTopology, weightSpecs: specs, format: graph ? 'graph-model' : 'layers-model',
    weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
  });
  const names = outs.split(',');
  const raw = fs.readFileSync(inputFile);
  const data = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  const x = tf.tensor4d(data, [Number(n), Number(h), Number(w), 3]);
  let results;
  if (graph) {
    results = (await tf.loadGraphModel(artifacts)).execute(x, names);
  } else {
    const model = await tf.loadLayersModel(artifacts);
    results = tf.model({ inputs: model.inputs, outputs: names.map((l) => model.getLayer(l).output) }).predict(x);
  }
  if (!Array.isArray(results)) results = [results];
  const result = {};
  for (let i = 0; i < names.length; i++) {
    const shape = results[i].shape;
    const values = await results[i].data();
    const per = values.length / shape[0];
    result[names[i]] = [];
    for (let b = 0; b < shape[0]; b++) result[names[i]].push(Array.from(values.slice(b * per, (b + 1) * per)));
  }
  process.stdout.write(JSON.stringify(result));
}
main().catch((e) => { console.error(e); process.exit(1); });
