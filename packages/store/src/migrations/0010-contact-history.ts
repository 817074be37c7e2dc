import { sql, type Kysely } from 'kysely';

/**
 * Contact history (R-CH-7, R-EM-8): a customer's contacts, found by email address, newest first.
 *
 * Every chat start creates its own `customers` row, so "the same customer" is the same email
 * address (case-insensitive), or the same customer row when there is no address. Each
 * interaction keeps that key (`email:<lower(email)>` or `customer:<id>`) so one index scan
 * reads a page of history in order, however many contacts the customer has: a join through
 * `customers` would read and sort every earlier contact for each page.
 *
 * A trigger fills the key from the customer row on insert, so every path that starts a contact
 * (chat now, email next) keeps it without knowing about it. Customer emails are never edited;
 * if that changes, the edit must update the key of the customer's interactions too.
 */
const statements = [
  `create function interaction_customer_key() returns trigger language plpgsql as $$
   begin
     select coalesce('email:' || lower(c.email), 'customer:' || c.id::text)
       into new.customer_key from customers c where c.id = new.customer_id;
     return new;
   end
   $$`,
  `alter table interactions add column customer_key text`,
  `update interactions i
     set customer_key = coalesce('email:' || lower(c.email), 'customer:' || c.id::text)
     from customers c where c.id = i.customer_id`,
  `alter table interactions alter column customer_key set not null`,
  `create trigger interactions_customer_key before insert on interactions
     for each row execute function interaction_customer_key()`,
  `create index interactions_customer_history_idx
     on interactions (customer_key, created_at desc, id desc)`,
  // Each listed contact reads its wrap-ups by interaction, whatever other keys wrap_ups gets.
  `create index wrap_ups_interaction_idx on wrap_ups (interaction_id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
