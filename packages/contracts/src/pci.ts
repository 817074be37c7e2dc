import { z } from 'zod';
import { channelSchema } from './model.ts';

/** R-PCI-2: what happens to a text carrying card or personal data, per channel. */
export const pciPolicySchema = z.object({
  channel: channelSchema,
  action: z.enum(['redact', 'drop']),
  /** R-PCI-3: deliver attachments whose text cannot be read (flagged), or drop them. */
  allowUnscannableAttachments: z.boolean(),
});
export type PciPolicyDto = z.infer<typeof pciPolicySchema>;

export const pciPolicyUpdateSchema = pciPolicySchema.omit({ channel: true });
