import type { Candidate } from './candidate.ts';
import { ContextIndex } from './context-words.ts';
import { findCardDetailsInRun } from './detect-card-details.ts';
import { findCardsInRun } from './detect-card.ts';
import { ibanAt } from './detect-iban.ts';
import { findRrnsInRun } from './detect-rrn.ts';
import { findSsnsInRun } from './detect-ssn.ts';
import { mergeByPriority } from './merge-findings.ts';
import { forEachDigitRun } from './tokenizer.ts';
import type { Finding } from './types.ts';
import { CARD_DETAIL_WORDS, CARD_WORDS, RRN_WORDS, SSN_WORDS } from './vocabulary.ts';
import type { WordList } from './context-words.ts';

/** How far (UTF-16 units) a context word or a card number may be from the value it qualifies. */
export const CONTEXT_SPAN = 40;

/**
 * Finds card numbers, expiry dates, CVVs, Korean RRNs, US SSNs and IBANs in `text`, sorted by
 * start and never overlapping. One pass over the text; linear time.
 */
export function scanText(text: string): Finding[] {
  const ibans: Finding[] = [];
  const cards: Finding[] = [];
  const rrnsDashed: Candidate[] = [];
  const rrnsPlain: Candidate[] = [];
  const ssns: Candidate[] = [];
  const details: Candidate[] = [];
  const cardWords = new ContextIndex(text, CARD_WORDS);
  const nearCardWord = (start: number, end: number): boolean =>
    cardWords.hasWordIn(start - CONTEXT_SPAN, end + CONTEXT_SPAN);
  forEachDigitRun(text, (run) => {
    if (run.joinedLeft) {
      const iban = ibanAt(text, run.groupStart[0] ?? 0);
      if (iban !== undefined) ibans.push(iban);
    }
    findCardsInRun(text, run, nearCardWord, cards);
    findRrnsInRun(run, rrnsDashed, rrnsPlain);
    findSsnsInRun(run, ssns);
    findCardDetailsInRun(text, run, details);
  });
  // Earlier lists win overlaps: an IBAN may contain card-like digits, a dashed RRN is never a
  // card, and a 13-digit Luhn-valid Visa outranks an unbroken RRN.
  let findings = mergeByPriority(ibans, confirm(text, rrnsDashed, RRN_WORDS));
  findings = mergeByPriority(findings, cards);
  findings = mergeByPriority(findings, confirm(text, rrnsPlain, RRN_WORDS));
  findings = mergeByPriority(findings, confirm(text, ssns, SSN_WORDS));
  findings = mergeByPriority(findings, confirmDetails(text, details, cards));
  return findings;
}

function confirm(text: string, candidates: readonly Candidate[], words: WordList): Finding[] {
  const context = new ContextIndex(text, words);
  const confirmed: Finding[] = [];
  for (const c of candidates) {
    if (!c.needsContext || context.hasWordIn(c.start - CONTEXT_SPAN, c.end + CONTEXT_SPAN)) {
      confirmed.push({ type: c.type, start: c.start, end: c.end });
    }
  }
  return confirmed;
}

/** Expiry dates and CVVs count when a card number or a card word is near them. */
function confirmDetails(
  text: string,
  candidates: readonly Candidate[],
  cards: readonly Finding[],
): Finding[] {
  const context = new ContextIndex(text, CARD_DETAIL_WORDS);
  const confirmed: Finding[] = [];
  let card = 0;
  for (const c of candidates) {
    while (card < cards.length && (cards[card]?.end ?? 0) + CONTEXT_SPAN < c.start) card++;
    const near = cards[card];
    const nearCard = near !== undefined && near.start - CONTEXT_SPAN <= c.end;
    if (nearCard || context.hasWordIn(c.start - CONTEXT_SPAN, c.end + CONTEXT_SPAN)) {
      confirmed.push({ type: c.type, start: c.start, end: c.end });
    }
  }
  return confirmed;
}
