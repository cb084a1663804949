// The content-addressed package store and download cache, and root assembly by hard links.
// Re-exported by packages/builder/src/index.ts.
export { assembleRoot, RootConflictError, type AssembleStats, type PathConflict, type RootEntry } from './assemble-root';
export { cachedPath, DigestMismatchError, DownloadError, fetchVerified, openDownloadCache, type DownloadCache } from './download-cache';
export { cleanAbandonedTemps, ensureStoreEntry, ensureStoreRoot, hasStoreEntry, openStore, storeEntryPath, StoreKeyError, type PackageStore } from './package-store';
export { MERGED_USR_DIRS, mergeUsr, MergeUsrError } from './merge-usr';
