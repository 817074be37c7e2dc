// PCI scanner benchmark: throughput against a plain indexOf scan, per-message latency, and
// precision/recall of card detection on a labelled set. `npm run bench:pci`.
import { scanText, summarizeFindings } from '@sangdam/pci';
import { availableParallelism, loadavg } from 'node:os';
import { buildLabelledSet, luhnNumber, makeRandom } from './pci-labelled-set.ts';

const TARGET_CHARS = 20 * 1024 * 1024;
const MESSAGE_CHARS = 1024;
const RUNS = 3;

const CHAT_LINES = [
  'Hi, I ordered a jacket last week and it still has not arrived.',
  '안녕하세요, 지난주에 주문한 상품이 아직 도착하지 않았어요.',
  'Can you check the status for me? Thanks a lot!',
  '배송 조회 부탁드립니다. 감사합니다!',
  'The agent said it would be refunded within 3-5 business days.',
  '환불은 영업일 기준 3~5일 정도 걸린다고 들었어요.',
  'I tried to log in at 10:30 but the page showed error 504.',
  '오늘 오후 2시 30분쯤 다시 연락드릴게요.',
];

function mixedText(random: () => number): string {
  const parts: string[] = [];
  let size = 0;
  const digits = (count: number): string =>
    Array.from({ length: count }, () => String(Math.floor(random() * 10))).join('');
  while (size < TARGET_CHARS) {
    const roll = random();
    let line: string;
    if (roll < 0.6) line = CHAT_LINES[Math.floor(random() * CHAT_LINES.length)] ?? '';
    else if (roll < 0.7) line = `Order #${digits(10)} placed on 2024-11-${digits(2)}.`;
    else if (roll < 0.8) line = `제 번호는 010-${digits(4)}-${digits(4)} 입니다.`;
    else if (roll < 0.88) line = `[${String(1_700_000_000_000 + Math.floor(random() * 1e9))}] ping`;
    else if (roll < 0.95) line = `tracking ${digits(12)}, total $${digits(3)}.${digits(2)}`;
    else line = `my card is ${luhnNumber(random, '4', 16).replace(/(\d{4})(?=\d)/g, '$1 ')}`;
    parts.push(line);
    size += line.length + 1;
  }
  return parts.join('\n');
}

/** Best wall-clock and best CPU (user + system) time of `runs` runs, in ms. */
function bestOf(runs: number, work: () => void): { wallMs: number; cpuMs: number } {
  let wallMs = Number.POSITIVE_INFINITY;
  let cpuMs = Number.POSITIVE_INFINITY;
  for (let k = 0; k < runs; k++) {
    const started = performance.now();
    const cpu = process.cpuUsage();
    work();
    const used = process.cpuUsage(cpu);
    wallMs = Math.min(wallMs, performance.now() - started);
    cpuMs = Math.min(cpuMs, (used.user + used.system) / 1000);
  }
  return { wallMs, cpuMs };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
}

function throughput(): void {
  const text = mixedText(makeRandom(7));
  const megabytes = new TextEncoder().encode(text).length / (1024 * 1024);
  let findings = scanText(text);
  const scan = bestOf(RUNS, () => {
    findings = scanText(text);
  });
  let sevens = 0;
  const { wallMs: baselineMs } = bestOf(RUNS, () => {
    sevens = 0;
    for (let i = text.indexOf('7'); i !== -1; i = text.indexOf('7', i + 1)) sevens++;
  });
  const scanRate = megabytes / (scan.wallMs / 1000);
  const scanCpuRate = megabytes / (scan.cpuMs / 1000);
  const baselineRate = megabytes / (baselineMs / 1000);
  console.log(`input: ${megabytes.toFixed(1)} MB UTF-8 (${text.length} chars)`);
  console.log(`findings: ${JSON.stringify(summarizeFindings(findings))}`);
  console.log(`scanText:            ${scanRate.toFixed(0)} MB/s (${scan.wallMs.toFixed(0)} ms)`);
  // On a busy machine the wall clock also counts time spent waiting for a core.
  console.log(
    `scanText per CPU second: ${scanCpuRate.toFixed(0)} MB/s (${scan.cpuMs.toFixed(0)} ms of CPU)`,
  );
  console.log(
    `baseline indexOf('7'): ${baselineRate.toFixed(0)} MB/s (${baselineMs.toFixed(0)} ms, ${sevens} hits)`,
  );
  console.log(`ratio scanText / baseline: ${(scanRate / baselineRate).toFixed(2)}`);

  const latencies: number[] = [];
  for (
    let at = 0;
    at + MESSAGE_CHARS <= text.length && latencies.length < 10_000;
    at += MESSAGE_CHARS
  ) {
    const message = text.slice(at, at + MESSAGE_CHARS);
    const started = performance.now();
    scanText(message);
    latencies.push((performance.now() - started) * 1000);
  }
  latencies.sort((a, b) => a - b);
  console.log(
    `1 KB messages (${latencies.length}): p50 ${percentile(latencies, 0.5).toFixed(1)} µs, p99 ${percentile(latencies, 0.99).toFixed(1)} µs`,
  );
}

function accuracy(): void {
  const items = buildLabelledSet();
  let truePositives = 0;
  let falsePositives = 0;
  let falseNegatives = 0;
  const misses = new Map<string, number>();
  for (const item of items) {
    const cards = scanText(item.text).filter((f) => f.type === 'CREDIT_CARD');
    const hit =
      item.card && cards.some((f) => f.start === item.card?.start && f.end === item.card.end);
    if (item.card) {
      if (hit) truePositives++;
      else falseNegatives++;
    }
    const wrong = cards.length - (hit ? 1 : 0);
    falsePositives += wrong;
    if (wrong > 0 || (item.card && !hit)) misses.set(item.kind, (misses.get(item.kind) ?? 0) + 1);
  }
  const positives = items.filter((item) => item.card).length;
  const precision = truePositives / Math.max(1, truePositives + falsePositives);
  const recall = truePositives / Math.max(1, truePositives + falseNegatives);
  console.log(
    `labelled set: ${items.length} items (${positives} PANs, ${items.length - positives} hard negatives)`,
  );
  console.log(
    `precision ${precision.toFixed(4)}, recall ${recall.toFixed(4)} (TP ${truePositives}, FP ${falsePositives}, FN ${falseNegatives})`,
  );
  for (const [kind, count] of misses) console.log(`  wrong on ${kind}: ${count}`);
}

/** The machine's 1-minute load average: throughput means little when other work competes. */
function machineLoad(): string {
  return `load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`;
}

console.log(`Before: ${machineLoad()}`);
throughput();
accuracy();
console.log(`After: ${machineLoad()}`);
