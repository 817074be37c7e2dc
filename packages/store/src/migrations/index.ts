import type { Migration, MigrationProvider } from 'kysely';
import * as foundation from './0001-foundation.ts';
import * as routingConfiguration from './0002-routing-configuration.ts';
import * as pci from './0003-pci.ts';
import * as offerHistoryIndex from './0004-offer-history-index.ts';
import * as chatStarts from './0005-chat-starts.ts';
import * as userAccounts from './0006-user-accounts.ts';
import * as liveConnections from './0007-live-connections.ts';
import * as customerLimits from './0008-customer-limits.ts';
import * as predefinedResponses from './0009-predefined-responses.ts';
import * as contactHistory from './0010-contact-history.ts';
import * as handOvers from './0011-hand-overs.ts';
import * as autoWrapUp from './0012-auto-wrap-up.ts';
import * as attachments from './0013-attachments.ts';
import * as virtualAssistant from './0014-virtual-assistant.ts';
import * as email from './0015-email.ts';
import * as emailFiles from './0016-email-files.ts';
import * as imapStatus from './0017-imap-status.ts';
import * as emailCompose from './0019-email-compose.ts';
import * as entryPointDeletion from './0020-entry-point-deletion.ts';
import * as replyFiles from './0021-reply-files.ts';
import * as mailRetry from './0022-mail-retry.ts';
import * as unreferencedBlobs from './0023-unreferenced-blobs.ts';
import * as nodeHeartbeats from './0024-node-heartbeats.ts';
import * as blobChunksUncompressed from './0025-blob-chunks-uncompressed.ts';

/** Every migration, in order. Names never change once released. */
const migrations: Record<string, Migration> = {
  '0001-foundation': foundation,
  '0002-routing-configuration': routingConfiguration,
  '0003-pci': pci,
  '0004-offer-history-index': offerHistoryIndex,
  '0005-chat-starts': chatStarts,
  '0006-user-accounts': userAccounts,
  '0007-live-connections': liveConnections,
  '0008-customer-limits': customerLimits,
  '0009-predefined-responses': predefinedResponses,
  '0010-contact-history': contactHistory,
  '0011-hand-overs': handOvers,
  '0012-auto-wrap-up': autoWrapUp,
  '0013-attachments': attachments,
  '0014-virtual-assistant': virtualAssistant,
  '0015-email': email,
  '0016-email-files': emailFiles,
  '0017-imap-status': imapStatus,
  '0019-email-compose': emailCompose,
  '0020-entry-point-deletion': entryPointDeletion,
  '0021-reply-files': replyFiles,
  '0022-mail-retry': mailRetry,
  '0023-unreferenced-blobs': unreferencedBlobs,
  '0024-node-heartbeats': nodeHeartbeats,
  '0025-blob-chunks-uncompressed': blobChunksUncompressed,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};
