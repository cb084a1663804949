import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Writes `{ 'name': yaml }` as `<tmp>/name.yaml` files and returns the directory. */
export function writePipelineDir(pipelines: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipelines-'));
  for (const [name, text] of Object.entries(pipelines)) {
    const file = path.join(dir, `${name}.yaml`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  return dir;
}
