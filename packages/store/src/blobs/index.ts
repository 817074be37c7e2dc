import { join } from 'node:path';
import type { OpenDatabase } from '../database.ts';
import type { BlobStore } from './blob-store.ts';
import { DatabaseBlobStore } from './database-blob-store.ts';
import { FolderBlobStore } from './folder-blob-store.ts';

export * from './blob-store.ts';
export * from './folder-blob-store.ts';
export * from './database-blob-store.ts';
export * from './named-blobs.ts';

/**
 * The blob store that goes with a database: PostgreSQL itself when Sangdam runs on PostgreSQL
 * (every node shares it), the folder `DATA_DIR/blobs` for the embedded database in a folder, and
 * the (in-memory) embedded database itself for `DATA_DIR=memory://`.
 */
export function blobStoreFor(open: Pick<OpenDatabase, 'db' | 'target'>): BlobStore {
  const dataDir = open.target.kind === 'pglite' ? open.target.dataDir : null;
  if (dataDir !== null && !dataDir.startsWith('memory://')) {
    return new FolderBlobStore(join(dataDir, 'blobs'));
  }
  return new DatabaseBlobStore(open.db);
}
