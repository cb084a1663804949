/**
 * A workspace file's content key, `<file>@<sha1 of its bytes>`: it names the content and the
 * file it came from. Its own module because summarising threads load it, and nothing else of
 * the plugin's cache code.
 */
import { createHash } from 'node:crypto';

export function contentKey(file: string, content: string | Buffer): string {
  return `${file}@${createHash('sha1').update(content).digest('hex')}`;
}
