import {
  Alert,
  Badge,
  Box,
  Group,
  Loader,
  Popover,
  ScrollArea,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { countCharacters, limits, type PredefinedResponse } from '@sangdam/contracts';
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../lib/app-error.ts';
import { usePredefinedResponses } from '../hooks/use-predefined-responses.ts';
import { filterResponses, pickerKeyAction, type Insertion } from '../model/response-picker.ts';

interface ResponsePickerProps {
  opened: boolean;
  /** Closed by a click elsewhere, without inserting. */
  onDismiss: () => void;
  /** Closed with Esc in the search field, without inserting. */
  onEscape: () => void;
  /** Tries to insert; a refusal is shown in the picker, which stays open. */
  onPick: (response: PredefinedResponse) => Insertion;
  /** What the picker opens above: the compose box. */
  children: ReactElement;
}

/** R-CH-4: predefined chat responses to insert, with a search filter and keyboard navigation. */
export function ResponsePicker({
  opened,
  onDismiss,
  onEscape,
  onPick,
  children,
}: ResponsePickerProps) {
  return (
    <Popover
      opened={opened}
      onDismiss={onDismiss}
      position="top"
      width="target"
      shadow="md"
      radius="md"
      withRoles={false}
      closeOnEscape={false}
      trapFocus={false}
      returnFocus={false}
    >
      <Popover.Target>{children}</Popover.Target>
      <Popover.Dropdown p={0} data-testid="response-picker">
        {/* Mounted only while open: every opening starts with an empty search. */}
        <PickerPanel onEscape={onEscape} onPick={onPick} />
      </Popover.Dropdown>
    </Popover>
  );
}

function PickerPanel({ onEscape, onPick }: Pick<ResponsePickerProps, 'onEscape' | 'onPick'>) {
  const { t } = useTranslation();
  const responses = usePredefinedResponses();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [refusal, setRefusal] = useState<{ title: string; needed: number; left: number } | null>(
    null,
  );
  const listId = useId();
  const activeRef = useRef<HTMLDivElement>(null);
  const shown = filterResponses(responses.data ?? [], query);

  useEffect(() => {
    activeRef.current?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const pick = (index: number) => {
    const response = shown[index];
    if (!response) return;
    const result = onPick(response);
    setRefusal(
      result.ok ? null : { title: response.title, needed: result.needed, left: result.left },
    );
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.nativeEvent.isComposing) return;
    const action = pickerKeyAction(event.key, active, shown.length);
    if (!action) return;
    event.preventDefault();
    if (action.type === 'close') onEscape();
    else if (action.type === 'move') setActive(action.index);
    else pick(action.index);
  };

  const optionId = (index: number) => `${listId}-${index}`;
  return (
    <Stack gap={0}>
      <Box p="xs">
        <TextInput
          autoFocus
          size="sm"
          value={query}
          onChange={(event) => {
            setQuery(event.currentTarget.value);
            setActive(0);
            setRefusal(null);
          }}
          onKeyDown={onKeyDown}
          leftSection={<IconSearch size={16} />}
          placeholder={t('responses.search')}
          aria-label={t('responses.search')}
          role="combobox"
          aria-expanded
          aria-controls={listId}
          aria-activedescendant={shown.length > 0 ? optionId(active) : undefined}
          data-testid="response-search"
        />
      </Box>
      <ScrollArea.Autosize mah={260} type="auto">
        <Box id={listId} role="listbox" aria-label={t('responses.list')} px={6} pb={6}>
          {shown.map((response, index) => (
            <Box
              key={response.id}
              id={optionId(index)}
              ref={index === active ? activeRef : undefined}
              role="option"
              aria-selected={index === active}
              data-testid="response-option"
              px="sm"
              py={6}
              style={{
                borderRadius: 'var(--mantine-radius-sm)',
                cursor: 'pointer',
                background: index === active ? 'var(--mantine-color-blue-light)' : undefined,
              }}
              // Moving the mouse highlights; a list moving under a still mouse does not.
              onMouseMove={() => index !== active && setActive(index)}
              // Keeps the focus in the search field, so the keys go on working after a click.
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => pick(index)}
            >
              <Group gap={8} wrap="nowrap" justify="space-between">
                <Group gap={8} wrap="nowrap" miw={0}>
                  <Text size="sm" fw={600} truncate>
                    {response.title}
                  </Text>
                  {response.category !== null && (
                    <Badge
                      size="xs"
                      variant="light"
                      color="gray"
                      tt="none"
                      style={{ flexShrink: 0 }}
                    >
                      {response.category}
                    </Badge>
                  )}
                </Group>
                <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
                  {t('responses.characters', { count: countCharacters(response.text) })}
                </Text>
              </Group>
              <Text size="xs" c="dimmed" lineClamp={2} style={{ whiteSpace: 'pre-line' }}>
                {response.text}
              </Text>
            </Box>
          ))}
          <PickerState
            loading={responses.isPending}
            error={responses.error}
            empty={(responses.data ?? []).length === 0}
            noMatch={shown.length === 0}
          />
        </Box>
      </ScrollArea.Autosize>
      {refusal && (
        <Alert
          color="red"
          variant="light"
          mx="xs"
          mb="xs"
          py={6}
          role="alert"
          data-testid="response-refused"
        >
          <Text size="xs">
            {t('responses.refused', { ...refusal, max: limits.chatMessageMaxLength })}
          </Text>
        </Alert>
      )}
      <Text
        size="xs"
        c="dimmed"
        px="sm"
        py={6}
        style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
      >
        {t('responses.keys')}
      </Text>
    </Stack>
  );
}

/** Loading, a failed load, no responses at all, or none matching the search. */
function PickerState(props: {
  loading: boolean;
  error: Error | null;
  empty: boolean;
  noMatch: boolean;
}) {
  const { t } = useTranslation();
  if (props.loading) return <Loader size="sm" m="sm" />;
  let message: string | null = null;
  if (props.error) message = errorText(t, props.error);
  else if (props.empty) message = t('responses.empty');
  else if (props.noMatch) message = t('responses.noMatch');
  if (message === null) return null;
  return (
    <Text size="sm" c={props.error ? 'red.7' : 'dimmed'} p="sm" data-testid="response-picker-note">
      {message}
    </Text>
  );
}
