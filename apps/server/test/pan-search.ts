import { parseMail } from '@sangdam/mail';
import type { BlobStore, Db } from '@sangdam/store';
import { sql } from 'kysely';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';

/** The card number with or without separators between its digits (`4111 1111-…`). */
const patternOf = (pan: string) => pan.split('').join('[^0-9A-Za-z]{0,3}');

async function readAll(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts);
}

/** A stored mail's decoded parts: its encodings (base64, quoted-printable) would hide a number. */
async function decodedMail(bytes: Buffer): Promise<string> {
  try {
    const mail = await parseMail(bytes);
    const boxes = [...(mail.from ? [mail.from] : []), ...mail.replyTo, ...mail.to, ...mail.cc];
    return [
      ...boxes.flatMap((box) => [box.name, box.address]),
      mail.messageId ?? '',
      ...mail.inReplyTo,
      ...mail.references,
      mail.subject,
      mail.text,
      mail.html ?? '',
      ...mail.attachments.flatMap((a) => [a.fileName, Buffer.from(a.content).toString('utf8')]),
    ].join('\n');
  } catch {
    return '';
  }
}

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) files.push(...(await filesUnder(path)));
    else files.push(path);
  }
  return files;
}

/**
 * Every place a card number is at rest (R-PCI-4): each text, json, array and bytea column of
 * every table, each blob the store holds — its bytes, and for a mail its decoded parts — and each
 * file under `folder` (the folder blob store). Returns where it was found; [] when nowhere.
 */
export async function wherePanIs(
  db: Db,
  pan: string,
  blobs: { store: BlobStore; folder?: string },
): Promise<string[]> {
  const pattern = patternOf(pan);
  const regex = new RegExp(pattern);
  const found: string[] = [];
  const { rows: columns } = await sql<{ table: string; column: string; type: string }>`
    select table_name as table, column_name as column, data_type as type
    from information_schema.columns
    where table_schema = 'public'
      and data_type in ('text', 'character varying', 'json', 'jsonb', 'ARRAY', 'bytea')`.execute(
    db,
  );
  expect(columns.length).toBeGreaterThan(20);
  for (const { table, column, type } of columns) {
    const where =
      type === 'bytea'
        ? sql`encode(${sql.ref(column)}, 'escape') ~ ${pattern}`
        : sql`${sql.ref(column)}::text ~ ${pattern}`;
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from ${sql.table(table)} where ${where}`.execute(db);
    if (rows[0]!.n > 0) found.push(`${table}.${column}`);
  }
  const keys = blobs.folder
    ? (await filesUnder(blobs.folder)).map((path) => ({ path, key: path.split('/').pop()! }))
    : (await sql<{ key: string }>`select key from blobs`.execute(db)).rows.map(({ key }) => ({
        path: `blob ${key}`,
        key,
      }));
  for (const { path, key } of keys) {
    const bytes = blobs.folder ? await readFile(path) : await readAll(await blobs.store.open(key));
    if (regex.test(bytes.toString('latin1')) || regex.test(await decodedMail(bytes))) {
      found.push(path);
    }
  }
  return found;
}
