/**
 * What the fast and the exact YAML reader each see in a text: every value, read as the fast
 * tree shapes it, with the offset and line:column recorded for its field, and the errors.
 * Shared by the unit cases and the corpus check, which both expect the two to be equal.
 */
import { FastNodeReader, loadFastYaml } from '../fast-yaml-source';
import type { FastNode } from '../fast-yaml-source';
import { fieldPath } from '../node-reader';
import type { NodeReader, SourceNode } from '../node-reader';
import { ErrorCollector } from '../recipe-error';
import { parseYaml, YamlNodeReader } from '../yaml-source';

/** Reads every value of a tree, shaped as the fast tree says, recording offsets on the way. */
function readAll(r: NodeReader, node: SourceNode | null, field: string, shape: FastNode): unknown {
  if (shape.kind === 'map') {
    return r.entries(node, field, null).map(([k, v], i) => [k, readAll(r, v, fieldPath(field, k), (shape.pairs[i] as { value: FastNode }).value)]);
  }
  if (shape.kind === 'list') return r.items(node, field).map((item, i) => readAll(r, item, fieldPath(field, i), shape.items[i] as FastNode));
  return r.str(node, field);
}

/** values, field offsets and their line:column, as each reader sees them */
export function bothReaders(text: string, file = 'f.yaml') {
  const fastYaml = loadFastYaml(text, file);
  if (!fastYaml) throw new Error('the fast reader declined the text');
  const fastErrors = new ErrorCollector();
  const fast = new FastNodeReader(fastYaml.source, fastYaml.root, fastErrors);
  const exactErrors = new ErrorCollector();
  const { source, doc } = parseYaml(text, file, exactErrors);
  const exact = new YamlNodeReader(source, doc, exactErrors);
  const seen = (r: NodeReader, errors: ErrorCollector) => ({
    values: readAll(r, r.root, '', fastYaml.root),
    offsets: Object.fromEntries([...r.offsets].map(([f, offset]) => [f, [offset, r.positionOf(f)]])),
    errors: errors.errors.map(String),
  });
  return { fast: seen(fast, fastErrors), exact: seen(exact, exactErrors) };
}
