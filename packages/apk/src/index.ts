/**
 * @stagecraft/apk — APK v2 packages and APKINDEX repositories: write, read, sign, verify;
 * apk version ordering and dependency expressions; the install-set solver.
 */
export {
  ApkFormatError,
  BadSignatureError,
  DatahashMismatchError,
  KeyError,
  UnknownKeyError,
  UnsatisfiableError,
  UnsignedPackageError,
  formatLocation,
  type ApkLocation,
  type RequirementStep,
} from './errors';
export { compareVersions, isValidVersion, isValidMelangeVersion } from './version';
export {
  parseDependency,
  parseDependencyList,
  formatDependency,
  satisfies,
  parseProvide,
  providerMatches,
  type Dependency,
  type Provider,
  type VersionOp,
} from './dependency';
export { formatPkgInfo, parsePkgInfo, validatePackageInfo, type PackageInfo } from './pkginfo';
export {
  generateKeyPair,
  readSigningKey,
  readTrustedKeys,
  trustedKeysFrom,
  publicKeyOf,
  type KeyPair,
  type SigningKey,
  type TrustedKeys,
} from './keys';
export { parseSignatureName, type SignatureAlgorithm, type SignatureCheck, type VerifyOptions } from './signature';
export { walkDataDir, normalizeEntries, type DataEntry, type DataEntryType } from './data-entries';
export type { OwnerMap } from './data-member';
export {
  buildPackage,
  writePackage,
  writePackageFile,
  packageFileName,
  type Scriptlets,
  type WritePackageOptions,
  type WrittenPackage,
} from './write-package';
export {
  readPackage,
  verifyPackage,
  identityOf,
  type ApkPackage,
  type ControlFileRead,
  type PackageDataEntry,
  type ReadPackageOptions,
} from './read-package';
export { formatIndexText, parseIndexText, type IndexEntry } from './apkindex-text';
export {
  writeIndex,
  writeIndexFile,
  readIndex,
  mergeIndex,
  updateIndexFile,
  type ApkIndex,
  type ReadIndexOptions,
  type WriteIndexOptions,
} from './apkindex';
export { indexEntryFromPackage, indexEntryOf } from './index-entry';
export { writeFileAtomic } from './atomic-write';
export { solve, type SolveIndex, type SolveRequest, type SolveResult, type SolvedPackage } from './solve';
export { extractPackageData, type ExtractOptions, type ExtractResult } from './extract';
export { extractPackageFile } from './extract-file';
