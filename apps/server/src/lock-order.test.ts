import { AppError } from '@sangdam/core';
import { listWrapUpReasons } from '@sangdam/store';
import { engines } from '@sangdam/store/test/test-databases.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/test-server.ts';
import { startChat } from './services/chat/chat.ts';
import { acceptOffer, leaveByCustomer, submitWrapUp } from './services/interactions/lifecycle.ts';
import { connectDesktop } from '@sangdam/store/test/factories.ts';
import { setPresence, signInPresence } from './services/interactions/presence.ts';

const ROUNDS = 50;

/** What each side may answer when the other got there first: anything else is a bug. */
const expectedCodes = new Set(['OFFER_NOT_PENDING']);

describe.each(engines)('one lock order on %s', (engine) => {
  let server: TestServer;
  beforeEach(async () => {
    // No router worker: each round routes exactly once, by hand.
    server = await startTestServer(engine, { SANGDAM_ROLES: 'web,realtime' });
  });
  afterEach(() => server.close());

  it(`lets an agent accepting and the customer leaving race ${ROUNDS} times without a deadlock`, async () => {
    const { deps, router, database } = server.sangdam;
    const user = await database.db
      .selectFrom('users')
      .select(['id', 'displayName'])
      .where('email', '=', 'agent1@sangdam.local')
      .executeTakeFirstOrThrow();
    const agent = { kind: 'agent' as const, userId: user.id, displayName: user.displayName };
    await signInPresence(deps, user.id);
    await connectDesktop(database.db, user.id);
    await setPresence(deps, user.id, { state: 'available' });
    const [reason] = await listWrapUpReasons(database.db);

    const unexpected: string[] = [];
    const outcome = { accepted: 0, withdrawn: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      const chat = await startChat(deps, { name: `Racer ${round}`, email: 'racer@example.com' });
      router.request();
      await router.idle();
      const offer = await database.db
        .selectFrom('offers')
        .select('id')
        .where('interactionId', '=', chat.interactionId)
        .where('status', '=', 'pending')
        .executeTakeFirstOrThrow();

      const [accept, leave] = await Promise.allSettled([
        acceptOffer(deps, agent, offer.id),
        leaveByCustomer(deps, chat.interactionId),
      ]);
      for (const result of [accept, leave]) {
        if (result.status === 'fulfilled') continue;
        const error: unknown = result.reason;
        if (error instanceof AppError && expectedCodes.has(error.code)) continue;
        unexpected.push(error instanceof Error ? error.message : String(error));
      }
      // A deadlock leaves one side undone; the rounds after it would not mean anything.
      if (unexpected.length > 0) break;
      if (accept.status === 'fulfilled') {
        outcome.accepted += 1;
        await submitWrapUp(deps, agent, {
          interactionId: chat.interactionId,
          reasonIds: [reason!.id],
        });
      } else {
        outcome.withdrawn += 1;
      }
    }
    expect(unexpected).toEqual([]);
    expect(outcome.accepted + outcome.withdrawn).toBe(ROUNDS);
  }, 120_000);
});
