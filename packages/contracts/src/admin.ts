import { z } from 'zod';
import { attachmentPolicySchema } from './attachments.ts';
import { adminLimits, limits } from './limits.ts';
import { channelSchema, idSchema, presenceSchema, roleSchema, userSchema } from './model.ts';
import { typedText } from './typed-text.ts';

/** Admin configuration of routing under /api/v1/admin (R-AV-2, R-AV-4, R-AV-7). */

export const routingStrategySchema = z.enum(['longest-available', 'circular']);
export type RoutingStrategyName = z.infer<typeof routingStrategySchema>;

export const profileModeSchema = z.enum(['blended', 'exclusive']);
export type ProfileMode = z.infer<typeof profileModeSchema>;

/** A whole number in a range, refused with a message that names the range. */
const wholeNumber = (min: number, max: number) => {
  const error = `must be a whole number from ${min} to ${max}`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
};
const text = (max: number) =>
  typedText()
    .trim()
    .min(1, { error: 'is required' })
    .max(max, { error: `must be at most ${max} characters` });

const nameSchema = text(adminLimits.nameMaxLength);
const offerTimeoutSchema = wholeNumber(
  adminLimits.offerTimeoutMinSeconds,
  adminLimits.offerTimeoutMaxSeconds,
);
const capacitySchema = wholeNumber(0, adminLimits.capacityMax);

export const idParamsSchema = z.object({ id: idSchema });

const customerAwayTimeoutSchema = wholeNumber(
  adminLimits.customerAwayTimeoutMinSeconds,
  adminLimits.customerAwayTimeoutMaxSeconds,
).nullable();

const wrapUpTimeoutSchema = wholeNumber(
  adminLimits.wrapUpTimeoutMinSeconds,
  adminLimits.wrapUpTimeoutMaxSeconds,
).nullable();

export const channelSettingSchema = z.object({
  channel: channelSchema,
  offerTimeoutSeconds: offerTimeoutSchema,
  /** A chat whose customer has had no widget open this long ends; null: never. */
  customerAwayTimeoutSeconds: customerAwayTimeoutSchema,
  /** R-WU-2: the default wrap-up reason is recorded this long after it is owed; null: never. */
  wrapUpTimeoutSeconds: wrapUpTimeoutSchema,
  /** Whether agents may stop that countdown (`wrapup:hold`). */
  wrapUpCancelAllowed: z.boolean(),
  /** R-CH-5: whether files may be sent, which types, how many and how large together. */
  attachments: attachmentPolicySchema,
});
export type ChannelSetting = z.infer<typeof channelSettingSchema>;

export const channelSettingBodySchema = z.object({
  offerTimeoutSeconds: offerTimeoutSchema,
  /** Left out: unchanged. */
  customerAwayTimeoutSeconds: customerAwayTimeoutSchema.optional(),
  /** Left out: unchanged. */
  wrapUpTimeoutSeconds: wrapUpTimeoutSchema.optional(),
  wrapUpCancelAllowed: z.boolean().optional(),
  /** Left out: unchanged. The total limit stays under the channel's (chat 35 MB, email 25 MB). */
  attachments: attachmentPolicySchema.optional(),
});
export type ChannelSettingBody = z.infer<typeof channelSettingBodySchema>;

export const queueBodySchema = z.object({
  name: nameSchema,
  channel: channelSchema,
  priority: wholeNumber(0, adminLimits.queuePriorityMax),
  routingStrategy: routingStrategySchema,
  /** Null: the channel's offer timeout applies. */
  offerTimeoutSeconds: offerTimeoutSchema.nullable(),
});
export type QueueBody = z.infer<typeof queueBodySchema>;

export const adminQueueSchema = queueBodySchema.extend({
  id: idSchema,
  /** The timeout an offer from this queue gets: its own, else its channel's. */
  effectiveOfferTimeoutSeconds: z.number().int(),
  teamIds: z.array(idSchema),
});
export type AdminQueue = z.infer<typeof adminQueueSchema>;

export const profileBodySchema = z.object({
  name: nameSchema,
  mode: profileModeSchema,
  chatCapacity: capacitySchema,
  emailCapacity: capacitySchema,
  /** Making one profile the default takes it from the previous one. */
  isDefault: z.boolean(),
});
export type ProfileBody = z.infer<typeof profileBodySchema>;

export const adminProfileSchema = profileBodySchema.extend({
  id: idSchema,
  teamCount: z.number().int(),
  userCount: z.number().int(),
});
export type AdminProfile = z.infer<typeof adminProfileSchema>;

export const teamBodySchema = z.object({
  name: nameSchema,
  /** Null: members use the default profile unless they have their own. */
  profileId: idSchema.nullable(),
  queueIds: z.array(idSchema).max(500),
  memberIds: z.array(idSchema).max(5000),
});
export type TeamBody = z.infer<typeof teamBodySchema>;

export const adminTeamSchema = teamBodySchema.extend({ id: idSchema });
export type AdminTeam = z.infer<typeof adminTeamSchema>;

export const adminUserSchema = userSchema.extend({
  presence: presenceSchema,
  /** The agent's own profile, overriding their teams'. */
  profileId: idSchema.nullable(),
  teamIds: z.array(idSchema),
  /** False once deactivated: cannot sign in, holds no contacts, is never offered any. */
  active: z.boolean(),
});
export type AdminUser = z.infer<typeof adminUserSchema>;

/** Creating or editing a user: who they are, what they may do, what they are routed. */
export const userBodySchema = z.object({
  email: z.email({ error: 'must be an email address' }).trim().max(limits.emailMaxLength),
  displayName: nameSchema,
  role: roleSchema,
  profileId: idSchema.nullable(),
  teamIds: z.array(idSchema).max(500),
});
export type UserBody = z.infer<typeof userBodySchema>;

/**
 * A password the admin hands over; shown once in this response and never again. The user
 * signs in with it and changes it under "Change password".
 */
export const temporaryPasswordSchema = z.object({ temporaryPassword: z.string() });

export const createdUserSchema = temporaryPasswordSchema.extend({ user: adminUserSchema });
export type CreatedUser = z.infer<typeof createdUserSchema>;

export const userRoutingBodySchema = z.object({
  profileId: idSchema.nullable(),
  teamIds: z.array(idSchema).max(500),
});
export type UserRoutingBody = z.infer<typeof userRoutingBodySchema>;

export const reasonKindSchema = z.enum(['wrap-up', 'idle']);
export type ReasonKind = z.infer<typeof reasonKindSchema>;

export const reasonBodySchema = z.object({
  label: text(adminLimits.reasonLabelMaxLength),
  /** Exactly one reason of each kind is the default; setting it here moves it. */
  isDefault: z.boolean(),
  sortOrder: wholeNumber(0, adminLimits.reasonOrderMax),
});
export type ReasonBody = z.infer<typeof reasonBodySchema>;

export const adminReasonSchema = reasonBodySchema.extend({ id: idSchema });
export type AdminReason = z.infer<typeof adminReasonSchema>;

/** What anyone on the internet may do (the widget's side), per minute; the server enforces it. */
export const customerLimitsSchema = z.object({
  /** New chats from one address, counted across every node. */
  chatStartsPerIpPerMinute: wholeNumber(1, adminLimits.customerRateMax),
  /** Commands over one chat's connection (messages, catch-up, leaving). */
  messagesPerChatPerMinute: wholeNumber(1, adminLimits.customerRateMax),
  /** Every customer request and command from one address. */
  requestsPerIpPerMinute: wholeNumber(1, adminLimits.customerRateMax),
});
export type CustomerLimits = z.infer<typeof customerLimitsSchema>;
