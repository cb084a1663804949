import { extractPackageData } from '@stagecraft/apk';
import { mergeUsr } from '../store/merge-usr';

/**
 * Unpacks an .apk's data for the store. Its signature was checked when the environment was
 * resolved, and materializeEnvironment has since matched the file's sha256, so these are the
 * verified bytes and need no keys here.
 */
export async function unpackApk(apkPath: string, destDir: string): Promise<void> {
  extractPackageData(apkPath, destDir, { requireSignature: false });
  await mergeUsr(destDir, apkPath);
}
