import {
  Alert,
  Box,
  Button,
  Center,
  Group,
  Loader,
  ScrollArea,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import {
  IconAlertCircle,
  IconArrowBackUp,
  IconArrowBackUpDouble,
  IconDots,
  IconMailExclamation,
} from '@tabler/icons-react';
import { isMaskedAddress, type Interaction } from '@sangdam/contracts';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../lib/app-error.ts';
import { useEmailThread } from '../hooks/use-email-thread.ts';
import { useNewerMailAlert } from '../hooks/use-newer-mail-alert.ts';
import { useRetryReply } from '../hooks/use-retry-reply.ts';
import { newestInboundId, threadView, type ThreadMail } from '../model/email-thread.ts';
import { EmailMessageCard } from './email-message-card.tsx';
import { QuickReplyBox } from './quick-reply-box.tsx';

// The standard reply and its rich text editor (TipTap) load when the agent first opens one.
const StandardReply = lazy(() => import('./standard-reply.tsx'));

function scrollToMail(id: string) {
  requestAnimationFrame(() =>
    document
      .querySelector(`[data-email-id="${CSS.escape(id)}"]`)
      ?.scrollIntoView({ block: 'start', behavior: 'smooth' }),
  );
}

/**
 * R-EM-1, R-EM-7: the email area of an accepted email contact — the newest mail open, the
 * earlier thread behind an ellipsis control, a banner (and the chime / notification the agent
 * allowed) when a newer mail arrives, Retry on a failed reply, and the quick reply below (R-EM-2).
 */
export function EmailArea({ interaction }: { interaction: Interaction }) {
  const { t } = useTranslation();
  const { thread, loading, error } = useEmailThread(interaction.id);
  const newest = newestInboundId(thread);
  // The customer mail the agent has read; a later one gets the banner until they look at it.
  const [acknowledged, setAcknowledged] = useState<string | null>(null);
  if (acknowledged === null && newest !== null) setAcknowledged(newest);
  const view = threadView(thread, acknowledged);
  useNewerMailAlert(view.newer, interaction.customer.name);
  const retry = useRetryReply(interaction.id);
  // A failed reply goes again only from the agent holding the contact: in it now, or — once it
  // ended — until their wrap-up (the server checks the same). Not a reply that bounced.
  const canRetry =
    interaction.status === 'ended'
      ? interaction.wrapUpPending
      : interaction.role === 'primary' && !interaction.wrapUpPending;
  const [showEarlier, setShowEarlier] = useState(false);
  const [toggled, setToggled] = useState<Readonly<Record<string, boolean>>>({});
  const [imagesShown, setImagesShown] = useState<ReadonlySet<string>>(new Set());
  const [replyMode, setReplyMode] = useState<'reply' | 'replyAll' | null>(null);
  const toggle = (mail: ThreadMail, open: boolean) =>
    setToggled((current) => ({ ...current, [mail.id]: !open }));
  const recipient =
    thread.find((mail) => mail.id === newest)?.from?.address ?? interaction.customer.email;
  // R-PCI-4: an address that held a card number was stored masked; no reply can reach it.
  const recipientMasked = recipient !== null && isMaskedAddress(recipient);
  const canReply =
    interaction.status === 'active' &&
    interaction.role === 'primary' &&
    !interaction.wrapUpPending &&
    !recipientMasked;
  const subject = thread.find((mail) => mail.direction === 'in')?.subject ?? thread[0]?.subject;

  const card = (mail: ThreadMail, openByDefault: boolean) => {
    const open = toggled[mail.id] ?? openByDefault;
    return (
      <EmailMessageCard
        key={mail.id}
        interactionId={interaction.id}
        mail={mail}
        expanded={open}
        onToggle={() => toggle(mail, open)}
        newer={view.newer.has(mail.id)}
        showImages={imagesShown.has(mail.id)}
        onShowImages={() => setImagesShown((shown) => new Set(shown).add(mail.id))}
        retry={
          canRetry && mail.direction === 'out' && mail.failureReason !== 'bounced'
            ? {
                onRetry: () => retry.mutate(mail.id),
                pending: retry.isPending && retry.variables === mail.id,
                error:
                  retry.isError && retry.variables === mail.id ? errorText(t, retry.error) : null,
              }
            : undefined
        }
      />
    );
  };

  return (
    <Stack gap={0} flex={1} mih={0} data-testid="email-area">
      {view.newer.size > 0 && newest && (
        <Alert
          color="orange"
          variant="light"
          radius={0}
          py="xs"
          icon={<IconMailExclamation size={18} />}
          data-testid="email-newer-banner"
        >
          <Group justify="space-between" wrap="nowrap" gap="sm">
            <Text size="sm">{t('email.newerArrived')}</Text>
            <Button
              size="compact-sm"
              variant="white"
              color="orange"
              style={{ flexShrink: 0 }}
              onClick={() => {
                setAcknowledged(newest);
                scrollToMail(newest);
              }}
              data-testid="email-show-newest"
            >
              {t('email.showNewest')}
            </Button>
          </Group>
        </Alert>
      )}
      <ScrollArea flex={1} mih={0} type="auto" data-testid="email-thread">
        <Stack gap="sm" px="lg" py="md">
          {subject !== undefined && (
            <Title
              order={4}
              fw={600}
              style={{ overflowWrap: 'anywhere' }}
              data-testid="email-thread-subject"
            >
              {subject || t('email.noSubject')}
            </Title>
          )}
          {loading && (
            <Center py="xl">
              <Group gap="xs">
                <Loader size="sm" />
                <Text size="sm" c="dimmed">
                  {t('email.loading')}
                </Text>
              </Group>
            </Center>
          )}
          {error !== null && thread.length === 0 && (
            <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />}>
              {t('email.loadFailed')} {errorText(t, error)}
            </Alert>
          )}
          {view.earlier.length > 0 && (
            <Button
              variant="default"
              size="compact-sm"
              leftSection={<IconDots size={16} />}
              onClick={() => setShowEarlier((shown) => !shown)}
              aria-expanded={showEarlier}
              style={{ alignSelf: 'flex-start' }}
              data-testid="email-earlier-toggle"
            >
              {showEarlier
                ? t('email.hideEarlier')
                : t('email.showEarlier', { count: view.earlier.length })}
            </Button>
          )}
          {showEarlier && view.earlier.map((mail) => card(mail, false))}
          {view.current.map((mail) => card(mail, true))}
        </Stack>
      </ScrollArea>
      <Box px="lg" pb="md" pt="xs">
        {recipientMasked && (
          <Alert
            color="orange"
            variant="light"
            mb={6}
            icon={<IconAlertCircle size={18} />}
            data-testid="email-recipient-masked"
          >
            {t('errors.EMAIL_RECIPIENT_MASKED')}
          </Alert>
        )}
        <Group gap="xs" mb={6} data-testid="reply-modes">
          {(['reply', 'replyAll'] as const).map((mode) => (
            <Button
              key={mode}
              size="compact-sm"
              variant={replyMode === mode ? 'light' : 'default'}
              leftSection={
                mode === 'reply' ? (
                  <IconArrowBackUp size={16} />
                ) : (
                  <IconArrowBackUpDouble size={16} />
                )
              }
              aria-pressed={replyMode === mode}
              disabled={!canReply}
              onClick={() => setReplyMode(mode)}
              data-testid={mode === 'reply' ? 'email-reply' : 'email-reply-all'}
            >
              {mode === 'reply' ? t('compose.reply') : t('compose.replyAll')}
            </Button>
          ))}
        </Group>
        {replyMode === null ? (
          <QuickReplyBox
            interactionId={interaction.id}
            recipient={recipient}
            disabled={!canReply}
            disabledReason={recipientMasked ? t('email.recipientMasked') : undefined}
          />
        ) : (
          <Suspense
            fallback={
              <Center py="md">
                <Loader size="sm" />
              </Center>
            }
          >
            <StandardReply
              key={replyMode}
              interactionId={interaction.id}
              mode={replyMode}
              disabled={!canReply}
              onClose={() => setReplyMode(null)}
            />
          </Suspense>
        )}
      </Box>
    </Stack>
  );
}
