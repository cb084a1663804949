import { describe, expect, it } from 'vitest';
import { FastNodeReader, loadFastYaml } from './fast-yaml-source';
import type { FastNode } from './fast-yaml-source';
import { fieldPath } from './node-reader';
import type { NodeReader, SourceNode } from './node-reader';
import { ErrorCollector } from './recipe-error';
import { parseYaml, YamlNodeReader } from './yaml-source';

/** Reads every value of a tree, shaped as the fast tree says, recording offsets on the way. */
function readAll(r: NodeReader, node: SourceNode | null, field: string, shape: FastNode): unknown {
  if (shape.kind === 'map') {
    return r.entries(node, field, null).map(([k, v], i) => [k, readAll(r, v, fieldPath(field, k), (shape.pairs[i] as { value: FastNode }).value)]);
  }
  if (shape.kind === 'list') return r.items(node, field).map((item, i) => readAll(r, item, fieldPath(field, i), shape.items[i] as FastNode));
  return r.str(node, field);
}

/** values, field offsets and their line:column, as each reader sees them */
function bothReaders(text: string) {
  const fastYaml = loadFastYaml(text, 'f.yaml');
  if (!fastYaml) throw new Error('the fast reader declined the text');
  const fastErrors = new ErrorCollector();
  const fast = new FastNodeReader(fastYaml.source, fastYaml.root, fastErrors);
  const exactErrors = new ErrorCollector();
  const { source, doc } = parseYaml(text, 'f.yaml', exactErrors);
  const exact = new YamlNodeReader(source, doc, exactErrors);
  const seen = (r: NodeReader, errors: ErrorCollector) => ({
    values: readAll(r, r.root, '', fastYaml.root),
    offsets: Object.fromEntries([...r.offsets].map(([f, offset]) => [f, [offset, r.positionOf(f)]])),
    errors: errors.errors.map(String),
  });
  return { fast: seen(fast, fastErrors), exact: seen(exact, exactErrors) };
}

describe('loadFastYaml', () => {
  const cases: Record<string, string> = {
    'values left empty, before a key, a comment or the end of the file': 'a:\nb:   # note\nc: 1\nd:',
    'a block map below its key, after a comment': 'a:\n  # why\n  b: 1\n  c:\n    d: 2\n',
    'lists of scalars, maps and lists': '- x\n- y: 1\n  z: 2\n- - nested\n  - list\n',
    'a list at its key\'s indent': 'a:\n- x\n- y\nb: 1\n',
    'flow collections': 'a: [x, "y", {b: c}]\nd: {}\ne: []\nf: {g: [h]}\n',
    'block scalars': 'a: |\n  line\n\n  line2\nb: >-\n  folded\n  text\nc: |+\n  kept\n\nd: x\n',
    'quoted scalars': 'a: \'it\'\'s\'\nb: "tab\\tand ${{package.name}}"\nc: ""\n',
    'plain scalars over several lines, and on the line below their key': 'a: one\n  two\nb:\n  three\n  four\n',
    'an explicit key': '? a\n: b\nc: d\n',
    'CRLF line ends': 'a: 1\r\nb:\r\n  - x\r\n  - y: z\r\n',
    '# inside a value': 'a: x#y\nb: "c # d"\nc: e # comment\n',
    'a document start marker': '---\na: 1\n',
  };
  for (const [name, text] of Object.entries(cases)) {
    it(`places every value where the exact reader does: ${name}`, () => {
      const { fast, exact } = bothReaders(text);
      expect(fast).toEqual(exact);
      expect(Object.keys(exact.offsets).length).toBeGreaterThan(0);
    });
  }

  const declined: Record<string, string> = {
    'an anchor and an alias': 'a: &x 1\nb: *x\n',
    'an anchor on an empty value': 'a: &x\nb: 1\n',
    'a tag': 'a: !!str 1\n',
    'a list item left empty': '- \n- x\n',
    'a flow map key without a value': 'a: {b, c: d}\n',
    'a map inside a flow list': 'a: [b: c]\n',
    'a syntax error': 'a: [1\n',
    'a duplicate key': 'a: 1\na: 2\n',
    'two documents': 'a: 1\n---\nb: 2\n',
    'a byte order mark': '\ufeffa: 1\n',
    'a map on the line of its key': 'a: b: c\n',
    'a value starting with a reserved character': 'a: @x\n',
    'a tab as indentation': 'a:\n\t b\n',
    'a list item less indented than the first': 'a:\n  - x\n - y\n',
  };
  for (const [name, text] of Object.entries(declined)) {
    it(`declines ${name}, leaving it to the exact reader`, () => {
      expect(loadFastYaml(text, 'f.yaml')).toBeUndefined();
    });
  }
});

describe('FastNodeReader', () => {
  it('notices a wrong shape where the exact reader does (its errors are never shown, but they send the file to the exact reader)', () => {
    const text = 'a:\n  b: 1\n';
    const fastYaml = loadFastYaml(text, 'f.yaml') as NonNullable<ReturnType<typeof loadFastYaml>>;
    const fastErrors = new ErrorCollector();
    const exactErrors = new ErrorCollector();
    const { source, doc } = parseYaml(text, 'f.yaml', exactErrors);
    for (const r of [new FastNodeReader(fastYaml.source, fastYaml.root, fastErrors), new YamlNodeReader(source, doc, exactErrors)]) {
      const [[, value]] = r.entries(r.root, '', null) as [[string, SourceNode | null]];
      r.str(value, 'a');
      r.items(value, 'a');
    }
    expect(fastErrors.errors.map(String)).toEqual(exactErrors.errors.map(String));
    expect(exactErrors.errors.map(String)).toEqual(['f.yaml:2:3: a: expected a string, found a map', 'f.yaml:2:3: a: expected a list, found a map']);
  });
});
