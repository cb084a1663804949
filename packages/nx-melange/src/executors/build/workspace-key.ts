/**
 * The workspace's signing key: signs every package the workspace builds and the private
 * repository each task assembles, so builds trust exactly their own outputs. Generated on first
 * use under .stagecraft/ (which ignores itself, so the private key never reaches git).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generateKeyPair, writeFileAtomic } from '@stagecraft/apk';

export const DEFAULT_KEY = '.stagecraft/keys/stagecraft.rsa';

export async function ensureWorkspaceKey(workspaceRoot: string, keyPath = DEFAULT_KEY): Promise<{ privateKey: string; publicKey: string }> {
  const privateKey = join(workspaceRoot, keyPath);
  const publicKey = `${privateKey}.pub`;
  if (!existsSync(privateKey)) {
    mkdirSync(dirname(privateKey), { recursive: true });
    const stagecraftDir = join(workspaceRoot, '.stagecraft');
    if (privateKey.startsWith(stagecraftDir) && !existsSync(join(stagecraftDir, '.gitignore'))) {
      writeFileSync(join(stagecraftDir, '.gitignore'), '*\n');
    }
    const pair = generateKeyPair(keyPath.split('/').pop(), 4096);
    // Public half first: a reader that sees the private key can rely on its public key.
    await writeFileAtomic(publicKey, Buffer.from(pair.publicKeyPem));
    await writeFileAtomic(privateKey, Buffer.from(pair.privateKeyPem));
  }
  return { privateKey, publicKey };
}
