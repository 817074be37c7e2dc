import {
  Alert,
  Box,
  Button,
  Center,
  Group,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconAlertCircle, IconHeadset } from '@tabler/icons-react';
import { limits } from '@sangdam/contracts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../lib/app-error.ts';
import { LanguageSwitch } from '../../settings/components/language-switch.tsx';
import { useSignIn } from '../hooks/use-session.ts';

export function LoginScreen() {
  const { t } = useTranslation();
  const signIn = useSignIn();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    signIn.mutate({ email: email.trim(), password });
  };

  return (
    <Box mih="100dvh" bg="gray.0">
      <Group justify="flex-end" p="md">
        <LanguageSwitch />
      </Group>
      <Center mih="calc(100dvh - 140px)">
        <Paper withBorder shadow="sm" radius="md" p="xl" w={380}>
          <form onSubmit={submit} noValidate>
            <Stack gap="md">
              <Group gap="xs">
                <IconHeadset size={28} stroke={1.6} color="var(--mantine-color-indigo-6)" />
                <div>
                  <Title order={3}>{t('app.name')}</Title>
                  <Text size="sm" c="dimmed">
                    {t('auth.subtitle')}
                  </Text>
                </div>
              </Group>
              <TextInput
                label={t('auth.email')}
                type="email"
                autoComplete="username"
                required
                maxLength={limits.emailMaxLength}
                value={email}
                onChange={(event) => setEmail(event.currentTarget.value)}
                data-testid="login-email"
                data-autofocus
                autoFocus
              />
              <PasswordInput
                label={t('auth.password')}
                autoComplete="current-password"
                required
                maxLength={limits.passwordMaxLength}
                value={password}
                onChange={(event) => setPassword(event.currentTarget.value)}
                data-testid="login-password"
              />
              {signIn.isError && (
                <Alert
                  color="red"
                  variant="light"
                  icon={<IconAlertCircle size={18} />}
                  data-testid="login-error"
                  role="alert"
                >
                  {errorText(t, signIn.error)}
                </Alert>
              )}
              <Button
                type="submit"
                fullWidth
                loading={signIn.isPending}
                disabled={!email.trim() || !password}
                data-testid="login-submit"
              >
                {t('auth.submit')}
              </Button>
            </Stack>
          </form>
        </Paper>
      </Center>
    </Box>
  );
}
