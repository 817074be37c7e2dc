import type { Locator } from 'playwright-core';
import { expect } from 'vitest';

const timeout = 15_000;

/** Retrying checks of what a person sees (playwright-core has no `expect` of its own). */
export function see(locator: Locator) {
  return {
    toContainText: (text: string) =>
      expect.poll(() => locator.innerText(), { timeout }).toContain(text),
    toHaveAttribute: (name: string, value: string) =>
      expect.poll(() => locator.getAttribute(name), { timeout }).toBe(value),
    toHaveCount: (count: number) => expect.poll(() => locator.count(), { timeout }).toBe(count),
    toBeVisible: () => locator.waitFor({ state: 'visible', timeout }),
    toBeHidden: () => locator.waitFor({ state: 'hidden', timeout }),
    toBeDisabled: () => expect.poll(() => locator.isDisabled(), { timeout }).toBe(true),
  };
}
