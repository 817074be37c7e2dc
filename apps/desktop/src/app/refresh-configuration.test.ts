import type { AttachmentPolicy } from '@sangdam/contracts';
import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { attachmentPolicyQueryKey } from '../features/attachments/attachment-picker.tsx';
import { refreshConfiguration } from './refresh-configuration.ts';

describe('refreshConfiguration (on config:changed)', () => {
  it("makes the attachment policy stale at once, not after a minute's cache", () => {
    const queryClient = new QueryClient();
    const policy: AttachmentPolicy = {
      enabled: true,
      extensions: ['pdf'],
      maxFiles: 5,
      totalLimitBytes: 1000,
    };
    queryClient.setQueryData(attachmentPolicyQueryKey, policy);
    expect(queryClient.getQueryState(attachmentPolicyQueryKey)?.isInvalidated).toBe(false);
    refreshConfiguration(queryClient);
    expect(queryClient.getQueryState(attachmentPolicyQueryKey)?.isInvalidated).toBe(true);
  });
});
