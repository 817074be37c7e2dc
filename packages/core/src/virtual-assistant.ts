import {
  assistantLimits,
  type AssistantAnswer,
  type EntryPointBody,
  type HandOverRule,
} from '@sangdam/contracts';
import { AppError } from './app-error.ts';

/**
 * The virtual assistant's rules (R-CH-2): which preset answer a customer's words pick, and when
 * the customer is handed over to the queue. Pure; the chat service applies them in a transaction.
 */

const hangul = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/u;

/**
 * Text as it is compared: NFKC (full-width Latin and half-width Hangul become the usual forms),
 * lower case, anything but letters and digits a single space.
 */
export function normaliseForMatch(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Whether a keyword occurs in the (normalised) text. A keyword with Hangul matches anywhere,
 * since Korean attaches particles and builds compounds ("환불은", "배송비환불"); any other keyword
 * matches at the start of a word, so "refund" finds "refunds" but "car" does not find "scar".
 */
function keywordOccurs(normalisedText: string, keyword: string): boolean {
  const word = normaliseForMatch(keyword);
  if (word === '') return false;
  if (hangul.test(word)) return normalisedText.includes(word);
  return ` ${normalisedText}`.includes(` ${word}`);
}

/**
 * The answer the customer's text picks: the one whose question (button label) it is, else the
 * one with the most keywords in it (the first such in the admin's order); null when none.
 */
export function matchAnswer<A extends AssistantAnswer>(
  answers: readonly A[],
  text: string,
): A | null {
  const said = normaliseForMatch(text);
  if (said === '') return null;
  const byLabel = answers.find((answer) => normaliseForMatch(answer.label) === said);
  if (byLabel) return byLabel;
  let best: A | null = null;
  let bestScore = 0;
  for (const answer of answers) {
    const score = answer.keywords.filter((keyword) => keywordOccurs(said, keyword)).length;
    if (score > bestScore) {
      best = answer;
      bestScore = score;
    }
  }
  return best;
}

/** What the assistant does with one thing the customer did. */
export type AssistantStep =
  | { kind: 'answer'; answer: AssistantAnswer; misses: number }
  | { kind: 'no-match'; misses: number }
  | { kind: 'hand-over'; reason: 'asked' | 'no-match' | 'no-answers' };

/** The entry point's assistant as the rules need it. */
export interface AssistantConfig {
  answers: readonly AssistantAnswer[];
  handOver: HandOverRule;
}

/** Whether a new chat at this entry point starts with the assistant (it has answers to give). */
export function startsWithAssistant(config: AssistantConfig): boolean {
  return config.answers.length > 0;
}

/**
 * The next step of a chat still with the assistant. `misses`: messages in a row no answer
 * matched so far. Asking for an agent when the assistant does not offer one is refused, so a
 * customer cannot skip the assistant by sending the command early.
 */
export function assistantStep(
  config: AssistantConfig,
  misses: number,
  input: { kind: 'text'; text: string } | { kind: 'ask-agent' },
): AssistantStep {
  if (config.answers.length === 0) return { kind: 'hand-over', reason: 'no-answers' };
  if (input.kind === 'ask-agent') {
    if (!config.handOver.offerAgent) {
      throw new AppError(
        'ASSISTANT_AGENT_NOT_OFFERED',
        'Please pick one of the questions or ask yours; the assistant will help you',
      );
    }
    return { kind: 'hand-over', reason: 'asked' };
  }
  const answer = matchAnswer(config.answers, input.text);
  if (answer) return { kind: 'answer', answer, misses: 0 };
  const missed = misses + 1;
  const { afterMisses } = config.handOver;
  if (afterMisses !== null && missed >= afterMisses)
    return { kind: 'hand-over', reason: 'no-match' };
  return { kind: 'no-match', misses: missed };
}

/**
 * The limits of an entry point's assistant, each with its own code: at most so many answers
 * and keywords, no two answers with the same question, and a way to reach an agent.
 */
export function validateAssistant(body: Pick<EntryPointBody, 'answers' | 'handOver'>): void {
  const { answersMax, keywordsPerAnswerMax } = assistantLimits;
  if (body.answers.length > answersMax) {
    throw new AppError(
      'ASSISTANT_TOO_MANY_ANSWERS',
      `An assistant has at most ${answersMax} answers`,
    );
  }
  const seen = new Set<string>();
  for (const answer of body.answers) {
    if (answer.keywords.length > keywordsPerAnswerMax) {
      throw new AppError(
        'ASSISTANT_TOO_MANY_KEYWORDS',
        `“${answer.label}” has more than ${keywordsPerAnswerMax} keywords`,
      );
    }
    const label = normaliseForMatch(answer.label);
    if (seen.has(label)) {
      throw new AppError(
        'ASSISTANT_DUPLICATE_LABEL',
        `Two answers have the question “${answer.label}”; each button needs its own`,
      );
    }
    seen.add(label);
  }
  const { offerAgent, afterMisses } = body.handOver;
  if (body.answers.length > 0 && !offerAgent && afterMisses === null) {
    throw new AppError(
      'ASSISTANT_NO_HAND_OVER',
      'Customers need a way to reach an agent: offer “Talk to an agent” or hand over after unmatched messages',
    );
  }
}
