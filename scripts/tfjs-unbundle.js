// Writes a TF.js model that a package ships as browserify bundles (model.min.js and
// group*-shard*.min.js, the weights base64-encoded) out as the files TF.js itself reads:
// model.json and the weight shards. Usage: node tfjs-unbundle.js FROM_DIR TO_DIR
'use strict';
const fs = require('fs');
const path = require('path');
const [from, to] = process.argv.slice(2);
if (!from || !to) {
  console.error('usage: node tfjs-unbundle.js FROM_DIR TO_DIR');
  process.exit(2);
}
fs.mkdirSync(to, { recursive: true });
const model = require(path.resolve(from, 'model.min.js'));
fs.writeFileSync(path.join(to, 'model.json'), typeof model === 'string' ? model : JSON.stringify(model));
for (const f of fs.readdirSync(from).filter((f) => f.startsWith('group') && f.endsWith('.min.js'))) {
  const shard = require(path.resolve(from, f));
  const base64 = typeof shard === 'string' ? shard : shard.default;
  fs.writeFileSync(path.join(to, f.replace('.min.js', '')), Buffer.from(base64, 'base64'));
}
