// Debian seed: lock a closure through apt (lockDebianSeed), write it (writeSeedLock); fetching
// and unpacking the locked .debs is store/ + environment/. Re-exported by packages/builder/src/index.ts.
export { DEFAULT_DEBIAN_ARCHIVE, prepareAptWorkspace, type AptWorkspace, type DebianArchive } from './apt-workspace';
export { debianArch } from './debian-arch';
export { deriveProvides, type DebContents } from './derive-provides';
export { lockClosure, SeedLockError } from './lock-closure';
export { lockDebianSeed } from './lock-debian-seed';
export { readDebContents } from './read-deb-contents';
export { DebUnpackError, unpackDeb } from './unpack-deb';
export { writeSeedLock } from './write-seed-lock';
