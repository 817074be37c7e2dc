import type { Role } from '@sangdam/contracts';
import {
  addTeamMembers,
  addTeamQueues,
  countUsers,
  insertEmailAddress,
  insertEntryPoint,
  insertPredefinedResponse,
  insertProfile,
  insertQueue,
  insertReasons,
  insertTeam,
  insertUser,
  type Db,
} from '@sangdam/store';
import { sql } from 'kysely';
import { hashPassword } from '../auth/passwords.ts';

export const demoPassword = 'sangdam-demo';

/** The demo organisation's support email address. */
export const demoSupportAddress = 'support@sangdam.local';

const people: { email: string; displayName: string; role: Role }[] = [
  { email: 'admin@sangdam.local', displayName: 'Ada Admin', role: 'admin' },
  { email: 'supervisor@sangdam.local', displayName: 'Sam Supervisor', role: 'supervisor' },
  { email: 'agent1@sangdam.local', displayName: 'Jiwoo Kim', role: 'agent' },
  { email: 'agent2@sangdam.local', displayName: 'Alex Park', role: 'agent' },
  { email: 'agent3@sangdam.local', displayName: 'Mina Lee', role: 'agent' },
];

/** Predefined chat responses to try the picker with (R-CH-4), in both desk languages. */
const demoResponses = [
  { title: 'Greeting', text: 'Hello, thank you for contacting us!', category: 'Start' },
  {
    title: 'Looking into it',
    text: 'Let me look into this for you; it will take a minute or two.',
    category: null,
  },
  {
    title: 'Refund policy',
    text: 'Refunds reach your card within 3 to 5 business days after we receive the item.',
    category: 'Billing',
  },
  { title: '인사', text: '안녕하세요, 문의해 주셔서 감사합니다!', category: '시작' },
  {
    title: '환불 안내',
    text: '상품이 도착한 후 영업일 기준 3~5일 안에 카드로 환불됩니다.',
    category: '결제',
  },
];

/**
 * On first start with an empty database: a demo organisation to try Sangdam with. Returns the
 * logins it created, or null when the database already had users.
 */
export async function seedDemoOrganisation(
  db: Db,
): Promise<{ email: string; role: Role; password: string }[] | null> {
  return db.transaction().execute(async (tx) => {
    // Nodes starting together on one PostgreSQL seed once: the advisory lock makes them take turns.
    await sql`select pg_advisory_xact_lock(7242001)`.execute(tx);
    if ((await countUsers(tx)) > 0) return null;
    const passwordHash = await hashPassword(demoPassword);
    const users = [];
    for (const person of people) users.push(await insertUser(tx, { ...person, passwordHash }));
    const profile = await insertProfile(tx, {
      name: 'Default multimedia profile',
      mode: 'blended',
      chatCapacity: 5,
      emailCapacity: 5,
      isDefault: true,
    });
    const chatQueue = await insertQueue(tx, {
      name: 'Chat support',
      channel: 'chat',
      // No override: the channel's offer timeout (chat 30 s, email 60 s) applies.
      offerTimeoutSeconds: null,
    });
    const emailQueue = await insertQueue(tx, {
      name: 'Email support',
      channel: 'email',
      offerTimeoutSeconds: null,
    });
    // Mail to this address (SMTP receiver, the demo page) opens contacts in Email support.
    await insertEmailAddress(tx, {
      address: demoSupportAddress,
      displayName: 'Sangdam Support',
      queueId: emailQueue.id,
      imap: null,
    });
    const team = await insertTeam(tx, { name: 'Customer care', profileId: profile.id });
    await addTeamMembers(
      tx,
      team.id,
      users.filter((u) => u.role !== 'admin').map((u) => u.id),
    );
    await addTeamQueues(tx, team.id, [chatQueue.id, emailQueue.id]);
    await insertReasons(tx, 'wrapUpReasons', [
      { label: 'Resolved', isDefault: true },
      { label: 'Question answered' },
      { label: 'Follow-up needed' },
      { label: 'Billing' },
      { label: 'Technical issue' },
      { label: 'Complaint' },
      { label: 'Spam or abuse' },
    ]);
    await insertReasons(tx, 'idleReasons', [
      { label: 'Break', isDefault: true },
      { label: 'Lunch' },
      { label: 'Meeting' },
      { label: 'Training' },
      { label: 'After-call work' },
    ]);
    await insertEntryPoint(tx, {
      name: 'Website chat',
      queueId: chatQueue.id,
      greeting: 'Hello! Thanks for contacting us. An agent will be with you shortly.',
      isDefault: true,
    });
    for (const response of demoResponses) {
      await insertPredefinedResponse(tx, response, new Date());
    }
    return people.map(({ email, role }) => ({ email, role, password: demoPassword }));
  });
}
