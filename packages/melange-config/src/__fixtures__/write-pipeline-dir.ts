import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from '../../../../tools/test-temp-dir';

/** Writes `{ 'name': yaml }` as `<tmp>/name.yaml` files and returns the directory, removed when the test is over. */
export function writePipelineDir(pipelines: Record<string, string>): string {
  const dir = tempDir('pipelines');
  for (const [name, text] of Object.entries(pipelines)) {
    const file = path.join(dir, `${name}.yaml`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  return dir;
}
