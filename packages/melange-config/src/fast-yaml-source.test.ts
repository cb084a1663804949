import { describe, expect, it } from 'vitest';
import { FastNodeReader, loadFastYaml } from './fast-yaml-source';
import type { SourceNode } from './node-reader';
import { ErrorCollector } from './recipe-error';
import { parseYaml, YamlNodeReader } from './yaml-source';
import { bothReaders } from './__fixtures__/both-readers';

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
    'CRLF line ends': 'a: 1\r\nb:\r\n  - x\r\n  - y: z\r\n',
    '# inside a value': 'a: x#y\nb: "c # d"\nc: e # comment\n',
    'a document start marker': '---\na: 1\n',
    'a document end marker': 'a: 1\n...\n',
    'folded paragraphs, and kept line breaks at the end': 'a: >\n  one\n  two\n\n  three\nb: |+\n  kept\n\n\nc: x\n',
    'empty lines before a block, and a line of spaces past its indent': 'a: |\n\n  x\n    \n  y\nb: 1\n',
    'block scalars as list items, and in CRLF': 'a:\n- |\n  x\n- y\nb: |\r\n  z\r\n\r\n  w\r\nc: 1\r\n',
    'quoted scalars over several lines': 'a: "one\n  two\n\n  three"\nb: \'four\n  five\'\n',
    'double-quoted escapes': 'a: "\\x41\\u00e9\\"q\\\\ \\t"\n',
    'a comment that ends a plain scalar over lines': 'a: one\n  two # note\nb: 1\n',
    'a flow list over several lines': 'a: [x,\n  "y", {b: c},\n  ]\nd: 1\n',
    'a list in a list, and a map below its dash': '- - a\n  - b\n-\n  c: d\n',
    'quoted keys and keys with spaces': '"a b": 1\n\'c\': 2\nd e: 3\n',
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
    'an explicit key': '? a\n: b\nc: d\n',
    'an indentation indicator': 'a: |2\n  x\n',
    'a folded block with more-indented lines': 'a: >\n  x\n    y\n',
    'an escaped line break in a double-quoted scalar': 'a: "x\\\n  y"\n',
    'a block scalar ending the text without a line break': 'a: |\n  x',
    'a plain scalar over lines inside a flow list': 'a: [x\n  y]\n',
    'a flow list closed at its key\'s indent': 'a: [\n  x\n]\n',
    'a control character': 'a: \x07\n',
    'a carriage return alone': 'a: 1\rb: 2\n',
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
