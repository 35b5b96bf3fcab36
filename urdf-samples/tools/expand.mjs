// Expands the xacro robot descriptions of urdf-samples/ (every */*.urdf.xacro) into URDF, with
// xacro-parser (in-order processing, as xacro does since ROS Jade) and @xmldom/xmldom.
//
//   npm ci && npm run expand          rewrite the committed .urdf files beside their .urdf.xacro
//   node expand.mjs --check           exit 1 when a committed .urdf differs from its expansion
//   node expand.mjs --out DIR         write the expansions into DIR (what the tests compare)
//
// Output is pretty-printed (two-space indent, comments kept) so that a change to a .xacro gives a
// readable diff in the .urdf.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DOMParser } from '@xmldom/xmldom';
import { XacroParser } from 'xacro-parser';

globalThis.DOMParser = DOMParser;

const samples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function xacroFiles() {
  return fs.readdirSync(samples, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== 'tools' && d.name !== 'common')
    .flatMap((d) => fs.readdirSync(path.join(samples, d.name))
      .filter((f) => f.endsWith('.urdf.xacro'))
      .map((f) => path.join(samples, d.name, f)))
    .sort();
}

async function expand(file) {
  const parser = new XacroParser();
  parser.inOrder = true;
  parser.requirePrefix = true;
  parser.localProperties = true;
  parser.workingPath = path.dirname(file) + path.sep;
  parser.getFileContents = (p) => fs.promises.readFile(p, { encoding: 'utf8' });
  const doc = await parser.parse(fs.readFileSync(file, { encoding: 'utf8' }));
  const robot = doc.documentElement;
  if (!robot || robot.tagName !== 'robot') {
    throw new Error(`${file}: the expansion has no <robot> root`);
  }
  const source = path.relative(samples, file).split(path.sep).join('/');
  return '<?xml version="1.0"?>\n'
    + `<!-- Generated from urdf-samples/${source} by urdf-samples/tools/expand.mjs: edit the .xacro,\n`
    + '     then run `npm ci && npm run expand` in urdf-samples/tools. -->\n'
    + element(robot, '') + '\n';
}

const escapeAttribute = (v) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const escapeText = (v) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function element(node, indent) {
  const attributes = [];
  for (let i = 0; i < node.attributes.length; i++) {
    const a = node.attributes.item(i);
    if (a.name === 'xmlns:xacro') continue; // the xacro namespace has no use once expanded
    attributes.push(` ${a.name}="${escapeAttribute(a.value)}"`);
  }
  const open = `${indent}<${node.tagName}${attributes.join('')}`;
  const children = [];
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === c.ELEMENT_NODE) {
      children.push(element(c, indent + '  '));
    } else if (c.nodeType === c.COMMENT_NODE) {
      children.push(`${indent}  <!--${c.data}-->`);
    } else if ((c.nodeType === c.TEXT_NODE || c.nodeType === c.CDATA_SECTION_NODE) && c.data.trim() !== '') {
      children.push(`${indent}  ${escapeText(c.data.trim())}`);
    }
  }
  if (children.length === 0) return `${open}/>`;
  return `${open}>\n${children.join('\n')}\n${indent}</${node.tagName}>`;
}

async function main(argv) {
  const mode = argv[0];
  if (!['--write', '--check', '--out'].includes(mode) || (mode === '--out' && !argv[1])) {
    console.error('usage: node expand.mjs --write | --check | --out DIR');
    return 2;
  }
  let differ = 0;
  for (const file of xacroFiles()) {
    const urdf = await expand(file);
    const committed = file.replace(/\.xacro$/, '');
    if (mode === '--write') {
      fs.writeFileSync(committed, urdf);
      console.log(`wrote ${path.relative(samples, committed)}`);
    } else if (mode === '--out') {
      const out = path.join(argv[1], path.relative(samples, committed));
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.writeFileSync(out, urdf);
      console.log(`wrote ${out}`);
    } else if (!fs.existsSync(committed) || fs.readFileSync(committed, 'utf8') !== urdf) {
      console.error(`${path.relative(samples, committed)} is not the expansion of its .xacro: run npm run expand`);
      differ++;
    }
  }
  return differ === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then((code) => process.exit(code), (e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
